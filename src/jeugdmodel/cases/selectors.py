"""Reads for cases: one door per case (`case_get_for`), the list door
(`cases_visible_to`), how a user relates to a case, and what the case pages, the API and
the home page read after passing one of those doors."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm, Relation, can, granted_relations, require
from jeugdmodel.accounts.models import TeamMembership, TeamRole, User
from jeugdmodel.accounts.roles import CARE_ROLES
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.core.errors import NotFoundOrNotAllowed
from jeugdmodel.families.models import FamilyMember, Person
from jeugdmodel.families.models import Relation as FamilyRelation
from jeugdmodel.region.models import TeamKind

from .models import (
    AdultServiceLink,
    Case,
    CaseStatus,
    CaseTeamMember,
    ConsentKind,
    ConsentRecord,
    Document,
    EmergencyAccess,
    ExternalInvolvement,
    JournalEntry,
    PlanVersion,
)
from .plan_content import FAMILY, Agreement, Goal, PlanContent, plan_content_load


def _active(on: date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def case_relations_today(*, user: User, case: Case) -> set[Relation]:
    """`case_relations` today, reusing what `case_get_for` found for this reader."""
    known: set[Relation] | None = getattr(case, "relations_of_reader", None)
    return set(known) if known is not None else case_relations(user=user, case=case)


def case_relations(*, user: User, case: Case, on: date | None = None) -> set[Relation]:
    """How `user` relates to `case` on `on` (today): coordinator, case team within the
    member's period, lead of the case's team."""
    day = on or timezone.localdate()
    relations: set[Relation] = set()
    if case.coordinator_id == user.pk:
        relations.add(Relation.COORDINATOR)
    if CaseTeamMember.objects.filter(_active(day), case=case, user=user).exists():
        relations.add(Relation.CASE_TEAM)
    leads = TeamMembership.objects.filter(
        _active(day), user=user, team_id=case.team_id, role_in_team=TeamRole.LEAD
    )
    if leads.exists():
        relations.add(Relation.TEAM_LEAD)
    return relations


def case_get_for(
    *,
    user: User,
    public_id: UUID | str,
    perm: Perm = Perm.CASE_VIEW,
    purpose: str = "",
    log: bool = True,
) -> Case:
    """One case, if `user` may (perm) on it today. Not found and not allowed are the same.
    Every successful read is written to the access log with the family's people."""
    case = (
        Case.objects.select_related("family", "team", "coordinator")
        .filter(public_id=public_id)
        .first()
    )
    if case is None:
        raise NotFoundOrNotAllowed()
    relations = case_relations(user=user, case=case)
    emergency = None
    if not can(user, perm, relations) and Relation.EMERGENCY in granted_relations(user, perm):
        # Asked only when nothing else opens the case: no extra query for the case team.
        emergency = emergency_access_active(user=user, case=case)
        if emergency is not None:
            relations.add(Relation.EMERGENCY)
    require(user, perm, relations)
    # Kept for the rest of this request: the page asks what else the user may do here, and
    # the case header shows the emergency banner.
    case.relations_of_reader = relations  # type: ignore[attr-defined]
    case.emergency_of_reader = emergency  # type: ignore[attr-defined]
    if log:
        case_read_log(user=user, case=case, event="case.view", purpose=purpose)
    return case


def emergency_access_active(*, user: User, case: Case) -> EmergencyAccess | None:
    """The user's emergency access to `case` that runs now, if any."""
    now = timezone.now()
    return (
        EmergencyAccess.objects.filter(user=user, case=case, starts_at__lte=now, ends_at__gt=now)
        .order_by("-ends_at")
        .first()
    )


