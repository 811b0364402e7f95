"""The team lead decides on a proposed match in a real browser, on a phone: the claim is
shown next to the known child with the differences, only the ticked difference is taken
over, and the page passes axe-core on a 390 px wide phone."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from jeugdmodel.families.models import Person
from jeugdmodel.families.services import PersonInput
from jeugdmodel.intake.models import AccessPoint, MatchState
from jeugdmodel.intake.services import RequestInput, request_submit
from tests.browser.conftest import BrowserErrors
from tests.browser.front_door_helpers import POSTCODE, FrontDoor, front_door

pytestmark = pytest.mark.django_db(transaction=True)

AxeCheck = Callable[..., list[dict[str, Any]]]
LogIn = Callable[..., Page]


@pytest.fixture
def door(live_server: LiveServer) -> FrontDoor:
    return front_door()


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}])
def test_the_lead_confirms_a_proposed_match_taking_over_only_the_ticked_name(
    door: FrontDoor,
    page: Page,
    log_in: LogIn,
    axe_check: AxeCheck,
    browser_errors: BrowserErrors,
) -> None:
    first = door.submit(given_name="Sanne", family_name="Mulder", age=8)
    known = first.people.get(role="child").person
    assert known is not None
    Person.objects.filter(pk=known.pk).update(bsn="111222333")
    # The family itself, with the known BSN and another family name.
    again = request_submit(
        actor=None,
        data=RequestInput(
            access_point=AccessPoint.FAMILY,
            question="Sanne slaapt slecht.",
            children=[
                PersonInput(
                    given_name="Sanne",
                    family_name="Mulder-Jong",
                    date_of_birth=known.date_of_birth,
                    bsn="111222333",
                    postcode=POSTCODE,
                    house_number="12",
                )
            ],
            referrer_name="Ilse Mulder",
            contact_phone="06 12345678",
        ),
        idempotency_key=str(uuid.uuid4()),
    )
    named = again.people.get(role="child")
    assert named.match == MatchState.PROPOSED

    log_in(page, door.lead, next_path=f"/aanmeldingen/{again.public_id}/")
    section = page.get_by_role("region", name="Mogelijk bekende personen")
    expect(section).to_contain_text("„Sanne Mulder-Jong” in de aanmelding, „Sanne Mulder” bekend")
    axe_check(page)
    section.get_by_label("naam", exact=True).check()
    section.get_by_role("button", name="Dezelfde persoon: koppelen").click()
    expect(
        page.get_by_text("Sanne Mulder-Jong is gekoppeld aan de bekende persoon.")
    ).to_be_visible()
    expect(page.get_by_role("region", name="Mogelijk bekende personen")).to_have_count(0)
    axe_check(page)

    known_now = Person.objects.get(pk=known.pk)
    assert known_now.family_name == "Mulder-Jong"
    browser_errors.assert_no_uncaught_errors()
