"""Writes for the front door: submit, route, safety check, assign, forward, progress.

Every function takes the acting user (None for the public form) and runs in one
transaction that also writes the access log."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from jeugdmodel.accounts.access import Perm, Relation, require
from jeugdmodel.accounts.models import TeamMembership, TeamRole, User
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.cases.models import Case, CaseStatus, CaseTeamMember, CaseTeamRole
from jeugdmodel.cases.services import consent_attach_to_case, consent_record_for_request
from jeugdmodel.core.errors import DomainError, KeyReusedWithOtherData
from jeugdmodel.core.text import normalise_digits, normalise_identifier, normalise_text
from jeugdmodel.families.consent import age_on, consent_rule_satisfied
from jeugdmodel.families.models import Person, validate_bsn
from jeugdmodel.families.services import (
    TAKE_OVER_FIELDS,
    PersonInput,
    family_for,
    person_from_claim,
    person_match,
    person_match_kind,
    person_take_over_claim,
)
from jeugdmodel.notifications.services import notify
from jeugdmodel.region import selectors as region_selectors
from jeugdmodel.region.models import Municipality, Organisation, Team, TeamKind

from .models import (
    LEGAL_ACCESS_POINTS,
    AccessPoint,
    MatchState,
    MeldcodeStep,
    PersonRole,
    Request,
    RequestEscalation,
    RequestEvent,
    RequestPerson,
    RequestStatus,
    Urgency,
)
from .selectors import (
    ESCALATION_LEVELS,
    crisis_terms_for,
    escalation_level_due,
    request_is_urgent,
    request_relations,
    request_urgent_due_at,
    urgent_open_requests,
)

MAX_QUESTION_LENGTH = 5000
MAX_CHILDREN = 10
MAX_AGE = 23  # the Jeugdwet helps until the 23rd birthday
REPEAT_WINDOW = timedelta(days=365)
POSTCODE = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})?\s*$", re.ASCII)


class RequestInvalid(DomainError):
    """One or more problems with a request, each naming its field."""


@dataclass(frozen=True)
class RequestInput:
    access_point: AccessPoint
    question: str
    children: list[PersonInput]
    parents: list[PersonInput] = field(default_factory=list)
    urgency: Urgency = Urgency.NORMAL
    safety_concern: bool = False
    meldcode_steps: list[str] = field(default_factory=list)
    consent_parent: bool | None = False  # None: not asked
    consent_youth: bool | None = False
    parental_authority: str = ""  # ParentalAuthority; empty: not asked
    specialist_referral: bool = False
    language: str = ""
    topics: list[str] = field(default_factory=list)
    referrer_name: str = ""
    referrer_organisation: Organisation | None = None
    referrer_agb: str = ""
    referrer_brin: str = ""
    contact_phone: str = ""
    contact_email: str = ""


@dataclass(frozen=True)
class Route:
    municipality: Municipality | None
    team: Team | None
    specialist_team: Team | None = None
    note: str = ""
    forwarded_to: str = ""


def normalise_postcode(value: str) -> str:
    """'3112ab' → '3112 AB'; '3112' stays '3112'. Raises DomainError on anything else."""
    match = POSTCODE.match(normalise_identifier(value))
    if not match:
        raise DomainError(_("Een postcode is 4 cijfers en 2 letters, bijvoorbeeld 3112 AB."))
    digits, letters = match.groups()
    return f"{digits} {letters.upper()}" if letters else digits


def request_validate(*, data: RequestInput, on: date) -> RequestInput:
    """All domain checks at once; raises RequestInvalid listing every problem."""
    problems: list[tuple[str, str]] = []
    question = data.question.strip()
    if not question:
        problems.append(("question", _("Beschrijf de vraag in een paar woorden.")))
    elif len(question) > MAX_QUESTION_LENGTH:
        problems.append(
            (
                "question",
                _(
                    "De vraag is te lang (meer dan %(max)d tekens). Houd het kort: de details "
                    "bespreekt u met de professional."
                )
                % {"max": MAX_QUESTION_LENGTH},
            )
        )
    if not data.children:
        problems.append(("children", _("Noem minstens één kind of jongere.")))
    if len(data.children) > MAX_CHILDREN:
        problems.append(("children", _("Noem hoogstens %(n)d kinderen.") % {"n": MAX_CHILDREN}))
    children = [
        _check_person(p, f"children[{i}]", on, problems, child=True)
        for i, p in enumerate(data.children)
    ]
    parents = [
        _check_person(p, f"parents[{i}]", on, problems, child=False)
        for i, p in enumerate(data.parents)
    ]
    for step in data.meldcode_steps:
        if step not in MeldcodeStep.values:
            problems.append(("meldcode_steps", _("Onbekende stap van de meldcode.")))
    if data.meldcode_steps and not data.safety_concern:
        problems.append(
            (
                "safety_concern",
                _("Meldcodestappen horen bij een zorg over veiligheid: kruis die aan."),
            )
        )
    if data.specialist_referral and data.access_point not in LEGAL_ACCESS_POINTS:
        problems.append(
            (
                "specialist_referral",
                _(
                    "Alleen een wettelijk verwijzer (huisarts, jeugdarts, medisch specialist, "
                    "gecertificeerde instelling of rechter) verwijst direct naar "
                    "specialistische jeugdhulp."
                ),
            )
        )
    ages = [age_on(c.date_of_birth, on) for c in children if c.date_of_birth]
    if ages and (data.consent_parent or data.consent_youth):
        oldest = max(ages)
        if not consent_rule_satisfied(
            oldest_age=oldest, parent=bool(data.consent_parent), youth=bool(data.consent_youth)
        ):
            problems.append(("consent", _consent_message(oldest)))
    if problems:
        raise RequestInvalid(problems[0][1], field=problems[0][0], errors=problems)
    return RequestInput(
        **{**data.__dict__, "question": question, "children": children, "parents": parents}
    )


def _consent_message(oldest: int) -> str:
    if oldest >= 16:
        return _(
            "Vanaf 16 jaar geeft de jongere zelf toestemming. Vink 'de jongere geeft "
            "toestemming' aan, of geef geen toestemming."
        )
    if oldest >= 12:
        return _("Voor een kind van 12 tot 16 jaar geven ouder én jongere allebei toestemming.")
    return _("Voor een kind jonger dan 12 geeft de ouder of verzorger toestemming.")


def _check_person(
    person: PersonInput, path: str, on: date, problems: list[tuple[str, str]], *, child: bool
) -> PersonInput:
    given, family = normalise_text(person.given_name), normalise_text(person.family_name)
    if not given or not family:
        problems.append((f"{path}.name", _("Vul voornaam en achternaam in.")))
    if len(given) > 100 or len(family) > 150:
        problems.append((f"{path}.name", _("Deze naam is te lang.")))
    born = person.date_of_birth
    if born is None and child:
        problems.append((f"{path}.date_of_birth", _("Vul de geboortedatum van het kind in.")))
    if born is not None and born > on:
        problems.append((f"{path}.date_of_birth", _("De geboortedatum ligt in de toekomst.")))
    elif born is not None and child and age_on(born, on) >= MAX_AGE:
        problems.append(
            (
                f"{path}.date_of_birth",
                _("Jeugdhulp is er tot 23 jaar; deze persoon is %(age)d.")
                % {"age": age_on(born, on)},
            )
        )
    bsn = normalise_digits(person.bsn)
    if person.bsn and len(bsn) != 9:
        problems.append(
            (
                f"{path}.bsn",
                _("Een BSN heeft 9 cijfers; u vulde er %(count)d in.") % {"count": len(bsn)},
            )
        )
    elif person.bsn and not _bsn_ok(bsn):
        problems.append(
            (
                f"{path}.bsn",
                _(
                    "Dit BSN bestaat niet: de cijfers halen de elfproef niet. "
                    "Controleer het nummer."
                ),
            )
        )
    postcode = person.postcode
    if child or person.postcode:
        try:
            postcode = normalise_postcode(person.postcode)
        except DomainError as exc:
            problems.append((f"{path}.postcode", str(exc.message)))
    return PersonInput(
        given_name=given,
        family_name=family,
        date_of_birth=born,
        bsn=bsn,
        postcode=postcode,
        house_number=normalise_identifier(person.house_number)[:10],
    )


def _bsn_ok(bsn: str) -> bool:
    try:
        validate_bsn(bsn)
    except Exception:
        return False
    return True


def request_route(*, data: RequestInput, actor: User | None, on: date) -> Route:
    """Decide municipality and team(s) from the first child's postcode on `on`."""
    pc4 = data.children[0].postcode[:4]
    area = region_selectors.postcode_area_on(pc4, on)
    if area is None:
        return _route_outside(pc4)
    if not area.residential:
        raise RequestInvalid(
            _("Postcode %(pc4)s is een postbusnummer. Geef het woonadres van het kind.")
            % {"pc4": pc4},
            field="children[0].postcode",
        )
    team = _own_access_team(actor, data.access_point, on)
    note = _("bij het eigen team van de aanmelder (%(team)s)") % {"team": team} if team else ""
    if team is None:
        team = (
            region_selectors.teams_covering_postcode(pc4, on, kind=TeamKind.WIJKTEAM)
            .order_by("code")
            .first()
        )
        if team is None:
            raise DomainError(
                _(
                    "Voor postcode %(pc4)s is geen wijkteam ingesteld. Neem contact op met de "
                    "functioneel beheerder."
                )
                % {"pc4": pc4}
            )
        note = _("wijkteam van postcode %(pc4)s") % {"pc4": pc4}
    specialist = None
    if data.specialist_referral:
        specialist = (
            region_selectors.teams_covering_postcode(pc4, on, kind=TeamKind.SPECIALISTISCH)
            .order_by("code")
            .first()
        )
    return Route(municipality=area.municipality, team=team, specialist_team=specialist, note=note)


