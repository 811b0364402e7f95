"""Emergency access (break the glass, decision 0077): a professional outside the case team
opens a case for a limited time after giving a reason and an explanation; the privacy
officer and the coordinator are told, and the privacy officer reviews it afterwards."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm, Relation, can, require
from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.core.errors import DomainError
from jeugdmodel.core.text import normalise_digits
from jeugdmodel.notifications.services import notify

from ..models import Case, CaseStatus, EmergencyAccess, EmergencyReason, EmergencyReview
from ..selectors import case_relations, emergency_access_active

#: The explanation says in a few words why; fewer characters than this is no explanation.
MIN_EXPLANATION = 10
MAX_EXPLANATION = 1000
MAX_NOTE = 2000


class EmergencyRefused(DomainError):
    """An emergency access that was asked and refused: a security event (logged)."""


def emergency_duration() -> timedelta:
    return timedelta(hours=settings.JM_EMERGENCY_ACCESS_HOURS)


def _refuse(*, actor: User, message: str, field: str, why: str, reason_code: str) -> None:
    """Log the refused attempt (a security event) and raise. The caller's transaction, if
    any, must not roll the row back: this runs before anything is written."""
    access_log_write(
        actor=actor,
        action=AccessAction.REFUSED,
        record_type="case",
        event="emergency.refused",
        details={"why": why, "reason": reason_code},
    )
    raise EmergencyRefused(message, field=field)


def _case_by_bsn(bsn: str) -> Case | None:
    """The case of the family this person belongs to: an open one first, then the newest."""
    cases = Case.objects.select_related("family", "team", "coordinator").filter(
        family__members__person__bsn=bsn
    )
    open_case = cases.exclude(status=CaseStatus.CLOSED).order_by("-opened_on", "-id").first()
    return open_case or cases.order_by("-opened_on", "-id").first()


def emergency_access_start(
    *, actor: User, bsn: str, reason: str, explanation: str
) -> tuple[Case, EmergencyAccess | None]:
    """Open the case of the person with `bsn` for `actor` for a limited time. Returns the
    case and the new (or still running) emergency access; `None` when the actor may open
    the case already (nothing is granted then). Refusals are logged as security events."""
    require(actor, Perm.CASE_EMERGENCY)
    explanation = (explanation or "").strip()
    bsn = normalise_digits(bsn or "").strip()
    if reason not in EmergencyReason.values:
        _refuse(
            actor=actor,
            message=_("Kies een reden voor de noodtoegang."),
            field="reason",
            why="no_reason",
            reason_code=str(reason)[:20],
        )
    if not explanation:
        _refuse(
            actor=actor,
            message=_(
                "Schrijf kort waarom u deze casus in nood moet openen. Zonder toelichting "
                "krijgt u geen toegang."
            ),
            field="explanation",
            why="empty_explanation",
            reason_code=reason,
        )
    if len(explanation) < MIN_EXPLANATION:
        _refuse(
            actor=actor,
            message=_(
                "De toelichting is te kort: schrijf in minstens %(n)d tekens waarom u deze "
                "casus in nood moet openen."
            )
            % {"n": MIN_EXPLANATION},
            field="explanation",
            why="short_explanation",
            reason_code=reason,
        )
    if len(explanation) > MAX_EXPLANATION:
        raise DomainError(
            _("De toelichting is te lang (hoogstens %(n)d tekens).") % {"n": MAX_EXPLANATION},
            field="explanation",
        )
    case = _case_by_bsn(bsn) if bsn else None
    if case is None:
        _refuse(
            actor=actor,
            message=_("Bij dit BSN is geen casus gevonden. Controleer het nummer."),
            field="bsn",
            why="no_case",
            reason_code=reason,
        )
        raise AssertionError  # pragma: no cover (_refuse raises)
    if can(actor, Perm.CASE_VIEW, case_relations(user=actor, case=case) - {Relation.EMERGENCY}):
        return case, None
    return case, _grant(actor=actor, case=case, reason=reason, explanation=explanation)


@transaction.atomic
def _grant(*, actor: User, case: Case, reason: str, explanation: str) -> EmergencyAccess:
    running = emergency_access_active(user=actor, case=case)
    if running is not None:
        return running
    now = timezone.now()
    access = EmergencyAccess.objects.create(
        case=case,
        user=actor,
        reason=reason,
        explanation=explanation,
        starts_at=now,
        ends_at=now + emergency_duration(),
    )
    access_log_write(
        actor=actor,
        action=AccessAction.EMERGENCY,
        record_type="case",
        record_id=case.public_id,
        subjects=case.family.members.values_list("person_id", flat=True),
        event="emergency.start",
        reason=explanation,
        details={
            "emergency_access": str(access.public_id),
            "emergency_reason": reason,
            "until": access.ends_at.isoformat(),
        },
    )
    who = actor.get_full_name() or actor.get_username()
    # No personal data of the family in the message (it may go by e-mail): the team and who.
    message = _("Noodtoegang tot een casus van %(team)s door %(who)s (%(reason)s).") % {
        "team": case.team.name,
        "who": who,
        "reason": EmergencyReason(reason).label,
    }
    for officer in User.objects.filter(role=Role.PRIVACY_OFFICER, is_active=True):
        notify(user=officer, message=message, url=reverse("emergency:queue"))
    if case.coordinator_id != actor.pk and case.coordinator.is_active:
        notify(
            user=case.coordinator,
            message=message,
            url=reverse("cases:detail", args=[case.public_id]),
        )
    return access


@transaction.atomic
def emergency_access_review(
    *, actor: User, access: EmergencyAccess, decision: str, note: str = ""
) -> EmergencyAccess:
    """Approve an emergency access, or flag it with a note for an investigation. Logged."""
    require(actor, Perm.EMERGENCY_REVIEW)
    note = (note or "").strip()
    if decision not in (EmergencyReview.APPROVED, EmergencyReview.FLAGGED):
        raise DomainError(_("Kies goedkeuren of markeren."), field="decision")
    if decision == EmergencyReview.FLAGGED and not note:
        raise DomainError(
            _("Schrijf bij het markeren een notitie: wat moet worden uitgezocht?"), field="note"
        )
    if len(note) > MAX_NOTE:
        raise DomainError(
            _("De notitie is te lang (hoogstens %(n)d tekens).") % {"n": MAX_NOTE}, field="note"
        )
    access = EmergencyAccess.objects.select_for_update().get(pk=access.pk)
    if access.review != EmergencyReview.OPEN:
        raise DomainError(_("Deze noodtoegang is al beoordeeld."), field="decision")
    access.review = decision
    access.review_note = note
    access.reviewed_by = actor
    access.reviewed_at = timezone.now()
    access.full_clean()
    access.save(update_fields=["review", "review_note", "reviewed_by", "reviewed_at"])
    access_log_write(
        actor=actor,
        action=AccessAction.UPDATE,
        record_type="emergency_access",
        record_id=access.public_id,
        event=f"emergency.{'approve' if decision == EmergencyReview.APPROVED else 'flag'}",
        reason=note,
        details={"case": str(access.case.public_id), "user": access.user.get_username()},
    )
    return access
