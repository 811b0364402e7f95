"""Consent on the case (decision 0079): the coordinator records the family's consent to
share the status with the GP; a 13-year-old alone is refused with the linked error
summary; with parent and youth together it counts and the GP follows the status; the
parent withdraws it and the GP's view falls back to "ontvangen" at once. At desktop and
phone width, axe-core clean on every page."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from jeugdmodel.audit.models import AccessLogEntry
from jeugdmodel.cases.models import ConsentRecord
from jeugdmodel.intake.services import request_assign
from tests.browser.conftest import BrowserErrors
from tests.browser.front_door_helpers import front_door

pytestmark = pytest.mark.django_db(transaction=True)

SHARE = "de verwijzer de status laten zien"


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 800}, {"width": 390, "height": 844}],
    ids=["desktop", "phone"],
)
def test_consent_given_refused_and_withdrawn_at_once(
    live_server: LiveServer,
    new_page: Callable[..., Page],
    viewport: ViewportSize,
    log_in: Callable[..., Page],
    axe_check: Callable[..., list[dict[str, Any]]],
    browser_errors: BrowserErrors,
) -> None:
    door = front_door()
    request = door.submit(given_name="Noor", family_name="Bakker", age=13, consent=False)
    case = request_assign(actor=door.lead, request=request, professional=door.professional)
    phone = viewport["width"] < 600
    page = new_page(viewport, is_mobile=phone)
    log_in(page, door.professional, next_path=f"/casussen/{case.public_id}/toestemming/")
    expect(
        page.get_by_role("heading", name=re.compile("^Toestemming van"), level=1)
    ).to_be_visible()
    expect(page.get_by_text("Nog geen toestemming vastgelegd.")).to_be_visible()
    axe_check(page)

    form = page.locator("form.jm-form")
    form.get_by_role("radio", name="het gezin geeft toestemming").check()
    form.get_by_label("Waarvoor", exact=True).select_option(label=SHARE)
    form.get_by_role("radio", name="de jongere", exact=True).check()
    form.get_by_role("button", name="Vastleggen").click()

    summary = page.locator("#foutmeldingen")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name=re.compile("^Door wie: "))
    expect(link).to_contain_text("ouder én jongere samen")
    assert not ConsentRecord.objects.filter(case=case).exists()
    assert AccessLogEntry.objects.filter(event="consent.refused").count() == 1
    axe_check(page)
    link.click()
    expect(page.get_by_role("radio", name="de ouder met gezag")).to_be_focused()

    form = page.locator("form.jm-form")
    form.get_by_role("radio", name="ouder en jongere samen").check()
    form.get_by_label("Naam (niet verplicht)", exact=True).fill("Ilse (moeder) en Noor")
    form.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_text("De toestemming is vastgelegd.")).to_be_visible()
    expect(page.get_by_text(f"{SHARE}: toestemming van ouder en jongere")).to_be_visible()

    gp_page = new_page(viewport, is_mobile=phone)
    log_in(gp_page, door.gp, next_path="/aanmeldingen/mijn/")
    row = gp_page.get_by_role("row").filter(has_text=request.reference)
    expect(row.get_by_role("cell").last).to_have_text("toegewezen")
    axe_check(gp_page)

    form = page.locator("form.jm-form")
    form.get_by_role("radio", name="het gezin trekt toestemming in").check()
    form.get_by_label("Waarvoor", exact=True).select_option(label=SHARE)
    form.get_by_role("radio", name="de ouder met gezag").check()
    form.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_text("De toestemming is ingetrokken. Dat geldt vanaf nu.")).to_be_visible()
    expect(page.get_by_text(f"{SHARE}: geen toestemming")).to_be_visible()
    history = page.get_by_role("table", name="Nieuwste eerst")
    expect(history.get_by_role("row")).to_have_count(3)  # header, withdrawn, given
    expect(history.get_by_role("row").nth(1)).to_contain_text("ingetrokken")
    axe_check(page)

    gp_page.reload()
    row = gp_page.get_by_role("row").filter(has_text=request.reference)
    expect(row.get_by_role("cell").last).to_have_text("ontvangen")

    browser_errors.assert_no_uncaught_errors()
