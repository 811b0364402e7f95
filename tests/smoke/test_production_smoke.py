"""The production setup answers as it should: probes and metrics over HTTP, the public
request form, and a municipality user who logs in (password and TOTP), asks for a council
report that the separate worker process builds, and downloads it; the functional admin
then sees the job among the succeeded background jobs. axe-core on every page."""

from __future__ import annotations

import io
import json
import os
import re
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import BrowserErrors, totp_code
from tests.smoke.conftest import SMOKE_URL

PASSWORD = "een-goed-wachtwoord-123"
AxeCheck = Callable[..., list[dict[str, Any]]]


def _get(path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(f"{SMOKE_URL}{path}", headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture(scope="module")
def world(django_db_blocker: Any) -> dict[str, Any]:
    """A municipality user and a functional admin (each with TOTP), and steering cells for
    the last quarter in Schiedam, written straight into the server's database."""
    from django.utils import timezone

    from jeugdmodel.accounts.roles import Role
    from jeugdmodel.accounts.services import functional_admin_grant
    from jeugdmodel.region.models import District, Municipality
    from jeugdmodel.steering.models import Cell
    from jeugdmodel.steering.selectors import default_period
    from jeugdmodel.steering.services import steering_rollup_rebuild
    from tests.factories import UserFactory, totp_device

    tag = uuid.uuid4().hex[:6]
    with django_db_blocker.unblock():
        schiedam = Municipality.objects.get(code="GM0606")
        muni = UserFactory(
            username=f"smoke-gemeente-{tag}", role=Role.MUNICIPALITY.value, municipality=schiedam
        )
        admin = UserFactory(username=f"smoke-beheer-{tag}", role=Role.FUNCTIONAL_ADMIN.value)
        functional_admin_grant(user=admin)
        for user in (muni, admin):
            totp_device(user)
        quarter = default_period("Q", timezone.localdate())
        if not Cell.objects.filter(period_kind="Q", period_start=quarter.start).exists():
            cells = []
            for district in District.objects.filter(municipality=schiedam):
                for measure, value in (("in_care", 40), ("in_care_basis", 31), ("requests", 12)):
                    cells.append(
                        Cell(
                            period_kind="Q",
                            period_start=quarter.start,
                            municipality=schiedam,
                            district=district,
                            team=None,
                            age_group=1,
                            sex="v",
                            measure=measure,
                            bucket=0,
                            value=value,
                        )
                    )
            Cell.objects.bulk_create(cells)
            steering_rollup_rebuild()
    return {"muni": muni, "admin": admin, "quarter": quarter}


def _log_in(page: Page, user: Any, django_db_blocker: Any) -> None:
    page.goto(f"{SMOKE_URL}/inloggen/")
    page.get_by_label("Gebruikersnaam", exact=True).fill(user.username)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page).to_have_url(re.compile(r"/inloggen/tweede-factor/"))
    with django_db_blocker.unblock():
        code = totp_code(user)
    page.get_by_label("Code uit uw authenticator-app").fill(code)
    page.get_by_role("button", name="Controleren", exact=True).click()
    expect(page).not_to_have_url(re.compile(r"/inloggen/"))


def test_probes_and_metrics() -> None:
    assert _get("/gezond") == (200, b'{"status": "ok"}')
    status, body = _get("/gereed")
    ready = json.loads(body)
    assert status == 200, ready
    assert ready["checks"] == {"database": "ok", "migrations": "ok", "jobs": "ok", "cache": "ok"}
    assert _get("/metrics")[0] == 404  # production: only with the token
    token = os.environ["JEUGDMODEL_METRICS_TOKEN"]
    status, body = _get("/metrics", {"Authorization": f"Bearer {token}"})
    assert status == 200
    assert b"jeugdmodel_jobs{" in body
    assert b"django_http_requests_total_by_view_transport_method_total" in body


def test_the_public_request_form(page: Page, axe_check: AxeCheck) -> None:
    page.goto(f"{SMOKE_URL}/aanmelden/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe_check(page)


def test_a_council_report_made_by_the_worker_and_seen_by_the_admin(
    page: Page,
    new_page: Callable[..., Page],
    world: dict[str, Any],
    django_db_blocker: Any,
    axe_check: AxeCheck,
    browser_errors: BrowserErrors,
) -> None:
    _log_in(page, world["muni"], django_db_blocker)
    page.goto(f"{SMOKE_URL}/sturing/raadsrapportage/")
    axe_check(page)
    page.get_by_label("Gemeente", exact=True).select_option(label="Schiedam")
    page.get_by_label("Kwartaal", exact=True).select_option(world["quarter"].code)
    page.get_by_role("button", name="Rapportage maken").click()
    # The separate worker process builds it; the page polls with htmx until it is done.
    expect(page.get_by_text("De rapportage is klaar.")).to_be_visible(timeout=60_000)
    axe_check(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^Download PDF")).click()
    pdf = PdfReader(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    assert "Schiedam" in "\n".join(p.extract_text() or "" for p in pdf.pages)

    admin_page = new_page()
    _log_in(admin_page, world["admin"], django_db_blocker)
    admin_page.get_by_role("link", name="Achtergrondtaken").first.click()
    admin_page.get_by_label("Status").select_option("succeeded")
    admin_page.get_by_role("button", name="Tonen").click()
    expect(admin_page.get_by_role("link", name="Raadsrapportage maken").first).to_be_visible()
    axe_check(admin_page)
    browser_errors.assert_no_csp_violations()
    browser_errors.assert_no_uncaught_errors()
