"""Consultations of the flexible network: ask, accept (join the case team for a period),
advise, close with an outcome.

The specialist joins; the coordinator stays. Accepting adds the specialist to the case team
(role flex_specialist) for a period: the case door (`case_get_for`) lets them in during that
period only. Writing in the consultation after the period has ended is refused with a
message that says so. Closing ends the period today unless the specialist stays."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm, Relation, require
from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.cases.models import Case, CaseTeamMember, CaseTeamRole
from jeugdmodel.core.errors import DomainError
from jeugdmodel.notifications.services import notify
from jeugdmodel.region.models import Team, TeamKind

from ..models import (
    Consultation,
    ConsultationOutcome,
    ConsultationStatus,
    ConsultationUrgency,
)
from ..selectors import consultation_relations
from ._common import log_write, require_on_case, require_open_case

#: How long a specialist joins the case team unless they choose otherwise.
DEFAULT_PERIOD = timedelta(weeks=6)
MAX_QUESTION = 5000
MAX_ADVICE = 10000
MAX_EXPERTISE_TAGS = 10
MAX_EXPERTISE_LENGTH = 60


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def _case_consultations_url(case: Case) -> str:
    return reverse("care:case_consultations", args=[case.public_id])


def _log(actor: User, consultation: Consultation, action: AccessAction, event: str) -> None:
    log_write(
        actor=actor,
        case=consultation.case,
        action=action,
        record_type="consultation",
        record_id=consultation.public_id,
        event=event,
        details={"status": consultation.status},
    )


def _require_answer(actor: User, consultation: Consultation) -> set[Relation]:
    relations = consultation_relations(user=actor, consultation=consultation)
    require(actor, Perm.CONSULTATION_ANSWER, relations)
    return relations


def _clean_expertise(tags: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    for tag in tags:
        text = " ".join(str(tag).split())[:MAX_EXPERTISE_LENGTH]
        if text and text.lower() not in {t.lower() for t in cleaned}:
            cleaned.append(text)
    return cleaned


@transaction.atomic
def consultation_ask(
    *,
    actor: User,
    case: Case,
    question: str,
    flex_team: Team,
    urgency: str = ConsultationUrgency.NORMAL,
    wanted_expertise: Iterable[str] = (),
) -> Consultation:
    """Ask the flexible network a question about a case (coordinator or case team)."""
    require_on_case(actor, Perm.CONSULTATION_ASK, case)
    require_open_case(case)
    question = question.strip()
    errors: list[tuple[str, str]] = []
    if not question:
        errors.append(("question", _("Schrijf de vraag aan het flexibel netwerk op.")))
    elif len(question) > MAX_QUESTION:
        errors.append(
            (
                "question",
                _("Schrijf de vraag in hoogstens %(n)d tekens.") % {"n": MAX_QUESTION},
            )
        )
    if urgency not in ConsultationUrgency.values:
        errors.append(("urgency", _("Kies een urgentie.")))
    if flex_team.kind != TeamKind.FLEX_NETWERK or flex_team.region_id != case.team.region_id:
        errors.append(
            ("flex_team", _("Kies een team van het flexibel netwerk in de regio van de casus."))
        )
    expertise = _clean_expertise(wanted_expertise)
    if len(expertise) > MAX_EXPERTISE_TAGS:
        errors.append(
            (
                "wanted_expertise",
                _("Noem hoogstens %(n)d soorten expertise.") % {"n": MAX_EXPERTISE_TAGS},
            )
        )
    if errors:
        raise DomainError(errors[0][1], field=errors[0][0], errors=errors)
    consultation = Consultation.objects.create(
        case=case,
        asked_by=actor,
        question=question,
        urgency=urgency,
        wanted_expertise=expertise,
        flex_team=flex_team,
        asked_at=timezone.now(),
    )
    _log(actor, consultation, AccessAction.CREATE, "consultation.ask")
    return consultation


@transaction.atomic
def consultation_accept(
    *,
    actor: User,
    consultation: Consultation,
    joined_from: date | None = None,
    joined_to: date | None = None,
) -> Consultation:
    """A specialist of the flex team takes the question and joins the case team from
    `joined_from` (today) up to and including `joined_to` (six weeks later)."""
    _require_answer(actor, consultation)
    # Two specialists may press "aannemen" at once: the row lock lets one of them win.
    current = Consultation.objects.select_for_update().values_list("status", flat=True)
    if current.get(pk=consultation.pk) != ConsultationStatus.OPEN:
        raise DomainError(_("Deze consultatie is al aangenomen."))
    case = consultation.case
    require_open_case(case)
    today = timezone.localdate()
    start = joined_from or today
    end = joined_to or start + DEFAULT_PERIOD
    if start < today:
        raise DomainError(
            _("De periode in het casusteam kan niet in het verleden beginnen."),
            field="joined_from",
        )
    if end < start:
        raise DomainError(_("De einddatum ligt voor de begindatum."), field="joined_to")
    membership = CaseTeamMember.objects.create(
        case=case,
        user=actor,
        role=CaseTeamRole.FLEX_SPECIALIST,
        valid_from=start,
        valid_to=end,
    )
    consultation.status = ConsultationStatus.ACCEPTED
    consultation.accepted_by = actor
    consultation.accepted_at = timezone.now()
    consultation.joined_from = start
    consultation.joined_to = end
    consultation.membership = membership
    consultation.save(
        update_fields=[
            "status",
            "accepted_by",
            "accepted_at",
            "joined_from",
            "joined_to",
            "membership",
        ]
    )
    _log(actor, consultation, AccessAction.UPDATE, "consultation.accept")
    notify(
        user=case.coordinator,
        message=_(
            "%(name)s (%(team)s) heeft uw consultatievraag aangenomen en zit van %(start)s tot "
            "en met %(end)s in het casusteam."
        )
        % {
            "name": _name(actor),
            "team": consultation.flex_team.name,
            "start": _day(start),
            "end": _day(end),
        },
        url=_case_consultations_url(case),
        email=False,
    )
    return consultation


def _require_in_period(consultation: Consultation, today: date) -> None:
    """The specialist writes only while in the case team for this consultation."""
    membership = consultation.membership
    if membership is None:
        raise DomainError(
            _("U zit niet (meer) in het casusteam: u kunt in deze consultatie niet schrijven.")
        )
    if membership.valid_from > today:
        raise DomainError(
            _("Uw periode in het casusteam begint op %(day)s; u kunt dan schrijven.")
            % {"day": _day(membership.valid_from)}
        )
    if membership.valid_to is not None and membership.valid_to < today:
        raise DomainError(
            _(
                "Uw periode in het casusteam liep tot en met %(day)s. U kunt in deze consultatie "
                "niet meer schrijven; de regiehouder kan een nieuwe consultatie vragen."
            )
            % {"day": _day(membership.valid_to)}
        )


@transaction.atomic
def consultation_advise(*, actor: User, consultation: Consultation, advice: str) -> Consultation:
    """The specialist who accepted the question records the advice, within their period."""
    _require_answer(actor, consultation)
    if consultation.accepted_by_id != actor.pk:
        raise DomainError(_("Alleen de specialist die de consultatie aannam, geeft het advies."))
    if consultation.status == ConsultationStatus.ADVISED:
        raise DomainError(_("Het advies is al gegeven."))
    if consultation.status != ConsultationStatus.ACCEPTED:
        raise DomainError(_("Deze consultatie is afgesloten."))
    _require_in_period(consultation, timezone.localdate())
    case = consultation.case
    require_open_case(case)
    advice = advice.strip()
    if not advice:
        raise DomainError(_("Schrijf het advies op."), field="advice")
    if len(advice) > MAX_ADVICE:
        raise DomainError(
            _("Schrijf het advies in hoogstens %(n)d tekens.") % {"n": MAX_ADVICE}, field="advice"
        )
    consultation.advice = advice
    consultation.advised_at = timezone.now()
    consultation.status = ConsultationStatus.ADVISED
    consultation.save(update_fields=["advice", "advised_at", "status"])
    _log(actor, consultation, AccessAction.UPDATE, "consultation.advise")
    notify(
        user=case.coordinator,
        message=_("%(name)s (%(team)s) heeft advies gegeven op uw consultatievraag.")
        % {"name": _name(actor), "team": consultation.flex_team.name},
        url=_case_consultations_url(case),
        email=False,
    )
    return consultation


@transaction.atomic
def consultation_close(
    *,
    actor: User,
    consultation: Consultation,
    outcome: str,
    note: str = "",
    stay: bool = False,
) -> Consultation:
    """Close an advised consultation with its outcome ("stays basis" feeds the figure of
    step-ups prevented by a consultation). The specialist's period in the case team ends
    today, unless they stay until the end of the agreed period. The specialist closes within
    their period; a lead of the flex team may close at any time."""
    relations = _require_answer(actor, consultation)
    is_specialist = consultation.accepted_by_id == actor.pk
    if not is_specialist and Relation.TEAM_LEAD not in relations:
        raise DomainError(
            _(
                "Alleen de specialist die de consultatie aannam of de teamleider van het "
                "flexibel netwerk sluit haar af."
            )
        )
    if consultation.status == ConsultationStatus.CLOSED:
        raise DomainError(_("Deze consultatie is al afgesloten."))
    if consultation.status != ConsultationStatus.ADVISED:
        raise DomainError(_("Leg eerst het advies vast."))
    today = timezone.localdate()
    if is_specialist:
        _require_in_period(consultation, today)
    if outcome not in ConsultationOutcome.values:
        raise DomainError(_("Kies de uitkomst van de consultatie."), field="outcome")
    membership = consultation.membership
    if not stay and membership is not None:
        _end_membership(membership, today)
        consultation.joined_from = membership.valid_from
        consultation.joined_to = membership.valid_to
    consultation.outcome = outcome
    consultation.outcome_note = note.strip()
    consultation.status = ConsultationStatus.CLOSED
    consultation.closed_at = timezone.now()
    consultation.save(
        update_fields=["outcome", "outcome_note", "status", "closed_at", "joined_from", "joined_to"]
    )
    _log(actor, consultation, AccessAction.UPDATE, "consultation.close")
    return consultation


def _end_membership(membership: CaseTeamMember, today: date) -> None:
    """The period ends today (it never started: it starts and ends today)."""
    if membership.valid_to is not None and membership.valid_to <= today:
        return
    membership.valid_from = min(membership.valid_from, today)
    membership.valid_to = today
    membership.save(update_fields=["valid_from", "valid_to"])
