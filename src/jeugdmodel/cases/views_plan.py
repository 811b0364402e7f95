"""The plan pages: the current plan with its edit form (the version it starts from is
sent along, for optimistic locking), one old version, and the comparison of two.

The form is plain HTML (no script): rows of goals, agreements and network with a few
empty rows to add to. Scores are only added (or the last one taken away), never retyped,
so the history of a goal cannot be changed by accident."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.decorators import access_required
from jeugdmodel.core.errors import DomainError, NotFoundOrNotAllowed

from .forms import (
    CONSENT_PARENT,
    CONSENT_YOUTH,
    AgreementFormSet,
    GoalFormSet,
    NetworkFormSet,
    PlanForm,
)
from .models import Case, ExternalInvolvement
from .plan_content import FAMILY, Goal, ScoreKind
from .selectors import (
    PlanView,
    case_get_for,
    case_members,
    plan_diff,
    plan_lines,
    plan_subjects,
    plan_version_get,
    plan_versions_list,
    plan_view,
)
from .services import plan_save
from .views import EDIT_RELATIONS, VIEW_RELATIONS, case_for_action, rights_of, user_of


@dataclass
class PlanForms:
    plan: PlanForm
    goals: Any
    agreements: Any
    network: Any

    @property
    def has_errors(self) -> bool:
        return bool(
            self.plan.errors
            or any(f.errors for f in self.goals.forms)
            or self.goals.non_form_errors()
            or any(f.errors for f in self.agreements.forms)
            or self.agreements.non_form_errors()
            or any(f.errors for f in self.network.forms)
            or self.network.non_form_errors()
        )


@dataclass(frozen=True)
class GoalRow:
    form: forms.Form
    goal: Goal | None


def _subject_choices(subjects: dict[str, str]) -> list[tuple[str, str]]:
    return [(FAMILY, subjects[FAMILY]), *((k, v) for k, v in subjects.items() if k != FAMILY)]


def _plan_forms_initial(view: PlanView, subjects: dict[str, str]) -> PlanForms:
    content = view.content
    number = view.version.number if view.version else 0
    return PlanForms(
        plan=PlanForm(
            prefix="plan",
            initial={"base_version": number, "next_evaluation": content.next_evaluation},
        ),
        goals=GoalFormSet(
            prefix="goals",
            initial=[
                {
                    "id": g.id,
                    "subject": g.subject,
                    "text": g.text,
                    "new_score_kind": ScoreKind.EVALUATION if g.scores else ScoreKind.START,
                }
                for g in content.goals
            ],
            form_kwargs={"subjects": _subject_choices(subjects)},
        ),
        agreements=AgreementFormSet(
            prefix="agreements",
            initial=[
                {"id": a.id, "who": a.who, "what": a.what, "due": a.due, "done": a.done}
                for a in content.agreements
            ],
        ),
        network=NetworkFormSet(
            prefix="network",
            initial=[
                {"name": n.name, "relation": n.relation, "contact": n.contact}
                for n in content.network
            ],
        ),
    )


def _plan_context(
    request: HttpRequest, case: Case, plan_forms: PlanForms | None = None
) -> dict[str, Any]:
    user = user_of(request)
    members = case_members(case=case)
    subjects = plan_subjects(members=members)
    view = plan_view(version=plan_version_get(case=case), subjects=subjects)
    rights = rights_of(user, case)
    context: dict[str, Any] = {
        "case": case,
        "view": view,
        "rights": rights,
        "active_tab": "plan",
        "involvements": list(
            ExternalInvolvement.objects.filter(
                person_id__in=[m.person.pk for m in members if m.is_child]
            )
            .select_related("person")
            .order_by("since", "id")
        ),
    }
    if rights.edit:
        plan_forms = plan_forms or _plan_forms_initial(view, subjects)
        goals = {g.id: g for g in view.content.goals}
        context["forms"] = plan_forms
        context["goal_rows"] = [
            GoalRow(form=f, goal=goals.get(str(f["id"].value() or ""))) for f in plan_forms.goals
        ]
    return context


def _render_plan(
    request: HttpRequest, case: Case, *, status: int = 200, plan_forms: PlanForms | None = None
) -> HttpResponse:
    return render(
        request, "cases/plan.html", _plan_context(request, case, plan_forms), status=status
    )


@access_required(Perm.CASE_VIEW, relations=VIEW_RELATIONS)
def plan(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for(user=user_of(request), public_id=case_id, purpose="plan inzien")
    return _render_plan(request, case)


@dataclass
class _FormMap:
    goals: list[forms.Form]
    agreements: list[forms.Form]
    network: list[forms.Form]


def _kept_forms(formset: Any) -> list[forms.Form]:
    """The rows to store: every existing row not marked for deletion, and every new row
    that was filled in."""
    kept = []
    for i, form in enumerate(formset.forms):
        if i >= formset.initial_form_count() and not form.has_changed():
            continue
        if form.cleaned_data.get("DELETE"):
            continue
        kept.append(form)
    return kept


def _content_from_forms(plan_forms: PlanForms, base: PlanView) -> tuple[dict[str, Any], _FormMap]:
    """The plan as the service takes it, built from the forms and the scores of the base
    version (scores are only added or the last one taken away, never retyped)."""
    previous = {g.id: g for g in base.content.goals}
    today = timezone.localdate()
    form_map = _FormMap(
        goals=_kept_forms(plan_forms.goals),
        agreements=_kept_forms(plan_forms.agreements),
        network=_kept_forms(plan_forms.network),
    )
    goals = []
    for form in form_map.goals:
        data = form.cleaned_data
        earlier = previous.get(data.get("id") or "")
        scores = [
            {"date": s.on.isoformat(), "score": s.score, "kind": s.kind}
            for s in (earlier.scores if earlier else ())
        ]
        if data.get("remove_last_score") and scores:
            scores.pop()
        if data.get("new_score") is not None:
            scores.append(
                {
                    "date": (data.get("new_score_date") or today).isoformat(),
                    "score": data["new_score"],
                    "kind": data.get("new_score_kind") or ScoreKind.EVALUATION,
                }
            )
        goals.append(
            {
                "id": data.get("id") or None,
                "subject": data.get("subject") or FAMILY,
                "text": data.get("text", ""),
                "scores": scores,
            }
        )
    agreements = [
        {
            "id": f.cleaned_data.get("id") or None,
            "who": f.cleaned_data.get("who", ""),
            "what": f.cleaned_data.get("what", ""),
            "due": f.cleaned_data.get("due"),
            "done": bool(f.cleaned_data.get("done")),
        }
        for f in form_map.agreements
    ]
    network = [
        {
            "name": f.cleaned_data.get("name", ""),
            "relation": f.cleaned_data.get("relation") or "other",
            "contact": f.cleaned_data.get("contact", ""),
        }
        for f in form_map.network
    ]
    content = {
        "goals": goals,
        "agreements": agreements,
        "network": network,
        "next_evaluation": plan_forms.plan.cleaned_data.get("next_evaluation"),
    }
    return content, form_map


_ROW_PATH = re.compile(r"^(goals|agreements|network)\[(\d+)\](?:\.(\w+))?")
_ROW_FIELD = {"scores": "new_score", "id": None}


def _put_plan_errors(error: DomainError, plan_forms: PlanForms, form_map: _FormMap) -> None:
    in_rows = False
    for path, message in error.field_errors:
        match = _ROW_PATH.match(path)
        if match:
            rows: list[forms.Form] = getattr(form_map, match.group(1))
            index = int(match.group(2))
            if index < len(rows):
                form = rows[index]
                name = _ROW_FIELD.get(match.group(3) or "", match.group(3))
                form.add_error(name if name in form.fields else None, message)
                in_rows = True
                continue
        plan_forms.plan.add_error(path if path in plan_forms.plan.fields else None, message)
    if in_rows:
        plan_forms.plan.add_error(
            None, _("Het plan is niet opgeslagen. Bekijk de meldingen bij de regels hieronder.")
        )


@access_required(Perm.CASE_EDIT, relations=EDIT_RELATIONS)
@require_POST
def plan_save_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = user_of(request)
    case = case_for_action(request, case_id, Perm.CASE_EDIT, "plan bijwerken")
    members = case_members(case=case)
    subjects = plan_subjects(members=members)
    plan_forms = PlanForms(
        plan=PlanForm(request.POST, prefix="plan"),
        goals=GoalFormSet(
            request.POST, prefix="goals", form_kwargs={"subjects": _subject_choices(subjects)}
        ),
        agreements=AgreementFormSet(request.POST, prefix="agreements"),
        network=NetworkFormSet(request.POST, prefix="network"),
    )
    valid = all(
        [
            plan_forms.plan.is_valid(),
            plan_forms.goals.is_valid(),
            plan_forms.agreements.is_valid(),
            plan_forms.network.is_valid(),
        ]
    )
    if not valid:
        return _render_plan(request, case, status=400, plan_forms=plan_forms)
    data = plan_forms.plan.cleaned_data
    base = plan_view(
        version=plan_version_get(case=case, number=data["base_version"]), subjects=subjects
    )
    content, form_map = _content_from_forms(plan_forms, base)
    consent = set(data.get("consent") or [])
    try:
        version = plan_save(
            actor=user,
            case=case,
            base_version=data["base_version"],
            content=content,
            agreed_on=data.get("agreed_on"),
            agreed_by=data.get("agreed_by") or "",
            consent_parent=CONSENT_PARENT in consent,
            consent_youth=CONSENT_YOUTH in consent,
        )
    except NotFoundOrNotAllowed:
        raise
    except DomainError as exc:
        _put_plan_errors(exc, plan_forms, form_map)
        return _render_plan(request, case, status=400, plan_forms=plan_forms)
    messages.success(request, _("Het plan is opgeslagen als versie %(n)d.") % {"n": version.number})
    return redirect("cases:plan", case_id=case.public_id)


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@access_required(Perm.CASE_VIEW, relations=VIEW_RELATIONS)
def plan_versions(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for(
        user=user_of(request), public_id=case_id, purpose="versies van het plan inzien"
    )
    versions = plan_versions_list(case=case)
    numbers = [v.number for v in versions]
    new_number = _int_or_none(request.GET.get("naar"))
    old_number = _int_or_none(request.GET.get("van"))
    if new_number not in numbers:
        new_number = numbers[0] if numbers else None
    if old_number not in numbers:
        old_number = new_number - 1 if new_number and new_number - 1 in numbers else new_number
    context: dict[str, Any] = {
        "case": case,
        "active_tab": "plan",
        "versions": versions,
        "old_number": old_number,
        "new_number": new_number,
    }
    if old_number is not None and new_number is not None:
        subjects = plan_subjects(members=case_members(case=case))
        old = plan_version_get(case=case, number=old_number)
        new = plan_version_get(case=case, number=new_number)
        assert old is not None
        assert new is not None
        diff = plan_diff(
            old=plan_lines(version=old, subjects=subjects),
            new=plan_lines(version=new, subjects=subjects),
        )
        context["diff"] = diff
        context["changes"] = sum(1 for d in diff if d.kind != "same")
    return render(request, "cases/plan_versions.html", context)


@access_required(Perm.CASE_VIEW, relations=VIEW_RELATIONS)
def plan_version(request: HttpRequest, case_id: UUID, number: int) -> HttpResponse:
    case = case_get_for(
        user=user_of(request), public_id=case_id, purpose="versie van het plan inzien"
    )
    version = plan_version_get(case=case, number=number)
    if version is None:
        raise NotFoundOrNotAllowed()
    subjects = plan_subjects(members=case_members(case=case))
    context = {
        "case": case,
        "active_tab": "plan",
        "view": plan_view(version=version, subjects=subjects),
    }
    return render(request, "cases/plan_version.html", context)
