"""The mapping table: the functional admin maps old providers and products in the app."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.audit.models import AccessLogEntry
from jeugdmodel.core.errors import NotAllowed
from jeugdmodel.region.models import HelpForm, OrganisationKind
from jeugdmodel.transition.models import ProductMapping, ProviderMapping
from jeugdmodel.transition.services.mapping import provider_mapping_set
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
URL = "/overstap/koppelingen/"


@pytest.fixture
def admin_client(make_user: Callable[..., User], login: Callable[[User], Client]) -> Client:
    return login(make_user(Role.FUNCTIONAL_ADMIN))


def test_the_form_is_filled_in_from_the_to_map_link(admin_client: Client) -> None:
    page = admin_client.get(URL, {"agb": "12345678", "naam": "Oude Zorg BV"}).content.decode()
    assert 'value="12345678"' in page
    assert 'value="Oude Zorg BV"' in page


def test_mapping_a_provider_twice_updates_one_row_and_logs_it(admin_client: Client) -> None:
    first = OrganisationFactory(kind=OrganisationKind.MEMBER)
    second = OrganisationFactory(kind=OrganisationKind.MEMBER)
    for organisation in (first, first, second):
        response = admin_client.post(
            URL,
            {
                "soort": "aanbieder",
                "aanbieder-agb_code": "12345678",
                "aanbieder-old_name": "Oude Zorg BV",
                "aanbieder-organisation": organisation.pk,  # type: ignore[attr-defined]
            },
        )
        assert response.status_code == 302
    mapping = ProviderMapping.objects.get()
    assert mapping.organisation == second
    assert AccessLogEntry.objects.filter(event="transition.provider_mapped").count() == 3


def test_a_wrong_agb_code_is_refused_in_dutch_and_keeps_what_was_typed(
    admin_client: Client,
) -> None:
    response = admin_client.post(
        URL,
        {"soort": "aanbieder", "aanbieder-agb_code": "1234", "aanbieder-old_name": "Oude Zorg"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_aanbieder-agb_code"' in page  # the summary links to the field
    assert "AGB-code" in page
    assert 'value="Oude Zorg"' in page
    assert not ProviderMapping.objects.exists()


@pytest.mark.parametrize("code", ["1234", "123456789", "1234567A"])
def test_one_wrong_agb_code_is_one_message_next_to_the_missing_organisation(
    admin_client: Client, code: str
) -> None:
    page = admin_client.post(URL, {"soort": "aanbieder", "aanbieder-agb_code": code}).content
    summary = page.decode().split('id="foutmeldingen"', 1)[1].split("</ul>", 1)[0]
    links = re.findall(r'href="#(id_[\w-]+)"', summary)
    # One message per mistake: the wrong code once, the missing organisation once.
    assert sorted(links) == ["id_aanbieder-agb_code", "id_aanbieder-organisation"]
    assert "Een AGB-code is 8 cijfers." in summary
    assert not ProviderMapping.objects.exists()


def test_mapping_and_removing_a_product(admin_client: Client) -> None:
    help_form, _created = HelpForm.objects.get_or_create(
        region=None, code="ambulant-test", defaults={"name": "Ambulant (test)", "level": "basis"}
    )
    admin_client.post(
        URL,
        {
            "soort": "product",
            "product-productcode": "45A48",
            "product-old_description": "Ambulante jeugdhulp",
            "product-help_form": help_form.pk,
        },
    )
    assert ProductMapping.objects.get().help_form == help_form
    admin_client.post(f"{URL}verwijderen/", {"soort": "product", "code": "45A48"})
    assert not ProductMapping.objects.exists()
    assert AccessLogEntry.objects.filter(event="transition.product_unmapped").count() == 1


def test_only_the_functional_admin_may_map(make_user: Callable[..., User]) -> None:
    with pytest.raises(NotAllowed):
        provider_mapping_set(
            actor=make_user(Role.TEAM_LEAD),
            agb_code="12345678",
            old_name="",
            organisation=OrganisationFactory(),  # type: ignore[arg-type]
        )
    assert not ProviderMapping.objects.exists()
