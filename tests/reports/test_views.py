"""The council report pages through HTTP: start, progress (htmx polling), retry,
download with its access-log row, and "not found" for everyone else."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.audit.models import AccessAction, AccessLogEntry
from jeugdmodel.reports.models import CouncilReport, ReportStatus
from jeugdmodel.steering.selectors import default_period
from tests.conftest import verify_second_factor
from tests.factories import MunicipalityFactory, RegionFactory, TeamMembershipFactory, UserFactory
from tests.reports.conftest import QUARTER, Place

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]
LIST = "/sturing/raadsrapportage/"
START = "/sturing/raadsrapportage/maken/"


def logged_in(client: Client, user: User) -> Client:
    verify_second_factor(client, user)
    return client


def start(client: Client, capture: Capture, place: Place, period: str = QUARTER) -> Any:
    with capture(execute=True):
        return client.post(START, {"municipality": place.municipality.id, "period": period})


def test_start_builds_and_the_progress_page_offers_both_files(
    client: Client, cells: Place, muni_user: User, django_capture_on_commit_callbacks: Capture
) -> None:
    logged_in(client, muni_user)
    page = client.get(LIST)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'action="/sturing/raadsrapportage/maken/"' in body
    assert f'<option value="{cells.municipality.id}" selected>Rapportstad</option>' in body
    assert "U heeft nog geen rapportages gemaakt." in body
    last_complete = default_period("Q")
    assert f'<option value="{last_complete.code}" selected>{last_complete.label}</option>' in body

    response = start(client, django_capture_on_commit_callbacks, cells)
    report = CouncilReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:progress", args=[report.public_id])
    assert report.status == ReportStatus.DONE

    progress = client.get(response["Location"])
    body = progress.content.decode()
    assert progress.status_code == 200
    assert "Raadsrapportage Rapportstad, 3e kwartaal 2025" in body
    assert "De rapportage is klaar." in body
    assert f"/sturing/raadsrapportage/{report.public_id}/pdf/" in body
    assert f"/sturing/raadsrapportage/{report.public_id}/odt/" in body
    assert "hx-trigger" not in body  # finished: no polling

    listing = client.get(LIST).content.decode()
    assert "Rapportstad, 3e kwartaal 2025" in listing
    assert '<td class="utrecht-table__cell">klaar</td>' in listing


def test_a_wrong_quarter_is_shown_at_the_field_and_nothing_is_made(
    client: Client, cells: Place, muni_user: User, django_capture_on_commit_callbacks: Capture
) -> None:
    logged_in(client, muni_user)
    response = start(client, django_capture_on_commit_callbacks, cells, period="2025-Q7")
    assert response.status_code == 400
    assert "Onbekend kwartaal 2025-Q7: gebruik bijvoorbeeld 2025-Q3." in response.content.decode()
    assert not CouncilReport.objects.exists()


def test_the_progress_page_polls_while_the_report_is_made(
    client: Client, cells: Place, muni_user: User
) -> None:
    report = CouncilReport.objects.create(
        requested_by=muni_user,
        municipality=cells.municipality,
        period=QUARTER,
        status=ReportStatus.RUNNING,
        step="pdf",
        progress=72,
    )
    logged_in(client, muni_user)
    url = reverse("reports:progress", args=[report.public_id])
    body = client.get(url).content.decode()
    assert f'hx-get="{url}" hx-trigger="every 1s"' in body
    assert (
        '<progress id="report-bar" max="100" value="72" aria-valuemin="0" aria-valuemax="100" '
        'aria-valuenow="72" aria-valuetext="72%: PDF opmaken">72%</progress>'
    ) in body
    assert "72% klaar: PDF opmaken." in body
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in body

    poll = client.get(url, headers={"HX-Request": "true"})
    assert poll.status_code == 200  # keep polling
    assert "<html" not in poll.content.decode()
    assert 'value="72"' in poll.content.decode()

    CouncilReport.objects.filter(id=report.id).update(
        status=ReportStatus.FAILED, message="Voor 3e kwartaal 2025 zijn nog geen cijfers."
    )
    done = client.get(url, headers={"HX-Request": "true"})
    assert done.status_code == 286  # htmx stops polling, and shows this answer
    text = done.content.decode()
    assert "Voor 3e kwartaal 2025 zijn nog geen cijfers." in text
    assert reverse("reports:retry", args=[report.public_id]) in text


def test_retry_builds_a_failed_report_again(
    client: Client, cells: Place, muni_user: User, django_capture_on_commit_callbacks: Capture
) -> None:
    report = CouncilReport.objects.create(
        requested_by=muni_user,
        municipality=cells.municipality,
        period=QUARTER,
        status=ReportStatus.FAILED,
        message="onderbroken",
    )
    logged_in(client, muni_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:retry", args=[report.public_id]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    again = client.post(reverse("reports:retry", args=[report.public_id]), follow=True)
    assert (
        "Alleen een mislukte of verlopen rapportage kan opnieuw worden gemaakt."
        in again.content.decode()
    )


@pytest.mark.parametrize(
    ("kind", "content_type", "magic"),
    [
        ("pdf", "application/pdf", b"%PDF-"),
        ("odt", "application/vnd.oasis.opendocument.text", b"PK"),
    ],
)
def test_download_is_logged_as_an_export(
    client: Client,
    cells: Place,
    muni_user: User,
    django_capture_on_commit_callbacks: Capture,
    kind: str,
    content_type: str,
    magic: bytes,
) -> None:
    logged_in(client, muni_user)
    start(client, django_capture_on_commit_callbacks, cells)
    report = CouncilReport.objects.get()
    response = client.get(reverse("reports:download", args=[report.public_id, kind]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Cache-Control"] == "private, no-store"
    assert (
        f'filename="raadsrapportage-jeugdhulp-rapportstad-2025-Q3.{kind}"'
        in response["Content-Disposition"]
    )
    assert b"".join(response.streaming_content).startswith(magic)  # type: ignore[attr-defined]
    entry = AccessLogEntry.objects.get(event="council_report.download")
    assert entry.action == AccessAction.EXPORT
    assert entry.user_id == muni_user.id
    assert entry.record_type == "council_report"
    assert entry.record_id == str(report.public_id)
    assert entry.details == {"format": kind, "municipality": "GM0999", "period": "2025-Q3"}


def test_unknown_format_and_unfinished_reports_are_not_found(
    client: Client, cells: Place, muni_user: User
) -> None:
    report = CouncilReport.objects.create(
        requested_by=muni_user, municipality=cells.municipality, period=QUARTER
    )
    logged_in(client, muni_user)
    for kind in ("pdf", "odt", "docx"):
        url = reverse("reports:download", args=[report.public_id, kind])
        assert client.get(url).status_code == 404
    assert not AccessLogEntry.objects.filter(event="council_report.download").exists()


def _others(place: Place) -> list[User]:
    """Everyone who may not see the report: every other role, another municipality user
    of the same region and one of another region."""
    users: list[User] = []
    for role in Role:
        if role == Role.MUNICIPALITY:
            continue
        user: User = UserFactory(role=role.value)
        if role == Role.TEAM_LEAD:
            TeamMembershipFactory(user=user)
        users.append(user)
    users.append(UserFactory(role=Role.MUNICIPALITY.value, municipality=place.other))
    elsewhere = MunicipalityFactory(region=RegionFactory(code="elders", name="Elders"))
    users.append(UserFactory(role=Role.MUNICIPALITY.value, municipality=elsewhere))
    return users


def test_nobody_else_reaches_a_report(
    client: Client, cells: Place, muni_user: User, django_capture_on_commit_callbacks: Capture
) -> None:
    logged_in(client, muni_user)
    start(client, django_capture_on_commit_callbacks, cells)
    report = CouncilReport.objects.get()
    CouncilReport.objects.filter(id=report.id).update(status=ReportStatus.DONE)
    gets = [
        reverse("reports:progress", args=[report.public_id]),
        reverse("reports:download", args=[report.public_id, "pdf"]),
        reverse("reports:download", args=[report.public_id, "odt"]),
    ]
    posts = [reverse("reports:retry", args=[report.public_id])]
    for user in _others(cells):
        other = Client()
        logged_in(other, user)
        for url in gets:
            assert other.get(url).status_code == 404, (user.role, url)
        for url in posts:
            assert other.post(url).status_code == 404, (user.role, url)
        if user.role != Role.MUNICIPALITY:
            assert other.get(LIST).status_code == 404
            post = other.post(START, {"municipality": cells.municipality.id, "period": QUARTER})
            assert post.status_code == 404
        else:
            assert "Rapportstad, 3e kwartaal 2025" not in other.get(LIST).content.decode()
    assert CouncilReport.objects.count() == 1
    assert not AccessLogEntry.objects.filter(event="council_report.download").exists()


def _make_reports(user: User, place: Place, n: int) -> None:
    for _i in range(n):
        CouncilReport.objects.create(
            requested_by=user, municipality=place.municipality, period=QUARTER
        )


def test_the_list_runs_the_same_number_of_queries_for_1_and_20_reports(
    client: Client, place: Place, muni_user: User, django_assert_num_queries: Any
) -> None:
    logged_in(client, muni_user)
    _make_reports(muni_user, place, 1)
    client.get(LIST)  # warm up (session, OTP device)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(LIST).status_code == 200
    _make_reports(muni_user, place, 19)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(LIST)
    assert response.content.decode().count("3e kwartaal 2025</a>") == 20


def test_an_expired_report_says_so_and_can_be_made_again(
    client: Client, cells: Place, muni_user: User, django_capture_on_commit_callbacks: Capture
) -> None:
    from jeugdmodel.reports.services import reports_files_expire

    logged_in(client, muni_user)
    start(client, django_capture_on_commit_callbacks, cells)
    report = CouncilReport.objects.get()
    assert reports_files_expire(keep_days=0, now=report.finished_at + timedelta(seconds=1)) == 2
    url = reverse("reports:progress", args=[report.public_id])
    body = client.get(url).content.decode()
    assert "ouder waren dan de bewaartermijn" in body
    assert (
        client.get(reverse("reports:download", args=[report.public_id, "pdf"])).status_code == 404
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:retry", args=[report.public_id]))
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
