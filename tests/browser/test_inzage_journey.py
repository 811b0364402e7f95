"""Inzage in a real browser, at desktop and phone width: the privacy officer records a
request (first with a date of birth that does not match: a Dutch message, nothing stored),
has the package made, and opens it as PDF and as JSON; both say what the file holds and
list the read with emergency access. Every page is checked with axe-core."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from jeugdmodel.accounts.roles import Role
from jeugdmodel.cases.models import JournalEntry
from jeugdmodel.privacy.models import InzageRequest, InzageStatus
from tests.browser.conftest import BrowserErrors
from tests.browser.front_door_helpers import horizontal_overflow
from tests.factories import UserFactory, totp_device
from tests.intake.conftest import mvs as mvs
from tests.privacy.helpers import BSN, NOTE, WHY, full_file

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("mvs")]

AxeCheck = Callable[..., list[dict[str, Any]]]
LogIn = Callable[..., Page]
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_request_recorded_package_made_and_opened(
    live_server: LiveServer,
    new_page: Callable[..., Page],
    log_in: LogIn,
    axe_check: AxeCheck,
    browser_errors: BrowserErrors,
    viewport: ViewportSize,
    tmp_path: Path,
) -> None:
    file = full_file()
    officer = UserFactory.create(
        role=Role.PRIVACY_OFFICER.value, first_name="Petra", last_name="de Vries"
    )
    totp_device(officer)
    phone = viewport["width"] < 400
    extra: dict[str, Any] = {"is_mobile": True, "has_touch": True} if phone else {}
    page = new_page(viewport, **extra)
    log_in(page, officer)

    page.goto(f"{live_server.url}/inzage/")
    expect(page.get_by_role("heading", name="Inzageverzoeken", level=1)).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Nieuw inzageverzoek vastleggen").click()
    expect(page.get_by_role("heading", name="Inzageverzoek vastleggen", level=1)).to_be_visible()
    axe_check(page)

    def fill(born: str) -> None:
        page.get_by_label("BSN van de betrokkene").fill(BSN)
        page.get_by_label("Geboortedatum van de betrokkene").fill(born)
        page.get_by_label("de jeugdige zelf").check()
        page.get_by_label("Naam van de verzoeker").fill("Kind0")
        page.get_by_label("identiteitsbewijs getoond en vergeleken").check()
        page.get_by_label("Wat hebt u gecontroleerd?").fill("identiteitskaart, geldig tot 2031")
        page.get_by_label("Verzoek ontvangen op").fill(timezone.localdate().isoformat())
        page.get_by_role("button", name="Verzoek vastleggen").click()

    wrong = (file.person.date_of_birth - timedelta(days=1)).isoformat()
    fill(wrong)
    summary = page.locator("#foutmeldingen")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Deze persoon is niet te identificeren")
    axe_check(page)
    assert InzageRequest.objects.count() == 0

    fill(file.person.date_of_birth.isoformat())
    expect(page).to_have_url(re.compile(r"/inzage/[0-9a-f-]{36}/$"))
    expect(page.get_by_text("Het inzageverzoek is vastgelegd.")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Pakket maken").click()
    pdf_link = page.get_by_role("link", name="Pakket als PDF downloaden")
    expect(pdf_link).to_be_visible()
    axe_check(page)
    assert horizontal_overflow(page)["scrollWidth"] <= viewport["width"]
    inzage = InzageRequest.objects.get()
    assert inzage.status == InzageStatus.READY

    with page.expect_download() as pdf_download:
        pdf_link.click()
    pdf = Path(pdf_download.value.path()).read_bytes()
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(pdf)).pages)
    assert NOTE in text
    assert "NOODTOEGANG" in text
    assert " ".join(WHY.split()) in text
    with page.expect_download() as json_download:
        page.get_by_role("link", name="Pakket als JSON downloaden").click()
    data = json.loads(Path(json_download.value.path()).read_text(encoding="utf-8"))
    assert data["person"]["bsn"] == BSN
    assert [e["note"] for e in data["cases"][0]["journal"]] == list(
        JournalEntry.objects.filter(case=file.case).values_list("note", flat=True)
    )
    assert any(a["emergency"] and a["reason"] == WHY for a in data["accesses"])

    page.get_by_role("link", name="Terug naar de inzageverzoeken").click()
    expect(page.get_by_role("table").get_by_text("pakket klaar")).to_be_visible()
    axe_check(page)
    assert horizontal_overflow(page)["scrollWidth"] <= viewport["width"]
