"""The case pages: my cases, one case, its journal and documents, and the POST-only
actions on them (the plan pages are in views_plan.py).

Each page reads through `cases_visible_to` or `case_get_for` (which writes the access
log); each POST calls one service. A service's DomainError is shown on the page at the
field it names and changes nothing. Not allowed and not found give the same 404."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jeugdmodel.accounts.access import Perm, Relation, can
from jeugdmodel.accounts.decorators import access_required
from jeugdmodel.accounts.models import User
from jeugdmodel.core.views import paginate, run_form_action

from .forms import (
    CONSENT_GIVE,
    WHO_FLAGS,
    AdultLinkForm,
    CaseListFilterForm,
    CloseForm,
    ConsentForm,
    CoordinatorForm,
    DocumentForm,
    InvolvementForm,
    JournalForm,
    ReopenForm,
    TeamAddForm,
    TeamEndForm,
)
from .models import Case
from .selectors import (
    MemberView,
    case_coordinator_candidates,
    case_get_for,
    case_members,
    case_overview,
    case_relations_today,
    case_status_counts,
    case_team_candidates,
    case_team_member_get,
    cases_list_for,
    cases_list_log,
    consent_history,
    consent_states,
    document_get_for,
    documents_for,
    journal_for,
    journal_minutes,
)
from .services import (
    REOPEN_WINDOW,
    adult_service_link_add,
    case_close,
    case_coordinator_change,
    case_reopen,
    case_team_add,
    case_team_end,
    consent_give,
    consent_withdraw,
    document_upload,
    external_involvement_add,
    journal_add,
)
from .services.documents import document_clean_name, document_max_bytes

CASES_PER_PAGE = 25
JOURNAL_PER_PAGE = 25
#: What the role-level guard asks; the record-level check is in case_get_for.
VIEW_RELATIONS = (Relation.COORDINATOR, Relation.CASE_TEAM, Relation.TEAM_LEAD)
EDIT_RELATIONS = (Relation.COORDINATOR, Relation.CASE_TEAM)
MANAGE_RELATIONS = (Relation.COORDINATOR, Relation.TEAM_LEAD)

logger = logging.getLogger(__name__)


def user_of(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@dataclass(frozen=True)
class Rights:
    edit: bool
    manage: bool


def rights_of(user: User, case: Case) -> Rights:
    relations = case_relations_today(user=user, case=case)
    return Rights(
        edit=case.is_open and can(user, Perm.CASE_EDIT, relations),
        manage=can(user, Perm.CASE_MANAGE, relations),
    )


# -- my cases -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseRow:
    case: Case
    children: str
    relation: str


def _children_text(case: Case, today: date) -> str:
    parts = []
    for m in getattr(case.family, "current_children", []):
        age = m.person.age_on(today)
        parts.append(
            _("%(name)s (%(years)s)")
            % {
                "name": m.person.given_name,
                "years": ngettext("%(n)d jaar", "%(n)d jaar", age) % {"n": age},
            }
        )
    return ", ".join(parts) or "–"


def _relation_text(user: User, case: Case) -> str:
    if case.coordinator_id == user.pk:
        return _("regiehouder")
    if getattr(case, "in_case_team", False):
        return _("casusteam")
    return _("teamleider")


@access_required(Perm.CASE_LIST)
def case_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = CaseListFilterForm(request.GET or None)
    status = form.status_value()
    page, query = paginate(request, cases_list_for(user=user, status=status), CASES_PER_PAGE)
    cases_list_log(user=user, cases=page)
    today = timezone.localdate()
    rows = [
        CaseRow(case=c, children=_children_text(c, today), relation=_relation_text(user, c))
        for c in page
    ]
    context = {
        "form": form,
        "page": page,
        "query": query,
        "rows": rows,
        "counts": case_status_counts(user=user),
        "status": status,
    }
    return render(request, "cases/list.html", context)


# -- one case -----------------------------------------------------------------------------


def _person_choices(members: list[MemberView], *, children: bool) -> list[tuple[str, str]]:
    return [
        (str(m.person.public_id), f"{m.person} ({m.member.get_relation_display()})")
        for m in members
        if m.is_child == children
    ]


def _detail_context(request: HttpRequest, case: Case, **forms_in: Any) -> dict[str, Any]:
    user = user_of(request)
    overview = case_overview(case=case)
    rights = rights_of(user, case)
    today = timezone.localdate()
    context: dict[str, Any] = {
        "case": case,
        "overview": overview,
        "rights": rights,
        "active_tab": "overview",
        "error_form": forms_in.get("error_form"),
        "team_end_failed": forms_in.get("team_end_failed"),
    }
    if rights.manage and case.is_open:
        context["close_form"] = forms_in.get("close") or CloseForm(prefix="close")
        context["coordinator_form"] = forms_in.get("coordinator") or CoordinatorForm(
            prefix="coordinator", candidates=case_coordinator_candidates(case=case)
        )
        context["team_add_form"] = forms_in.get("team_add") or TeamAddForm(
            prefix="team", candidates=case_team_candidates(case=case)
        )
        context["team_end_form"] = TeamEndForm(prefix="end")
    if rights.manage and not case.is_open and case.closed_on is not None:
        context["reopen_until"] = case.closed_on + REOPEN_WINDOW
        if today - case.closed_on <= REOPEN_WINDOW:
            context["reopen_form"] = forms_in.get("reopen") or ReopenForm(prefix="reopen")
    if rights.edit:
        adults = _person_choices(overview.members, children=False)
        children = _person_choices(overview.members, children=True)
        if adults:
            context["adult_link_form"] = forms_in.get("adult_link") or AdultLinkForm(
                prefix="adult", people=adults
            )
        if children:
            context["involvement_form"] = forms_in.get("involvement") or InvolvementForm(
                prefix="involvement", people=children
            )
    return context


def _render_detail(
    request: HttpRequest, case: Case, *, status: int = 200, **forms_in: Any
) -> HttpResponse:
    return render(
        request, "cases/detail.html", _detail_context(request, case, **forms_in), status=status
    )


@access_required(Perm.CASE_VIEW, relations=VIEW_RELATIONS)
def case_detail(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for(user=user_of(request), public_id=case_id, purpose="casus inzien")
    return _render_detail(request, case)


def case_for_action(request: HttpRequest, case_id: UUID, perm: Perm, purpose: str) -> Case:
    return case_get_for(user=user_of(request), public_id=case_id, perm=perm, purpose=purpose)


@access_required(Perm.CASE_MANAGE, relations=MANAGE_RELATIONS)
@require_POST
def close(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = user_of(request)
    case = case_for_action(request, case_id, Perm.CASE_MANAGE, "casus afsluiten")
    form = CloseForm(request.POST, prefix="close")
    done = run_form_action(
        form,
        lambda d: case_close(actor=user, case=case, reason=d["reason"], on=d["on"]),
    )
    if not done:
        return _render_detail(request, case, status=400, close=form, error_form=form)
    messages.success(
        request, _("De casus is afgesloten. Alle lopende periodes in het casusteam zijn beëindigd.")
    )
    return redirect("cases:detail", case_id=case.public_id)


@access_required(Perm.CASE_MANAGE, relations=MANAGE_RELATIONS)
@require_POST
def reopen(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = user_of(request)
    case = case_for_action(request, case_id, Perm.CASE_MANAGE, "casus heropenen")
    form = ReopenForm(request.POST, prefix="reopen")
    done = run_form_action(form, lambda d: case_reopen(actor=user, case=case))
    if not done:
        return _render_detail(request, case, status=400, reopen=form, error_form=form)
    messages.success(request, _("De casus is heropend. Hij telt mee als herhaalde aanvraag."))
    return redirect("cases:detail", case_id=case.public_id)


@access_required(Perm.CASE_MANAGE, relations=MANAGE_RELATIONS)
@require_POST
def coordinator_change(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = user_of(request)
    case = case_for_action(request, case_id, Perm.CASE_MANAGE, "regiehouder wijzigen")
    form = CoordinatorForm(
        request.POST, prefix="coordinator", candidates=case_coordinator_candidates(case=case)
    )
    done = run_form_action(
        form,
        lambda d: case_coordinator_change(
            actor=user, case=case, new_coordinator=d["new_coordinator"], reason=d["reason"]
        ),
    )
    if not done:
        return _render_detail(request, case, status=400, coordinator=form, error_form=form)
    new = form.cleaned_data["new_coordinator"]
    messages.success(
        request,
        _("%(name)s is nu de regiehouder en heeft daarvan een melding gekregen.")
        % {"name": new.get_full_name() or new},
    )
    return redirect("cases:detail", case_id=case.public_id)


@access_required(Perm.CASE_MANAGE, relations=MANAGE_RELATIONS)
@require_POST
def team_add(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = user_of(request)
    case = case_for_action(request, case_id, Perm.CASE_MANAGE, "casusteam wijzigen")
    form = TeamAddForm(request.POST, prefix="team", candidates=case_team_candidates(case=case))
    done = run_form_action(
        form,
        lambda d: case_team_add(
            actor=user,
            case=case,
            user=d["user"],
            role=d["role"],
            valid_from=d["valid_from"],
            valid_to=d["valid_to"],
        ),
    )
    if not done:
        return _render_detail(request, case, status=400, team_add=form, error_form=form)
    added = form.cleaned_data["user"]
    messages.success(
        request,
        _("%(name)s is toegevoegd aan het casusteam.") % {"name": added.get_full_name() or added},
    )
    return redirect("cases:detail", case_id=case.public_id)


@access_required(Perm.CASE_MANAGE, relations=MANAGE_RELATIONS)
@require_POST
def team_end(request: HttpRequest, case_id: UUID, member_id: UUID) -> HttpResponse:
    user = user_of(request)
    case = case_for_action(request, case_id, Perm.CASE_MANAGE, "casusteam wijzigen")
    member = case_team_member_get(case=case, public_id=member_id)
    form = TeamEndForm(request.POST, prefix="end")
    done = run_form_action(
        form, lambda d: case_team_end(actor=user, case=case, member=member, on=d["on"])
    )
    if not done:
        return _render_detail(
            request, case, status=400, team_end_failed=(member.public_id, form), error_form=form
        )
    messages.success(
        request,
        _("De periode van %(name)s in het casusteam eindigt op %(on)s.")
        % {
            "name": member.user.get_full_name() or member.user,
            "on": form.cleaned_data["on"].strftime("%d-%m-%Y"),
        },
    )
    return redirect("cases:detail", case_id=case.public_id)


def _person_of(members: list[MemberView], public_id: str) -> Any:
    return next((m.person for m in members if str(m.person.public_id) == public_id), None)


@access_required(Perm.CASE_EDIT, relations=EDIT_RELATIONS)
@require_POST
def adult_link_add(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = user_of(request)
    case = case_for_action(request, case_id, Perm.CASE_EDIT, "volwassenenzorg vastleggen")
    members = case_members(case=case)
    form = AdultLinkForm(
        request.POST, prefix="adult", people=_person_choices(members, children=False)
    )
    done = run_form_action(
        form,
        lambda d: adult_service_link_add(
            actor=user,
            case=case,
            person=_person_of(members, d["person"]),
            service=d["service"],
            since=d["since"],
            note=d["note"],
        ),
    )
    if not done:
        return _render_detail(request, case, status=400, adult_link=form, error_form=form)
    messages.success(request, _("De link met volwassenenzorg is vastgelegd."))
    return redirect("cases:detail", case_id=case.public_id)


@access_required(Perm.CASE_EDIT, relations=EDIT_RELATIONS)
@require_POST
def involvement_add(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = user_of(request)
    case = case_for_action(request, case_id, Perm.CASE_EDIT, "betrokkenheid vastleggen")
    members = case_members(case=case)
    form = InvolvementForm(
        request.POST, prefix="involvement", people=_person_choices(members, children=True)
    )
    done = run_form_action(
        form,
        lambda d: external_involvement_add(
            actor=user,
            case=case,
            person=_person_of(members, d["person"]),
            kind=d["kind"],
            organisation=d["organisation"],
            since=d["since"],
            until=d["until"],
        ),
    )
    if not done:
        return _render_detail(request, case, status=400, involvement=form, error_form=form)
    messages.success(request, _("De betrokkenheid buiten het contract is vastgelegd."))
    return redirect("cases:detail", case_id=case.public_id)


# -- journal --------------------------------------------------------------------------------


def _render_journal(
    request: HttpRequest, case: Case, *, status: int = 200, form: JournalForm | None = None
) -> HttpResponse:
    page, query = paginate(request, journal_for(case=case), JOURNAL_PER_PAGE)
    rights = rights_of(user_of(request), case)
    minutes = journal_minutes(case=case)
    context = {
        "case": case,
        "active_tab": "journal",
        "page": page,
        "query": query,
        "rights": rights,
        "hours": minutes // 60,
        "minutes": minutes % 60,
        "form": (form or JournalForm(prefix="journal")) if rights.edit else None,
    }
    return render(request, "cases/journal.html", context, status=status)


@access_required(Perm.CASE_VIEW, relations=VIEW_RELATIONS)
def journal(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for(user=user_of(request), public_id=case_id, purpose="journaal inzien")
    return _render_journal(request, case)


@access_required(Perm.CASE_EDIT, relations=EDIT_RELATIONS)
@require_POST
def journal_add_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = user_of(request)
    case = case_for_action(request, case_id, Perm.CASE_EDIT, "journaal bijwerken")
    form = JournalForm(request.POST, prefix="journal")
    done = run_form_action(
        form,
        lambda d: journal_add(
            actor=user,
            case=case,
            on=d["on"],
            kind=d["kind"],
            duration_minutes=d["duration_minutes"],
            with_whom=d["with_whom"],
            note=d["note"],
        ),
    )
    if not done:
        return _render_journal(request, case, status=400, form=form)
    messages.success(request, _("Het contact is vastgelegd in het journaal."))
    return redirect("cases:journal", case_id=case.public_id)


# -- consent --------------------------------------------------------------------------------

CONSENT_HISTORY_PER_PAGE = 25


def _render_consent(
    request: HttpRequest, case: Case, *, status: int = 200, form: ConsentForm | None = None
) -> HttpResponse:
    user = user_of(request)
    page, query = paginate(request, consent_history(case=case), CONSENT_HISTORY_PER_PAGE)
    may_record = case.is_open and can(
        user, Perm.CONSENT_RECORD, case_relations_today(user=user, case=case)
    )
    context = {
        "case": case,
        "page": page,
        "query": query,
        "states": consent_states(case=case),
        "form": (form or ConsentForm(prefix="consent", initial={"on": timezone.localdate()}))
        if may_record
        else None,
    }
    return render(request, "cases/consent.html", context, status=status)


@access_required(Perm.CASE_VIEW, relations=VIEW_RELATIONS)
def consent(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for(user=user_of(request), public_id=case_id, purpose="toestemming inzien")
    return _render_consent(request, case)


@access_required(Perm.CONSENT_RECORD, relations=EDIT_RELATIONS)
@require_POST
def consent_record_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = user_of(request)
    case = case_for_action(request, case_id, Perm.CONSENT_RECORD, "toestemming vastleggen")
    form = ConsentForm(request.POST, prefix="consent")
    given = form.data.get("consent-action") == CONSENT_GIVE

    def write(d: dict[str, Any]) -> object:
        by_parent, by_youth = WHO_FLAGS[d["who"]]
        service = consent_give if d["action"] == CONSENT_GIVE else consent_withdraw
        return service(
            actor=user,
            case=case,
            kind=d["kind"],
            by_parent=by_parent,
            by_youth=by_youth,
            on=d["on"],
            name=d["name"],
            note=d["note"],
        )

    if not run_form_action(form, write):
        return _render_consent(request, case, status=400, form=form)
    messages.success(
        request,
        _("De toestemming is vastgelegd.")
        if given
        else _("De toestemming is ingetrokken. Dat geldt vanaf nu."),
    )
    return redirect("cases:consent", case_id=case.public_id)


# -- documents ------------------------------------------------------------------------------


def _max_megabytes() -> str:
    return f"{document_max_bytes() / (1024 * 1024):.0f}"


def _render_documents(
    request: HttpRequest, case: Case, *, status: int = 200, form: DocumentForm | None = None
) -> HttpResponse:
    rights = rights_of(user_of(request), case)
    context = {
        "case": case,
        "active_tab": "documents",
        "documents": list(documents_for(case=case)),
        "rights": rights,
        "form": (form or DocumentForm(prefix="document", max_megabytes=_max_megabytes()))
        if rights.edit
        else None,
    }
    return render(request, "cases/documents.html", context, status=status)


@access_required(Perm.CASE_VIEW, relations=VIEW_RELATIONS)
def documents(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for(user=user_of(request), public_id=case_id, purpose="documenten inzien")
    return _render_documents(request, case)


@access_required(Perm.CASE_EDIT, relations=EDIT_RELATIONS)
@require_POST
def document_add(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = user_of(request)
    case = case_for_action(request, case_id, Perm.CASE_EDIT, "document toevoegen")
    form = DocumentForm(
        request.POST, request.FILES, prefix="document", max_megabytes=_max_megabytes()
    )
    done = run_form_action(
        form,
        lambda d: document_upload(
            actor=user, case=case, upload=d["file"], description=d["description"]
        ),
    )
    if not done:
        return _render_documents(request, case, status=400, form=form)
    messages.success(
        request,
        _("Het document %(name)s is toegevoegd.")
        % {"name": document_clean_name(form.cleaned_data["file"].name)},
    )
    return redirect("cases:documents", case_id=case.public_id)


@access_required(Perm.CASE_VIEW, relations=VIEW_RELATIONS)
def document_download(request: HttpRequest, case_id: UUID, document_id: UUID) -> HttpResponse:
    _case, document = document_get_for(
        user=user_of(request), case_public_id=case_id, document_public_id=document_id
    )
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        # The row is committed but its file is not (yet) under its own name: a killed
        # upload that the cleanup job has not finished, or a file lost on disk. Say so
        # instead of a server error; the log names the document for the operator.
        logger.warning("document file missing", extra={"document": str(document.public_id)})
        raise Http404(_("Het bestand van dit document is (nog) niet beschikbaar.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    # A streaming response; access_required types its views as returning HttpResponse.
    return response  # type: ignore[return-value]
