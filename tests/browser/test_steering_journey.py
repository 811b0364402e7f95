"""A municipality user in a real browser: opens the dashboard from the home page, filters on
a district and a quarter (htmx swaps the figures), downloads a table as Excel and checks it
holds the same numbers as the page, and produces the council report PDF, whose extracted
text shows the same numbers as the page. axe-core on every page; no CSP violation."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.region.models import District, Municipality
from tests.browser.conftest import BrowserErrors
from tests.factories import UserFactory, totp_device
from tests.intake.conftest import _mvs_file
from tests.steering.test_handbuilt import _build

pytestmark = pytest.mark.django_db(transaction=True)

AxeCheck = Callable[..., list[dict[str, Any]]]
LogIn = Callable[..., Page]


@pytest.fixture
def municipality_user(live_server: LiveServer) -> User:
    from jeugdmodel.region.services import region_load

    region = region_load(data=_mvs_file())
    del region
    world = _build(None, lambda role: UserFactory.create(role=role.value))
    # More children in Schiedam in Q2 2024, so that the main figures are not small:
    # 10 in basis care with a request each (first contact after 3 working days) and 5 in
    # specialist care.
    for i in range(15):
        child = world.child("2015-01-01", "v" if i % 2 else "m", ("3113", "2015-01-01"))
        case = world.case("wot-centrum-west", child)
        if i < 10:
            world.traj(case, child, "wijkteamondersteuning", "2024-04-01", "2024-06-30")
            world.request("wot-centrum-west", "2024-04-02", [child], "2024-04-05")
        else:
            world.traj(case, child, "ambulante-jeugdhulp", "2024-05-01", "2024-06-15")
    user = UserFactory.create(
        role=Role.MUNICIPALITY.value,
        municipality=Municipality.objects.get(code="GM0606"),
        first_name="Sam",
        last_name="Schiedam",
    )
    totp_device(user)
    return user


def _near(true: int) -> re.Pattern[str]:
    """A shown count: the true count perturbed by at most 2, never 1 or 2 (decision 0045)."""
    values = [v for v in range(max(0, true - 2), true + 3) if v not in (1, 2)]
    return re.compile("^(" + "|".join(map(str, values)) + ")$")


def _cell(page: Page, figure: str, row: str = "totaal", table: str = "tabel-zorg") -> str:
    return page.locator(f'#{table} td[data-figure="{figure}"][data-row="{row}"]').inner_text()


def test_dashboard_filter_download_and_report(
    page: Page,
    live_server: LiveServer,
    municipality_user: User,
    log_in: LogIn,
    axe_check: AxeCheck,
    browser_errors: BrowserErrors,
) -> None:
    log_in(page, municipality_user)
    axe_check(page)
    page.get_by_role("link", name="Sturingsinformatie").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sturingsinformatie voor de gemeente")
    axe_check(page)

    # Filter: the district of postcode 3112 and the second quarter of 2024 (htmx swap).
    district = District.objects.get(code="WK060601")
    page.get_by_label("Periode", exact=True).select_option("2024-Q2")
    expect(page).to_have_url(re.compile(r"periode=2024-Q2"))
    page.get_by_label("Wijk", exact=True).select_option(str(district.pk))
    expect(page).to_have_url(re.compile(rf"wijk={district.pk}&"))
    page.get_by_label("Uitsplitsen naar", exact=True).select_option("age_group")
    expect(page).to_have_url(re.compile(r"indeling=age_group"))
    # Q2 2024 in that district: C2 (still living there), C4, C9 and F1–F6 = 9, shown
    # perturbed by its cell key (decision 0045): within 2 of 9.
    expect(
        page.locator('#tabel-zorg td[data-figure="children_in_care"][data-row="totaal"]')
    ).to_have_text(_near(9))
    on_page = _cell(page, "children_in_care")
    basis_on_page = _cell(page, "children_basis")
    axe_check(page)

    # Download the table as Excel: the same numbers as on the page.
    with page.expect_download() as download_info:
        page.locator('[data-export="zorg-xlsx"]').click()
    download = download_info.value
    book = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    rows = [[c.value for c in r] for r in book.active.iter_rows()]
    total = next(r for r in rows if r[0] == "Totaal")
    assert str(total[1]) == on_page
    assert str(total[2]) == basis_on_page

    report_journey(page, live_server, axe_check, on_page)
    browser_errors.assert_no_csp_violations()
    browser_errors.assert_no_uncaught_errors()


def report_journey(page: Page, live_server: LiveServer, axe_check: AxeCheck, on_page: str) -> None:
    """Back to the whole municipality by district (what the report shows), then one click
    for the council report; its PDF text shows the page's numbers."""
    page.get_by_label("Wijk", exact=True).select_option("")
    expect(page).to_have_url(re.compile(r"wijk=&"))
    page.get_by_label("Uitsplitsen naar", exact=True).select_option("district")
    expect(page).to_have_url(re.compile(r"indeling=district"))
    # Schiedam in Q2 2024: C2, C4, C9 and F1–F6 (wijk 3112) and the 15 above (3113) = 24;
    # basis C2, C4 (its specialist care starts in July), F1–F6 and 10 = 18; specialist C9
    # and 5 = 6; share basis 18 / 24 = 75,0% before the perturbation of each count.
    expect(
        page.locator('#tabel-zorg td[data-figure="children_in_care"][data-row="totaal"]')
    ).to_have_text(_near(24))
    numbers = {
        figure: _cell(page, figure, table=table)
        for figure, table in (
            ("children_in_care", "tabel-zorg"),
            ("children_basis", "tabel-zorg"),
            ("share_basis", "tabel-zorg"),
            ("inflow", "tabel-stroom"),
        )
    }
    shown = {k: int(v) for k, v in numbers.items() if k != "share_basis"}
    for figure, true in (("children_in_care", 24), ("children_basis", 18), ("inflow", 10)):
        assert abs(shown[figure] - true) <= 2, (figure, shown[figure])
    # The share is computed from the shown counts, so it gives no true count away.
    share = 100 * shown["children_basis"] / shown["children_in_care"]
    assert numbers["share_basis"] == f"{share:.1f}%".replace(".", ",")
    page.get_by_role("button", name="Maak raadsrapportage").click()
    expect(page.get_by_text("De rapportage is klaar.")).to_be_visible()
    axe_check(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^Download PDF")).click()
    reader = PdfReader(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    assert "Schiedam" in text
    assert "2e kwartaal 2024" in text
    for figure, display in numbers.items():
        assert display in text, (figure, display)
