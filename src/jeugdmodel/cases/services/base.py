"""What every write on a case shares: the access check, the closed-case rule, the row
lock and the access-log row."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm, require
from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.core.errors import DomainError

from ..models import Case, CaseStatus
from ..selectors import case_relations


class CaseClosed(DomainError):
    """An edit of a closed case."""


def require_on_case(actor: User, perm: Perm, case: Case) -> None:
    """Raise NotAllowed unless `actor` may do `perm` on `case` today."""
    require(actor, perm, case_relations(user=actor, case=case))


def lock_case(case: Case) -> Case:
    """Lock the case row for this transaction (PostgreSQL; SQLite writes one at a time) and
    refresh what the rules read, so two people cannot act on a stale status."""
    fresh = (
        Case.objects.select_for_update()
        .only("status", "closed_on", "closing_reason", "coordinator_id", "is_repeat")
        .get(pk=case.pk)
    )
    case.status = fresh.status
    case.closed_on = fresh.closed_on
    case.closing_reason = fresh.closing_reason
    case.coordinator_id = fresh.coordinator_id
    case.is_repeat = fresh.is_repeat
    return case


def require_open(case: Case) -> None:
    if case.status == CaseStatus.CLOSED:
        raise CaseClosed(
            _(
                "Deze casus is afgesloten en kan niet meer worden gewijzigd. Heropen de "
                "casus eerst (dat kan tot 12 maanden na het afsluiten)."
            )
        )


def log_case(
    actor: User,
    case: Case,
    action: AccessAction,
    event: str,
    *,
    record_type: str = "case",
    record_id: object = None,
    details: dict[str, Any] | None = None,
) -> None:
    access_log_write(
        actor=actor,
        action=action,
        record_type=record_type,
        record_id=record_id if record_id is not None else case.public_id,
        subjects=case.family.members.values_list("person_id", flat=True),
        event=event,
        details={"case": str(case.public_id), **(details or {})},
    )
