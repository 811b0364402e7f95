"""Care pages: a case's trajectories with start, end, step up and step down; a case's
consultations with the question form; and the flexible network's queue, consultation hour
and one consultation with accept, advise and close.

Case pages read their case through `case_get_for`; consultation pages through
`consultation_get_for`. Each POST calls one service; a DomainError is shown on the page at
the field it names (status 400) and nothing changes. Not allowed and not found are the
same 404."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jeugdmodel.accounts.access import Perm, Relation, can
from jeugdmodel.accounts.decorators import access_required
from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.cases.models import Case
from jeugdmodel.cases.selectors import case_get_for, case_relations
from jeugdmodel.core.views import paginate, run_form_action
from jeugdmodel.families.models import Person
from jeugdmodel.region.models import CareLevel, HelpForm, Organisation, Team
from jeugdmodel.region.selectors import help_forms_for_region

from .forms import (
    ConsultationAcceptForm,
    ConsultationAdviseForm,
    ConsultationAskForm,
    ConsultationCloseForm,
    DomainErrorForm,
    LevelChangeForm,
    TrajectoryEndForm,
    TrajectoryStartForm,
    stay_value,
)
from .models import Consultation, ConsultationStatus, Trajectory
from .selectors import (
    care_organisations,
    children_of_case,
    consultation_get_for,
    consultation_relations,
    consultations_consultation_hour_for,
    consultations_of_case,
    consultations_queue_for,
    family_subjects,
    flex_expertise,
    flex_teams_for_case,
    level_changes_of_case,
    region_teams,
    trajectories_of_case,
)
from .services import (
    consultation_accept,
    consultation_advise,
    consultation_ask,
    consultation_close,
    trajectory_end,
    trajectory_start,
    trajectory_step_down,
    trajectory_step_up,
)

QUEUE_PAGE_SIZE = 50
#: Relations through which a role may hold a case page or a consultation at all.
CASE_RELATIONS = [Relation.COORDINATOR, Relation.CASE_TEAM, Relation.TEAM_LEAD]
ANSWER_RELATIONS = [Relation.TEAM_MEMBER, Relation.ASSIGNED, Relation.TEAM_LEAD]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


# -- trajectories --------------------------------------------------------------------------


@dataclass(frozen=True)
class _CaseChoices:
    """Everything the trajectory forms offer, read once per page."""

    children: list[Person]
    help_forms: list[HelpForm]
    organisations: list[Organisation]
    teams: list[Team]
    trajectories: list[Trajectory]

    @classmethod
    def of(cls, case: Case) -> _CaseChoices:
        region_id = case.team.region_id
        return cls(
            children=list(children_of_case(case=case)),
            help_forms=list(help_forms_for_region(region_id=region_id)),
            organisations=list(care_organisations(region_id=region_id)),
            teams=list(region_teams(region_id=region_id)),
            trajectories=list(trajectories_of_case(case=case)),
        )

    def forms_of(self, level: CareLevel) -> list[HelpForm]:
        return [h for h in self.help_forms if h.level == level]

    def running(self, level: CareLevel | None = None) -> list[Trajectory]:
        return [
            t for t in self.trajectories if t.is_running and (level is None or t.level == level)
        ]

    def start_form(self, data: Any = None) -> TrajectoryStartForm:
        return TrajectoryStartForm(
            data,
            prefix="start",
            children=self.children,
            help_forms=self.help_forms,
            organisations=self.organisations,
            teams=self.teams,
        )

    def end_form(self, data: Any = None) -> TrajectoryEndForm:
        return TrajectoryEndForm(data, prefix="end", running=self.running())

    def step_form(self, data: Any = None, *, up: bool) -> LevelChangeForm:
        target, source = (
            (CareLevel.SPECIALIST, CareLevel.BASIS)
            if up
            else (CareLevel.BASIS, CareLevel.SPECIALIST)
        )
        return LevelChangeForm(
            data,
            prefix="up" if up else "down",
            children=self.children,
            help_forms=self.forms_of(target),
            running=self.running(source),
            organisations=self.organisations,
            teams=self.teams,
        )


def _trajectories_page(
    request: HttpRequest,
    case: Case,
    *,
    status: int = 200,
    choices: _CaseChoices | None = None,
    **sent: DomainErrorForm,
) -> HttpResponse:
    user = _user(request)
    choices = choices or _CaseChoices.of(case)
    may_edit = case.is_open and can(user, Perm.CASE_EDIT, case_relations(user=user, case=case))
    context: dict[str, Any] = {
        "case": case,
        "trajectories": choices.trajectories,
        "level_changes": list(level_changes_of_case(case=case)),
        "running_basis": len(choices.running(CareLevel.BASIS)),
        "running_specialist": len(choices.running(CareLevel.SPECIALIST)),
        "may_edit": may_edit,
        "error_form": next(iter(sent.values()), None),
    }
    if may_edit:
        context["start_form"] = sent.get("start") or choices.start_form()
        context["end_form"] = sent.get("end") or choices.end_form()
        context["up_form"] = sent.get("up") or choices.step_form(up=True)
        context["down_form"] = sent.get("down") or choices.step_form(up=False)
        context["has_running"] = bool(choices.running())
    return render(request, "care/trajectories.html", context, status=status)


@access_required(Perm.CASE_VIEW, relations=CASE_RELATIONS)
def trajectories(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for(user=_user(request), public_id=case_id, purpose="trajecten inzien")
    return _trajectories_page(request, case)


def _edit_case(request: HttpRequest, case_id: UUID, purpose: str) -> Case:
    return case_get_for(
        user=_user(request), public_id=case_id, perm=Perm.CASE_EDIT, purpose=purpose
    )


def _trajectory_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "organisation": data["organisation"],
        "team": data["team"],
        "intensity": data["intensity"],
        "with_stay": stay_value(data["with_stay"]),
    }


@access_required(Perm.CASE_EDIT, relations=CASE_RELATIONS)
@require_POST
def trajectory_start_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = _user(request)
    case = _edit_case(request, case_id, "traject starten")
    choices = _CaseChoices.of(case)
    form = choices.start_form(request.POST)
    done = run_form_action(
        form,
        lambda data: trajectory_start(
            actor=user,
            case=case,
            child=data["child"],
            help_form=data["help_form"],
            start_date=data["start_date"],
            crisis_start=data["crisis_start"],
            specialist_reason=data["specialist_reason"],
            **_trajectory_fields(data),
        ),
    )
    if not done:
        return _trajectories_page(request, case, status=400, choices=choices, start=form)
    messages.success(request, _("Het traject is gestart."))
    return redirect("care:trajectories", case_id=case.public_id)


@access_required(Perm.CASE_EDIT, relations=CASE_RELATIONS)
@require_POST
def trajectory_end_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = _user(request)
    case = _edit_case(request, case_id, "traject beëindigen")
    choices = _CaseChoices.of(case)
    form = choices.end_form(request.POST)
    done = run_form_action(
        form,
        lambda data: trajectory_end(
            actor=user,
            case=case,
            trajectory=data["trajectory"],
            end_date=data["end_date"],
            end_reason=data["end_reason"],
            end_subreason=data["end_subreason"],
        ),
    )
    if not done:
        return _trajectories_page(request, case, status=400, choices=choices, end=form)
    messages.success(request, _("Het traject is beëindigd."))
    return redirect("care:trajectories", case_id=case.public_id)


def _level_change_view(request: HttpRequest, case_id: UUID, *, up: bool) -> HttpResponse:
    user = _user(request)
    case = _edit_case(request, case_id, "opschalen" if up else "afschalen")
    choices = _CaseChoices.of(case)
    form = choices.step_form(request.POST, up=up)
    service = trajectory_step_up if up else trajectory_step_down
    done = run_form_action(
        form,
        lambda data: service(
            actor=user,
            case=case,
            child=data["child"],
            help_form=data["help_form"],
            on=data["on"],
            reason=data["reason"],
            from_trajectory=data["from_trajectory"],
            end_from=data["end_from"],
            **_trajectory_fields(data),
        ),
    )
    if not done:
        sent = {"up" if up else "down": form}
        return _trajectories_page(request, case, status=400, choices=choices, **sent)
    messages.success(
        request,
        _("Opschalen is vastgelegd en het specialistische traject is gestart.")
        if up
        else _("Afschalen is vastgelegd en het basistraject is gestart."),
    )
    return redirect("care:trajectories", case_id=case.public_id)


@access_required(Perm.CASE_EDIT, relations=CASE_RELATIONS)
@require_POST
def step_up(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return _level_change_view(request, case_id, up=True)


@access_required(Perm.CASE_EDIT, relations=CASE_RELATIONS)
@require_POST
def step_down(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return _level_change_view(request, case_id, up=False)


# -- a case's consultations ----------------------------------------------------------------


def _ask_form(case: Case, data: Any = None) -> ConsultationAskForm | None:
    """The question form, or None when the case's region has no flexible network."""
    teams = list(flex_teams_for_case(case=case))
    if not teams:
        return None
    return ConsultationAskForm(
        data,
        prefix="ask",
        flex_teams=teams,
        expertise=flex_expertise(team_ids=[t.pk for t in teams]),
    )