def case_read_log(
    *,
    user: User,
    case: Case,
    event: str,
    purpose: str = "",
    action: AccessAction = AccessAction.READ,
    record_type: str = "case",
    record_id: object = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Write one read of `case` to the access log. A read through an emergency access is
    marked: action "noodtoegang", its explanation as the reason, its id in the details."""
    emergency: EmergencyAccess | None = getattr(case, "emergency_of_reader", None)
    details = dict(details or {})
    reason = purpose
    if emergency is not None:
        if action == AccessAction.READ:
            action = AccessAction.EMERGENCY
        reason = emergency.explanation
        details["emergency_access"] = str(emergency.public_id)
        details["emergency_reason"] = emergency.reason
        if purpose:
            details["purpose"] = purpose
    access_log_write(
        actor=user,
        action=action,
        record_type=record_type,
        record_id=case.public_id if record_id is None else record_id,
        subjects=case.family.members.values_list("person_id", flat=True),
        event=event,
        reason=reason,
        details=details or None,
    )


def cases_visible_to(
    *, user: User, on: date | None = None, perm: Perm = Perm.CASE_VIEW
) -> QuerySet[Case]:
    """Every case `user` may (perm) today, from the same rule as `case_get_for`: only the
    relations that grant `perm` to the user's role count (a lead membership gives a
    professional who is not a team lead nothing), and a case-team member only within their
    period. Lists, search and exports start here."""
    day = on or timezone.localdate()
    granted = granted_relations(user, perm)
    cases = Case.objects.select_related("family", "team", "coordinator")
    if Relation.ANYONE in granted:
        return cases
    scope = Q(pk__in=[])
    if Relation.COORDINATOR in granted:
        scope |= Q(coordinator=user)
    if Relation.CASE_TEAM in granted:
        scope |= Q(
            Exists(CaseTeamMember.objects.filter(_active(day), case=OuterRef("pk"), user=user))
        )
    if Relation.TEAM_LEAD in granted:
        led = TeamMembership.objects.filter(_active(day), user=user, role_in_team=TeamRole.LEAD)
        scope |= Q(team_id__in=led.values("team_id"))
    if Relation.EMERGENCY in granted:
        now = timezone.now()
        scope |= Q(
            Exists(
                EmergencyAccess.objects.filter(
                    case=OuterRef("pk"), user=user, starts_at__lte=now, ends_at__gt=now
                )
            )
        )
    return cases.filter(scope)


# -- lists ----------------------------------------------------------------------------------


#: Status filter values besides the case statuses themselves.
STATUS_OPEN = "open"
STATUS_ALL = "all"


def _current(prefix: str, on: date) -> Q:
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})
    )


def _children_prefetch(on: date) -> Prefetch[Any]:
    return Prefetch(
        "family__members",
        queryset=FamilyMember.objects.filter(_current("", on), relation=FamilyRelation.CHILD)
        .select_related("person")
        .order_by("person__date_of_birth", "id"),
        to_attr="current_children",
    )


def cases_list_for(
    *, user: User, status: str = STATUS_OPEN, on: date | None = None
) -> QuerySet[Case]:
    """The cases page: every case `user` may see (cases_visible_to), filtered by status
    ("open" = not closed, "all", or one status), newest first, with the children."""
    day = on or timezone.localdate()
    in_team = CaseTeamMember.objects.filter(_active(day), case=OuterRef("pk"), user=user)
    cases = cases_visible_to(user=user, on=day).annotate(in_case_team=Exists(in_team))
    if status == STATUS_OPEN:
        cases = cases.exclude(status=CaseStatus.CLOSED)
    elif status in CaseStatus.values:
        cases = cases.filter(status=status)
    return cases.prefetch_related(_children_prefetch(day)).order_by("-opened_on", "-id")


def case_status_counts(*, user: User, on: date | None = None) -> dict[str, int]:
    """How many cases `user` may see, per status, plus "open" and "all"."""
    rows = cases_visible_to(user=user, on=on).order_by().values("status").annotate(n=Count("id"))
    counts = dict.fromkeys(CaseStatus.values, 0)
    for row in rows:
        counts[row["status"]] = row["n"]
    counts[STATUS_OPEN] = counts[CaseStatus.REGISTERED] + counts[CaseStatus.ACTIVE]
    counts[STATUS_ALL] = counts[STATUS_OPEN] + counts[CaseStatus.CLOSED]
    return counts


def cases_list_log(*, user: User, cases: Iterable[Case], event: str = "case.list") -> None:
    """A list shows family names and children's first names: that read is logged too."""
    shown = list(cases)
    if not shown:
        return
    access_log_write(
        actor=user,
        action=AccessAction.READ,
        record_type="case",
        subjects=[m.person_id for c in shown for m in getattr(c.family, "current_children", [])],
        event=event,
        details={"cases": len(shown)},
    )