def _route_outside(pc4: str) -> Route:
    outside = region_selectors.outside_region_lookup(pc4)
    if outside is not None and outside.forward:
        target = outside.forward_to or outside.municipality_name
        return Route(
            municipality=None,
            team=None,
            note=_("buiten de regio: doorgestuurd naar %(to)s") % {"to": target},
            forwarded_to=target,
        )
    if outside is not None:
        raise RequestInvalid(
            _(
                "Postcode %(pc4)s hoort bij de gemeente %(name)s. Die valt niet onder deze "
                "regio: neem contact op met de gemeente %(name)s."
            )
            % {"pc4": pc4, "name": outside.municipality_name},
            field="children[0].postcode",
        )
    served = ", ".join(m.name for m in region_selectors.municipalities_list())
    raise RequestInvalid(
        _(
            "Postcode %(pc4)s kennen we niet in deze regio. Controleer de postcode. Dit "
            "formulier is voor kinderen die wonen in de gemeenten %(served)s. Woont het kind "
            "in een andere gemeente? Neem dan contact op met het jeugdteam of de gemeente "
            "waar het kind woont."
        )
        % {"pc4": pc4, "served": served},
        field="children[0].postcode",
    )


_OWN_TEAM_KINDS = {
    AccessPoint.POH_JEUGD: TeamKind.POH_JEUGD,
    AccessPoint.SCHOOL_SPECIALIST: TeamKind.ONDERWIJS,
}


