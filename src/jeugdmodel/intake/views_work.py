"""The team's side of the front door: the triage worklist, one request in detail with the
safety check, assignment and forwarding, the professional's first contact and closing,
and the referrer's status list.

Each page calls one selector; each POST calls one service. A service's DomainError is
shown on the page at the field it names and changes nothing. Not allowed and not found
give the same 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jeugdmodel.accounts.access import Perm, Relation, can
from jeugdmodel.accounts.decorators import access_required
from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.core.views import paginate, run_form_action
from jeugdmodel.families.models import Person
from jeugdmodel.families.services import Difference, claim_differences
from jeugdmodel.region.models import Team
from jeugdmodel.region.selectors import teams_list

from .forms_work import (
    AssignForm,
    CloseForm,
    DomainErrorForm,
    FirstContactForm,
    ForwardForm,
    MatchForm,
    SafetyCheckForm,
    WorklistFilterForm,
)
from .models import MatchState, MeldcodeStep, PersonRole, Request, RequestPerson, RequestStatus
from .selectors import (
    WorklistRow,
    assignment_suggestions,
    escalated_requests_for,
    referrer_statuses,
    request_get_for,
    request_relations,
    request_status_shared,
    team_professionals,
    worklist_for,
    worklist_teams,
)
from .services import (
    TAKE_OVER_LABELS,
    age_on,
    claim_of,
    request_assign,
    request_close,
    request_forward,
    request_person_decide,
    request_record_first_contact,
    request_safety_check,
)

REFERRALS_PER_PAGE = 50
#: Statuses in which the assigned professional records the first contact.
AWAITING_CONTACT = frozenset({RequestStatus.ASSIGNED, RequestStatus.JOINED_CASE})
#: Statuses in which nothing is left to close.
FINISHED = frozenset({RequestStatus.CLOSED, RequestStatus.FORWARDED_OUTSIDE})


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


# -- the worklist -----------------------------------------------------------------------


WORKLIST_PAGE_SIZE = 50


@dataclass(frozen=True)
class WorklistItem:
    """One worklist row. The worklist is the team lead's most used page, so its rows are
    built here with format_html (every value escaped) instead of a per-row template loop:
    see bench/intake. Need-to-know: children by first name and age only."""

    row: WorklistRow
    html: SafeString

    @property
    def request(self) -> Request:
        return self.row.request


def _children_text(people: list[RequestPerson], today: date) -> str:
    parts = []
    for p in people:
        if p.date_of_birth is None:
            parts.append(p.given_name)
            continue
        age = age_on(p.date_of_birth, today)
        years = ngettext("%(n)d jaar", "%(n)d jaar", age) % {"n": age}
        parts.append(f"{p.given_name} ({years})")
    return ", ".join(parts) or "–"


def _waiting_text(row: WorklistRow) -> str:
    if row.promise_days is not None:
        return _("%(days)d van %(promise)d werkdagen") % {
            "days": row.waiting_days,
            "promise": row.promise_days,
        }
    return ngettext("%(n)d werkdag", "%(n)d werkdagen", row.waiting_days) % {"n": row.waiting_days}


def _flags(r: Request) -> list[str]:
    flags = []
    if r.is_repeat:
        flags.append(_("herhaalde aanvraag"))
    if r.possible_duplicate_of_id:
        flags.append(_("mogelijk dubbel"))
    if r.specialist_team_id:
        flags.append(_("ook op de specialistische werklijst"))
    return flags


_CELL = '<td class="utrecht-table__cell" role="cell" data-label="{}">{}</td>'
_BADGE = '<span class="jm-badge">{}</span>'
_STRONG_BADGE = '<span class="jm-badge"><strong>{}</strong></span>'


def _worklist_row_html(row: WorklistRow, today: date, detail_prefix: str) -> SafeString:
    r = row.request
    urgency = r.get_urgency_display()
    urgency_html = format_html("<strong>{}</strong>", urgency) if r.urgency != "normal" else urgency
    safety: str
    if row.needs_safety_check:
        safety = format_html(_STRONG_BADGE, _("ja, nog beoordelen"))
    elif r.safety_concern:
        safety = format_html(_BADGE, _("ja, beoordeeld"))
    else:
        safety = _("nee")
    waiting = format_html(
        "{}{}",
        _waiting_text(row),
        format_html(" " + _STRONG_BADGE, _("te laat")) if row.overdue else "",
    )
    status = r.get_status_display()
    if r.assigned_to:
        status = f"{status} ({r.assigned_to})"
    flags = format_html_join(" ", _BADGE, ((f,) for f in _flags(r))) or "–"
    team = r.team.name if r.team else "–"
    if row.role_for_team == "specialist" and r.specialist_team:
        team = _("%(team)s (via %(specialist)s)") % {
            "team": team,
            "specialist": r.specialist_team.name,
        }
    received = timezone.localtime(r.received_at)
    # The most important columns first: on a phone the table stacks (data-label per cell).
    cells = [
        (_("Urgentie"), urgency_html),
        (_("Zorg over veiligheid"), safety),
        (_("Wachttijd"), waiting),
        (_("Ontvangen"), f"{received.day}-{received.month}-{received.year}"),
        (_("Kinderen"), _children_text(row.children, today)),
        (_("Status"), status),
        (_("Bijzonderheden"), flags),
        (_("Team"), team),
    ]
    return format_html(
        '<tr class="utrecht-table__row" role="row">'
        '<th scope="row" class="utrecht-table__header-cell" role="rowheader" data-label="{}">'
        '<a class="utrecht-link" href="{}{}/">{}</a></th>{}</tr>',
        _("Kenmerk"),
        detail_prefix,
        r.public_id,
        r.reference,
        format_html_join("", _CELL, cells),
    )


def _is_htmx_partial(request: HttpRequest) -> bool:
    # A history restore asks for the whole page, even though htmx sends the request.
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


@access_required(Perm.REQUEST_WORKLIST)
def worklist(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = WorklistFilterForm(request.GET or None, teams=worklist_teams(user=user))
    filters = form.filters()
    rows = worklist_for(user=user, filters=filters)
    page, query = paginate(request, rows, WORKLIST_PAGE_SIZE)
    today = timezone.localdate()
    prefix = reverse("intake:worklist").removesuffix("werklijst/")
    items = [WorklistItem(row=r, html=_worklist_row_html(r, today, prefix)) for r in page]
    # The worklist shows children's first names and ages: that read is logged too.
    access_log_write(
        actor=user,
        action=AccessAction.READ,
        record_type="request",
        subjects=[p.person_id for i in items for p in i.row.children if p.person_id],
        event="request.worklist",
        details={k: str(v) for k, v in filters.__dict__.items() if v not in ("", None, False)},
    )
    partial = _is_htmx_partial(request)
    context = {
        "form": form,
        "items": items,
        "page": page,
        "query": query,
        "total": len(rows),
        "safety_open": sum(1 for r in rows if r.needs_safety_check),
        "overdue": sum(1 for r in rows if r.overdue),
        "escalated": [] if partial else escalated_requests_for(user=user),
        "is_htmx": partial,
    }
    template = "intake/worklist_table.html" if partial else "intake/worklist.html"
    return render(request, template, context)


# -- one request ------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonView:
    """A person as shown on the detail page: BSN masked except its last three digits."""

    person: RequestPerson
    age: int | None
    masked_bsn: str


def _mask_bsn(bsn: str) -> str:
    return "•" * (len(bsn) - 3) + bsn[-3:] if bsn else ""


def _people(req: Request, today: date) -> list[PersonView]:
    return [
        PersonView(
            person=p,
            age=age_on(p.date_of_birth, today) if p.date_of_birth else None,
            masked_bsn=_mask_bsn(p.bsn),
        )
        for p in req.people.all()
    ]


@dataclass(frozen=True)
class MatchProposal:
    """A person named in the request who may be a known person: the claim next to the
    known record, the differences, and the form to confirm or reject the match."""

    position: int
    claim: RequestPerson
    known: Person
    known_masked_bsn: str
    claim_masked_bsn: str
    differences: list[Difference]
    form: MatchForm


def _offered(differences: list[Difference]) -> list[tuple[str, Any]]:
    return [(d.field, TAKE_OVER_LABELS[d.field]) for d in differences if d.may_take_over]


def _proposals(user: User, req: Request, forms: dict[str, DomainErrorForm]) -> list[MatchProposal]:
    """The open match proposals of a request. Showing the known person is a read of their
    data: it goes to the access log."""
    out = []
    for position, p in enumerate(req.people.select_related("proposed_person"), start=1):
        if p.match != MatchState.PROPOSED or p.proposed_person is None:
            continue
        known = p.proposed_person
        differences = claim_differences(claim=claim_of(p), person=known)
        form = forms.get(f"match{position}")
        out.append(
            MatchProposal(
                position=position,
                claim=p,
                known=known,
                known_masked_bsn=_mask_bsn(known.bsn),
                claim_masked_bsn=_mask_bsn(p.bsn),
                differences=differences,
                form=form
                if isinstance(form, MatchForm)
                else MatchForm(prefix=f"match{position}", offered=_offered(differences)),
            )
        )
    if out:
        access_log_write(
            actor=user,
            action=AccessAction.READ,
            record_type="request",
            record_id=req.public_id,
            subjects=[m.known.pk for m in out],
            event="request.match_proposals",
            details={"purpose": "koppeling beoordelen"},
        )
    return out


def _detail_context(request: HttpRequest, req: Request, **forms: DomainErrorForm) -> dict[str, Any]:
    user = _user(request)
    relations = request_relations(user=user, request=req)
    today = timezone.localdate()
    people = _people(req, today)
    step_labels = dict(MeldcodeStep.choices)
    context: dict[str, Any] = {
        "req": req,
        "status_shared": request_status_shared(req),
        "children": [p for p in people if p.person.role == PersonRole.CHILD],
        "parents": [p for p in people if p.person.role == PersonRole.PARENT],
        "meldcode_steps": [step_labels.get(s, s) for s in req.meldcode_steps],
        "events": list(req.events.all()),
        "needs_safety_check": req.safety_concern and req.safety_checked_at is None,
        # The form that was sent and refused: its general errors go above everything.
        "error_form": next(iter(forms.values()), None),
    }
    may_triage = req.status == RequestStatus.RECEIVED and can(user, Perm.REQUEST_TRIAGE, relations)
    if may_triage:
        context["proposals"] = _proposals(user, req, forms)
        if context["needs_safety_check"]:
            context["safety_form"] = forms.get("safety") or SafetyCheckForm(prefix="safety")
        context["suggestions"] = assignment_suggestions(request=req)
        context["assign_form"] = forms.get("assign") or AssignForm(
            prefix="assign", professionals=team_professionals(request=req)
        )
        context["forward_form"] = forms.get("forward") or ForwardForm(
            prefix="forward", teams=_forward_teams(req)
        )
    if can(user, Perm.REQUEST_PROGRESS, relations):
        if req.status in AWAITING_CONTACT:
            context["first_contact_form"] = forms.get("first_contact") or FirstContactForm(
                prefix="contact"
            )
        if req.status not in FINISHED:
            context["close_form"] = forms.get("close") or CloseForm(prefix="close")
    return context


def _forward_teams(req: Request) -> QuerySet[Team]:
    """Every other team of the request's region."""
    teams = teams_list()
    if req.team is not None:
        teams = teams.filter(region_id=req.team.region_id).exclude(pk=req.team.pk)
    return teams