# -- one case -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberView:
    member: FamilyMember
    age: int

    @property
    def person(self) -> Person:
        return self.member.person

    @property
    def is_child(self) -> bool:
        return self.member.relation == FamilyRelation.CHILD

    @property
    def masked_bsn(self) -> str:
        bsn = self.member.person.bsn
        return "•" * (len(bsn) - 3) + bsn[-3:] if bsn else ""


@dataclass(frozen=True)
class TeamPeriod:
    member: CaseTeamMember
    state: str  # "current", "past", "future"


@dataclass(frozen=True)
class CaseOverview:
    case: Case
    members: list[MemberView]
    team: list[TeamPeriod]
    requests: list[Any]
    involvements: list[ExternalInvolvement]
    adult_links: list[AdultServiceLink]
    plan: PlanVersion | None
    journal_count: int
    document_count: int

    @property
    def children(self) -> list[MemberView]:
        return [m for m in self.members if m.is_child]

    @property
    def adults(self) -> list[MemberView]:
        return [m for m in self.members if not m.is_child]


def case_members(*, case: Case, on: date | None = None) -> list[MemberView]:
    """The family's current members, children first (oldest first), with their age."""
    day = on or timezone.localdate()
    members = (
        FamilyMember.objects.filter(_current("", day), family_id=case.family_id)
        .select_related("person")
        .order_by("relation", "person__date_of_birth", "id")
    )
    views = [MemberView(member=m, age=m.person.age_on(day)) for m in members]
    return sorted(views, key=lambda v: (not v.is_child, v.member.relation))


def case_overview(*, case: Case, on: date | None = None) -> CaseOverview:
    """Everything the case page shows, in a fixed number of queries."""
    day = on or timezone.localdate()
    members = case_members(case=case, on=day)
    child_ids = [m.person.pk for m in members if m.is_child]
    adult_ids = [m.person.pk for m in members if not m.is_child]
    team = [
        TeamPeriod(
            member=m,
            state="future"
            if m.valid_from > day
            else ("past" if m.valid_to is not None and m.valid_to < day else "current"),
        )
        for m in case.team_members.select_related("user").order_by("valid_from", "id")
    ]
    return CaseOverview(
        case=case,
        members=members,
        team=team,
        requests=list(case.requests.order_by("received_at")),
        involvements=list(
            ExternalInvolvement.objects.filter(person_id__in=child_ids)
            .select_related("person")
            .order_by("since", "id")
        ),
        adult_links=list(
            AdultServiceLink.objects.filter(person_id__in=adult_ids)
            .select_related("person")
            .order_by("since", "id")
        ),
        plan=plan_version_get(case=case),
        journal_count=case.journal.count(),
        document_count=case.documents.count(),
    )


def case_team_candidates(*, case: Case, on: date | None = None) -> QuerySet[User]:
    """Professionals who may join the case team: active care-givers of the case's own team
    or of the region's specialist youth-care team(s), not in the case team today. (Flex
    specialists join through a consultation.) Kept short on purpose: the case page lists
    them in a select, and listing the whole region made the page slow (bench/case)."""
    day = on or timezone.localdate()
    team_ids = TeamMembership.objects.filter(
        Q(team_id=case.team_id)
        | Q(team__region_id=case.team.region_id, team__kind=TeamKind.SPECIALISTISCH),
        _active(day),
    ).values("user_id")
    current = CaseTeamMember.objects.filter(_active(day), case=case).values("user_id")
    return (
        User.objects.filter(pk__in=team_ids, is_active=True, role__in=[r.value for r in CARE_ROLES])
        .exclude(pk__in=current)
        .order_by("first_name", "last_name", "username")
    )


def case_coordinator_candidates(*, case: Case, on: date | None = None) -> QuerySet[User]:
    """Professionals who may become coordinator: active care-givers of the case's team."""
    day = on or timezone.localdate()
    member_ids = TeamMembership.objects.filter(_active(day), team_id=case.team_id).values("user_id")
    return (
        User.objects.filter(
            pk__in=member_ids, is_active=True, role__in=[r.value for r in CARE_ROLES]
        )
        .exclude(pk=case.coordinator_id)
        .order_by("first_name", "last_name", "username")
    )