def _own_access_team(actor: User | None, access_point: str, on: date) -> Team | None:
    """A request through a POH-jeugd or a school's family specialist stays with that team."""
    kind = _OWN_TEAM_KINDS.get(AccessPoint(access_point))
    if actor is None or kind is None:
        return None
    membership = actor.active_memberships(on).filter(team__kind=kind).select_related("team").first()
    return membership.team if membership else None


def _new_reference(on: date) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return f"AM-{on.year}-" + "".join(secrets.choice(alphabet) for _ in range(6))


def submission_digest(data: RequestInput) -> str:
    """SHA-256 of everything submitted, as submitted (before normalising)."""
    body = json.dumps(dataclasses.asdict(data), sort_keys=True, default=str)
    return hashlib.sha256(body.encode()).hexdigest()


def _same_submission(existing: Request, digest: str) -> Request:
    """The request stored earlier under this key, if this is the same submission again (a
    double click, a retry). The same key with other data: refused, and said so."""
    if existing.submission_digest and existing.submission_digest != digest:
        raise KeyReusedWithOtherData(
            _(
                "Deze aanmelding was al verstuurd, met andere gegevens dan nu. Wat u nu "
                "veranderde is niet opgeslagen. Controleer de gegevens en verstuur het "
                "formulier opnieuw als nieuwe aanmelding."
            ),
            field="idempotency_key",
        )
    return existing


