"""The one service that writes the access log. Every page or API call that shows or changes
personal data calls `access_log_write`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import connection

from jeugdmodel.core.context import current_request_context

from .models import AccessAction, AccessLogEntry, AccessLogSubject

if TYPE_CHECKING:
    from jeugdmodel.accounts.models import User


def access_log_write(
    *,
    actor: User | None,
    action: AccessAction | str,
    record_type: str,
    record_id: object = "",
    subjects: Iterable[int] = (),
    reason: str = "",
    event: str = "",
    details: dict[str, Any] | None = None,
) -> AccessLogEntry:
    """Append one row. Request id and client address come from the request context."""
    action = AccessAction(action)
    if action == AccessAction.EMERGENCY and not reason.strip():
        raise ValueError("Noodtoegang vereist een reden.")
    ctx = current_request_context()
    organisation = ""
    if actor is not None and actor.organisation_id is not None:
        organisation = str(actor.organisation)
    elif actor is not None and actor.municipality_id is not None:
        organisation = str(actor.municipality)
    entry = AccessLogEntry.objects.create(
        user_id=actor.pk if actor is not None else None,
        username=actor.get_username() if actor is not None else "",
        role=actor.role if actor is not None else "",
        organisation=organisation,
        action=action.value,
        event=event,
        record_type=record_type,
        record_id=str(record_id),
        reason=reason,
        request_id=ctx.request_id if ctx else "",
        client_request_id=ctx.client_request_id if ctx else "",
        client_address=ctx.client_address if ctx else None,
        details=details or {},
    )
    subject_ids = sorted({int(s) for s in subjects})
    if subject_ids:
        _subjects_insert(entry.pk, subject_ids)
    return entry


def _subjects_insert(entry_id: int, subject_ids: list[int]) -> None:
    """One row per person. A bulk import names tens of thousands: written with one plain
    statement (PostgreSQL: one INSERT … SELECT unnest) instead of a model object each."""
    if len(subject_ids) < 50:
        AccessLogSubject.objects.bulk_create(
            [AccessLogSubject(entry_id=entry_id, subject_id=s) for s in subject_ids]
        )
        return
    table = connection.ops.quote_name(AccessLogSubject._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} (entry_id, subject_id) SELECT %s, unnest(%s::bigint[])",
                [entry_id, subject_ids],
            )
            return
        cursor.executemany(
            f"INSERT INTO {table} (entry_id, subject_id) VALUES (%s, %s)",  # noqa: S608  # nosec B608
            [(entry_id, s) for s in subject_ids],
        )