def case_team_member_get(*, case: Case, public_id: UUID | str) -> CaseTeamMember:
    member = (
        CaseTeamMember.objects.select_related("user").filter(case=case, public_id=public_id).first()
    )
    if member is None:
        raise NotFoundOrNotAllowed()
    return member


# -- the plan -------------------------------------------------------------------------------


def plan_version_get(*, case: Case, number: int | None = None) -> PlanVersion | None:
    """Version `number` of the case's plan, or the latest; None when there is none."""
    versions = case.plan_versions.select_related("created_by")
    if number is not None:
        return versions.filter(number=number).first()
    return versions.order_by("-number").first()


def plan_versions_list(*, case: Case) -> list[PlanVersion]:
    return list(
        case.plan_versions.select_related("created_by").defer("content").order_by("-number")
    )


@dataclass(frozen=True)
class PlanView:
    """A plan version as shown: typed content and a label for each goal's subject."""

    version: PlanVersion | None
    content: PlanContent
    subjects: dict[str, str]
    today: date

    def subject_label(self, subject: str) -> str:
        return self.subjects.get(subject, _("een kind dat niet meer in het gezin staat"))

    @property
    def goals(self) -> list[tuple[Goal, str]]:
        return [(g, self.subject_label(g.subject)) for g in self.content.goals]

    @property
    def agreements(self) -> list[tuple[Agreement, bool]]:
        return [(a, a.is_overdue(self.today)) for a in self.content.agreements]

    @property
    def overdue(self) -> list[Agreement]:
        return self.content.overdue_agreements(self.today)


def plan_subjects(*, members: Iterable[MemberView]) -> dict[str, str]:
    """Goal subjects: the whole family, or a child by first name and age."""
    subjects = {FAMILY: str(_("het hele gezin"))}
    for m in members:
        if m.is_child:
            subjects[str(m.person.public_id)] = _("%(name)s (%(age)d jaar)") % {
                "name": m.person.given_name,
                "age": m.age,
            }
    return subjects


def plan_view(
    *, version: PlanVersion | None, subjects: dict[str, str], on: date | None = None
) -> PlanView:
    content = plan_content_load(version.content) if version is not None else PlanContent()
    return PlanView(
        version=version,
        content=content,
        subjects=subjects,
        today=on or timezone.localdate(),
    )


def _day(d: date | None) -> str:
    return d.strftime("%d-%m-%Y") if d else "–"


def plan_lines(*, version: PlanVersion, subjects: dict[str, str]) -> list[str]:
    """A plan version as plain lines of text, for reading and for the comparison."""
    view = plan_view(version=version, subjects=subjects)
    yes, no = str(_("ja")), str(_("nee"))
    lines = [str(_("Volgende evaluatie: %(on)s") % {"on": _day(view.content.next_evaluation)})]
    lines.append(str(_("Doelen")))
    for goal, label in view.goals:
        lines.append(_("Doel voor %(who)s: %(text)s") % {"who": label, "text": goal.text})
        for s in goal.scores:
            lines.append(
                "    "
                + _("score %(score)d (%(kind)s, %(on)s)")
                % {"score": s.score, "kind": s.kind_label, "on": _day(s.on)}
            )
    lines.append(str(_("Afspraken")))
    for a in view.content.agreements:
        lines.append(
            _("Afspraak: %(who)s – %(what)s – uiterlijk %(due)s – %(state)s")
            % {
                "who": a.who,
                "what": a.what,
                "due": _day(a.due),
                "state": _("gedaan") if a.done else _("nog open"),
            }
        )
    lines.append(str(_("Netwerk")))
    for n in view.content.network:
        lines.append(
            _("Netwerk: %(name)s (%(relation)s)%(contact)s")
            % {
                "name": n.name,
                "relation": n.relation_label,
                "contact": f" – {n.contact}" if n.contact else "",
            }
        )
    if version.agreed_on:
        lines.append(
            _("Instemming gezin: %(on)s door %(by)s (ouder: %(parent)s, jongere: %(youth)s)")
            % {
                "on": _day(version.agreed_on),
                "by": version.agreed_by,
                "parent": yes if version.consent_parent else no,
                "youth": yes if version.consent_youth else no,
            }
        )
    else:
        lines.append(str(_("Instemming gezin: nog niet vastgelegd")))
    return lines


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed"
    text: str