@transaction.atomic
def request_submit(
    *,
    actor: User | None,
    data: RequestInput,
    idempotency_key: str,
    client_hash: str = "",
    form_session_hash: str = "",
    received_at: datetime | None = None,
) -> Request:
    """Validate, route and store a request; the same idempotency key returns the first one."""
    if actor is not None:
        require(actor, Perm.REQUEST_CREATE)
    digest = submission_digest(data)
    existing = Request.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return _same_submission(existing, digest)
    received_at = received_at or timezone.now()
    on = timezone.localtime(received_at).date()
    data = request_validate(data=data, on=on)
    route = request_route(data=data, actor=actor, on=on)
    # What the requester names is a claim: a known person is only proposed; a person we do
    # not know yet is made from the claim. Nothing about a known person changes here.
    child_claims = [_claim(c, on) for c in data.children]
    parent_claims = [_claim(p, None) if p.date_of_birth else _NO_CLAIM for p in data.parents]
    children = [c.person for c in child_claims if c.person is not None]
    proposed = [c.proposed for c in (*child_claims, *parent_claims) if c.proposed is not None]
    new_people = [c.person for c in (*child_claims, *parent_claims) if c.person is not None]
    request = Request(
        reference=_new_reference(on),
        idempotency_key=idempotency_key,
        received_at=received_at,
        access_point=data.access_point,
        referrer=actor,
        referrer_name=data.referrer_name or (actor.get_full_name() if actor else ""),
        referrer_organisation=data.referrer_organisation or (actor.organisation if actor else None),
        referrer_agb=data.referrer_agb,
        referrer_brin=data.referrer_brin,
        contact_phone=data.contact_phone,
        contact_email=data.contact_email,
        question=data.question,
        language=data.language,
        topics=list(data.topics),
        urgency=data.urgency,
        specialist_referral=data.specialist_referral,
        safety_concern=data.safety_concern,
        meldcode_steps=list(data.meldcode_steps),
        consent_parent=data.consent_parent,
        consent_youth=data.consent_youth,
        parental_authority=data.parental_authority,
        municipality=route.municipality,
        team=route.team,
        specialist_team=route.specialist_team,
        routing_note=route.note,
        forwarded_to=route.forwarded_to,
        status=RequestStatus.FORWARDED_OUTSIDE if route.forwarded_to else RequestStatus.RECEIVED,
        client_hash=client_hash,
        form_session_hash=form_session_hash,
        submission_digest=digest,
    )
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        # A double submit raced us: answer with the request that won.
        return _same_submission(Request.objects.get(idempotency_key=idempotency_key), digest)
    _store_people(request, data, child_claims, parent_claims)
    if data.consent_parent or data.consent_youth:
        # The consent to share the status is a record of its own (decision 0079).
        ages = [age_on(c.date_of_birth, on) for c in data.children if c.date_of_birth]
        consent_record_for_request(
            request_key=request.public_id,
            by_parent=bool(data.consent_parent),
            by_youth=bool(data.consent_youth),
            on=on,
            oldest_age=max(ages, default=None),
            actor=actor,
        )
    _event(request, actor, "received", route.note, to_team=route.team)
    if proposed:
        _event(
            request,
            actor,
            "match_proposed",
            ngettext(
                "%(n)d persoon is mogelijk al bekend: beoordeel dat bij de personen.",
                "%(n)d personen zijn mogelijk al bekend: beoordeel dat bij de personen.",
                len(proposed),
            )
            % {"n": len(proposed)},
        )
    if route.team is not None and proposed:
        # Only a hint for triage (it changes no known person): another open request
        # names the same known child.
        _mark_possible_duplicate(
            request, [*children, *(c.proposed for c in child_claims if c.proposed)]
        )
    elif route.team is not None:
        _link_known_family(request, children, on)
    if request.safety_concern and route.team is not None:
        _event(request, actor, "safety_check_needed", _("Veiligheidscheck vandaag nodig."))
    if request_is_urgent(request) and route.team is not None:
        hours = crisis_terms_for(route.team).hours
        if request.urgency == Urgency.CRISIS:
            message = _(
                "Crisis bij aanmelding %(ref)s: het gezin hoort vandaag van ons, binnen "
                "%(hours)d uur."
            )
        else:
            message = _(
                "Zorg over veiligheid bij aanmelding %(ref)s: beoordeel vandaag, binnen "
                "%(hours)d uur."
            )
        for lead in _team_leads(route.team, on, with_deputies=True):
            notify(
                user=lead,
                message=message % {"ref": request.reference, "hours": hours},
                url=reverse("intake:detail", args=[request.public_id]),
            )
    access_log_write(
        actor=actor,
        action=AccessAction.CREATE,
        record_type="request",
        record_id=request.public_id,
        subjects=[p.pk for p in (*new_people, *proposed)],
        event="request.submit",
        details={"access_point": data.access_point, "proposed_matches": str(len(proposed))},
    )
    return request


