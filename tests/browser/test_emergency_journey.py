"""Emergency access in a real browser, at desktop and phone width: a professional of
another team breaks the glass for a case (first without an explanation: refused, with a
linked error summary), sees the banner on the case pages, and the privacy officer reviews
it (flag without a note: refused; with a note: recorded) and finds the reads in the access
log. Every page is checked with axe-core."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from jeugdmodel.accounts.roles import Role
from jeugdmodel.cases.models import EmergencyAccess, EmergencyReview
from jeugdmodel.families.models import Person
from jeugdmodel.intake.services import request_assign
from jeugdmodel.region.models import Team, TeamKind
from tests.browser.conftest import BrowserErrors
from tests.browser.front_door_helpers import front_door, horizontal_overflow
from tests.factories import TeamMembershipFactory, UserFactory, totp_device

pytestmark = pytest.mark.django_db(transaction=True)

AxeCheck = Callable[..., list[dict[str, Any]]]
LogIn = Callable[..., Page]

BSN = "111222333"
WHY = "Crisisdienst belt om 23.00 uur: Sanne is alleen thuis, de regiehouder is onbereikbaar."
NOTE = "Navragen bij de crisisdienst of het telefoontje klopt."
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_break_the_glass_and_review(
    live_server: LiveServer,
    new_page: Callable[..., Page],
    log_in: LogIn,
    axe_check: AxeCheck,
    browser_errors: BrowserErrors,
    viewport: ViewportSize,
) -> None:
    door = front_door()
    request = door.submit(given_name="Sanne", family_name="Visser", age=8)
    case = request_assign(actor=door.lead, request=request, professional=door.professional)
    child = case.family.members.get(relation="child").person_id
    Person.objects.filter(pk=child).update(bsn=BSN)
    other_team = (
        Team.objects.filter(region=door.team.region, kind=TeamKind.WIJKTEAM)
        .exclude(pk=door.team.pk)
        .first()
    )
    outsider = UserFactory.create(
        role=Role.WIJKTEAM_PROFESSIONAL.value, first_name="Omar", last_name="Yilmaz"
    )
    TeamMembershipFactory(user=outsider, team=other_team)
    officer = UserFactory.create(
        role=Role.PRIVACY_OFFICER.value, first_name="Petra", last_name="de Vries"
    )
    for user in (outsider, officer):
        totp_device(user)
    phone = viewport["width"] < 400
    extra: dict[str, Any] = {"is_mobile": True, "has_touch": True} if phone else {}

    # -- the professional of another team: refused without explanation, then granted ----------
    page = new_page(viewport, **extra)
    log_in(page, outsider)
    page.goto(f"{live_server.url}/noodtoegang/")
    expect(page.get_by_role("heading", name="Noodtoegang tot een casus", level=1)).to_be_visible()
    axe_check(page)
    page.get_by_label("BSN van een gezinslid").fill(BSN)
    page.get_by_label("Acute crisis of onveilige situatie bij het gezin").check()
    page.get_by_role("button", name="Noodtoegang vragen").click()
    summary = page.locator("#foutmeldingen")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name=re.compile("Zonder toelichting krijgt u geen toegang"))
    expect(link).to_be_visible()
    expect(page.get_by_label("BSN van een gezinslid")).to_have_value(BSN)
    axe_check(page)
    link.click()
    expect(page.get_by_role("textbox", name="Toelichting")).to_be_focused()
    assert EmergencyAccess.objects.count() == 0

    page.get_by_role("textbox", name="Toelichting").fill(WHY)
    page.get_by_role("button", name="Noodtoegang vragen").click()
    expect(page).to_have_url(re.compile(rf"/casussen/{case.public_id}/(#.*)?$"))
    banner = page.locator(".jm-emergency-banner")
    expect(banner).to_contain_text("U ziet deze casus met noodtoegang")
    expect(page.get_by_text("Noodtoegang gegeven tot")).to_be_visible()
    axe_check(page)
    page.goto(f"{live_server.url}/casussen/{case.public_id}/journaal/")
    expect(page.locator(".jm-emergency-banner")).to_be_visible()
    expect(page.get_by_role("button", name="Vastleggen")).to_have_count(0)
    axe_check(page)
    assert horizontal_overflow(page)["scrollWidth"] <= viewport["width"]

    # -- the privacy officer reviews it ------------------------------------------------------
    officer_page = new_page(viewport, **extra)
    log_in(officer_page, officer)
    officer_page.goto(f"{live_server.url}/noodtoegang/beoordelen/")
    expect(officer_page.get_by_role("heading", name="Noodtoegangen beoordelen")).to_be_visible()
    expect(officer_page.get_by_text(WHY)).to_be_visible()
    axe_check(officer_page)
    officer_page.get_by_label("Markeren voor onderzoek (met notitie)").check()
    officer_page.get_by_role("button", name="Beoordeling vastleggen").click()
    expect(officer_page.get_by_role("alert").first).to_contain_text(
        "Schrijf bij het markeren een notitie"
    )
    axe_check(officer_page)
    officer_page.get_by_role("textbox", name="Notitie").fill(NOTE)
    officer_page.get_by_label("Markeren voor onderzoek (met notitie)").check()
    officer_page.get_by_role("button", name="Beoordeling vastleggen").click()
    expect(officer_page.get_by_text("De beoordeling is vastgelegd.")).to_be_visible()
    access = EmergencyAccess.objects.get()
    assert access.review == EmergencyReview.FLAGGED
    assert access.review_note == NOTE

    officer_page.goto(f"{live_server.url}/noodtoegang/beoordelen/?status=flagged")
    expect(officer_page.get_by_text(NOTE)).to_be_visible()
    axe_check(officer_page)
    officer_page.get_by_role("link", name="Bekijk in het toegangslog").click()
    expect(officer_page.get_by_role("heading", name="Toegangslog", level=1)).to_be_visible()
    expect(officer_page.get_by_role("table").get_by_text("noodtoegang").first).to_be_visible()
    axe_check(officer_page)
    assert horizontal_overflow(officer_page)["scrollWidth"] <= viewport["width"]