def _render_detail(
    request: HttpRequest, req: Request, *, status: int = 200, **forms: DomainErrorForm
) -> HttpResponse:
    return render(
        request, "intake/detail.html", _detail_context(request, req, **forms), status=status
    )


@access_required(Perm.REQUEST_VIEW, relations=[Relation.TEAM_LEAD, Relation.ASSIGNED])
def detail(request: HttpRequest, request_id: UUID) -> HttpResponse:
    req = request_get_for(user=_user(request), public_id=request_id, purpose="aanmelding inzien")
    return _render_detail(request, req)


@access_required(Perm.REQUEST_TRIAGE, relations=[Relation.TEAM_LEAD])
@require_POST
def safety_check(request: HttpRequest, request_id: UUID) -> HttpResponse:
    user = _user(request)
    req = request_get_for(
        user=user, public_id=request_id, perm=Perm.REQUEST_TRIAGE, purpose="veiligheidscheck"
    )
    form = SafetyCheckForm(request.POST, prefix="safety")
    done = run_form_action(
        form,
        lambda data: request_safety_check(
            actor=user, request=req, note=data["note"], steps=list(data["steps"])
        ),
    )
    if not done:
        return _render_detail(request, req, status=400, safety=form)
    messages.success(request, _("De veiligheidscheck is vastgelegd. U kunt nu toewijzen."))
    return redirect("intake:detail", request_id=req.public_id)


