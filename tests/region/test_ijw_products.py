"""The region file's ijw_products: the iJw product and variant per help form, checked,
stored idempotently by region_load, kept in step with the file and exported."""

from __future__ import annotations

from typing import Any

import pytest

from jeugdmodel.region.models import HelpForm, IjwProduct, Region
from jeugdmodel.region.regionfile import RegionFileInvalid, region_file_from_data
from jeugdmodel.region.selectors import ijw_product_for, region_export_data
from jeugdmodel.region.services import RegionLoadRefused, region_load
from tests.region.conftest import db_snapshot, small_region

pytestmark = pytest.mark.django_db

AMBULANT = {"help_form": "ambulante-jeugdhulp", "category": "45", "variant": "taakgericht"}
GGZ = {
    "help_form": "jeugd-ggz-behandeling",
    "category": "54",
    "code": "54001",
    "variant": "outputgericht",
}


def with_products(*entries: dict[str, Any]) -> dict[str, Any]:
    data = small_region()
    data["ijw_products"] = [dict(e) for e in entries]
    return data


def load(data: dict[str, Any]) -> Any:
    return region_load(data=region_file_from_data(data))


def stored() -> dict[str, tuple[str, str, str]]:
    return {
        p.help_form.code: (p.category, p.code, p.variant)
        for p in IjwProduct.objects.filter(region__code="proef").select_related("help_form")
    }


def test_products_are_stored_and_a_reload_changes_nothing() -> None:
    report = load(with_products(AMBULANT, GGZ))
    assert stored() == {
        "ambulante-jeugdhulp": ("45", "", "taakgericht"),
        "jeugd-ggz-behandeling": ("54", "54001", "outputgericht"),
    }
    c = report.counts["ijw_products"]
    assert (c.created, c.updated, c.unchanged, c.removed) == (2, 0, 0, 0)
    again = load(with_products(AMBULANT, GGZ))
    c = again.counts["ijw_products"]
    assert (c.created, c.updated, c.unchanged, c.removed) == (0, 0, 2, 0)
    assert not again.changed


def test_a_changed_variant_is_updated_and_a_dropped_product_removed() -> None:
    load(with_products(AMBULANT, GGZ))
    report = load(with_products({**AMBULANT, "variant": "inspanningsgericht", "code": "45A48"}))
    assert stored() == {"ambulante-jeugdhulp": ("45", "45A48", "inspanningsgericht")}
    c = report.counts["ijw_products"]
    assert (c.updated, c.removed) == (1, 1)


def test_the_variant_of_a_help_form_is_looked_up_per_region() -> None:
    load(with_products(AMBULANT))
    region = Region.objects.get(code="proef")
    ambulant = HelpForm.objects.get(code="ambulante-jeugdhulp", region=None)
    other = HelpForm.objects.get(code="pleegzorg", region=None)
    product = ijw_product_for(region_id=region.pk, help_form_id=ambulant.pk)
    assert product is not None
    assert product.variant == "taakgericht"
    assert ijw_product_for(region_id=region.pk, help_form_id=other.pk) is None
    assert ijw_product_for(region_id=None, help_form_id=ambulant.pk) is None


@pytest.mark.parametrize(
    ("entry", "path"),
    [
        ({**AMBULANT, "variant": "per-stuk"}, "ijw_products[0].variant"),
        ({**AMBULANT, "category": "99"}, "ijw_products[0].category"),
        ({**AMBULANT, "code": "toolong1"}, "ijw_products[0].code"),
        ({"help_form": "ambulante-jeugdhulp", "category": "45"}, "ijw_products[0]"),
    ],
)
def test_a_wrong_entry_is_named_with_its_path(entry: dict[str, Any], path: str) -> None:
    with pytest.raises(RegionFileInvalid) as info:
        region_file_from_data(with_products(entry))
    assert any(e.path == path for e in info.value.errors), info.value.errors


def test_a_help_form_twice_is_an_error() -> None:
    with pytest.raises(RegionFileInvalid) as info:
        region_file_from_data(with_products(AMBULANT, {**AMBULANT, "category": "43"}))
    assert [e.path for e in info.value.errors] == ["ijw_products[1].help_form"]


def test_an_unknown_help_form_refuses_the_load_and_nothing_changes() -> None:
    load(small_region())
    snapshot = db_snapshot()
    with pytest.raises(RegionLoadRefused) as info:
        load(with_products({**AMBULANT, "help_form": "bestaat-niet"}))
    assert [e.path for e in info.value.errors] == ["ijw_products[0].help_form"]
    assert db_snapshot() == snapshot
    assert not IjwProduct.objects.exists()


def test_the_export_writes_the_products_back() -> None:
    load(with_products(GGZ, AMBULANT))
    data = region_export_data(region_code="proef")
    assert data["ijw_products"] == [
        {"help_form": "ambulante-jeugdhulp", "category": "45", "variant": "taakgericht"},
        {
            "help_form": "jeugd-ggz-behandeling",
            "category": "54",
            "variant": "outputgericht",
            "code": "54001",
        },
    ]
    load(data)
    assert len(stored()) == 2
