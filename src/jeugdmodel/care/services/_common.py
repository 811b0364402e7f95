"""What the care services share: the case checks and the access-log row."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm, require
from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.cases.models import Case
from jeugdmodel.cases.selectors import case_relations
from jeugdmodel.core.errors import DomainError

from ..selectors import family_subjects


def require_on_case(actor: User, perm: Perm, case: Case) -> None:
    """Raise NotAllowed unless `actor` may (perm) on `case` today."""
    require(actor, perm, case_relations(user=actor, case=case))


def require_open_case(case: Case) -> None:
    if not case.is_open:
        raise DomainError(_("Deze casus is afgesloten: er kan niets meer worden gewijzigd."))


def log_write(
    *,
    actor: User,
    case: Case,
    action: AccessAction,
    record_type: str,
    record_id: object,
    event: str,
    details: dict[str, Any] | None = None,
) -> None:
    access_log_write(
        actor=actor,
        action=action,
        record_type=record_type,
        record_id=record_id,
        subjects=family_subjects(family_ids=[case.family_id]),
        event=event,
        details=details,
    )