@access_required(Perm.REQUEST_TRIAGE, relations=[Relation.TEAM_LEAD])
@require_POST
def match(request: HttpRequest, request_id: UUID, position: int) -> HttpResponse:
    """Confirm or reject the proposed match of the person at `position` in the request."""
    user = _user(request)
    req = request_get_for(
        user=user, public_id=request_id, perm=Perm.REQUEST_TRIAGE, purpose="koppeling beoordelen"
    )
    people = list(req.people.select_related("proposed_person"))
    if not 1 <= position <= len(people):
        raise Http404
    named = people[position - 1]
    offered: list[tuple[str, Any]] = []
    if named.proposed_person is not None:
        offered = _offered(claim_differences(claim=claim_of(named), person=named.proposed_person))
    prefix = f"match{position}"
    form = MatchForm(request.POST, prefix=prefix, offered=offered)
    done = run_form_action(
        form,
        lambda data: request_person_decide(
            actor=user,
            request=req,
            request_person=named,
            confirm=data["decision"] == MatchForm.CONFIRM,
            take_over=set(data.get("take_over") or ()),
        ),
    )
    if not done:
        return _render_detail(request, req, status=400, **{prefix: form})
    if form.cleaned_data["decision"] == MatchForm.CONFIRM:
        messages.success(
            request,
            _("%(name)s is gekoppeld aan de bekende persoon.") % {"name": named},
        )
    else:
        messages.success(
            request,
            _("%(name)s is vastgelegd als een nieuwe persoon.") % {"name": named},
        )
    return redirect("intake:detail", request_id=req.public_id)


