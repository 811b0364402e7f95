"""The access log refuses change: in the model, and in the database (trigger)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from jeugdmodel.audit.models import AccessAction, AccessLogEntry, AccessLogSubject, AppendOnlyError
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.core.context import RequestContext, reset_request_context, set_request_context
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _entry() -> AccessLogEntry:
    user = UserFactory()
    return access_log_write(
        actor=user,
        action=AccessAction.READ,
        record_type="case",
        record_id="abc",
        subjects=[7, 3, 7],
    )


def test_write_records_who_what_whom_and_where() -> None:
    token = set_request_context(
        RequestContext(request_id="req-12345678", client_address="127.0.0.9")
    )
    try:
        entry = _entry()
    finally:
        reset_request_context(token)
    entry.refresh_from_db()
    assert entry.username.startswith("user")
    assert entry.role == "wijkteam_professional"
    assert entry.action == "read"
    assert entry.request_id == "req-12345678"
    assert entry.client_address == "127.0.0.9"
    assert sorted(entry.subjects.values_list("subject_id", flat=True)) == [3, 7]


def test_emergency_access_needs_a_reason() -> None:
    with pytest.raises(ValueError, match="reden"):
        access_log_write(actor=UserFactory(), action=AccessAction.EMERGENCY, record_type="case")
    assert AccessLogEntry.objects.count() == 0


def test_model_refuses_update_and_delete() -> None:
    entry = _entry()
    entry.reason = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AccessLogSubject.objects.all().delete()
    entry.refresh_from_db()
    assert entry.reason == ""


def test_database_refuses_raw_update() -> None:
    entry = _entry()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_accesslogentry SET reason = 'x' WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.reason == ""
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_accesslogsubject SET subject_id = 1")
    assert sorted(entry.subjects.values_list("subject_id", flat=True)) == [3, 7]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="DELETE trigger is PostgreSQL-only")
def test_postgresql_trigger_refuses_raw_delete() -> None:
    entry = _entry()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accesslogentry WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accesslogsubject")
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()
    assert entry.subjects.count() == 2