def plan_diff(*, old: list[str], new: list[str]) -> list[DiffLine]:
    """Line by line what changed from `old` to `new` (difflib)."""
    rows: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [DiffLine("same", line) for line in old[i1:i2]]
            continue
        rows += [DiffLine("removed", line) for line in old[i1:i2]]
        rows += [DiffLine("added", line) for line in new[j1:j2]]
    return rows


# -- journal and documents ------------------------------------------------------------------


def journal_for(*, case: Case) -> QuerySet[JournalEntry]:
    return case.journal.select_related("author").order_by("-on", "-id")


def journal_minutes(*, case: Case) -> int:
    return case.journal.aggregate(total=Sum("duration_minutes"))["total"] or 0


def documents_for(*, case: Case) -> QuerySet[Document]:
    return case.documents.select_related("uploaded_by").order_by("-uploaded_at", "-id")


def document_get_for(
    *, user: User, case_public_id: UUID | str, document_public_id: UUID | str
) -> tuple[Case, Document]:
    """One document of a case `user` may see today, for download. The download is written
    to the access log as an export (the file leaves the system)."""
    case = case_get_for(user=user, public_id=case_public_id, log=False)
    document = case.documents.filter(public_id=document_public_id).first()
    if document is None:
        raise NotFoundOrNotAllowed()
    case_read_log(
        user=user,
        case=case,
        action=AccessAction.EXPORT,
        record_type="document",
        record_id=document.public_id,
        event="document.download",
        details={"case": str(case.public_id), "type": document.content_type},
    )
    return case, document


# -- the professional's home page ---------------------------------------------------------------

#: An evaluation is "due" from this many days before its date.
EVALUATION_DUE_WITHIN = timedelta(days=14)


@dataclass(frozen=True)
class OverdueAgreement:
    case: Case
    agreement: Agreement


@dataclass(frozen=True)
class EvaluationDue:
    case: Case
    on: date


@dataclass(frozen=True)
class CaseWork:
    """The professional's own open cases (as coordinator or case-team member)."""

    open_cases: int
    registered: int
    active: int
    overdue: list[OverdueAgreement]
    evaluations: list[EvaluationDue]


def cases_mine(*, user: User, on: date | None = None) -> QuerySet[Case]:
    """The cases `user` works on today: as coordinator or in the case team (not those of
    a team they lead). Starts from cases_visible_to."""
    day = on or timezone.localdate()
    in_team = CaseTeamMember.objects.filter(_active(day), case=OuterRef("pk"), user=user)
    return cases_visible_to(user=user, on=day).filter(Q(coordinator=user) | Q(Exists(in_team)))


def case_work_for(*, user: User, on: date | None = None) -> CaseWork:
    """Counts and to-dos of the home page, in a fixed number of queries. Family names are
    shown, so the read is logged (once, with everyone involved)."""
    day = on or timezone.localdate()
    mine = cases_mine(user=user, on=day).exclude(status=CaseStatus.CLOSED)
    counts = {
        row["status"]: row["n"] for row in mine.order_by().values("status").annotate(n=Count("id"))
    }
    latest = PlanVersion.objects.filter(case=OuterRef("case")).order_by("-number").values("number")
    plans = (
        PlanVersion.objects.filter(case__in=mine.values("pk"), number=Subquery(latest[:1]))
        .select_related("case__family")
        .order_by("case__opened_on", "case_id")
    )
    overdue: list[OverdueAgreement] = []
    evaluations: list[EvaluationDue] = []
    for version in plans:
        content = plan_content_load(version.content)
        overdue += [
            OverdueAgreement(case=version.case, agreement=a)
            for a in content.overdue_agreements(day)
        ]
        nxt = content.next_evaluation
        if nxt is not None and nxt <= day + EVALUATION_DUE_WITHIN:
            evaluations.append(EvaluationDue(case=version.case, on=nxt))
    overdue.sort(key=lambda o: (o.agreement.due or day, o.case.pk))
    evaluations.sort(key=lambda e: (e.on, e.case.pk))
    shown = {o.case.family_id for o in overdue} | {e.case.family_id for e in evaluations}
    if shown:
        access_log_write(
            actor=user,
            action=AccessAction.READ,
            record_type="case",
            subjects=FamilyMember.objects.filter(family_id__in=shown).values_list(
                "person_id", flat=True
            ),
            event="case.home_list",
        )
    registered = counts.get(CaseStatus.REGISTERED, 0)
    active = counts.get(CaseStatus.ACTIVE, 0)
    return CaseWork(
        open_cases=registered + active,
        registered=registered,
        active=active,
        overdue=overdue,
        evaluations=evaluations,
    )