@access_required(Perm.REQUEST_TRIAGE, relations=[Relation.TEAM_LEAD])
@require_POST
def assign(request: HttpRequest, request_id: UUID) -> HttpResponse:
    user = _user(request)
    req = request_get_for(
        user=user, public_id=request_id, perm=Perm.REQUEST_TRIAGE, purpose="toewijzen"
    )
    form = AssignForm(request.POST, prefix="assign", professionals=team_professionals(request=req))
    done = run_form_action(
        form,
        lambda data: request_assign(actor=user, request=req, professional=data["professional"]),
    )
    if not done:
        return _render_detail(request, req, status=400, assign=form)
    professional: User = form.cleaned_data["professional"]
    messages.success(
        request,
        _("Aanmelding %(ref)s is toegewezen aan %(name)s, die daarvan een melding krijgt.")
        % {"ref": req.reference, "name": professional.get_full_name() or professional},
    )
    return redirect("intake:detail", request_id=req.public_id)


@access_required(Perm.REQUEST_TRIAGE, relations=[Relation.TEAM_LEAD])
@require_POST
def forward(request: HttpRequest, request_id: UUID) -> HttpResponse:
    user = _user(request)
    req = request_get_for(
        user=user, public_id=request_id, perm=Perm.REQUEST_TRIAGE, purpose="doorsturen"
    )
    form = ForwardForm(request.POST, prefix="forward", teams=_forward_teams(req))
    done = run_form_action(
        form,
        lambda data: request_forward(
            actor=user, request=req, to_team=data["team"], reason=data["reason"]
        ),
    )
    if not done:
        return _render_detail(request, req, status=400, forward=form)
    messages.success(
        request,
        _("Aanmelding %(ref)s is doorgestuurd naar %(team)s.")
        % {"ref": req.reference, "team": form.cleaned_data["team"]},
    )
    # The request may have left the teams this lead leads: back to the worklist.
    return redirect("intake:worklist")


@access_required(Perm.REQUEST_PROGRESS, relations=[Relation.ASSIGNED])
@require_POST
def first_contact(request: HttpRequest, request_id: UUID) -> HttpResponse:
    user = _user(request)
    req = request_get_for(
        user=user, public_id=request_id, perm=Perm.REQUEST_PROGRESS, purpose="eerste contact"
    )
    form = FirstContactForm(request.POST, prefix="contact")
    done = run_form_action(
        form, lambda data: request_record_first_contact(actor=user, request=req, on=data["on"])
    )
    if not done:
        return _render_detail(request, req, status=400, first_contact=form)
    messages.success(request, _("Het eerste contact is vastgelegd."))
    return redirect("intake:detail", request_id=req.public_id)


@access_required(Perm.REQUEST_PROGRESS, relations=[Relation.ASSIGNED])
@require_POST
def close(request: HttpRequest, request_id: UUID) -> HttpResponse:
    user = _user(request)
    req = request_get_for(
        user=user, public_id=request_id, perm=Perm.REQUEST_PROGRESS, purpose="afsluiten"
    )
    form = CloseForm(request.POST, prefix="close")
    done = run_form_action(
        form, lambda data: request_close(actor=user, request=req, reason=data["reason"])
    )
    if not done:
        return _render_detail(request, req, status=400, close=form)
    messages.success(request, _("De aanmelding is afgesloten."))
    return redirect("intake:detail", request_id=req.public_id)


# -- the referrer -----------------------------------------------------------------------


@access_required(Perm.REQUEST_STATUS, relations=[Relation.REFERRER])
def my_referrals(request: HttpRequest) -> HttpResponse:
    page, query = paginate(request, referrer_statuses(user=_user(request)), REFERRALS_PER_PAGE)
    return render(request, "intake/my_referrals.html", {"page": page, "query": query})
