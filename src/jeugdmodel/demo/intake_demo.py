"""Demo requests for every team, in every state: new, overdue, with a safety concern,
assigned, in contact, closed, joined to an open case, duplicates, forwarded outside the
region, through a POH-jeugd, a school and a legal referrer (to specialist care).

Made through the real services, so routing, matching and the access log behave as in use."""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from faker import Faker

from jeugdmodel.accounts.models import TeamRole, User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.core.errors import DomainError
from jeugdmodel.families.services import PersonInput
from jeugdmodel.intake.models import AccessPoint, MeldcodeStep, Request, RequestStatus, Urgency
from jeugdmodel.intake.selectors import request_is_urgent
from jeugdmodel.intake.services import (
    RequestInput,
    request_assign,
    request_close,
    request_record_first_contact,
    request_safety_check,
    request_submit,
    requests_escalate_overdue,
)
from jeugdmodel.intake.topics import TOPICS
from jeugdmodel.region.models import OutsideRegionArea, PostcodeArea, Team, TeamKind
from jeugdmodel.region.selectors import teams_covering_postcode

from .bsn import fake_bsn
from .timeline import (
    date_assignment,
    date_closing,
    date_first_contact,
    date_receipt,
    date_safety_check,
)

#: A question with the ages of the child it fits (from, to, inclusive): no "tiener" of six.
QUESTIONS: list[tuple[str, tuple[int, int]]] = [
    ("Ons kind slaapt slecht en is vaak boos. Thuis loopt het vast.", (1, 17)),
    ("Ons kind gaat niet meer naar school en zit veel op de eigen kamer.", (6, 17)),
    ("Sinds de scheiding gaat het niet goed met de kinderen.", (0, 17)),
    ("Wij maken ons zorgen over de ontwikkeling van onze peuter.", (1, 3)),
    ("Wij maken ons zorgen over de ontwikkeling van onze baby.", (0, 0)),
    ("Onze tiener gebruikt soms drugs en we weten niet wat we moeten doen.", (13, 17)),
    ("Ik ben alleen met de kinderen en het wordt me te veel.", (0, 17)),
    ("Mijn kind is erg angstig en durft niet alleen naar buiten.", (4, 17)),
    ("Op school valt op dat ons kind zich moeilijk kan concentreren.", (5, 17)),
]


#: The questions that fit a child of any age (for families of several ages).
ANY_AGE_QUESTIONS = [q for q, (low, high) in QUESTIONS if (low, high) == (0, 17)]


def question_for(rng: random.Random, age: int) -> str:
    """A question that fits a child of this age."""
    return rng.choice([q for q, (low, high) in QUESTIONS if low <= age <= high])


