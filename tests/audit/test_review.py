"""The privacy officer's review of the access log: search by person concerned, user,
organisation, period and action (paged without counting the table, query count pinned),
export of a selection (itself logged) and the report of unusual access."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.audit.models import AccessAction, AccessLogEntry, AccessLogSubject
from jeugdmodel.audit.subjects import subject_resolver_register
from tests.conftest import verify_second_factor
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BSN = "111222333"
PERSON = 4242


def _bsn_resolver(text: str) -> list[int]:
    return [PERSON] if text == BSN else []


subject_resolver_register(_bsn_resolver)


def _row(**kw: object) -> AccessLogEntry:
    subjects = kw.pop("subjects", ())
    values: dict[str, object] = {
        "username": "sam",
        "role": "wijkteam_professional",
        "organisation": "Wijkteam Oost",
        "action": AccessAction.READ,
        "record_type": "case",
        "record_id": "c1",
        "event": "case.view",
    }
    values.update(kw)
    entry = AccessLogEntry.objects.create(**values)
    for s in subjects:  # type: ignore[attr-defined]
        AccessLogSubject.objects.create(entry=entry, subject_id=s)
    return entry


@pytest.fixture
def officer(client: Client) -> User:
    user = UserFactory(role=Role.PRIVACY_OFFICER.value)
    verify_second_factor(client, user)
    return user


def _found(client: Client, **params: str) -> list[str]:
    response = client.get("/toegangslog/", params)
    assert response.status_code == 200
    return [e.reason for e in response.context["page"].rows]


def test_search_by_person_user_organisation_action_and_period(
    client: Client, officer: User
) -> None:
    now = timezone.now()
    _row(reason="about-person", subjects=[PERSON])
    _row(reason="other-person", subjects=[99])
    _row(reason="by-kim", username="kim", organisation="Plusteam")
    _row(reason="an-export", action=AccessAction.EXPORT)
    _row(reason="long-ago", at=now - timedelta(days=400))

    assert _found(client, person=BSN) == ["about-person"]
    assert _found(client, person="99") == ["other-person"]
    assert _found(client, person="123456782") == []  # a BSN nobody has: nothing
    assert _found(client, username="kim") == ["by-kim"]
    assert _found(client, organisation="Plusteam") == ["by-kim"]
    assert "an-export" in _found(client, action="export")
    assert "an-export" not in _found(client, action="read")
    old = (now - timedelta(days=400)).date().isoformat()
    assert _found(client, date_from=old, date_to=old) == ["long-ago"]
    # Every search is itself logged, with its filter.
    review = AccessLogEntry.objects.filter(event="access_log.review", user_id=officer.pk)
    assert review.filter(details__username="kim").exists()


def test_bad_search_shows_a_linked_error_summary_and_keeps_the_input(
    client: Client, officer: User
) -> None:
    response = client.get(
        "/toegangslog/", {"person": "Jansen", "date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    body = response.content.decode()
    assert 'href="#id_person"' in body
    assert 'href="#id_date_to"' in body
    assert "Vul een BSN (9 cijfers) of een interne id in." in body
    assert 'value="Jansen"' in body
    assert response.context["page"] is None
    assert not AccessLogEntry.objects.filter(event="access_log.review").exists()


def _grow(n: int) -> None:
    for i in range(n):
        _row(reason=f"r{i}", subjects=[PERSON, i + 1000])


@pytest.mark.parametrize(
    "params", [{}, {"person": BSN}, {"username": "sam"}, {"organisation": "Wijkteam Oost"}]
)
def test_search_query_count_does_not_grow_and_never_counts_the_table(
    client: Client, officer: User, params: dict[str, str]
) -> None:
    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/toegangslog/", params).status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    _grow(3)
    small = queries()
    _grow(120)
    large = queries()
    assert len(large) == len(small)
    assert not [q for q in large if "COUNT(" in q.upper() and "access_log" in q.lower()]


def test_pages_without_a_count(client: Client, officer: User) -> None:
    _grow(60)
    first = client.get("/toegangslog/").context["page"]
    assert (len(first.rows), first.has_next, first.has_previous) == (50, True, False)
    second = client.get("/toegangslog/", {"pagina": "2"}).context["page"]
    assert second.has_previous
    assert len(second.rows) >= 10


def test_export_csv_and_excel_are_logged(client: Client, officer: User) -> None:
    _row(reason="=HYPERLINK()", subjects=[PERSON])
    _row(reason="not-this-one", username="kim")
    response = client.get("/toegangslog/export/", {"username": "sam", "formaat": "csv"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "tijdstip"
    assert [r[9] for r in rows[1:]] == ["'=HYPERLINK()"]  # no formula, one row
    logged = AccessLogEntry.objects.get(event="access_log.export")
    assert logged.action == AccessAction.EXPORT
    assert logged.details["username"] == "sam"
    assert logged.details["rows"] == 1

    xlsx = client.get("/toegangslog/export/", {"person": BSN, "formaat": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert [c.value for c in sheet[2]][8] == str(PERSON)
    assert AccessLogEntry.objects.filter(event="access_log.export").count() == 2

    bad = client.get("/toegangslog/export/", {"formaat": "pdf"})
    assert bad.status_code == 400
    assert AccessLogEntry.objects.filter(event="access_log.export").count() == 2


def test_unusual_access_report(client: Client, officer: User, settings: object) -> None:
    settings.JM_UNUSUAL_DISTINCT_CASES = 3  # type: ignore[attr-defined]
    settings.JM_UNUSUAL_NIGHT_READS = 2  # type: ignore[attr-defined]
    settings.JM_UNUSUAL_EXPORTS = 2  # type: ignore[attr-defined]
    settings.JM_UNUSUAL_EMERGENCY_ACCESSES = 1  # type: ignore[attr-defined]
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    noon = datetime.combine(today, datetime.min.time(), tzinfo=tz).replace(hour=12)
    night = noon.replace(hour=2)
    for i in range(4):
        _row(username="many", user_id=1, record_id=f"case-{i}", at=noon)
    _row(username="owl", user_id=2, at=night)
    _row(username="owl", user_id=2, at=night + timedelta(minutes=5))
    for _ in range(2):
        _row(username="exporter", user_id=3, action=AccessAction.EXPORT, at=noon)
    _row(
        username="glass",
        user_id=4,
        action=AccessAction.EMERGENCY,
        event="emergency.start",
        reason="crisis",
        at=noon,
    )
    _row(username="calm", user_id=5, at=noon)

    response = client.get("/toegangslog/ongewoon/")
    assert response.status_code == 200
    found = {u.username: u.signals for u in response.context["rows"]}
    assert found == {
        "many": ["many_cases"],
        "owl": ["night"],
        "exporter": ["exports"],
        "glass": ["outside_team"],
    }
    assert AccessLogEntry.objects.filter(event="access_log.unusual").exists()

    too_long = client.get(
        "/toegangslog/ongewoon/", {"date_from": "2026-01-01", "date_to": "2026-03-01"}
    )
    assert "Kies een periode van hoogstens 31 dagen." in too_long.content.decode()
    assert 'href="#id_date_from"' in too_long.content.decode()


def test_report_query_count_does_not_grow(
    client: Client, officer: User, django_assert_max_num_queries: Callable[..., object]
) -> None:
    for i in range(30):
        _row(username=f"u{i}", user_id=100 + i, at=timezone.now())
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get("/toegangslog/ongewoon/").status_code == 200
