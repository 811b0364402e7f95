"""A crisis gets a crisis answer, in a real browser at desktop and phone width: a GP refers
a child in crisis with a safety concern and the receipt names the same-day promise and the
team's phone number (from the region file); once the term has passed without anyone
picking it up, the team lead's worklist shows the escalation banner. Every page is checked
with axe-core, and at 390 px nothing scrolls sideways."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from jeugdmodel.intake.models import Request, Urgency
from jeugdmodel.intake.selectors import crisis_terms_for
from jeugdmodel.intake.services import requests_escalate_overdue
from tests.browser.conftest import BrowserErrors
from tests.browser.front_door_helpers import (
    POSTCODE,
    REFERENCE,
    FrontDoor,
    dmy,
    front_door,
    horizontal_overflow,
    years_ago,
)

pytestmark = pytest.mark.django_db(transaction=True)

AxeCheck = Callable[..., list[dict[str, Any]]]
LogIn = Callable[..., Page]

DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}


def _open(new_page: Callable[..., Page], viewport: ViewportSize) -> Page:
    page = new_page(viewport)
    # The first pages of the live server can be slow on a busy machine.
    page.set_default_navigation_timeout(90_000)
    return page


def _assert_no_sideways_scroll(page: Page) -> None:
    sizes = horizontal_overflow(page)
    assert sizes["scrollWidth"] <= sizes["innerWidth"], (
        f"{page.url} scrolls sideways at {sizes['innerWidth']}px: {sizes}"
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "390px"])
def test_crisis_receipt_and_the_escalation_banner(
    live_server: LiveServer,
    viewport: ViewportSize,
    new_page: Callable[..., Page],
    log_in: LogIn,
    axe_check: AxeCheck,
    browser_errors: BrowserErrors,
) -> None:
    door: FrontDoor = front_door()
    terms = crisis_terms_for(door.team)
    assert terms.phone, "the team of POSTCODE has a phone number in regions/mvs.yaml"
    team = door.team.name

    # -- the GP refers a child in crisis ---------------------------------------------------
    page = _open(new_page, viewport)
    log_in(page, door.gp, next_path="/aanmeldingen/nieuw/")
    expect(page.get_by_role("heading", name="Aanmelding doen", level=1)).to_be_visible()
    child = page.get_by_role("group", name="Kind 1", exact=True)
    child.get_by_label("Voornaam").fill("Noor")
    child.get_by_label("Achternaam").fill("Bakker")
    child.get_by_label("Geboortedatum").fill(dmy(years_ago(10)))
    address = page.get_by_role("group", name="Waar woont het kind?")
    address.get_by_label("Postcode").fill(POSTCODE)
    address.get_by_label("Huisnummer").fill("3")
    parent = page.get_by_role("group", name="Ouder of verzorger 1")
    parent.get_by_label("Voornaam").fill("Ilse")
    parent.get_by_label("Achternaam").fill("Bakker")
    page.get_by_label("De vraag van het gezin, in hun eigen woorden").fill(
        "Noor is vannacht van huis weggelopen na ruzie; thuis is het niet veilig."
    )
    page.get_by_role("radio", name="crisis (vandaag)").check()
    page.get_by_role(
        "checkbox", name="Ik maak me zorgen over de veiligheid van het kind (meldcode)"
    ).check()
    page.get_by_role("checkbox", name="stap 1: signalen in kaart gebracht").check()
    page.get_by_role("checkbox", name="De ouder of verzorger geeft toestemming").check()
    page.get_by_label("Telefoonnummer van het gezin").fill("06 87654321")
    page.get_by_role("button", name="Aanmelding versturen").click()

    expect(page).to_have_url(re.compile(r"/aanmelden/ontvangen/$"))
    reference = page.locator("dl.jm-dl dd").first
    expect(reference).to_have_text(REFERENCE)
    receipt = page.locator(".jm-crisis-receipt")
    expect(receipt).to_contain_text(
        f"Een medewerker van {team} neemt vandaag nog contact op met het gezin, "
        f"binnen {terms.hours} uur."
    )
    phone_link = receipt.get_by_role("link", name=terms.phone)
    expect(phone_link).to_have_attribute("href", f"tel:{terms.phone.replace(' ', '')}")
    expect(page.get_by_text("binnen 5 werkdagen")).to_have_count(0)
    axe_check(page)
    if viewport == PHONE:
        _assert_no_sideways_scroll(page)

    stored = Request.objects.get()
    assert stored.reference == reference.inner_text().strip()
    assert (stored.urgency, stored.safety_concern) == (Urgency.CRISIS, True)

    # -- nobody picks it up in time: the scheduled check escalates ---------------------------
    later = timezone.now() + timedelta(hours=terms.hours, minutes=5)
    assert requests_escalate_overdue(now=later) == 1

    lead_page = _open(new_page, viewport)
    log_in(lead_page, door.lead, next_path="/aanmeldingen/werklijst/")
    expect(lead_page.get_by_role("heading", name="Werklijst aanmeldingen", level=1)).to_be_visible()
    banner = lead_page.locator("#escalated")
    expect(banner).to_have_attribute("role", "alert")
    expect(banner).to_contain_text(
        "1 crisis- of veiligheidsaanmelding is over de termijn en nog niet opgepakt."
    )
    link = banner.get_by_role("link", name=stored.reference)
    expect(link).to_be_visible()
    expect(banner).to_contain_text("crisis, termijn verlopen op")
    axe_check(lead_page)
    if viewport == PHONE:
        _assert_no_sideways_scroll(lead_page)

    # The banner leads to the request.
    link.click()
    expect(lead_page).to_have_url(re.compile(rf"/aanmeldingen/{stored.public_id}/"))
    expect(lead_page.get_by_text(stored.reference).first).to_be_visible()
    axe_check(lead_page)
    if viewport == PHONE:
        _assert_no_sideways_scroll(lead_page)

    browser_errors.assert_no_uncaught_errors()
