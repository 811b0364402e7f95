"""The front door listens to the case (docs/architecture.md: intake knows cases, not the
other way round)."""

from __future__ import annotations

from datetime import date
from typing import Any

from jeugdmodel.accounts.access import Perm, can
from jeugdmodel.accounts.models import User
from jeugdmodel.cases.models import Case

from .models import Request, RequestStatus
from .selectors import request_relations
from .services import request_record_first_contact

AWAITING_CONTACT = (RequestStatus.ASSIGNED, RequestStatus.JOINED_CASE)


def record_first_contact(*, actor: User, case: Case, on: date, **_: Any) -> None:
    """A contact with the family is the first contact of every request of the case still
    waiting for one that came in before it, when the author may record that (the
    coordinator may). Runs inside the journal entry's transaction."""
    waiting = Request.objects.filter(
        case=case, status__in=AWAITING_CONTACT, first_contact_on__isnull=True
    ).select_related("case")
    for request in waiting:
        if request.received_on > on:
            continue  # this question came in after the contact
        if not can(actor, Perm.REQUEST_PROGRESS, request_relations(user=actor, request=request)):
            continue
        request_record_first_contact(actor=actor, request=request, on=on)
