"""The journal: contacts and time spent. A contact with the family is announced with
`cases.signals.family_contact_recorded`; the front door (intake) answers its own question
"when was the first contact?" from it, so the case does not need to know the front door."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.core.errors import DomainError

from ..models import (
    FAMILY_CONTACT_KINDS,
    MAX_CONTACT_MINUTES,
    Case,
    CaseStatus,
    ContactKind,
    JournalEntry,
)
from ..signals import family_contact_recorded
from .base import lock_case, log_case, require_on_case, require_open

MAX_NOTE = 10_000
MAX_WITH_WHOM = 200


@transaction.atomic
def journal_add(
    *,
    actor: User,
    case: Case,
    on: date,
    kind: str,
    duration_minutes: int,
    with_whom: str,
    note: str,
) -> JournalEntry:
    """Record one contact. A contact with the family (not a consultation) is the first
    contact of every request of the case still waiting for one, when the author may
    record that (the coordinator may); the case is then "in behandeling"."""
    require_on_case(actor, Perm.CASE_EDIT, case)
    lock_case(case)
    require_open(case)
    with_whom, note = with_whom.strip(), note.strip()
    problems: list[tuple[str, str]] = []
    today = timezone.localdate()
    if on > today:
        problems.append(("on", _("De datum van het contact ligt niet in de toekomst.")))
    elif on < case.opened_on:
        problems.append(
            (
                "on",
                _("De datum ligt niet voor de casus begon (%(on)s).")
                % {"on": case.opened_on.strftime("%d-%m-%Y")},
            )
        )
    if kind not in ContactKind.values:
        problems.append(("kind", _("Kies de soort contact.")))
    if not 1 <= duration_minutes <= MAX_CONTACT_MINUTES:
        problems.append(
            (
                "duration_minutes",
                _("De duur is 1 tot en met %(max)d minuten.") % {"max": MAX_CONTACT_MINUTES},
            )
        )
    if not with_whom:
        problems.append(("with_whom", _("Vul in met wie het contact was.")))
    elif len(with_whom) > MAX_WITH_WHOM:
        problems.append(("with_whom", _("Dit is te lang (meer dan 200 tekens).")))
    if not note:
        problems.append(("note", _("Schrijf kort op wat er is besproken.")))
    elif len(note) > MAX_NOTE:
        problems.append(("note", _("Het verslag is te lang (meer dan 10.000 tekens).")))
    if problems:
        raise DomainError(problems[0][1], field=problems[0][0], errors=problems)
    entry = JournalEntry.objects.create(
        case=case,
        on=on,
        kind=kind,
        duration_minutes=duration_minutes,
        with_whom=with_whom,
        note=note,
        author=actor,
    )
    if kind in FAMILY_CONTACT_KINDS:
        _first_contact(actor, case, on)
    log_case(
        actor,
        case,
        AccessAction.CREATE,
        "journal.add",
        record_type="journal",
        record_id=entry.public_id,
        details={"kind": kind, "minutes": duration_minutes},
    )
    return entry


def _first_contact(actor: User, case: Case, on: date) -> None:
    family_contact_recorded.send(sender=Case, actor=actor, case=case, on=on)
    if case.status == CaseStatus.REGISTERED:
        case.status = CaseStatus.ACTIVE
        case.save(update_fields=["status", "updated_at"])