@dataclass(frozen=True)
class _Claim:
    """A person named in a request: a new person made from it, or a known one proposed."""

    person: Person | None = None
    proposed: Person | None = None
    matched_on: str = ""


_NO_CLAIM = _Claim()


def _claim(data: PersonInput, on: date | None) -> _Claim:
    known = person_match(data=data)
    if known is not None:
        return _Claim(proposed=known, matched_on=person_match_kind(data))
    return _Claim(person=person_from_claim(data=data, on=on))


def _store_people(
    request: Request,
    data: RequestInput,
    child_claims: list[_Claim],
    parent_claims: list[_Claim],
) -> None:
    rows = [
        RequestPerson(
            request=request,
            role=role,
            given_name=p.given_name,
            family_name=p.family_name,
            date_of_birth=p.date_of_birth,
            bsn=p.bsn,
            postcode=p.postcode,
            house_number=p.house_number,
            person=claim.person,
            proposed_person=claim.proposed,
            match=MatchState.PROPOSED if claim.proposed else MatchState.NEW,
            matched_on=claim.matched_on,
        )
        for role, people, claims in (
            (PersonRole.CHILD, data.children, child_claims),
            (PersonRole.PARENT, data.parents, parent_claims),
        )
        for p, claim in zip(people, claims, strict=True)
    ]
    RequestPerson.objects.bulk_create(rows)


def claim_of(person: RequestPerson) -> PersonInput:
    """The claim as the requester made it, from the stored request person."""
    return PersonInput(
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        bsn=person.bsn,
        postcode=person.postcode,
        house_number=person.house_number,
    )


@transaction.atomic
def request_person_decide(
    *,
    actor: User,
    request: Request,
    request_person: RequestPerson,
    confirm: bool,
    take_over: set[str] | frozenset[str] = frozenset(),
) -> RequestPerson:
    """The professional's decision on a proposed match in the triage step.

    Confirm: the request is about the known person; the chosen differences (name, address,
    a missing BSN) are taken over and logged. Reject: a new person is made from the claim
    (without the known person's BSN). When no proposal is left, the request joins the open
    case of a known child, or is marked as a repeat or possible duplicate."""
    _require_on(actor, Perm.REQUEST_TRIAGE, request)
    _require_open(request)
    rp = (
        RequestPerson.objects.select_for_update(of=("self",))
        .select_related("proposed_person")
        .filter(pk=request_person.pk, request=request)
        .first()
    )
    if rp is None or rp.match != MatchState.PROPOSED or rp.proposed_person is None:
        raise DomainError(_("Over deze persoon is al beslist."), field="person")
    known = rp.proposed_person
    claim = claim_of(rp)
    on = request.received_on
    if confirm:
        unknown = set(take_over) - set(TAKE_OVER_FIELDS)
        if unknown:
            raise DomainError(_("Onbekend gegeven om over te nemen."), field="take_over")
        try:
            changed = person_take_over_claim(
                person=known, claim=claim, fields=set(take_over), on=on
            )
        except ValueError as exc:
            raise DomainError(
                _(
                    "Het adres kan niet worden overgenomen: het huidige adres begon na de "
                    "aanmelding. Pas het adres zo nodig aan in het beheer."
                ),
                field="take_over",
            ) from exc
        rp.person = known
        rp.match = MatchState.CONFIRMED
        rp.save(update_fields=["person", "match"])
        note = _("%(name)s is dezelfde persoon als de bekende persoon.") % {"name": rp}
        if changed:
            note += " " + _("Overgenomen: %(fields)s.") % {
                "fields": ", ".join(str(TAKE_OVER_LABELS[f]) for f in changed)
            }
        _event(request, actor, "match_confirmed", note)
        access_log_write(
            actor=actor,
            action=AccessAction.UPDATE if changed else AccessAction.READ,
            record_type="person",
            record_id=known.public_id,
            subjects=[known.pk],
            event="request.match_confirm",
            details={"request": request.reference, "taken_over": ",".join(changed)},
        )
    else:
        new = person_from_claim(data=claim, on=on, with_bsn=not claim.bsn or claim.bsn != known.bsn)
        rp.person = new
        rp.match = MatchState.REJECTED
        rp.save(update_fields=["person", "match"])
        _event(
            request,
            actor,
            "match_rejected",
            _("%(name)s is een andere persoon dan de bekende persoon.") % {"name": rp},
        )
        access_log_write(
            actor=actor,
            action=AccessAction.CREATE,
            record_type="person",
            record_id=new.public_id,
            subjects=[new.pk, known.pk],
            event="request.match_reject",
            details={"request": request.reference},
        )
    if not request.people.filter(match=MatchState.PROPOSED).exists() and request.team_id:
        children = [
            p.person
            for p in request.people.filter(role=PersonRole.CHILD).select_related("person")
            if p.person is not None
        ]
        _link_known_family(request, children, on)
    return rp