def _case_consultations_page(
    request: HttpRequest,
    case: Case,
    *,
    status: int = 200,
    ask_form: ConsultationAskForm | None = None,
) -> HttpResponse:
    user = _user(request)
    may_ask = case.is_open and can(
        user, Perm.CONSULTATION_ASK, case_relations(user=user, case=case)
    )
    context: dict[str, Any] = {
        "case": case,
        "consultations": list(consultations_of_case(case=case)),
        "error_form": ask_form,
    }
    if may_ask:
        context["ask_form"] = ask_form or _ask_form(case)
        context["no_flex_team"] = context["ask_form"] is None
    return render(request, "care/case_consultations.html", context, status=status)


@access_required(Perm.CASE_VIEW, relations=CASE_RELATIONS)
def case_consultations(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for(user=_user(request), public_id=case_id, purpose="consultaties inzien")
    return _case_consultations_page(request, case)


@access_required(Perm.CONSULTATION_ASK, relations=[Relation.COORDINATOR, Relation.CASE_TEAM])
@require_POST
def consultation_ask_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = _user(request)
    case = case_get_for(
        user=user, public_id=case_id, perm=Perm.CONSULTATION_ASK, purpose="consultatie vragen"
    )
    form = _ask_form(case, request.POST)
    if form is None:
        return _case_consultations_page(request, case, status=400)
    done = run_form_action(
        form,
        lambda data: consultation_ask(
            actor=user,
            case=case,
            question=data["question"],
            urgency=data["urgency"],
            flex_team=data["flex_team"],
            wanted_expertise=form.expertise(),
        ),
    )
    if not done:
        return _case_consultations_page(request, case, status=400, ask_form=form)
    messages.success(
        request, _("Uw vraag staat in de wachtrij van het flexibel netwerk. U krijgt een melding.")
    )
    return redirect("care:case_consultations", case_id=case.public_id)


# -- the flexible network: queue, consultation hour, one consultation -----------------------


def _log_list(user: User, rows: list[Consultation], event: str) -> None:
    """The questions in a list are personal data: the read is logged with the families."""
    access_log_write(
        actor=user,
        action=AccessAction.READ,
        record_type="consultation",
        subjects=family_subjects(family_ids=[c.case.family_id for c in rows]),
        event=event,
    )


@access_required(Perm.CONSULTATION_QUEUE)
def queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page, query = paginate(request, consultations_queue_for(user=user), QUEUE_PAGE_SIZE)
    rows = list(page)
    _log_list(user, rows, "consultation.queue")
    return render(
        request,
        "care/queue.html",
        {"page": page, "query": query, "rows": rows, "today": timezone.localdate()},
    )


@access_required(Perm.CONSULTATION_QUEUE)
def consultation_hour(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page, query = paginate(request, consultations_consultation_hour_for(user=user), QUEUE_PAGE_SIZE)
    rows = list(page)
    _log_list(user, rows, "consultation.consultation_hour")
    return render(
        request,
        "care/consultation_hour.html",
        {"page": page, "query": query, "rows": rows, "today": timezone.localdate()},
    )


@dataclass(frozen=True)
class ChildAge:
    """A child as the specialist sees it before joining: first name and age only."""

    child: Person
    age: int


def _detail_page(
    request: HttpRequest,
    consultation: Consultation,
    *,
    status: int = 200,
    **sent: DomainErrorForm,
) -> HttpResponse:
    user = _user(request)
    relations = consultation_relations(user=user, consultation=consultation)
    is_specialist = consultation.accepted_by_id == user.pk
    membership = consultation.membership
    today = timezone.localdate()
    in_period = (
        is_specialist
        and membership is not None
        and membership.valid_from <= today
        and (membership.valid_to is None or today <= membership.valid_to)
    )
    context: dict[str, Any] = {
        "consultation": consultation,
        "case": consultation.case,
        "children": [
            ChildAge(child=child, age=child.age_on(today))
            for child in children_of_case(case=consultation.case)
        ],
        "today": today,
        "is_specialist": is_specialist,
        "in_period": in_period,
        "error_form": next(iter(sent.values()), None),
    }
    may_answer = can(user, Perm.CONSULTATION_ANSWER, relations)
    # The specialist writes only within their period; a refused form is shown with its error.
    may_write = in_period or bool(sent)
    status_now = consultation.status
    if may_answer and status_now == ConsultationStatus.OPEN:
        context["accept_form"] = sent.get("accept") or ConsultationAcceptForm(prefix="accept")
    if may_answer and is_specialist and may_write and status_now == ConsultationStatus.ACCEPTED:
        context["advise_form"] = sent.get("advise") or ConsultationAdviseForm(prefix="advise")
    may_close = (is_specialist and may_write) or Relation.TEAM_LEAD in relations
    if may_answer and may_close and status_now == ConsultationStatus.ADVISED:
        context["close_form"] = sent.get("close") or ConsultationCloseForm(prefix="close")
    context["period_over"] = (
        is_specialist
        and not in_period
        and status_now in (ConsultationStatus.ACCEPTED, ConsultationStatus.ADVISED)
    )
    return render(request, "care/consultation_detail.html", context, status=status)


@access_required(Perm.CONSULTATION_ANSWER, relations=ANSWER_RELATIONS)
def consultation_detail(request: HttpRequest, consultation_id: UUID) -> HttpResponse:
    consultation = consultation_get_for(
        user=_user(request), public_id=consultation_id, purpose="consultatie inzien"
    )
    return _detail_page(request, consultation)


def _answer(
    request: HttpRequest,
    consultation_id: UUID,
    *,
    name: str,
    form: DomainErrorForm,
    action: Callable[[Consultation, dict[str, Any]], object],
    done_message: str,
    purpose: str,
) -> HttpResponse:
    consultation = consultation_get_for(
        user=_user(request), public_id=consultation_id, purpose=purpose
    )
    if not run_form_action(form, lambda data: action(consultation, data)):
        return _detail_page(request, consultation, status=400, **{name: form})
    messages.success(request, done_message)
    return redirect("care:consultation_detail", consultation_id=consultation.public_id)


@access_required(Perm.CONSULTATION_ANSWER, relations=ANSWER_RELATIONS)
@require_POST
def consultation_accept_view(request: HttpRequest, consultation_id: UUID) -> HttpResponse:
    user = _user(request)
    return _answer(
        request,
        consultation_id,
        name="accept",
        form=ConsultationAcceptForm(request.POST, prefix="accept"),
        action=lambda c, data: consultation_accept(
            actor=user,
            consultation=c,
            joined_from=data["joined_from"],
            joined_to=data["joined_to"],
        ),
        done_message=_(
            "U heeft de consultatie aangenomen en zit nu in het casusteam. De regiehouder "
            "krijgt een melding."
        ),
        purpose="consultatie aannemen",
    )


@access_required(Perm.CONSULTATION_ANSWER, relations=ANSWER_RELATIONS)
@require_POST
def consultation_advise_view(request: HttpRequest, consultation_id: UUID) -> HttpResponse:
    user = _user(request)
    return _answer(
        request,
        consultation_id,
        name="advise",
        form=ConsultationAdviseForm(request.POST, prefix="advise"),
        action=lambda c, data: consultation_advise(
            actor=user, consultation=c, advice=data["advice"]
        ),
        done_message=_("Het advies is vastgelegd. De regiehouder krijgt een melding."),
        purpose="consultatie adviseren",
    )


@access_required(Perm.CONSULTATION_ANSWER, relations=ANSWER_RELATIONS)
@require_POST
def consultation_close_view(request: HttpRequest, consultation_id: UUID) -> HttpResponse:
    user = _user(request)
    return _answer(
        request,
        consultation_id,
        name="close",
        form=ConsultationCloseForm(request.POST, prefix="close"),
        action=lambda c, data: consultation_close(
            actor=user,
            consultation=c,
            outcome=data["outcome"],
            note=data["note"],
            stay=data["stay"],
        ),
        done_message=_("De consultatie is afgesloten."),
        purpose="consultatie afsluiten",
    )