def generate_requests(
    *,
    seed: int,
    factor: int,
    wrap: Callable[[Iterable[Any], int, str], Iterable[Any]],
) -> dict[str, int]:
    rng = random.Random(seed * 7919 + 1)  # nosec B311
    fake = Faker("nl_NL")
    fake.seed_instance(seed + 11)
    today = timezone.localdate()
    teams = list(Team.objects.filter(kind=TeamKind.WIJKTEAM).order_by("code"))
    postcodes = _postcodes_per_team(today)
    counts: dict[str, int] = defaultdict(int)
    per_team = 10 * factor

    def child(pc4: str, *, age: int | None = None) -> PersonInput:
        years = age if age is not None else rng.randint(0, 17)
        # Well past the birthday: the same age on the day the request came in (<= 60 days).
        born = today - timedelta(days=years * 365 + rng.randint(61, 300))
        letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTVWXZ") for _ in range(2))
        return PersonInput(
            given_name=fake.first_name(),
            family_name=fake.last_name(),
            date_of_birth=born,
            bsn=fake_bsn(rng) if rng.random() < 0.7 else "",
            postcode=f"{pc4} {letters}",
            house_number=str(rng.randint(1, 200)),
        )

    def parent(of: PersonInput) -> PersonInput:
        return PersonInput(
            given_name=fake.first_name(),
            family_name=of.family_name,
            date_of_birth=(of.date_of_birth or today) - timedelta(days=rng.randint(9000, 14000)),
            postcode=of.postcode,
            house_number=of.house_number,
        )

    def submit(data: RequestInput, actor: User | None, days_ago: int) -> Request | None:
        received = timezone.make_aware(
            datetime.combine(today - timedelta(days=days_ago), time(rng.randint(8, 17), 0))
        )
        try:
            request = request_submit(
                actor=actor,
                data=data,
                idempotency_key=f"demo-{seed}-{uuid.UUID(int=rng.getrandbits(128))}",
                received_at=received,
            )
        except DomainError:
            counts["refused"] += 1
            return None
        date_receipt(request)
        return request

    for team in wrap(teams, len(teams), "aanmeldingen per team"):
        codes = postcodes.get(team.pk)
        if not codes:
            continue
        lead = _lead_of(team, today)
        members = list(
            User.objects.filter(
                memberships__team=team, role=Role.WIJKTEAM_PROFESSIONAL, is_active=True
            ).order_by("username")
        )
        for i in range(per_team):
            years = rng.randint(0, 17)
            kid = child(rng.choice(codes), age=years)
            safety = rng.random() < 0.12
            data = RequestInput(
                access_point=AccessPoint.FAMILY if i % 3 else AccessPoint.WIJKTEAM,
                question=question_for(rng, years),
                children=[kid],
                parents=[parent(kid)],
                urgency=rng.choice([Urgency.NORMAL] * 6 + [Urgency.HIGH] * 2 + [Urgency.CRISIS]),
                safety_concern=safety,
                meldcode_steps=[MeldcodeStep.MAP_SIGNALS] if safety else [],
                consent_parent=kid.date_of_birth is not None
                and (today - kid.date_of_birth).days < 16 * 365,
                consent_youth=kid.date_of_birth is not None
                and (today - kid.date_of_birth).days >= 12 * 365,
                topics=rng.sample(TOPICS, rng.randint(0, 2)),
                language=rng.choice(["nl"] * 8 + ["ar", "tr"]),
                contact_phone="06-" + "".join(str(rng.randint(0, 9)) for _ in range(8)),
            )
            actor = members[0] if data.access_point == AccessPoint.WIJKTEAM and members else None
            request = submit(data, actor, days_ago=rng.randint(0, 60))
            if request is None:
                continue
            counts["requests"] += 1
            _advance(request, lead, members, rng, today, counts, i)
            duplicate = RequestInput(**{**data.__dict__, "question": "Nogmaals: " + data.question})
            if i == 0 and submit(duplicate, None, 1):  # the same child again, still open
                counts["duplicates"] += 1
    _special_routes(submit, child, parent, rng, today, counts)
    # The scheduled check, as it would have run: an overdue crisis or safety request that
    # nobody picked up is escalated (notices to lead and deputy, a banner on the worklist).
    counts["escalations"] = requests_escalate_overdue()
    return dict(counts)


def _advance(
    request: Request,
    lead: User | None,
    members: list[User],
    rng: random.Random,
    today: date,
    counts: dict[str, int],
    i: int,
) -> None:
    """Move a share of the requests on: assigned, first contact, closed."""
    if lead is None or not members or request.status != RequestStatus.RECEIVED:
        return
    roll = i % 10
    picked_up = (
        request_is_urgent(request) and request.received_on < today - timedelta(days=1) and roll
    )
    if picked_up:
        # A crisis or safety request is picked up the same day; only one in ten is left
        # lying in the demo, and that one is visibly escalated.
        roll = max(roll, 4 + roll % 6)
    if request.safety_concern and (roll < 7 or picked_up):
        request_safety_check(
            actor=lead,
            request=request,
            note="Besproken met aandachtsfunctionaris; geen acuut gevaar.",
            steps=[MeldcodeStep.CONSULT],
        )
        date_safety_check(request)
        counts["safety_checked"] += 1
    if roll < 4:  # stays new
        return
    if request.safety_concern and request.safety_checked_at is None:
        return
    # Not the colleague who referred the family: they are not suggested either.
    others = [m for m in members if m.pk != request.referrer_id] or members
    professional = rng.choice(others)
    try:
        request_assign(actor=lead, request=request, professional=professional)
    except DomainError:
        return
    assigned_on = date_assignment(request, rng, today)
    counts["assigned"] += 1
    if roll >= 6:
        contact = min(today, assigned_on + timedelta(days=rng.randint(0, 6)))
        request_record_first_contact(actor=professional, request=request, on=contact)
        date_first_contact(request, contact)
        counts["first_contact"] += 1
        if roll == 9:
            request_close(
                actor=professional,
                request=request,
                reason="Vraag beantwoord in het eerste gesprek.",
            )
            date_closing(request, contact)
            counts["closed"] += 1