#: Labels of what may be taken over, as the triage page and the event note show them.
TAKE_OVER_LABELS = {
    "name": _lazy("naam"),
    "address": _lazy("adres"),
    "bsn": _lazy("BSN"),
}


def _link_known_family(request: Request, children: list[Person], on: date) -> None:
    """A child with an open case: the request joins that case as a new question. A case
    closed within 12 months makes this a repeat request. An open request for the same
    child is marked as a possible duplicate."""
    cases = Case.objects.filter(family__members__person__in=children).select_related("coordinator")
    open_case = cases.exclude(status=CaseStatus.CLOSED).order_by("-opened_on").first()
    if open_case is not None:
        request.case = open_case
        request.status = RequestStatus.JOINED_CASE
        request.assigned_to = open_case.coordinator
        request.assigned_at = request.received_at
        request.save(update_fields=["case", "status", "assigned_to", "assigned_at"])
        consent_attach_to_case(request_key=request.public_id, case=open_case)
        _event(request, None, "joined_case", _("Nieuwe vraag bij de lopende casus."))
        notify(
            user=open_case.coordinator,
            message=_("Nieuwe vraag bij een lopende casus: aanmelding %(ref)s.")
            % {"ref": request.reference},
            url=reverse("intake:detail", args=[request.public_id]),
        )
        return
    recent = cases.filter(status=CaseStatus.CLOSED, closed_on__gte=on - REPEAT_WINDOW).exists()
    duplicate = _open_request_naming(request, children)
    if recent or duplicate:
        request.is_repeat = recent
        request.possible_duplicate_of = duplicate
        request.save(update_fields=["is_repeat", "possible_duplicate_of"])


def _open_request_naming(request: Request, children: list[Person]) -> Request | None:
    """The oldest other open request naming one of `children` (linked or proposed)."""
    return (
        Request.objects.filter(status=RequestStatus.RECEIVED)
        .filter(Q(people__person__in=children) | Q(people__proposed_person__in=children))
        .exclude(pk=request.pk)
        .order_by("received_at")
        .first()
    )


def _mark_possible_duplicate(request: Request, children: list[Person]) -> None:
    duplicate = _open_request_naming(request, children)
    if duplicate is not None:
        request.possible_duplicate_of = duplicate
        request.save(update_fields=["possible_duplicate_of"])


