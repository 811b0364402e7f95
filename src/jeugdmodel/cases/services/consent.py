"""Consent records (decision 0079): every consent given or withdrawn is a record of its
own. The newest record of a kind decides, so a withdrawal counts from the moment it is
recorded (the referrer's status view falls back to "ontvangen" at once).

Who consents follows the age rule of the front door (`families.consent`): under 12 the
parent with authority, 12 to 15 the parent and the youth together, from 16 the youth
alone. A consent given by the wrong people and a withdrawal by someone who did not give
the consent in force are refused: nothing is stored, and the attempt is a security event
in the access log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.core.errors import DomainError
from jeugdmodel.families.consent import consent_rule_message, consent_rule_satisfied

from ..models import Case, ConsentAction, ConsentKind, ConsentRecord
from ..selectors import consent_in_force
from .base import lock_case, log_case, require_on_case, require_open
from .plan import plan_children

MAX_NAME = 200
MAX_NOTE = 500
#: Kinds recorded on the consent page; agreement with the plan is given with the plan.
PAGE_KINDS = (
    ConsentKind.SHARE_STATUS,
    ConsentKind.SPECIALIST,
    ConsentKind.SCHOOL,
    ConsentKind.ADULT_SERVICES,
)


class ConsentRefused(DomainError):
    """A consent or withdrawal by people who may not give or withdraw it: a security event."""

    def __init__(self, message: object, *, field: str, why: str) -> None:
        super().__init__(message, field=field)
        self.why = why


def oldest_child_age(*, case: Case, on: date) -> int:
    """The age on `on` of the oldest child of the case's family (0 without children)."""
    return max((c.age_on(on) for c in plan_children(case=case, on=on)), default=0)


def consent_give(
    *,
    actor: User,
    case: Case,
    kind: str,
    by_parent: bool,
    by_youth: bool,
    on: date,
    name: str = "",
    note: str = "",
) -> ConsentRecord:
    """Record a consent for the case. Refused (and logged) when the age rule is not met."""
    return _logged(
        actor,
        case,
        kind,
        lambda: _record(
            actor=actor,
            case=case,
            kind=kind,
            action=ConsentAction.GIVEN,
            by_parent=by_parent,
            by_youth=by_youth,
            on=on,
            name=name,
            note=note,
        ),
    )


def consent_withdraw(
    *,
    actor: User,
    case: Case,
    kind: str,
    by_parent: bool,
    by_youth: bool,
    on: date,
    name: str = "",
    note: str = "",
) -> ConsentRecord:
    """Record a withdrawal. It takes effect at once. Refused (and logged) when there is no
    consent in force, or when the person withdrawing did not give it."""
    return _logged(
        actor,
        case,
        kind,
        lambda: _record(
            actor=actor,
            case=case,
            kind=kind,
            action=ConsentAction.WITHDRAWN,
            by_parent=by_parent,
            by_youth=by_youth,
            on=on,
            name=name,
            note=note,
        ),
    )


def _logged(
    actor: User, case: Case, kind: str, write: Callable[[], ConsentRecord]
) -> ConsentRecord:
    """Run the write; a refusal is logged after its transaction rolled back (so the row
    stays) and raised again."""
    try:
        return write()
    except ConsentRefused as exc:
        log_case(
            actor,
            case,
            AccessAction.REFUSED,
            "consent.refused",
            record_type="consent",
            details={"why": exc.why, "kind": str(kind)[:20]},
        )
        raise


@transaction.atomic
def _record(
    *,
    actor: User,
    case: Case,
    kind: str,
    action: ConsentAction,
    by_parent: bool,
    by_youth: bool,
    on: date,
    name: str,
    note: str,
) -> ConsentRecord:
    require_on_case(actor, Perm.CONSENT_RECORD, case)
    lock_case(case)
    require_open(case)
    name, note = name.strip(), note.strip()
    problems: list[tuple[str, str]] = []
    if kind not in PAGE_KINDS:
        problems.append(("kind", _("Kies waarvoor de toestemming is.")))
    if not (by_parent or by_youth):
        problems.append(("who", _("Kies wie de toestemming geeft of intrekt.")))
    if on > timezone.localdate():
        problems.append(("on", _("De datum ligt niet in de toekomst.")))
    if len(name) > MAX_NAME:
        problems.append(("name", _("Dit is te lang (meer dan %(n)d tekens).") % {"n": MAX_NAME}))
    if len(note) > MAX_NOTE:
        problems.append(("note", _("Dit is te lang (meer dan %(n)d tekens).") % {"n": MAX_NOTE}))
    if problems:
        raise DomainError(problems[0][1], field=problems[0][0], errors=problems)
    oldest = oldest_child_age(case=case, on=on)
    in_force = consent_in_force(case=case, kind=kind)
    if action == ConsentAction.GIVEN:
        if not consent_rule_satisfied(oldest_age=oldest, parent=by_parent, youth=by_youth):
            raise ConsentRefused(consent_rule_message(oldest), field="who", why="age_rule")
    else:
        if in_force is None:
            raise ConsentRefused(
                _("Er is nu geen toestemming voor ‘%(kind)s’: er valt niets in te trekken.")
                % {"kind": ConsentKind(kind).label},
                field="kind",
                why="nothing_in_force",
            )
        if (by_parent and not in_force.by_parent) or (by_youth and not in_force.by_youth):
            raise ConsentRefused(
                _(
                    "Alleen wie de toestemming gaf, kan die intrekken. De toestemming voor "
                    "‘%(kind)s’ is gegeven door: %(by)s."
                )
                % {"kind": ConsentKind(kind).label, "by": in_force.by_text},
                field="who",
                why="not_the_giver",
            )
    record = ConsentRecord.objects.create(
        kind=kind,
        action=action,
        case=case,
        by_parent=by_parent,
        by_youth=by_youth,
        oldest_age=oldest,
        given_by_name=name,
        on=on,
        note=note,
        recorded_by=actor,
    )
    log_case(
        actor,
        case,
        AccessAction.CREATE,
        f"consent.{'give' if action == ConsentAction.GIVEN else 'withdraw'}",
        record_type="consent",
        record_id=record.public_id,
        details={"kind": kind, "by_parent": by_parent, "by_youth": by_youth},
    )
    return record


def consent_record_for_request(
    *,
    request_key: UUID,
    by_parent: bool,
    by_youth: bool,
    on: date,
    oldest_age: int | None,
    actor: User | None,
) -> ConsentRecord:
    """The consent to share status given with a request (the front door checked the age
    rule and logs the request itself)."""
    return ConsentRecord.objects.create(
        kind=ConsentKind.SHARE_STATUS,
        action=ConsentAction.GIVEN,
        request_key=request_key,
        by_parent=by_parent,
        by_youth=by_youth,
        oldest_age=oldest_age,
        on=on,
        recorded_by=actor,
    )


def consent_attach_to_case(*, request_key: UUID, case: Case) -> int:
    """The request got a case: its consent records now count for that case too."""
    return ConsentRecord.objects.filter(request_key=request_key, case__isnull=True).update(
        case=case
    )
