"""The switch in a real browser (nl-NL, axe-core, at 1280 px and on a 390 px phone): the
functional admin uploads an old provider's caseload, reads the dry-run report, maps the
provider it names from the report's link and comes back to the report, imports only the
good rows; a wijkteam professional works the handover worklist; the municipality sees the
continuity figure on the steering dashboard; the functional admin has the letters made (a
background job whose progress the page follows), downloads the zip and finds one PDF per
family."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from jeugdmodel.accounts.models import TeamRole, User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.accounts.services import functional_admin_grant
from jeugdmodel.jobs.worker import Worker
from jeugdmodel.region.models import HelpForm, Municipality, Organisation, TeamKind
from jeugdmodel.region.regionfile import parse_region_file, shipped_region_file
from jeugdmodel.region.selectors import teams_covering_postcode
from jeugdmodel.region.services import region_load
from jeugdmodel.transition.models import (
    HandoverStatus,
    ProductMapping,
    ProviderMapping,
    RunningClient,
)
from tests.browser.conftest import BrowserErrors
from tests.factories import TeamMembershipFactory, UserFactory, totp_device
from tests.transition.conftest import AGBS, PRODUCTS, caseload_csv, good_row

pytestmark = pytest.mark.django_db(transaction=True)

AxeCheck = Callable[..., list[dict[str, Any]]]
LogIn = Callable[..., Page]
WIDE: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}


def _fits(page: Page) -> None:
    sizes = page.evaluate(
        "() => ({scrollWidth: document.documentElement.scrollWidth, innerWidth: innerWidth})"
    )
    assert sizes["scrollWidth"] <= sizes["innerWidth"], sizes


def _open(page: Page, name: str, phone: bool) -> None:
    """A page from the main navigation (folded behind "Menu" on a phone)."""
    if phone:
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name=name, exact=True
    ).click()


@pytest.fixture
def people(live_server: LiveServer) -> dict[str, User]:
    region_load(data=parse_region_file(shipped_region_file("mvs")))
    help_form, _c = HelpForm.objects.get_or_create(
        region=None, code="ambulant-test", defaults={"name": "Ambulant (test)", "level": "basis"}
    )
    scala = Organisation.objects.get(code="scala")
    ProviderMapping.objects.create(agb_code=AGBS[0], old_name="Oud 1", organisation=scala)
    for code in PRODUCTS:
        ProductMapping.objects.create(productcode=code, help_form=help_form)
    admin = UserFactory(role=Role.FUNCTIONAL_ADMIN.value, first_name="Bea", last_name="Beheer")
    functional_admin_grant(user=admin)
    team = teams_covering_postcode("3112", date(2023, 1, 1), kind=TeamKind.WIJKTEAM).first()
    assert team is not None
    pro = UserFactory(role=Role.WIJKTEAM_PROFESSIONAL.value, first_name="Wim", last_name="Wijk")
    TeamMembershipFactory(user=pro, team=team, role_in_team=TeamRole.MEMBER)
    municipality = UserFactory(
        role=Role.MUNICIPALITY.value, municipality=Municipality.objects.get(code="GM0606")
    )
    for user in (admin, pro, municipality):
        totp_device(user)
    return {"admin": admin, "pro": pro, "municipality": municipality}


def _caseload() -> bytes:
    rows = []
    for i in range(8):
        row = good_row(i)
        row["postcode"], row["gemeentecode"] = "3112CD", "0606"
        rows.append(row)
    rows[2]["bsn"] = "123456789"  # row 4 fails the elfproef
    return caseload_csv(rows)


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1280", "390"])
def test_upload_map_import_worklist_and_figure(
    new_page: Callable[..., Page],
    viewport: ViewportSize,
    live_server: LiveServer,
    people: dict[str, User],
    log_in: LogIn,
    axe_check: AxeCheck,
    browser_errors: BrowserErrors,
    settings: Any,
) -> None:
    # Jobs wait in the queue (no immediate run) so the letters page shows a job in
    # progress; the test runs the real worker when it wants the job done.
    settings.JM_JOBS_IMMEDIATE = False
    phone = viewport["width"] < 600
    extra = {"is_mobile": True, "has_touch": True} if phone else {}

    # The functional admin: upload, dry run, map from the report, import the good rows.
    page = new_page(viewport, **extra)
    log_in(page, people["admin"])
    _open(page, "Overstap: inlezen", phone)
    expect(page.get_by_role("heading", level=1)).to_have_text("Lopende zorg inlezen")
    axe_check(page)
    page.get_by_role("button", name="Proefrun doen").click()  # no file: linked summary
    expect(page.get_by_role("link", name="Kies een bestand.")).to_be_visible()
    page.get_by_label("Bestand met lopende zorg").set_input_files(
        {"name": "lopend.csv", "mimeType": "text/csv", "buffer": _caseload()}
    )
    page.get_by_role("button", name="Proefrun doen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proefrun van lopend.csv")
    expect(page.get_by_text("Dit is geen geldig BSN", exact=False)).to_be_visible()
    assert not RunningClient.objects.exists()  # the dry run stored nothing
    axe_check(page)
    if phone:
        _fits(page)
    page.get_by_role("link", name=f"Aanbieder {AGBS[1]}").click()
    expect(page.get_by_label("AGB-code oude aanbieder")).to_have_value(AGBS[1])
    page.get_by_label("Nieuwe organisatie").select_option(index=1)
    page.get_by_role("button", name="Aanbieder koppelen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proefrun van lopend.csv")
    expect(page.get_by_role("heading", name="Te koppelen")).to_have_count(0)
    axe_check(page)
    page.get_by_label("Alleen de goede rijen inlezen").check()
    page.get_by_role("button", name="Inlezen", exact=True).click()
    expect(page.get_by_text("Ingelezen: 7 rijen uit lopend.csv")).to_be_visible()
    axe_check(page)
    assert RunningClient.objects.count() == 7

    # The wijkteam professional works the handover worklist.
    page = new_page(viewport, **extra)
    log_in(page, people["pro"])
    _open(page, "Overdracht", phone)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Overdrachtswerklijst")
    expect(page.locator('dd[data-count="unknown"]')).to_have_text("7")
    axe_check(page)
    if phone:
        _fits(page)
    page.locator("#worklist-caption").locator("..").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Overdracht van")
    page.get_by_label("afgesloten", exact=True).check()
    page.get_by_role("button", name="Status opslaan").click()  # no reason: summary
    expect(page.get_by_role("link", name="Reden van afsluiten: Vul dit in")).to_be_visible()
    axe_check(page)
    page.get_by_label("Reden van afsluiten").select_option("moved")
    page.get_by_label("Afgesloten op").fill("2023-02-01")
    page.get_by_role("button", name="Status opslaan").click()
    expect(page.get_by_text("De overdrachtsstatus is opgeslagen.")).to_be_visible()
    expect(page.locator('dd[data-count="unknown"]')).to_have_text("6")
    axe_check(page)

    # The municipality sees the continuity figure on the steering dashboard.
    page = new_page(viewport, **extra)
    log_in(page, people["municipality"])
    _open(page, "Sturingsinformatie", phone)
    expect(page.get_by_role("heading", name="Continuïteit bij de overstap")).to_be_visible()
    expect(
        page.locator('#tabel-overstap-municipality td[data-figure="switch_clients"]').last
    ).to_have_text(re.compile(r"^(5|6|7|8|9)$"))  # 7, perturbed by its cell key (0045)
    axe_check(page)

    # The functional admin has the letters made, follows the job and downloads the zip.
    page = new_page(viewport, **extra)
    log_in(page, people["admin"])
    _open(page, "Overstap: brieven", phone)
    expect(page.get_by_role("heading", level=1)).to_have_text("Brieven over de overstap")
    axe_check(page)
    page.get_by_role("button", name="Brieven maken voor alle gezinnen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Brieven over de overstap maken")
    progress = page.locator("#letters-progress")
    expect(progress).to_have_attribute("role", "status")
    expect(progress.locator("[data-job-state]")).to_have_attribute("data-job-state", "queued")
    expect(progress).to_contain_text("In de wachtrij")
    axe_check(page)
    if phone:
        _fits(page)
    assert Worker(worker_id="browser-test", in_test=True).run(until_idle=True) == 1
    families = (
        RunningClient.objects.exclude(status=HandoverStatus.CLOSED)
        .values("family_id")
        .distinct()
        .count()
    )
    assert families > 0
    # The page polls for the job's state and swaps in the finished run, without a reload.
    expect(progress.locator("[data-batch-state]")).to_have_attribute("data-batch-state", "done")
    expect(progress).to_contain_text(f"De brieven zijn gemaakt voor {families} gezinnen.")
    axe_check(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Alle brieven downloaden (zip)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".zip")
    path = download.path()
    assert path is not None
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        names = archive.namelist()
        assert len(names) == families
        assert all(name.endswith(".pdf") for name in names), names
        assert len(set(names)) == len(names)
        for name in names:
            assert archive.read(name).startswith(b"%PDF-"), name
    browser_errors.assert_no_csp_violations()
    browser_errors.assert_no_uncaught_errors()