def _team_leads(team: Team, on: date, *, with_deputies: bool = False) -> list[User]:
    # The lead membership of *this* team must be current; an ended membership elsewhere is
    # no reason to leave a lead out (an exclude() across memberships would do just that).
    roles = [TeamRole.LEAD, TeamRole.DEPUTY] if with_deputies else [TeamRole.LEAD]
    lead_ids = (
        TeamMembership.objects.filter(team=team, role_in_team__in=roles, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .values("user_id")
    )
    return list(User.objects.filter(pk__in=lead_ids, is_active=True).order_by("pk"))


def _event(
    request: Request,
    actor: User | None,
    kind: str,
    note: str = "",
    *,
    from_team: Team | None = None,
    to_team: Team | None = None,
) -> None:
    RequestEvent.objects.create(
        request=request,
        at=timezone.now(),
        actor=actor,
        kind=kind,
        note=note,
        from_team=from_team,
        to_team=to_team,
    )


def _require_on(actor: User, perm: Perm, request: Request) -> None:
    require(actor, perm, request_relations(user=actor, request=request))


def _require_open(request: Request) -> None:
    if request.status != RequestStatus.RECEIVED:
        raise DomainError(
            _("Deze aanmelding is al %(status)s; dat kan niet meer.")
            % {"status": request.get_status_display()}
        )


@transaction.atomic
def request_safety_check(*, actor: User, request: Request, note: str, steps: list[str]) -> Request:
    """The team lead's same-day safety check of a request with a safety concern."""
    _require_on(actor, Perm.REQUEST_TRIAGE, request)
    if not request.safety_concern:
        raise DomainError(_("Bij deze aanmelding is geen zorg over veiligheid gemeld."))
    if not note.strip():
        raise DomainError(_("Schrijf kort op wat u heeft beoordeeld."), field="note")
    unknown = [s for s in steps if s not in MeldcodeStep.values]
    if unknown:
        raise DomainError(_("Onbekende stap van de meldcode."), field="steps")
    request.safety_checked_at = timezone.now()
    request.safety_checked_by = actor
    request.safety_note = note.strip()
    request.meldcode_steps = sorted(set(request.meldcode_steps) | set(steps))
    request.save(
        update_fields=["safety_checked_at", "safety_checked_by", "safety_note", "meldcode_steps"]
    )
    _event(request, actor, "safety_checked", note.strip())
    _log(actor, request, AccessAction.UPDATE, "request.safety_check")
    return request


@transaction.atomic
def request_assign(*, actor: User, request: Request, professional: User, note: str = "") -> Case:
    """Assign a professional: the request becomes a case with them as coordinator."""
    _require_on(actor, Perm.REQUEST_TRIAGE, request)
    _require_open(request)
    team = request.team
    assert team is not None  # a received request always has a team
    on = timezone.localdate()
    if not professional.is_active or team.pk not in professional.active_team_ids(on):
        raise DomainError(
            _("%(name)s is geen lid van %(team)s.") % {"name": professional, "team": team},
            field="professional",
        )
    if request.safety_concern and request.safety_checked_at is None:
        raise DomainError(
            _("Doe eerst de veiligheidscheck: bij deze aanmelding is zorg over veiligheid."),
        )
    people = list(request.people.select_related("person"))
    if any(p.match == MatchState.PROPOSED for p in people):
        raise DomainError(
            _(
                "Beoordeel eerst of de genoemde personen al bekend zijn (bij 'Kinderen en "
                "ouders'): bevestig of wijs elke mogelijke koppeling af."
            ),
        )
    children = [p.person for p in people if p.role == PersonRole.CHILD and p.person]
    adults = [p.person for p in people if p.role == PersonRole.PARENT and p.person]
    family = family_for(children=children, adults=adults, on=on)
    case = Case.objects.create(
        family=family,
        team=team,
        coordinator=professional,
        opened_on=on,
        is_repeat=request.is_repeat,
    )
    CaseTeamMember.objects.create(
        case=case, user=professional, role=CaseTeamRole.COORDINATOR, valid_from=on
    )
    request.case = case
    request.status = RequestStatus.ASSIGNED
    request.assigned_to = professional
    request.assigned_at = timezone.now()
    request.save(update_fields=["case", "status", "assigned_to", "assigned_at"])
    consent_attach_to_case(request_key=request.public_id, case=case)
    _event(request, actor, "assigned", note or str(professional))
    _log(
        actor,
        request,
        AccessAction.UPDATE,
        "request.assign",
        details={"professional": str(professional.public_id)},
    )
    notify(
        user=professional,
        message=_("U bent regiehouder van een nieuwe casus (aanmelding %(ref)s).")
        % {"ref": request.reference},
        url=reverse("intake:detail", args=[request.public_id]),
    )
    return case


@transaction.atomic
def request_forward(*, actor: User, request: Request, to_team: Team, reason: str) -> Request:
    """Send a request to another team's worklist, with a reason."""
    _require_on(actor, Perm.REQUEST_TRIAGE, request)
    _require_open(request)
    if not reason.strip():
        raise DomainError(_("Geef een reden voor het doorsturen."), field="reason")
    if request.team_id == to_team.pk:
        raise DomainError(_("De aanmelding staat al bij dit team."), field="team")
    previous = request.team
    request.team = to_team
    request.routing_note = _("doorgestuurd: %(reason)s") % {"reason": reason.strip()[:200]}
    request.save(update_fields=["team", "routing_note"])
    _event(request, actor, "forwarded", reason.strip(), from_team=previous, to_team=to_team)
    _log(actor, request, AccessAction.UPDATE, "request.forward", details={"to_team": to_team.code})
    for lead in _team_leads(to_team, timezone.localdate()):
        notify(
            user=lead,
            message=_("Aanmelding %(ref)s is naar uw team doorgestuurd.")
            % {"ref": request.reference},
            url=reverse("intake:detail", args=[request.public_id]),
        )
    return request


@transaction.atomic
def request_record_first_contact(*, actor: User, request: Request, on: date) -> Request:
    _require_on(actor, Perm.REQUEST_PROGRESS, request)
    if request.status not in {RequestStatus.ASSIGNED, RequestStatus.JOINED_CASE}:
        raise DomainError(_("Eerste contact kan alleen bij een toegewezen aanmelding."))
    if on > timezone.localdate() or on < request.received_on:
        raise DomainError(
            _("De datum van het eerste contact ligt tussen de aanmelding en vandaag."),
            field="on",
        )
    request.first_contact_on = on
    request.status = RequestStatus.FIRST_CONTACT
    request.save(update_fields=["first_contact_on", "status"])
    if request.case is not None and request.case.status == CaseStatus.REGISTERED:
        request.case.status = CaseStatus.ACTIVE
        request.case.save(update_fields=["status", "updated_at"])
    _event(request, actor, "first_contact", on.isoformat())
    _log(actor, request, AccessAction.UPDATE, "request.first_contact")
    return request


@transaction.atomic
def request_close(*, actor: User, request: Request, reason: str) -> Request:
    _require_on(actor, Perm.REQUEST_PROGRESS, request)
    if request.status in {RequestStatus.CLOSED, RequestStatus.FORWARDED_OUTSIDE}:
        raise DomainError(_("Deze aanmelding is al afgesloten."))
    if not reason.strip():
        raise DomainError(_("Geef een reden voor het afsluiten."), field="reason")
    request.status = RequestStatus.CLOSED
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "closed_at"])
    _event(request, actor, "closed", reason.strip())
    _log(actor, request, AccessAction.UPDATE, "request.close")
    return request


