"""Help forms: the national base list from the migration, and a region file's own help
forms stored by `region_load`, idempotently, kept in step with the file, and exported."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from jeugdmodel.accounts.roles import Role
from jeugdmodel.care.models import Trajectory
from jeugdmodel.cases.models import Case
from jeugdmodel.families.models import Family, FamilyMember, Person
from jeugdmodel.region.models import HelpForm, Region, Team
from jeugdmodel.region.regionfile import (
    RegionFileInvalid,
    region_file_from_data,
    region_file_yaml,
)
from jeugdmodel.region.selectors import help_forms_for_region, region_export_data
from jeugdmodel.region.services import LoadReport, RegionLoadRefused, region_load
from tests.factories import UserFactory
from tests.region.conftest import canonical, db_snapshot, delete_all_regions, small_region

pytestmark = pytest.mark.django_db

BASE_LIST = {
    # code: (level, with_stay)
    "wijkteamondersteuning": ("basis", False),
    "poh-jeugd-begeleiding": ("basis", False),
    "gezinsspecialist-onderwijs": ("basis", False),
    "consultatie-flexibel-netwerk": ("basis", False),
    "ambulante-jeugdhulp": ("specialistisch", False),
    "ouder-kindbegeleiding": ("specialistisch", False),
    "jeugd-ggz-behandeling": ("specialistisch", False),
    "dagbehandeling": ("specialistisch", False),
    "pleegzorg": ("specialistisch", True),
    "gezinshuis": ("specialistisch", True),
    "residentieel-verblijf": ("specialistisch", True),
    "crisisopvang": ("specialistisch", True),
    "logeeropvang": ("specialistisch", True),
}
MEDIATION: dict[str, Any] = {
    "code": "scheidingsbemiddeling",
    "name": "Scheidingsbemiddeling",
    "level": "basis",
    "source": "regionaal aanbod",
}
WEEKEND: dict[str, Any] = {
    "code": "weekendpleegzorg",
    "name": "Weekendpleegzorg",
    "level": "specialistisch",
    "with_stay": True,
    "synthetic": True,
}


def with_help_forms(*entries: dict[str, Any]) -> dict[str, Any]:
    data = small_region()
    data["help_forms"] = [dict(e) for e in entries]
    return data


def load(data: dict[str, Any]) -> LoadReport:
    return region_load(data=region_file_from_data(data))


def counts(report: LoadReport) -> tuple[int, int, int, int]:
    c = report.counts["help_forms"]
    return (c.created, c.updated, c.unchanged, c.removed)


def stored() -> dict[str, tuple[str, str, bool, bool]]:
    return {
        h.code: (h.name, h.level, h.with_stay, h.active)
        for h in HelpForm.objects.filter(region__code="proef")
    }


def test_the_base_list_is_present_with_level_and_stay() -> None:
    national = {
        h.code: (h.level, h.with_stay)
        for h in HelpForm.objects.filter(region__isnull=True, active=True)
    }
    assert national == BASE_LIST


def test_a_region_files_help_forms_are_stored_and_a_reload_changes_nothing() -> None:
    first = load(with_help_forms(MEDIATION, WEEKEND))
    assert counts(first) == (2, 0, 0, 0)
    assert stored() == {
        "scheidingsbemiddeling": ("Scheidingsbemiddeling", "basis", False, True),
        "weekendpleegzorg": ("Weekendpleegzorg", "specialistisch", True, True),
    }
    assert not first.notices  # help forms are stored, so no "not stored" notice
    snapshot = db_snapshot()

    again = load(with_help_forms(MEDIATION, WEEKEND))

    assert counts(again) == (0, 0, 2, 0)
    assert not again.changed
    assert db_snapshot() == snapshot


def test_a_changed_help_form_is_updated_in_place_and_a_dropped_one_removed() -> None:
    load(with_help_forms(MEDIATION, WEEKEND))
    ids = dict(HelpForm.objects.filter(region__code="proef").values_list("code", "public_id"))

    report = load(with_help_forms({**MEDIATION, "name": "Bemiddeling bij scheiding"}))

    assert counts(report) == (0, 1, 0, 1)
    assert stored() == {
        "scheidingsbemiddeling": ("Bemiddeling bij scheiding", "basis", False, True)
    }
    assert (
        HelpForm.objects.get(code="scheidingsbemiddeling").public_id == ids["scheidingsbemiddeling"]
    )


def _trajectory_with(help_form: HelpForm) -> Trajectory:
    region = Region.objects.get(code="proef")
    team = Team.objects.get(region=region, code="wijkteam-aadorp")
    family = Family.objects.create(name="Gezin Test")
    child = Person.objects.create(
        given_name="Kim", family_name="Test", date_of_birth=date(2014, 1, 1)
    )
    FamilyMember.objects.create(family=family, person=child, relation="child")
    user = UserFactory(role=Role.WIJKTEAM_PROFESSIONAL.value)
    case = Case.objects.create(family=family, team=team, coordinator=user, opened_on=date.today())
    return Trajectory.objects.create(
        case=case,
        child=child,
        help_form=help_form,
        level=help_form.level,
        start_date=date(2024, 1, 1),
        specialist_reason="x" if help_form.level == "specialistisch" else "",
        created_by=user,
    )


def test_a_dropped_help_form_in_use_stays_for_history_but_is_no_longer_offered() -> None:
    load(with_help_forms(MEDIATION, WEEKEND))
    weekend = HelpForm.objects.get(code="weekendpleegzorg")
    trajectory = _trajectory_with(weekend)

    report = load(with_help_forms(MEDIATION))

    assert counts(report) == (0, 1, 1, 0)
    assert report.notices == [
        "Hulpvorm weekendpleegzorg staat niet meer in het bestand maar is gebruikt in "
        "trajecten: hij blijft bewaard en is niet meer te kiezen."
    ]
    weekend.refresh_from_db()
    assert weekend.active is False
    trajectory.refresh_from_db()
    assert trajectory.help_form == weekend
    region = Region.objects.get(code="proef")
    assert weekend not in help_forms_for_region(region_id=region.pk)
    assert counts(load(with_help_forms(MEDIATION))) == (0, 0, 1, 0)  # retired once, quietly

    back = load(with_help_forms(MEDIATION, WEEKEND))  # named again: offered again

    assert counts(back) == (0, 1, 1, 0)
    weekend.refresh_from_db()
    assert weekend.active is True


def test_a_code_of_the_base_list_is_refused_and_nothing_changes() -> None:
    load(with_help_forms(MEDIATION))
    snapshot = db_snapshot()
    clash = {"code": "pleegzorg", "name": "Onze pleegzorg", "level": "specialistisch"}

    with pytest.raises(RegionLoadRefused) as caught:
        load(with_help_forms(MEDIATION, clash))

    assert [(e.path, e.message) for e in caught.value.errors] == [
        (
            "help_forms[1].code",
            "de hulpvorm pleegzorg staat al in de landelijke basislijst; kies een andere code",
        )
    ]
    assert db_snapshot() == snapshot


def test_a_region_offers_the_base_list_and_its_own_help_forms_only() -> None:
    load(with_help_forms(MEDIATION))
    other = small_region()
    other["region"] = {"code": "ander", "name": "Andere regio"}
    other["municipalities"] = [{"code": "GM9811", "name": "Cedorp"}]
    other["districts"] = []
    other["postcodes"] = [
        {"pc4": "9851", "municipality": "GM9811", "valid_from": "2023-01-01", "residential": True}
    ]
    other["organisations"] = []
    other["teams"] = [
        {
            "code": "wijkteam-cedorp",
            "name": "Wijkteam Cedorp",
            "kind": "wijkteam",
            "municipality": "GM9811",
            "covers": {"postcodes": ["9851"]},
        }
    ]
    other["help_forms"] = [dict(WEEKEND)]
    load(other)
    proef = Region.objects.get(code="proef")

    offered = {h.code for h in help_forms_for_region(region_id=proef.pk)}
    basis = {h.code for h in help_forms_for_region(region_id=proef.pk, level="basis")}

    assert offered == set(BASE_LIST) | {"scheidingsbemiddeling"}
    assert basis == {code for code, (level, _) in BASE_LIST.items() if level == "basis"} | {
        "scheidingsbemiddeling"
    }


def test_the_export_writes_the_regions_help_forms_back() -> None:
    data = with_help_forms(MEDIATION, WEEKEND)
    load(data)

    exported = region_export_data()

    assert exported["help_forms"] == [
        {
            "code": "scheidingsbemiddeling",
            "name": "Scheidingsbemiddeling",
            "level": "basis",
            "source": "regionaal aanbod",
        },
        {
            "code": "weekendpleegzorg",
            "name": "Weekendpleegzorg",
            "level": "specialistisch",
            "with_stay": True,
            "synthetic": True,
        },
    ]
    assert canonical(exported) == canonical(data)
    delete_all_regions()
    assert HelpForm.objects.filter(region__isnull=True).count() == len(BASE_LIST)
    region_load(data=region_file_from_data(exported))
    assert region_export_data() == exported
    assert region_file_yaml(exported).count("weekendpleegzorg") == 1


def test_with_stay_must_be_true_or_false() -> None:
    data = with_help_forms({**MEDIATION, "with_stay": "ja"})
    with pytest.raises(RegionFileInvalid) as caught:
        region_file_from_data(data)
    assert [e.path for e in caught.value.errors] == ["help_forms[0].with_stay"]
