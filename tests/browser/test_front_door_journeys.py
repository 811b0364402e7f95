"""The front door in a real browser: a parent asks for help on a phone, a GP refers, the
team lead triages and assigns with a suggestion, the professional finds the new case on
the home page, and the GP follows the status. Every page visited is checked with axe-core,
and no page may break the Content-Security-Policy (the `browser_errors` fixture fails the
test on a violation). Each test builds its own data (tests/browser/front_door_helpers.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings as SettingsWrapper
from pytest_django.live_server_helper import LiveServer

from jeugdmodel.intake.models import AccessPoint, Request, RequestStatus, Urgency
from jeugdmodel.intake.selectors import request_status_shared
from jeugdmodel.intake.services import request_assign
from jeugdmodel.notifications.models import Notification
from jeugdmodel.region.models import Team
from tests.browser.conftest import BrowserErrors
from tests.browser.front_door_helpers import (
    POSTCODE,
    REFERENCE,
    TOPIC,
    FrontDoor,
    dmy,
    front_door,
    horizontal_overflow,
    main_nav_link,
    years_ago,
)

pytestmark = pytest.mark.django_db(transaction=True)

AxeCheck = Callable[..., list[dict[str, Any]]]
LogIn = Callable[..., Page]

TEAM = "WOT Centrum-West"  # the wijkteam of POSTCODE in regions/mvs.yaml


@pytest.fixture
def door(live_server: LiveServer) -> FrontDoor:
    return front_door()


@pytest.fixture
def quick_form(settings: SettingsWrapper) -> None:
    """The public form refuses an answer sent within 3 seconds (a bot, ADR 0012); Playwright
    fills it faster than that. The live server runs in this process, so it sees this."""
    settings.JEUGDMODEL_PUBLIC_FORM_MIN_SECONDS = 0


def _assert_fits_phone(page: Page, width: int = 375) -> None:
    sizes = horizontal_overflow(page)
    assert sizes["innerWidth"] == width, f"the window is not {width}px wide on {page.url}: {sizes}"
    assert sizes["scrollWidth"] <= sizes["innerWidth"], (
        f"{page.url} scrolls sideways on a {width}px phone: {sizes}"
    )


def _fill_public_form(page: Page, *, question: str) -> None:
    """One child, the address, one parent, the question and a phone number."""
    child = page.get_by_role("group", name="Kind 1", exact=True)
    child.get_by_label("Voornaam").fill("Sem")
    child.get_by_label("Achternaam").fill("de Vries")
    child.get_by_label("Geboortedatum").fill(dmy(years_ago(9)))
    address = page.get_by_role("group", name="Waar woont het kind?")
    address.get_by_label("Postcode").fill(POSTCODE)
    address.get_by_label("Huisnummer").fill("12")
    page.get_by_text("Ouder of verzorger 1 invullen", exact=True).click()
    parent = page.get_by_role("group", name="Ouder of verzorger 1")
    parent.get_by_label("Voornaam").fill("Eva")
    parent.get_by_label("Achternaam").fill("de Vries")
    page.get_by_role("radio", name="Beide ouders").check()
    page.get_by_role(
        "group", name="Geven de ouders met gezag toestemming voor deze aanmelding?"
    ).get_by_role("radio", name="Ja").check()
    page.get_by_label("Wat is uw vraag of zorg?").fill(question)
    page.get_by_label("Uw naam").fill("Eva de Vries")
    page.get_by_label("Telefoonnummer").fill("06 12345678")


# -- 1. a parent on a phone ---------------------------------------------------------------


@pytest.mark.usefixtures("door", "quick_form")
def test_parent_on_a_phone_asks_for_help_without_an_account(
    live_server: LiveServer,
    phone_page: Page,
    axe_check: AxeCheck,
    browser_errors: BrowserErrors,
) -> None:
    page = phone_page
    page.goto(f"{live_server.url}/aanmelden/")
    expect(
        page.get_by_role("heading", name="Hulp vragen voor uw kind of gezin", level=1)
    ).to_be_visible()
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_have_count(0)
    _assert_fits_phone(page)
    axe_check(page)

    _fill_public_form(page, question="Sem slaapt slecht en is vaak boos. Thuis loopt het vast.")
    page.get_by_role("button", name="Aanmelding versturen").click()

    expect(page).to_have_url(re.compile(r"/aanmelden/ontvangen/$"))
    expect(page.get_by_role("heading", name="Uw aanmelding is ontvangen", level=1)).to_be_visible()
    reference = page.locator("dl.jm-dl dd").first
    expect(reference).to_have_text(REFERENCE)
    expect(
        page.get_by_text(f"Een medewerker van {TEAM} belt u binnen 5 werkdagen.")
    ).to_be_visible()
    _assert_fits_phone(page)
    axe_check(page)

    stored = Request.objects.get()
    assert stored.reference == reference.inner_text().strip()
    assert (stored.access_point, stored.status) == (AccessPoint.FAMILY, RequestStatus.RECEIVED)
    assert stored.team == Team.objects.get(name=TEAM)
    assert stored.contact_phone == "06 12345678"
    assert stored.people.count() == 2  # Sem and Eva

    browser_errors.assert_no_uncaught_errors()


@pytest.mark.usefixtures("door", "quick_form")
def test_parent_forgets_the_question_and_nothing_is_stored(
    live_server: LiveServer,
    phone_page: Page,
    axe_check: AxeCheck,
    browser_errors: BrowserErrors,
) -> None:
    page = phone_page
    page.goto(f"{live_server.url}/aanmelden/")
    _fill_public_form(page, question="")
    before = Request.objects.count()

    page.get_by_role("button", name="Aanmelding versturen").click()

    summary = page.locator("#foutmeldingen")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()  # autofocus: a screen reader starts at the summary
    expect(summary).to_contain_text("Er is 1 ding niet goed.")
    link = summary.get_by_role("link", name="Uw vraag: Beschrijf de vraag in een paar woorden.")
    expect(link).to_have_attribute("href", "#id_question")
    expect(page).to_have_title(re.compile(r"^Fout: "))
    question = page.get_by_label("Wat is uw vraag of zorg?")
    expect(question).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_question_error")).to_contain_text(
        "Beschrijf de vraag in een paar woorden."
    )
    # What was typed stays: the parent only adds the question.
    expect(
        page.get_by_role("group", name="Kind 1", exact=True).get_by_label("Voornaam")
    ).to_have_value("Sem")
    assert Request.objects.count() == before
    _assert_fits_phone(page)
    axe_check(page)

    link.click()
    expect(question).to_be_focused()
    question.fill("Sem slaapt slecht en is vaak boos.")
    page.get_by_role("button", name="Aanmelding versturen").click()

    expect(page.get_by_role("heading", name="Uw aanmelding is ontvangen", level=1)).to_be_visible()
    expect(page.locator("dl.jm-dl dd").first).to_have_text(REFERENCE)
    assert Request.objects.count() == before + 1
    axe_check(page)

    browser_errors.assert_no_uncaught_errors()


@pytest.mark.usefixtures("door", "quick_form")
def test_a_parent_of_a_fourteen_year_old_is_asked_for_authority_and_both_consents(
    live_server: LiveServer,
    new_page: Callable[..., Page],
    axe_check: AxeCheck,
    browser_errors: BrowserErrors,
) -> None:
    """At 390 px: the questions on authority and consent follow the age rule of domain.md
    (12 to 15: the parents and the child); a missing answer is summarised and kept."""
    page = new_page({"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(f"{live_server.url}/aanmelden/")
    expect(page.get_by_role("heading", name="Gezag en toestemming", level=2)).to_be_visible()
    authority = page.get_by_role("group", name="Wie heeft het gezag over het kind?")
    expect(authority.get_by_role("radio")).to_have_count(4)
    _assert_fits_phone(page, 390)
    axe_check(page)

    _fill_public_form(page, question="Sem wil niet meer naar school.")
    page.get_by_role("group", name="Kind 1", exact=True).get_by_label("Geboortedatum").fill(
        dmy(years_ago(14))
    )
    page.get_by_role("radio", name="Eén ouder").check()
    page.get_by_role("button", name="Aanmelding versturen").click()

    summary = page.locator("#foutmeldingen")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name=re.compile(r"^Toestemming van het kind: "))
    expect(link).to_have_attribute("href", "#id_consent_youth_0")
    expect(page.get_by_role("radio", name="Eén ouder")).to_be_checked()
    parents = page.get_by_role(
        "group", name="Geven de ouders met gezag toestemming voor deze aanmelding?"
    )
    expect(parents.get_by_role("radio", name="Ja")).to_be_checked()
    assert Request.objects.count() == 0
    _assert_fits_phone(page, 390)
    axe_check(page)

    link.click()
    youth = page.get_by_role("group", name="Geeft het kind zelf toestemming?")
    expect(youth.get_by_role("radio", name="Ja")).to_be_focused()
    youth.get_by_role("radio", name="Ja").check()
    page.get_by_role("button", name="Aanmelding versturen").click()
    expect(page.get_by_role("heading", name="Uw aanmelding is ontvangen", level=1)).to_be_visible()
    axe_check(page)
    stored = Request.objects.get()
    assert stored.parental_authority == "one_parent"
    assert (stored.consent_parent, stored.consent_youth) == (True, True)
    browser_errors.assert_no_uncaught_errors()


# -- 2. a GP refers -------------------------------------------------------------------------


def test_gp_refers_a_child_with_parent_consent(
    door: FrontDoor,
    page: Page,
    log_in: LogIn,
    axe_check: AxeCheck,
    browser_errors: BrowserErrors,
) -> None:
    log_in(page, door.gp)
    axe_check(page)

    main_nav_link(page, "Aanmelden").click()
    expect(page.get_by_role("heading", name="Aanmelding doen", level=1)).to_be_visible()
    expect(page.get_by_text(door.gp_practice.name)).to_be_visible()
    # At a GP practice "huisarts" is chosen already.
    expect(page.get_by_role("radio", name="wettelijk verwijzer: huisarts")).to_be_checked()
    axe_check(page)

    child = page.get_by_role("group", name="Kind 1", exact=True)
    child.get_by_label("Voornaam").fill("Sanne")
    child.get_by_label("Achternaam").fill("Mulder")
    child.get_by_label("Geboortedatum").fill(dmy(years_ago(8)))
    address = page.get_by_role("group", name="Waar woont het kind?")
    address.get_by_label("Postcode").fill(POSTCODE)
    address.get_by_label("Huisnummer").fill("7")
    parent = page.get_by_role("group", name="Ouder of verzorger 1")
    parent.get_by_label("Voornaam").fill("Ilse")
    parent.get_by_label("Achternaam").fill("Mulder")
    page.get_by_label("De vraag van het gezin, in hun eigen woorden").fill(
        "Sanne kan zich op school slecht concentreren; de ouders vragen om hulp."
    )
    page.get_by_role("checkbox", name=TOPIC, exact=True).check()
    # Sanne is 8: the parent decides.
    page.get_by_role("checkbox", name="De ouder of verzorger geeft toestemming").check()
    page.get_by_label("Telefoonnummer van het gezin").fill("06 87654321")
    page.get_by_role("button", name="Aanmelding versturen").click()

    expect(page).to_have_url(re.compile(r"/aanmelden/ontvangen/$"))
    expect(page.get_by_role("heading", name="Uw aanmelding is ontvangen", level=1)).to_be_visible()
    reference = page.locator("dl.jm-dl dd").first
    expect(reference).to_have_text(REFERENCE)
    expect(
        page.get_by_text(
            f"De aanmelding staat bij {TEAM}. Een medewerker van {TEAM} neemt binnen "
            "5 werkdagen contact op met het gezin."
        )
    ).to_be_visible()
    expect(page.get_by_role("link", name="Bekijk uw aanmeldingen")).to_be_visible()
    axe_check(page)

    stored = Request.objects.get()
    assert stored.reference == reference.inner_text().strip()
    assert stored.referrer == door.gp
    assert stored.access_point == AccessPoint.LEGAL_GP
    assert stored.team == door.team
    assert stored.topics == [TOPIC]
    assert (stored.consent_parent, request_status_shared(stored)) == (True, True)

    browser_errors.assert_no_uncaught_errors()


# -- 3. the team lead triages and assigns --------------------------------------------------


def test_team_lead_filters_the_worklist_and_assigns_the_first_suggestion(
    door: FrontDoor,
    page: Page,
    log_in: LogIn,
    axe_check: AxeCheck,
    browser_errors: BrowserErrors,
) -> None:
    referred = door.submit(given_name="Sanne", age=8)
    other = door.submit(given_name="Bram", family_name="Smit", age=5, urgency=Urgency.HIGH)

    log_in(page, door.lead)
    axe_check(page)
    main_nav_link(page, "Werklijst").click()
    expect(page.get_by_role("heading", name="Werklijst aanmeldingen", level=1)).to_be_visible()
    table = page.locator("#worklist-results")
    expect(table.get_by_role("link", name=referred.reference)).to_be_visible()
    expect(table.get_by_role("link", name=other.reference)).to_be_visible()
    expect(page.locator("#worklist-count")).to_have_text("2 aanmeldingen.")
    axe_check(page)

    # The filter swaps the table with htmx: the page itself stays (no full reload).
    page.evaluate("window.__marker = 1")
    page.get_by_label("Urgentie", exact=True).select_option(Urgency.NORMAL.value)

    expect(table.get_by_role("link", name=other.reference)).to_have_count(0)
    expect(table.get_by_role("link", name=referred.reference)).to_be_visible()
    expect(page.locator("#worklist-count")).to_have_text("1 aanmelding.")
    expect(page).to_have_url(re.compile(r"[?&]urgency=normal(&|$)"))
    assert page.evaluate("window.__marker === 1"), "the filter reloaded the whole page"
    row = table.get_by_role("row").filter(has=page.get_by_role("link", name=referred.reference))
    expect(row).to_contain_text("Sanne (8 jaar)")
    axe_check(page)

    # Rapid filter changes: the last one wins, and nothing is aborted into the console.
    page.evaluate(
        """() => {
        const select = document.querySelector('#worklist-filter select[name="urgency"]')
          || document.querySelector('select[name="urgency"]');
        for (const value of ["high", "", "high", "normal"]) {
          select.value = value;
          select.dispatchEvent(new Event("change", {bubbles: true}));
        }
    }"""
    )
    expect(page).to_have_url(re.compile(r"[?&]urgency=normal(&|$)"))
    expect(page.locator("#worklist-count")).to_have_text("1 aanmelding.")
    expect(table.get_by_role("link", name=referred.reference)).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert not [m for m in browser_errors.console if "htmx" in m], browser_errors.console

    table.get_by_role("link", name=referred.reference).click()
    expect(
        page.get_by_role("heading", name=f"Aanmelding {referred.reference}", level=1)
    ).to_be_visible()
    suggestions = page.get_by_role("list", name="Voorstellen")
    expect(suggestions.get_by_role("listitem")).to_have_count(3)
    first = suggestions.get_by_role("listitem").first
    expect(first).to_contain_text("Noor Bakker: ruimte in caseload: 20; expertise: adhd")
    expect(suggestions.get_by_role("listitem").nth(1)).to_contain_text("Daan Visser")
    axe_check(page)

    first.get_by_role("button", name="Toewijzen aan Noor Bakker").click()

    expect(
        page.get_by_text(
            f"Aanmelding {referred.reference} is toegewezen aan Noor Bakker, "
            "die daarvan een melding krijgt."
        )
    ).to_be_visible()
    expect(page.get_by_text("toegewezen – regiehouder Noor Bakker")).to_be_visible()
    expect(page.get_by_role("list", name="Voorstellen")).to_have_count(0)
    axe_check(page)

    referred.refresh_from_db()
    assert referred.status == RequestStatus.ASSIGNED
    assert referred.assigned_to == door.professional
    other.refresh_from_db()
    assert other.status == RequestStatus.RECEIVED

    browser_errors.assert_no_uncaught_errors()


def test_safety_concern_comes_first_and_blocks_assigning_until_checked(
    door: FrontDoor,
    page: Page,
    log_in: LogIn,
    axe_check: AxeCheck,
    browser_errors: BrowserErrors,
) -> None:
    earlier = door.submit(given_name="Sanne", urgency=Urgency.HIGH)
    unsafe = door.submit(given_name="Bram", family_name="Smit", age=5, safety_concern=True)

    log_in(page, door.lead, next_path="/aanmeldingen/werklijst/")
    expect(page.locator("#worklist-count")).to_have_text(
        "2 aanmeldingen, 1 met een veiligheidscheck die nog moet gebeuren."
    )
    rows = page.locator("#worklist-results tbody tr")
    expect(rows).to_have_count(2)
    # Received later and less urgent, but the open safety check puts it on top.
    expect(rows.first.get_by_role("rowheader")).to_have_text(unsafe.reference)
    expect(rows.first).to_contain_text("ja, nog beoordelen")
    expect(rows.nth(1).get_by_role("rowheader")).to_have_text(earlier.reference)
    axe_check(page)

    rows.first.get_by_role("link", name=unsafe.reference).click()
    expect(
        page.get_by_text("De veiligheidscheck moet vandaag gebeuren, vóór het toewijzen.")
    ).to_be_visible()
    expect(page.get_by_text("Let op: toewijzen kan pas na de veiligheidscheck.")).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name="Toewijzen aan Noor Bakker").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "Doe eerst de veiligheidscheck: bij deze aanmelding is zorg over veiligheid."
    )
    unsafe.refresh_from_db()
    assert unsafe.status == RequestStatus.RECEIVED
    axe_check(page)

    page.get_by_label("Wat heeft u beoordeeld?").fill(
        "Gebeld met moeder en school; geen direct gevaar. Huisbezoek deze week."
    )
    page.get_by_role("button", name="Veiligheidscheck vastleggen").click()
    expect(
        page.get_by_text("De veiligheidscheck is vastgelegd. U kunt nu toewijzen.")
    ).to_be_visible()
    expect(page.get_by_text("Let op: toewijzen kan pas na de veiligheidscheck.")).to_have_count(0)
    axe_check(page)

    page.get_by_role("button", name="Toewijzen aan Noor Bakker").click()
    expect(
        page.get_by_text(f"Aanmelding {unsafe.reference} is toegewezen aan Noor Bakker")
    ).to_be_visible()
    axe_check(page)
    unsafe.refresh_from_db()
    assert unsafe.status == RequestStatus.ASSIGNED
    assert unsafe.safety_checked_by == door.lead

    browser_errors.assert_no_uncaught_errors()


# -- 4. the professional -------------------------------------------------------------------


def test_professional_sees_the_new_case_on_the_home_page(
    door: FrontDoor,
    page: Page,
    log_in: LogIn,
    axe_check: AxeCheck,
    browser_errors: BrowserErrors,
) -> None:
    request = door.submit(given_name="Sanne", age=8)
    request_assign(actor=door.lead, request=request, professional=door.professional)
    assert Notification.objects.filter(user=door.professional).count() == 1

    log_in(page, door.professional)

    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom, Noor Bakker")
    new_cases = page.get_by_role("region", name="Nieuwe casussen en vragen")
    row = new_cases.get_by_role("row").filter(has=page.get_by_role("link", name=request.reference))
    expect(row).to_be_visible()
    expect(row).to_contain_text("nieuwe casus")
    expect(row).to_contain_text(TEAM)
    expect(row).to_contain_text("Sanne")
    expect(page.get_by_role("region", name="Meldingen")).to_contain_text(
        "U heeft 1 ongelezen melding."
    )
    axe_check(page)

    row.get_by_role("link", name=request.reference).click()
    expect(
        page.get_by_role("heading", name=f"Aanmelding {request.reference}", level=1)
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Eerste contact vastleggen")).to_be_visible()
    axe_check(page)

    browser_errors.assert_no_uncaught_errors()


# -- 5. the referrer follows the status ----------------------------------------------------


def test_gp_sees_the_status_only_with_consent(
    door: FrontDoor,
    page: Page,
    log_in: LogIn,
    axe_check: AxeCheck,
    browser_errors: BrowserErrors,
) -> None:
    with_consent = door.submit(given_name="Sanne", consent=True)
    without_consent = door.submit(given_name="Bram", family_name="Smit", consent=False)
    for request in (with_consent, without_consent):
        request_assign(actor=door.lead, request=request, professional=door.professional)

    log_in(page, door.gp)
    main_nav_link(page, "Mijn aanmeldingen").click()

    expect(page.get_by_role("heading", name="Mijn aanmeldingen", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("2 aanmeldingen")
    table = page.get_by_role("table", name="Uw aanmeldingen, nieuwste eerst")
    shared = table.get_by_role("row").filter(has_text=with_consent.reference)
    hidden = table.get_by_role("row").filter(has_text=without_consent.reference)
    expect(shared.get_by_role("cell").last).to_have_text("toegewezen")
    # Assigned as well, but without consent the GP only learns that it was received.
    expect(hidden.get_by_role("cell").last).to_have_text("ontvangen")
    expect(table).not_to_contain_text("Sanne")
    expect(table).not_to_contain_text("Bram")
    axe_check(page)

    browser_errors.assert_no_uncaught_errors()