def _log(
    actor: User,
    request: Request,
    action: AccessAction,
    event: str,
    details: dict[str, str] | None = None,
) -> None:
    access_log_write(
        actor=actor,
        action=action,
        record_type="request",
        record_id=request.public_id,
        subjects=request.people.exclude(person__isnull=True).values_list("person_id", flat=True),
        event=event,
        details=details,
    )


__all__ = [
    "Relation",
    "RequestInput",
    "RequestInvalid",
    "Route",
    "request_assign",
    "request_close",
    "request_forward",
    "request_person_decide",
    "request_record_first_contact",
    "request_route",
    "request_safety_check",
    "request_submit",
    "request_validate",
]


def requests_escalate_overdue(*, now: datetime | None = None) -> int:
    """Escalate every crisis or safety request that is past its term and not handled: a
    notice to the team's lead and deputy per level (level 1 when the term has passed,
    level 2 a working day later). Idempotent: a level is escalated once per request (the
    scheduled job runs it every quarter of an hour). Returns the escalations made."""
    now = now or timezone.now()
    made = 0
    for request in urgent_open_requests():
        team = request.team
        assert team is not None
        hours = crisis_terms_for(team).hours
        due_level = escalation_level_due(request, hours=hours, now=now)
        for level in ESCALATION_LEVELS:
            if level <= due_level and _escalate(request, team, level, hours, now):
                made += 1
    return made


@transaction.atomic
def _escalate(request: Request, team: Team, level: int, hours: int, now: datetime) -> bool:
    """One level of one request, once: the unique row is the guard against a second run."""
    try:
        with transaction.atomic():
            RequestEscalation.objects.create(
                request=request,
                level=level,
                due_at=request_urgent_due_at(request, hours),
                at=now,
            )
    except IntegrityError:
        return False
    what = _("Crisis") if request.urgency == Urgency.CRISIS else _("Zorg over veiligheid")
    if level == 1:
        message = _(
            "%(what)s bij aanmelding %(ref)s: de termijn van %(hours)d uur is verlopen en de "
            "aanmelding is nog niet opgepakt. Pak haar nu op."
        )
    else:
        message = _(
            "%(what)s bij aanmelding %(ref)s is een werkdag na de termijn nog steeds niet "
            "opgepakt. Pak haar nu op of draag haar over."
        )
    text = message % {"what": what, "ref": request.reference, "hours": hours}
    _event(request, None, "escalated", text)
    url = reverse("intake:detail", args=[request.public_id])
    for user in _team_leads(team, timezone.localtime(now).date(), with_deputies=True):
        notify(user=user, message=text, url=url)
    return True