def _special_routes(
    submit: Callable[..., Request | None],
    child: Callable[..., PersonInput],
    parent: Callable[[PersonInput], PersonInput],
    rng: random.Random,
    today: date,
    counts: dict[str, int],
) -> None:
    """POH-jeugd, school, legal referral to specialist care, and outside the region."""
    residential = list(
        PostcodeArea.objects.filter(residential=True).values_list("pc4", flat=True).order_by("pc4")
    )
    routes = [
        (Role.POH_JEUGD, AccessPoint.POH_JEUGD, False),
        (Role.GEZINSSPECIALIST_ONDERWIJS, AccessPoint.SCHOOL_SPECIALIST, False),
        (Role.LEGAL_REFERRER, AccessPoint.LEGAL_GP, True),
        (Role.PARTNER, AccessPoint.PARTNER_SCHOOL, False),
    ]
    named = {
        Role.POH_JEUGD: "poh",
        Role.GEZINSSPECIALIST_ONDERWIJS: "onderwijs",
        Role.LEGAL_REFERRER: "verwijzer",
        Role.PARTNER: "partner",
    }
    for role, access_point, specialist in routes:
        # The demo login of the role first: its home page and "Mijn aanmeldingen" have work.
        actors = list(User.objects.filter(role=role, is_demo=True, username=named[role]))
        actors += list(
            User.objects.filter(role=role, is_demo=True)
            .exclude(username=named[role])
            .order_by("username")[:5]
        )
        for n, actor in enumerate(actors):
            years = rng.randint(0, 17)
            kid = child(rng.choice(residential), age=years)
            data = RequestInput(
                access_point=access_point,
                question=question_for(rng, years),
                children=[kid],
                parents=[parent(kid)],
                specialist_referral=specialist,
                consent_parent=True,
                consent_youth=(today - kid.date_of_birth).days >= 12 * 365
                if kid.date_of_birth
                else False,
                referrer_name=actor.get_full_name(),
            )
            request = submit(data, actor, days_ago=rng.randint(1, 30))
            if request is None:
                continue
            counts[f"via_{access_point}"] += 1
            if n % 2 == 0 and _assign_special(request, actor, rng, today):
                counts[f"via_{access_point}_assigned"] += 1
    for outside in OutsideRegionArea.objects.exclude(pc4="").order_by("pc4"):
        years = rng.randint(0, 17)
        kid = child(outside.pc4, age=years)
        data = RequestInput(
            access_point=AccessPoint.FAMILY,
            question=question_for(rng, years),
            children=[kid],
            parents=[parent(kid)],
        )
        if submit(data, None, days_ago=rng.randint(0, 30)) is not None:
            counts["outside_region"] += 1


def _assign_special(request: Request, referrer: User, rng: random.Random, today: date) -> bool:
    """The team lead picks the request up, so the referrer sees a status: a POH-jeugd or
    school specialist keeps their own request (it stays with their team); others go to a
    colleague in the team, not the referrer."""
    team = request.team
    if team is None or request.status != RequestStatus.RECEIVED:
        return False
    lead = _lead_of(team, today)
    if lead is None:
        return False
    if team.pk in referrer.active_team_ids(today):
        professional: User | None = referrer
    else:
        professional = (
            User.objects.filter(
                memberships__team=team,
                memberships__role_in_team=TeamRole.MEMBER,
                is_active=True,
            )
            .exclude(pk=referrer.pk)
            .order_by("username")
            .first()
        )
    if professional is None:
        return False
    try:
        request_assign(actor=lead, request=request, professional=professional)
    except DomainError:
        return False
    date_assignment(request, rng, today)
    return True


def _postcodes_per_team(on: date) -> dict[int, list[str]]:
    result: dict[int, list[str]] = defaultdict(list)
    for pc4 in (
        PostcodeArea.objects.filter(residential=True).values_list("pc4", flat=True).distinct()
    ):
        team = teams_covering_postcode(pc4, on, kind=TeamKind.WIJKTEAM).order_by("code").first()
        if team is not None:
            result[team.pk].append(pc4)
    return result


def _lead_of(team: Team, on: date) -> User | None:
    return (
        User.objects.filter(
            memberships__team=team,
            memberships__role_in_team=TeamRole.LEAD,
            memberships__valid_from__lte=on,
        )
        .order_by("username")
        .first()
    )