# -- emergency access: the privacy officer's review queue -------------------------------------


def emergency_accesses_for_review(*, user: User, review: str = "open") -> QuerySet[EmergencyAccess]:
    """Emergency accesses in one review state (open first), newest first."""
    require(user, Perm.EMERGENCY_REVIEW)
    return (
        EmergencyAccess.objects.select_related("user", "case__team", "reviewed_by")
        .filter(review=review)
        .order_by("-starts_at", "-id")
    )


def emergency_access_get_for(*, user: User, public_id: UUID | str) -> EmergencyAccess:
    require(user, Perm.EMERGENCY_REVIEW)
    access = (
        EmergencyAccess.objects.select_related("user", "case__team")
        .filter(public_id=public_id)
        .first()
    )
    if access is None:
        raise NotFoundOrNotAllowed()
    return access


# -- consent (decision 0079) ------------------------------------------------------------


def consent_in_force(*, case: Case, kind: str) -> ConsentRecord | None:
    """The consent of `kind` that counts for the case now: the newest record, when it gives
    consent; None when there is none or the newest withdraws it."""
    newest = ConsentRecord.objects.filter(case=case, kind=kind).order_by("-recorded_at", "-id")
    record = newest.first()
    return record if record is not None and record.action == "given" else None


@dataclass(frozen=True)
class ConsentState:
    kind: str
    label: str
    record: ConsentRecord | None  # the consent in force, or None


def consent_states(*, case: Case) -> list[ConsentState]:
    """Per kind, whether consent is in force for the case now (one query)."""
    newest: dict[str, ConsentRecord] = {}
    for record in ConsentRecord.objects.filter(case=case).order_by("recorded_at", "id"):
        newest[record.kind] = record
    states = []
    for kind in ConsentKind:
        last = newest.get(kind.value)
        in_force = last if last is not None and last.action == "given" else None
        states.append(ConsentState(kind=kind.value, label=str(kind.label), record=in_force))
    return states


def consent_history(*, case: Case) -> QuerySet[ConsentRecord]:
    """Every consent record of the case, newest first (read after `case_get_for`)."""
    return (
        ConsentRecord.objects.filter(case=case)
        .select_related("recorded_by", "plan_version")
        .order_by("-recorded_at", "-id")
    )


def status_sharing_consented(*, requests: Iterable[tuple[UUID, int | None]]) -> set[UUID]:
    """Of the requests given as (request public id, case id or None), those whose status
    may be shown to their referrer now: the newest share-status record among the
    request's own and those recorded on its case for every request decides. One query."""
    pairs = list(requests)
    if not pairs:
        return set()
    keys = {key for key, _case in pairs}
    case_ids = {case_id for _key, case_id in pairs if case_id is not None}
    records = ConsentRecord.objects.filter(
        Q(request_key__in=keys) | Q(case_id__in=case_ids, request_key__isnull=True),
        kind=ConsentKind.SHARE_STATUS,
    ).only("request_key", "case_id", "action", "recorded_at", "id")
    by_key: dict[UUID, list[ConsentRecord]] = {}
    by_case: dict[int, list[ConsentRecord]] = {}
    for record in records:
        if record.request_key is not None:
            by_key.setdefault(record.request_key, []).append(record)
        else:
            by_case.setdefault(record.case_id or 0, []).append(record)
    shared = set()
    for key, case_id in pairs:
        mine = by_key.get(key, []) + (by_case.get(case_id, []) if case_id is not None else [])
        if mine and max(mine, key=lambda r: (r.recorded_at, r.id)).action == "given":
            shared.add(key)
    return shared
