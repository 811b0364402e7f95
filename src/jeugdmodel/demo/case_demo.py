"""Demo cases: what happens after the front door. For the cases the front-door demo made
(assigned requests), through the real services and so with access-log rows: journal
entries (the first contact first), plans of two or three versions with goals per child,
scores, agreements (some overdue), network, next evaluation and the family's agreement
by the consent rules; trajectories at both levels (about 80% of the children in care get
basis help only, about 20% specialist help), with and without stay, crisis starts, ends
volgens plan and voortijdig, step-ups and step-downs; consultations of the flexible
network in every state; adult-service links and GRJR involvement; closed cases with a
reason, some reopened (a repeat).

A few families with two or three children are added through the front door as well, so
that a plan has goals for several children. The demo login `wijkteam` coordinates some
cases with plans (handed over by the team lead) and `flex` has consultations in its queue.

Deterministic per seed (and per day: the services date what happens today). The cases are
opened on the day the front-door demo assigns them (today), and the services refuse a
journal entry, a close or a reopen before that day; trajectories, scores and agreements
may lie earlier and follow the date of the request (docs/decisions/0019-demo-cases.md)."""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from faker import Faker

from jeugdmodel.accounts.models import TeamMembership, TeamRole, User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.care.models import (
    Consultation,
    ConsultationOutcome,
    ConsultationUrgency,
    EndReason,
    EndSubreason,
    LevelChange,
    Trajectory,
)
from jeugdmodel.care.services import (
    consultation_accept,
    consultation_advise,
    consultation_ask,
    consultation_close,
    trajectory_end,
    trajectory_start,
    trajectory_step_down,
    trajectory_step_up,
)
from jeugdmodel.cases.models import (
    AdultService,
    AdultServiceLink,
    Case,
    CaseStatus,
    CaseTeamRole,
    ClosingReason,
    ContactKind,
    ExternalInvolvement,
    InvolvementKind,
    JournalEntry,
    PlanVersion,
)
from jeugdmodel.cases.plan_content import FAMILY, NetworkRelation, ScoreKind
from jeugdmodel.cases.services import (
    adult_service_link_add,
    case_close,
    case_coordinator_change,
    case_reopen,
    case_team_add,
    external_involvement_add,
    journal_add,
    plan_save,
)
from jeugdmodel.core.errors import DomainError
from jeugdmodel.families.models import FamilyMember, Person
from jeugdmodel.families.models import Relation as FamilyRelation
from jeugdmodel.families.services import PersonInput
from jeugdmodel.intake.models import AccessPoint, Request
from jeugdmodel.intake.services import RequestInput, request_assign, request_submit
from jeugdmodel.region.models import CareLevel, HelpForm, Organisation, Team, TeamKind
from jeugdmodel.region.selectors import help_forms_for_region

from .bsn import fake_bsn
from .timeline import date_assignment, date_receipt

#: Demo logins (generator.DEMO_ACCOUNTS) that must find work of their own.
DEMO_COORDINATOR = "wijkteam"
DEMO_FLEX = "flex"
DEMO_SPECIALIST = "specialist"
#: How many open cases the demo login `specialist` works on.
SPECIALIST_CASES = 3
#: How many cases of its team the demo coordinator gets from the team lead.
HANDOVERS = 3

Wrap = Callable[[Iterable[Any], int, str], Iterable[Any]]

# Shares of the open cases (of the ones not coordinated by the demo login).
SHARE_NEW = 0.10  # registered, nothing done yet
SHARE_CONTACT_ONLY = 0.08  # a first contact, no plan yet
SHARE_CONSULTED = 0.35  # of the cases with a plan
SHARE_CLOSED = 0.12  # of the cases with a plan
SHARE_SPECIALIST = 0.20  # of the children in care (the 80/20 of the model)

#: The consultation states in the order they are handed out, so every one is present.
CONSULTATION_STATES = [
    "open",
    "accepted",
    "advised",
    "closed_stays_basis",
    "closed_step_up",
    "open_today",
    "closed_stays_basis",
    "advised",
    "closed_other",
    "closed_step_up",
    "accepted",
    "open",
]
#: Paths of a child with specialist help, handed out in this order (every one present).
SPECIALIST_PATHS = [
    "up_down",  # basis, step up (basis ends), later step down to basis again
    "crisis_down",  # crisis care (a crisis start, with stay), then step down to basis
    "up_keep",  # step up while the basis help goes on (overlapping)
    "up_stay",  # step up to care with stay (foster care, family home, residential)
    "up_premature",  # step up; the specialist help ends early
    "direct",  # specialist help from the start (referred by the GP)
    "crisis",  # crisis care, still running
    "up_down",
    "up_keep",
]
#: Paths of a child with basis help only.
BASIS_PATHS = ["basis", "basis_done", "basis", "basis_premature", "basis_school", "basis"]
CLOSING_REASONS = [
    ClosingReason.GOALS_REACHED,
    ClosingReason.FAMILY_STOPPED,
    ClosingReason.MOVED,
    ClosingReason.NO_HELP_NEEDED,
    ClosingReason.REFERRED_ON,
    ClosingReason.GOALS_REACHED,
]
#: How a running trajectory ends when the case closes for this reason.
END_ON_CLOSE: dict[str, tuple[str, str]] = {
    ClosingReason.GOALS_REACHED: (EndReason.ACCORDING_TO_PLAN, ""),
    ClosingReason.NO_HELP_NEEDED: (EndReason.ACCORDING_TO_PLAN, ""),
    ClosingReason.FAMILY_STOPPED: (EndReason.PREMATURE, EndSubreason.CLIENT),
    ClosingReason.MOVED: (EndReason.PREMATURE, EndSubreason.MOVED),
    ClosingReason.REFERRED_ON: (EndReason.PREMATURE, EndSubreason.AGREED),
    ClosingReason.OTHER: (EndReason.PREMATURE, EndSubreason.OTHER),
}
#: Days from today of the next evaluation in a plan's last version, handed out in turn.
NEXT_EVALUATION = [7, 35, -4, 12, 60, 21]

#: Texts about a child carry the ages they fit (from, to, inclusive): no toddler cycles to
#: the sports club, keeps a diary or has a school mentor (tests/demo checks this).
AGES_ALL = (0, 17)
AGES_SCHOOL = (4, 17)
AGES_OLDER = (8, 17)
AGES_SECONDARY = (12, 17)
AGES_YOUNG = (0, 5)

CHILD_GOALS: list[tuple[str, tuple[int, int]]] = [
    ("{name} gaat weer elke dag naar school.", AGES_SCHOOL),
    ("{name} slaapt de hele nacht door in het eigen bed.", AGES_ALL),
    ("{name} laat boosheid zien zonder te slaan of te gooien.", (2, 17)),
    ("{name} heeft een vriend of vriendin om mee af te spreken.", AGES_SCHOOL),
    ("{name} durft zelf naar de sportclub te fietsen.", AGES_OLDER),
    ("{name} weet wat te doen als het thuis te druk wordt.", AGES_OLDER),
    ("{name} eet drie keer per dag samen met het gezin.", AGES_ALL),
    ("{name} vertelt thuis wat er op school gebeurt.", AGES_SCHOOL),
    ("{name} gaat met plezier naar de peuteropvang.", (2, 3)),
    ("{name} went aan een vast slaapritueel met voorlezen.", AGES_YOUNG),
]
FAMILY_GOALS = [
    "Er is een vast ritme thuis: opstaan, eten en naar bed op vaste tijden.",
    "De ouders maken samen afspraken over de opvoeding en houden zich eraan.",
    "De geldzaken zijn op orde: de schulden zijn in beeld en er is een plan.",
    "Het gezin weet bij wie het terecht kan als het vastloopt.",
]
AGREEMENTS: list[tuple[str, str, tuple[int, int]]] = [
    ("{parent}", "Maakt een weekschema met vaste bedtijden en hangt het op.", AGES_ALL),
    ("{parent}", "Meldt zich bij de schuldhulpverlening van de gemeente.", AGES_ALL),
    ("{coordinator}", "Plant een gesprek met de mentor van {child}.", AGES_SECONDARY),
    ("{coordinator}", "Plant een gesprek met de leerkracht van {child}.", (4, 11)),
    ("{child}", "Houdt twee weken een dagboekje bij over slapen.", (10, 17)),
    ("{parent}", "Houdt twee weken bij hoe {child} slaapt.", AGES_ALL),
    ("{network}", "Haalt {child} op woensdag uit school.", (4, 12)),
    ("{coordinator}", "Vraagt de jeugdarts om mee te kijken.", AGES_ALL),
    ("{parent}", "Belt de sportclub over een proefles voor {child}.", (6, 17)),
    ("{parent}", "Meldt {child} aan bij de peuteropvang.", (2, 3)),
]
NETWORK_ROLES: list[tuple[NetworkRelation, str, tuple[int, int]]] = [
    (NetworkRelation.FAMILY, "Oma; past op als de ouders werken.", AGES_ALL),
    (NetworkRelation.NEIGHBOUR, "Buurvrouw; {child} kan er na school terecht.", (4, 12)),
    (NetworkRelation.CLUB, "Trainer bij de voetbalclub.", (6, 17)),
    (NetworkRelation.SCHOOL, "Mentor van {child}.", AGES_SECONDARY),
    (NetworkRelation.SCHOOL, "Leerkracht van {child}.", (4, 11)),
    (NetworkRelation.FAMILY, "Oom; helpt met de administratie.", AGES_ALL),
    (NetworkRelation.OTHER, "Vriendin van {parent}; gaat mee naar afspraken.", AGES_ALL),
]
FIRST_CONTACTS = [
    "Kennismaking. De vraag van het gezin besproken en wat er al geprobeerd is.",
    "Eerste gesprek thuis. Ouders vertellen over de zorgen; samen gekeken wat als eerste moet.",
    "Telefonisch eerste contact; afgesproken om volgende week langs te komen.",
]
FOLLOW_UPS = [
    (ContactKind.PHONE, "ouder", "Telefonisch: het weekschema werkt, de ochtenden gaan beter."),
    (ContactKind.CONSULTATION, "school", "Overleg met school over hoe het in de klas gaat."),
    (ContactKind.FACE_TO_FACE, "ouders", "Voortgang van het plan besproken en gescoord."),
    (ContactKind.VIDEO, "vader", "Beeldbellen over de afspraken met de schuldhulpverlening."),
    (ContactKind.CONSULTATION, "huisarts", "Overleg met de huisarts over de verwijzing."),
]
#: A consultation question with the expertise (request topics) it asks for.
QUESTIONS: list[tuple[str, list[str]]] = [
    (
        "Wij zien weinig vooruitgang in het slapen en de woede-uitbarstingen. Is meer nodig?",
        ["opvoedondersteuning", "adhd"],
    ),
    (
        "Kind vertoont angstige klachten en gaat niet meer naar school. Graag een inschatting.",
        ["angst en somberheid", "schoolverzuim"],
    ),
    (
        "Ouders zijn uitgeput; is er een vorm van logeren of respijt mogelijk?",
        ["opvoedondersteuning"],
    ),
    ("Er zijn signalen van middelengebruik. Hoe pakken we dit samen aan?", ["verslaving"]),
    (
        "Vermoeden van een ontwikkelingsachterstand: welke diagnostiek is passend?",
        ["licht verstandelijke beperking", "autisme"],
    ),
]
#: Questions only for a case with a child of at least this age.
QUESTION_MIN_AGE = {"Er zijn signalen van middelengebruik. Hoe pakken we dit samen aan?": 12}
ADVICE = [
    "Ga door met de ondersteuning thuis en voeg twee gesprekken met het kind toe. "
    "Opschalen is nu niet nodig; evalueer over zes weken.",
    "Specialistische diagnostiek is passend. Meld aan bij de jeugd-ggz; ik blijf "
    "betrokken tot de intake.",
    "Zet het netwerk in voor respijt (oma, buren) en plan een gezinsgesprek met school.",
]
STEP_UP_REASONS = [
    "De angstklachten nemen toe ondanks de hulp van het wijkteam; behandeling is nodig.",
    "Advies van het Plusteam: specialistische diagnostiek en behandeling.",
    "Thuis is het niet veilig genoeg; tijdelijk verblijf buiten het gezin is nodig.",
    "Ernstige gedragsproblemen thuis en op school; ambulante specialistische hulp.",
]
STEP_DOWN_REASONS = [
    "Behandeldoelen bereikt; het wijkteam ondersteunt het gezin verder dichtbij huis.",
    "Het gaat thuis weer goed genoeg; lichte begeleiding door het wijkteam volstaat.",
]
CRISIS_REASONS = [
    "Acute onveiligheid thuis na escalatie; crisisplaatsing in overleg met Veilig Thuis.",
    "Ouder tijdelijk opgenomen; geen opvang in het netwerk beschikbaar.",
]
DIRECT_REASONS = [
    "Verwezen door de huisarts voor behandeling van een depressie.",
    "Verwezen door de jeugdarts: vermoeden van autisme, diagnostiek nodig.",
]
INTENSITIES = ["1 uur per week", "2 uur per week", "1 uur per twee weken", "3 uur per week"]
INVOLVEMENT_ORGANISATIONS = {
    InvolvementKind.YOUTH_PROTECTION: "Jeugdbescherming Rotterdam Rijnmond",
    InvolvementKind.YOUTH_PROBATION: "Jeugdreclassering, Jeugdbescherming Rotterdam Rijnmond",
    InvolvementKind.VEILIG_THUIS: "Veilig Thuis Rotterdam Rijnmond",
}


@dataclass(eq=False)
class _Script:
    """What happens in one case."""

    case: Case
    children: list[Person]
    parents: list[Person]
    start: date
    work: str = "plan"  # "new", "contact" or "plan"
    versions: int = 2
    consultation: str = ""
    paths: dict[int, str] = field(default_factory=dict)
    close: str = ""
    reopen: bool = False
    adult_link: bool = False
    involvement: bool = False
    follow_ups: int = 0
    overdue: bool = False
    next_evaluation: int = 30


@dataclass
class _World:
    rng: random.Random
    fake: Faker
    today: date
    basis_form: HelpForm
    school_form: HelpForm | None
    crisis_form: HelpForm
    ambulant_forms: list[HelpForm]
    stay_forms: list[HelpForm]
    specialist_team: Team | None
    flex_team: Team | None
    flex_members: list[User]
    flex_demo: User | None
    expertise: list[str]
    demo_states: set[str] = field(default_factory=set)
    # Members of the specialist team's organisation with an AGB code: they give the help
    # (and send the iJw start/stop messages). Taken in turn, not from rng (same demo).
    providers: list[Organisation] = field(default_factory=list)
    provider_turn: int = 0

    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def pick(self, items: list[Any]) -> Any:
        return items[self.rng.randrange(len(items))]


def generate_cases(*, seed: int, factor: int, wrap: Wrap) -> dict[str, int]:
    """Give the front door's cases their history; return what was made, counted."""
    rng = random.Random(seed * 104_729 + 5)  # nosec B311
    fake = Faker("nl_NL")
    fake.seed_instance(seed + 29)
    today = timezone.localdate()
    demo = User.objects.filter(username=DEMO_COORDINATOR, is_active=True).first()
    made = {
        "sibling_families": _sibling_families(
            seed=seed, factor=factor, rng=rng, fake=fake, today=today, demo=demo
        ),
        "handed_over": _hand_over(demo=demo) if demo is not None else 0,
    }
    world = _world(rng=rng, fake=fake, today=today)
    if world is None:
        return made
    scripts = _cast(world, demo=demo)
    for script in wrap(scripts, len(scripts), "casussen"):
        _play(world, script)
    made["specialist_case_teams"] = _specialist_demo(scripts)
    return {**made, **_summary()}


def _specialist_demo(scripts: list[_Script]) -> int:
    """The demo login `specialist` is in the case team of a few open cases where a child
    gets specialist help, from the day the help began: their home page has work."""
    specialist = User.objects.filter(username=DEMO_SPECIALIST, is_active=True).first()
    if specialist is None:
        return 0
    chosen = [
        s
        for s in scripts
        if not s.close
        and s.work == "plan"
        and any(p in SPECIALIST_PATHS or p == "consult_up" for p in s.paths.values())
    ][:SPECIALIST_CASES]
    for s in chosen:
        case_team_add(
            actor=s.case.coordinator,
            case=s.case,
            user=specialist,
            role=CaseTeamRole.SPECIALIST,
            valid_from=max(s.start, s.case.opened_on),
        )
    return len(chosen)


# -- set-up -----------------------------------------------------------------------------------


def _world(*, rng: random.Random, fake: Faker, today: date) -> _World | None:
    team = Team.objects.filter(kind=TeamKind.WIJKTEAM).order_by("code").first()
    if team is None:
        return None
    region_id = team.region_id
    forms = {f.code: f for f in help_forms_for_region(region_id=region_id)}
    basis = [f for f in forms.values() if f.level == CareLevel.BASIS]
    specialist = [f for f in forms.values() if f.level == CareLevel.SPECIALIST]
    if not basis or not specialist:
        return None
    with_stay = [f for f in specialist if f.with_stay]
    crisis = forms.get("crisisopvang") or (with_stay or specialist)[0]
    teams = Team.objects.filter(region_id=region_id).order_by("code")
    flex_team = teams.filter(kind=TeamKind.FLEX_NETWERK).first()
    flex_members: list[User] = []
    if flex_team is not None:
        flex_members = list(
            User.objects.filter(
                memberships__team=flex_team,
                memberships__valid_to__isnull=True,
                role=Role.FLEX_SPECIALIST,
                is_active=True,
            )
            .distinct()
            .order_by("username")
        )
    expertise = sorted({tag for u in flex_members for tag in (u.expertise or [])})
    return _World(
        rng=rng,
        fake=fake,
        today=today,
        basis_form=forms.get("wijkteamondersteuning") or basis[0],
        school_form=forms.get("gezinsspecialist-onderwijs"),
        crisis_form=crisis,
        ambulant_forms=[f for f in specialist if not f.with_stay],
        stay_forms=[f for f in specialist if f.with_stay and f.pk != crisis.pk],
        specialist_team=teams.filter(kind=TeamKind.SPECIALISTISCH).first(),
        flex_team=flex_team,
        flex_members=flex_members,
        flex_demo=next((u for u in flex_members if u.username == DEMO_FLEX), None),
        expertise=expertise,
        providers=_agb_members(teams.filter(kind=TeamKind.SPECIALISTISCH).first()),
    )


def _agb_members(team: Team | None) -> list[Organisation]:
    if team is None or team.organisation_id is None:
        return []
    return list(
        Organisation.objects.filter(parent_id=team.organisation_id)
        .exclude(agb_code="")
        .order_by("code")
    )


def _lead_of(team: Team) -> User | None:
    lead = (
        TeamMembership.objects.filter(
            team=team, role_in_team=TeamRole.LEAD, valid_to__isnull=True, user__is_active=True
        )
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    return lead.user if lead is not None else None


def _sibling_families(
    *,
    seed: int,
    factor: int,
    rng: random.Random,
    fake: Faker,
    today: date,
    demo: User | None,
) -> int:
    """Per neighbourhood team (`factor` times) a family with two or three children, through
    the front door: submitted by the family, assigned by the lead. The demo coordinator
    gets the first one of their team."""
    made = 0
    for team in Team.objects.filter(kind=TeamKind.WIJKTEAM).order_by("code"):
        lead = _lead_of(team)
        known = (
            Person.objects.filter(
                memberships__relation=FamilyRelation.CHILD,
                memberships__family__cases__team=team,
            )
            .exclude(postcode="")
            .order_by("id")
            .values_list("postcode", flat=True)
            .first()
        )
        members = list(
            User.objects.filter(
                memberships__team=team,
                memberships__valid_to__isnull=True,
                role=Role.WIJKTEAM_PROFESSIONAL,
                is_active=True,
            )
            .distinct()
            .order_by("username")
        )
        if lead is None or known is None or not members:
            continue
        for i in range(factor):
            family_name = fake.last_name()
            ages = sorted(rng.sample(range(2, 17), rng.randint(2, 3)), reverse=True)
            address = {"postcode": known, "house_number": str(rng.randint(1, 300))}
            children = [
                PersonInput(
                    given_name=fake.first_name(),
                    family_name=family_name,
                    # Well past the birthday: the same age on the day the request came in.
                    date_of_birth=today - timedelta(days=age * 365 + rng.randint(60, 300)),
                    bsn=fake_bsn(rng) if rng.random() < 0.7 else "",
                    **address,
                )
                for age in ages
            ]
            parents = [
                PersonInput(
                    given_name=fake.first_name(),
                    family_name=family_name,
                    date_of_birth=today - timedelta(days=rng.randint(27 * 365, 48 * 365)),
                    **address,
                )
                for _p in range(rng.randint(1, 2))
            ]
            oldest = ages[0]
            data = RequestInput(
                access_point=AccessPoint.FAMILY,
                question="Het loopt thuis vast met de kinderen. Wij willen graag hulp voor "
                "het hele gezin.",
                children=children,
                parents=parents,
                consent_parent=oldest < 16,
                consent_youth=oldest >= 12,
                referrer_name=f"{parents[0].given_name} {family_name}",
                contact_phone="06-" + "".join(str(rng.randint(0, 9)) for _ in range(8)),
            )
            received = timezone.make_aware(
                datetime.combine(today - timedelta(days=rng.randint(5, 45)), time(10, 0))
            )
            try:
                request = request_submit(
                    actor=None,
                    data=data,
                    idempotency_key=f"demo-case-{seed}-{uuid.UUID(int=rng.getrandbits(128))}",
                    received_at=received,
                )
                date_receipt(request)
                mine = i == 0 and demo is not None and demo in members
                professional = demo if mine and demo is not None else rng.choice(members)
                request_assign(actor=lead, request=request, professional=professional)
                date_assignment(request, rng, today)
            except DomainError:
                continue
            made += 1
    return made


def _hand_over(*, demo: User) -> int:
    """The team lead hands some open cases of the demo coordinator's team to them."""
    team_ids = demo.active_team_ids()
    cases = list(
        Case.objects.filter(team_id__in=team_ids)
        .exclude(status=CaseStatus.CLOSED)
        .exclude(coordinator=demo)
        .select_related("team", "family", "coordinator")
        .order_by("-status", "id")[:HANDOVERS]  # "in_behandeling" before "aangemeld"
    )
    done = 0
    for case in cases:
        lead = _lead_of(case.team)
        if lead is None:
            continue
        case_coordinator_change(
            actor=lead,
            case=case,
            new_coordinator=demo,
            reason="Verdeling van de caseload in het teamoverleg.",
        )
        done += 1
    return done


# -- who gets what ------------------------------------------------------------------------------


def _cast(world: _World, *, demo: User | None) -> list[_Script]:
    """Decide per case what happens, with fixed shares so every state is present."""
    rng = world.rng
    cases = list(
        Case.objects.exclude(status=CaseStatus.CLOSED)
        .select_related("team", "family", "coordinator")
        .order_by("id")
    )
    people = _people_of(cases, world.today)
    starts = _starts_of(cases, world.today)
    scripts = [
        _Script(
            case=c,
            children=people[c.family_id][0],
            parents=people[c.family_id][1],
            start=starts.get(c.pk, world.today),
        )
        for c in cases
        if people[c.family_id][0]
    ]
    mine = [s for s in scripts if demo is not None and s.case.coordinator_id == demo.pk]
    # The demo coordinator's fullest family shows everything: three versions, contacts,
    # adult services, GRJR involvement, a consultation.
    showcase = max(mine, key=lambda s: len(s.children), default=None)
    others = [s for s in scripts if s not in mine]
    rng.shuffle(others)
    # Nothing done yet: only registered cases (no first contact).
    registered = [s for s in others if s.case.status == CaseStatus.REGISTERED]
    for s in registered[: round(len(scripts) * SHARE_NEW)]:
        s.work = "new"
    untouched = [s for s in others if s.work == "plan"]
    for s in untouched[: round(len(scripts) * SHARE_CONTACT_ONLY)]:
        s.work = "contact"
    planned_others = [s for s in others if s.work == "plan"]
    planned = mine + planned_others
    for i, s in enumerate(planned):
        s.versions = 3 if s is showcase else rng.choice([2, 2, 3])
        s.follow_ups = 3 if s is showcase else rng.randint(0, 2)
        s.overdue = i % 2 == 0
        s.next_evaluation = NEXT_EVALUATION[i % len(NEXT_EVALUATION)]
        s.adult_link = bool(s.parents) and (s is showcase or rng.random() < 0.25)
        s.involvement = s is showcase or rng.random() < 0.1
    # Consultations: the demo coordinator's showcase has advice, another one waits; a
    # share of the other cases gets the states in turn.
    first = ([showcase] if showcase else []) + [s for s in mine if s is not showcase][:1]
    for s, state in zip(first, ["advised", "open"], strict=False):
        s.consultation = state
    wanted = max(0, min(len(planned_others), round(len(planned) * SHARE_CONSULTED) - len(first)))
    asked = sorted(rng.sample(planned_others, wanted), key=lambda s: s.case.pk)
    for i, s in enumerate(asked):
        s.consultation = CONSULTATION_STATES[i % len(CONSULTATION_STATES)]
    # Closed: cases without a consultation in progress, not the demo coordinator's.
    closable = [
        s for s in planned_others if s.consultation in ("", "closed_stays_basis", "closed_other")
    ]
    for i, s in enumerate(closable[: max(2, round(len(planned) * SHARE_CLOSED))]):
        s.close = CLOSING_REASONS[i % len(CLOSING_REASONS)]
        s.reopen = i % 3 == 0
    _cast_children(world, planned, showcase=showcase)
    return sorted(scripts, key=lambda s: s.case.pk)


def _cast_children(world: _World, planned: list[_Script], *, showcase: _Script | None) -> None:
    """About one in five children in care gets specialist help (the model's 80/20): the
    ones a consultation advised to step up and the showcase's youngest first, the others
    drawn at random."""
    pairs = [(s, child) for s in planned for child in s.children]
    target = round(len(pairs) * SHARE_SPECIALIST)
    forced = [(s, s.children[0]) for s in planned if s.consultation == "closed_step_up"]
    if showcase is not None:
        forced.append((showcase, showcase.children[-1]))
    rest = [p for p in pairs if p not in forced]
    chosen = forced + world.rng.sample(rest, max(0, target - len(forced)))
    chosen_ids = {(s.case.pk, child.pk) for s, child in chosen}
    specialist_i = basis_i = 0
    for s, child in pairs:
        if s.consultation == "closed_step_up" and child.pk == s.children[0].pk:
            s.paths[child.pk] = "consult_up"
        elif (s.case.pk, child.pk) in chosen_ids:
            s.paths[child.pk] = SPECIALIST_PATHS[specialist_i % len(SPECIALIST_PATHS)]
            specialist_i += 1
        else:
            s.paths[child.pk] = BASIS_PATHS[basis_i % len(BASIS_PATHS)]
            basis_i += 1


def _people_of(cases: list[Case], today: date) -> dict[int, tuple[list[Person], list[Person]]]:
    """Per family: its current children (oldest first) and parents."""
    result: dict[int, tuple[list[Person], list[Person]]] = defaultdict(lambda: ([], []))
    members = (
        FamilyMember.objects.filter(family_id__in={c.family_id for c in cases})
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today), valid_from__lte=today)
        .select_related("person")
        .order_by("family_id", "person__date_of_birth", "id")
    )
    for m in members:
        children, parents = result[m.family_id]
        if m.relation == FamilyRelation.CHILD:
            children.append(m.person)
        elif m.relation in (FamilyRelation.PARENT, FamilyRelation.CARER):
            parents.append(m.person)
    return result


def _starts_of(cases: list[Case], today: date) -> dict[int, date]:
    """When the help began: the first contact of the case's first request, or the day it
    was received."""
    starts: dict[int, date] = {}
    opened = {c.pk: c.opened_on for c in cases}
    rows = Request.objects.filter(case_id__in=[c.pk for c in cases]).order_by("received_at")
    for r in rows.only("case_id", "received_at", "first_contact_on"):
        if r.case_id is not None and r.case_id not in starts:
            # Never before the case opened (the assignment): one timeline.
            began = max(r.first_contact_on or r.received_on, opened[r.case_id])
            starts[r.case_id] = min(today, began)
    return starts


# -- what happens -------------------------------------------------------------------------------


def _play(world: _World, s: _Script) -> None:
    if s.work == "new":
        return
    _first_contact(world, s)
    if s.work == "contact":
        return
    if s.adult_link:
        _adult_link(world, s)
    if s.involvement:
        _involvement(world, s)
    first = {child.pk: _care_start(world, s, child) for child in s.children}
    content = _plan_first(world, s)
    outcome = _consult(world, s) if s.consultation else ""
    for child in s.children:
        _care_go_on(world, s, child, first[child.pk], outcome)
    for number in range(2, s.versions + 1):
        _plan_evaluate(world, s, content, number)
    for kind, who, note in world.rng.sample(FOLLOW_UPS, s.follow_ups):
        journal_add(
            actor=s.case.coordinator,
            case=s.case,
            on=world.today,
            kind=kind,
            duration_minutes=world.rng.choice([15, 20, 30, 45, 60]),
            with_whom=who,
            note=note,
        )
    if s.close:
        _close(world, s)


def _first_contact(world: _World, s: _Script) -> None:
    rng = world.rng
    child = s.children[0]
    parent = s.parents[0].given_name if s.parents else "ouder"
    journal_add(
        actor=s.case.coordinator,
        case=s.case,
        # The first contact on the day the help began, not the day the demo was made.
        on=max(s.start, s.case.opened_on),
        kind=rng.choice(
            [ContactKind.HOME_VISIT, ContactKind.FACE_TO_FACE, ContactKind.PHONE, ContactKind.VIDEO]
        ),
        duration_minutes=rng.choice([30, 45, 60, 75, 90]),
        with_whom=f"{parent} en {child.given_name}",
        note=world.pick(FIRST_CONTACTS),
    )


def _adult_link(world: _World, s: _Script) -> None:
    rng = world.rng
    adult_service_link_add(
        actor=s.case.coordinator,
        case=s.case,
        person=world.pick(s.parents),
        service=world.pick(list(AdultService.values)),
        since=s.start - timedelta(days=rng.randint(30, 700)),
        note=rng.choice(["", "Vaste contactpersoon bekend.", "Wacht op een intake."]),
    )


def _involvement(world: _World, s: _Script) -> None:
    rng = world.rng
    kind = world.pick(list(InvolvementKind.values))
    since = s.start - timedelta(days=rng.randint(20, 500))
    external_involvement_add(
        actor=s.case.coordinator,
        case=s.case,
        person=world.pick(s.children),
        kind=kind,
        organisation=INVOLVEMENT_ORGANISATIONS[InvolvementKind(kind)],
        since=since,
        until=since + timedelta(days=rng.randint(90, 365)) if rng.random() < 0.3 else None,
    )


# -- trajectories -------------------------------------------------------------------------------


def _at(world: _World, start: date, fraction: float) -> date:
    """A day between `start` and today."""
    return start + timedelta(days=round((world.today - start).days * fraction))


def _child_start(s: _Script, child: Person) -> date:
    return max(s.start, child.date_of_birth)


def _basis_fields(s: _Script, world: _World) -> dict[str, Any]:
    return {
        "organisation": s.case.team.organisation,
        "team": s.case.team,
        "intensity": world.pick(INTENSITIES),
    }


def _specialist_fields(world: _World) -> dict[str, Any]:
    team = world.specialist_team
    organisation = team.organisation if team is not None else None
    if world.providers:
        organisation = world.providers[world.provider_turn % len(world.providers)]
        world.provider_turn += 1
    return {
        "organisation": organisation,
        "team": team,
        "intensity": world.pick(INTENSITIES),
    }


def _care_start(world: _World, s: _Script, child: Person) -> Trajectory:
    """The child's first trajectory: crisis care, specialist help from the start, or the
    neighbourhood team's support."""
    path = s.paths.get(child.pk, "basis")
    actor, start = s.case.coordinator, _child_start(s, child)
    if path.startswith("crisis"):
        return trajectory_start(
            actor=actor,
            case=s.case,
            child=child,
            help_form=world.crisis_form,
            start_date=start,
            crisis_start=True,
            specialist_reason=world.pick(CRISIS_REASONS),
            **{**_specialist_fields(world), "intensity": "dag en nacht"},
        )
    if path == "direct":
        return trajectory_start(
            actor=actor,
            case=s.case,
            child=child,
            help_form=world.pick(world.ambulant_forms),
            start_date=start,
            specialist_reason=world.pick(DIRECT_REASONS),
            **_specialist_fields(world),
        )
    return trajectory_start(
        actor=actor,
        case=s.case,
        child=child,
        help_form=world.basis_form,
        start_date=start,
        **_basis_fields(s, world),
    )


def _care_go_on(
    world: _World, s: _Script, child: Person, first: Trajectory, consultation_outcome: str
) -> None:
    """What happens after the first trajectory, by the child's path."""
    rng = world.rng
    path = s.paths.get(child.pk, "basis")
    actor, case, start = s.case.coordinator, s.case, _child_start(s, child)
    if path == "crisis_down":
        trajectory_step_down(
            actor=actor,
            case=case,
            child=child,
            help_form=world.basis_form,
            on=_at(world, start, 0.3),
            reason=world.pick(STEP_DOWN_REASONS),
            from_trajectory=first,
            end_from=True,
            **_basis_fields(s, world),
        )
    elif path == "basis_done":
        trajectory_end(
            actor=actor,
            case=case,
            trajectory=first,
            end_date=_at(world, start, 0.8),
            end_reason=EndReason.ACCORDING_TO_PLAN,
        )
    elif path == "basis_premature":
        trajectory_end(
            actor=actor,
            case=case,
            trajectory=first,
            end_date=_at(world, start, 0.6),
            end_reason=EndReason.PREMATURE,
            end_subreason=rng.choice([EndSubreason.CLIENT, EndSubreason.AGREED]),
        )
    elif path == "basis_school" and world.school_form is not None:
        trajectory_start(
            actor=actor,
            case=case,
            child=child,
            help_form=world.school_form,
            start_date=_at(world, start, 0.4),
            intensity="1 uur per week op school",
        )
    elif path.startswith("up") or path == "consult_up":
        _step_up(world, s, child, first, path, consultation_outcome)


def _step_up(
    world: _World, s: _Script, child: Person, basis: Trajectory, path: str, outcome: str
) -> None:
    actor, case, start = s.case.coordinator, s.case, _child_start(s, child)
    after_consultation = path == "consult_up" and outcome == ConsultationOutcome.STEP_UP
    on = world.today if after_consultation else _at(world, start, 0.3)
    forms = world.stay_forms if path == "up_stay" and world.stay_forms else world.ambulant_forms
    change = trajectory_step_up(
        actor=actor,
        case=case,
        child=child,
        help_form=world.pick(forms),
        on=on,
        reason=STEP_UP_REASONS[1] if after_consultation else world.pick(STEP_UP_REASONS),
        from_trajectory=basis,
        end_from=path != "up_keep",
        **_specialist_fields(world),
    )
    specialist = change.to_trajectory
    if path == "up_down":
        trajectory_step_down(
            actor=actor,
            case=case,
            child=child,
            help_form=world.basis_form,
            on=_at(world, start, 0.75),
            reason=world.pick(STEP_DOWN_REASONS),
            from_trajectory=specialist,
            end_from=True,
            **_basis_fields(s, world),
        )
    elif path == "up_premature":
        trajectory_end(
            actor=actor,
            case=case,
            trajectory=specialist,
            end_date=_at(world, start, 0.7),
            end_reason=EndReason.PREMATURE,
            end_subreason=world.rng.choice([EndSubreason.CLIENT, EndSubreason.PROVIDER]),
        )


# -- the plan -----------------------------------------------------------------------------------


def _consent(children: list[Person], on: date) -> tuple[bool, bool]:
    """Who agrees for the family (domain rule: under 12 the parent, 12–15 both, from 16
    the youth), by the oldest child's age on that day."""
    oldest = max(c.age_on(on) for c in children)
    return oldest < 16, oldest >= 12


def _agreed_by(s: _Script, parent: bool, youth: bool) -> str:
    names = []
    if parent:
        names.append(f"{s.parents[0].given_name if s.parents else 'ouder'} (ouder)")
    if youth:
        names.append(f"{s.children[0].given_name} (jongere)")
    return " en ".join(names)


def _fits(ages: tuple[int, int], child: Person, on: date) -> bool:
    """Whether a text for ages (from, to) fits the child on that day."""
    if child.date_of_birth is None:
        return ages == AGES_ALL
    return ages[0] <= child.age_on(on) <= ages[1]


def _fitting(items: list[tuple[str, tuple[int, int]]], child: Person, on: date) -> list[str]:
    return [text for text, ages in items if _fits(ages, child, on)]


def _fill(s: _Script, text: str, child: Person) -> str:
    coordinator = s.case.coordinator
    return text.format(
        name=child.given_name,
        child=child.given_name,
        parent=s.parents[0].given_name if s.parents else "ouder",
        coordinator=coordinator.get_full_name() or coordinator.get_username(),
        network="oma",
    )


def _score(day: date, score: int, kind: str) -> dict[str, Any]:
    return {"date": day.isoformat(), "score": score, "kind": kind}


def _plan_first(world: _World, s: _Script) -> dict[str, Any]:
    """Version 1: a goal per child (and often one for the family) with start scores,
    agreements, the network and the first evaluation date; the family agrees."""
    rng, start = world.rng, s.start
    goals: list[dict[str, Any]] = [
        {
            "id": world.new_id(),
            "subject": str(child.public_id),
            "text": _fill(s, world.pick(_fitting(CHILD_GOALS, child, start)), child),
            "scores": [_score(start, rng.randint(2, 5), ScoreKind.START.value)],
        }
        for child in s.children
    ]
    if rng.random() < 0.6 or len(s.children) > 1:
        goals.append(
            {
                "id": world.new_id(),
                "subject": FAMILY,
                "text": world.pick(FAMILY_GOALS),
                "scores": [_score(start, rng.randint(3, 6), ScoreKind.START.value)],
            }
        )
    agreements = []
    child = world.pick(s.children)
    fitting = [(who, what) for who, what, ages in AGREEMENTS if _fits(ages, child, start)]
    for who, what in rng.sample(fitting, rng.randint(2, 4)):
        agreements.append(
            {
                "id": world.new_id(),
                "who": _fill(s, who, child),
                "what": _fill(s, what, child),
                "due": (start + timedelta(days=rng.randint(7, 35))).isoformat(),
                "done": False,
            }
        )
    network = [
        {
            "name": world.fake.name(),
            "relation": relation.value,
            "contact": _fill(s, contact, s.children[0]),
        }
        for relation, contact in rng.sample(
            [(r, c) for r, c, ages in NETWORK_ROLES if _fits(ages, s.children[0], start)],
            rng.randint(1, 3),
        )
    ]
    content: dict[str, Any] = {
        "goals": goals,
        "agreements": agreements,
        "network": network,
        "next_evaluation": (start + timedelta(days=42)).isoformat(),
    }
    _save(s, content, 1, agreed_on=start)
    return content


def _plan_evaluate(world: _World, s: _Script, content: dict[str, Any], number: int) -> None:
    """A later version: an evaluation score per goal, agreements done, sometimes a new
    (overdue) agreement or goal, the next evaluation. The newest may still wait for the
    family's agreement."""
    rng, today = world.rng, world.today
    last = number == s.versions
    on = today if last else _at(world, s.start, 0.5)
    for goal in content["goals"]:
        previous = goal["scores"][-1]["score"]
        change = rng.choice([-1, 0, 1, 2, 2, 3])
        goal["scores"].append(
            _score(on, max(1, min(10, previous + change)), ScoreKind.EVALUATION.value)
        )
    # Most agreements that were due by now are done; the first ones always.
    for i, agreement in enumerate(content["agreements"]):
        due = date.fromisoformat(agreement["due"])
        if i < number - 1 or (due <= on and rng.random() < 0.75):
            agreement["done"] = True
    if last and s.overdue:
        content["agreements"].append(
            {
                "id": world.new_id(),
                "who": s.parents[0].given_name if s.parents else "ouder",
                "what": "Levert de formulieren voor de toeslagen aan.",
                "due": (today - timedelta(days=rng.randint(1, 10))).isoformat(),
                "done": False,
            }
        )
    if number == 3:
        child = s.children[-1]
        content["goals"].append(
            {
                "id": world.new_id(),
                "subject": str(child.public_id),
                "text": _fill(s, world.pick(_fitting(CHILD_GOALS, child, today)), child),
                "scores": [_score(today, rng.randint(3, 6), ScoreKind.START.value)],
            }
        )
    following = today + timedelta(days=s.next_evaluation) if last else on + timedelta(days=42)
    content["next_evaluation"] = following.isoformat()
    agreed = not last or rng.random() < 0.6
    _save(s, content, number, agreed_on=on if agreed else None)


def _save(s: _Script, content: dict[str, Any], number: int, *, agreed_on: date | None) -> None:
    parent, youth = _consent(s.children, agreed_on) if agreed_on else (False, False)
    plan_save(
        actor=s.case.coordinator,
        case=s.case,
        base_version=number - 1,
        content=content,
        agreed_on=agreed_on,
        agreed_by=_agreed_by(s, parent, youth) if agreed_on else "",
        consent_parent=parent,
        consent_youth=youth,
    )


# -- consultations ------------------------------------------------------------------------------


def _specialist_for(world: _World, state: str) -> User:
    """The demo login `flex` takes the first consultation of each state after "open"."""
    key = state.split("_")[0]
    if world.flex_demo is not None and key not in world.demo_states:
        world.demo_states.add(key)
        return world.flex_demo
    return world.pick(world.flex_members)


def _consult(world: _World, s: _Script) -> str:
    """Ask the flexible network and take the consultation as far as its state says.
    Returns the outcome when it was closed."""
    if world.flex_team is None or not world.flex_members:
        return ""
    rng, state = world.rng, s.consultation
    urgency = (
        ConsultationUrgency.TODAY
        if state == "open_today"
        else rng.choice([ConsultationUrgency.NORMAL] * 3 + [ConsultationUrgency.HIGH])
    )
    oldest = max((c.age_on(world.today) for c in s.children if c.date_of_birth), default=0)
    question, wanted = world.pick(
        [(q, e) for q, e in QUESTIONS if oldest >= QUESTION_MIN_AGE.get(q, 0)]
    )
    consultation: Consultation = consultation_ask(
        actor=s.case.coordinator,
        case=s.case,
        question=question,
        flex_team=world.flex_team,
        urgency=urgency,
        wanted_expertise=[tag for tag in wanted if tag in world.expertise],
    )
    if state.startswith("open"):
        return ""
    specialist = _specialist_for(world, state)
    consultation_accept(actor=specialist, consultation=consultation)
    if state == "accepted":
        return ""
    outcome = {
        "closed_stays_basis": ConsultationOutcome.STAYS_BASIS,
        "closed_step_up": ConsultationOutcome.STEP_UP,
        "closed_other": ConsultationOutcome.OTHER,
    }.get(state, "")
    advice = ADVICE[1] if outcome == ConsultationOutcome.STEP_UP else world.pick(ADVICE[::2])
    consultation_advise(actor=specialist, consultation=consultation, advice=advice)
    if state == "advised":
        return ""
    consultation_close(
        actor=specialist,
        consultation=consultation,
        outcome=outcome,
        note="Besproken met de regiehouder.",
        stay=rng.random() < 0.3,
    )
    return str(outcome)


# -- closing ------------------------------------------------------------------------------------


def _close(world: _World, s: _Script) -> None:
    actor, case = s.case.coordinator, s.case
    reason, subreason = END_ON_CLOSE[s.close]
    for trajectory in Trajectory.objects.filter(case=case, end_date__isnull=True).select_related(
        "help_form"
    ):
        trajectory_end(
            actor=actor,
            case=case,
            trajectory=trajectory,
            end_date=world.today,
            end_reason=reason,
            end_subreason=subreason,
        )
    case_close(actor=actor, case=case, reason=s.close)
    if not s.reopen:
        return
    case_reopen(actor=actor, case=case)
    journal_add(
        actor=actor,
        case=case,
        on=world.today,
        kind=ContactKind.PHONE,
        duration_minutes=20,
        with_whom=s.parents[0].given_name if s.parents else "ouder",
        note="Het gezin belde opnieuw: het gaat weer minder goed. Casus heropend.",
    )
    trajectory_start(
        actor=actor,
        case=case,
        child=s.children[0],
        help_form=world.basis_form,
        start_date=world.today,
        **_basis_fields(s, world),
    )


# -- what was made ------------------------------------------------------------------------------


def _count_by(rows: QuerySet[Any], name: str, prefix: str) -> dict[str, int]:
    grouped = rows.order_by().values_list(name).annotate(n=Count("id"))
    return {f"{prefix}_{value}": n for value, n in grouped if value}


def _summary() -> dict[str, int]:
    """Counts of what the demo now holds, read back from the database."""
    trajectories = Trajectory.objects.all()
    specialist = Trajectory.objects.filter(child=OuterRef("pk"), level=CareLevel.SPECIALIST)
    in_care = Person.objects.filter(trajectories__isnull=False).distinct()
    return {
        "plans": PlanVersion.objects.values("case_id").distinct().count(),
        "plan_versions": PlanVersion.objects.count(),
        "journal_entries": JournalEntry.objects.count(),
        **_count_by(trajectories, "level", "trajectories"),
        "trajectories_with_stay": trajectories.filter(with_stay=True).count(),
        "crisis_starts": trajectories.filter(crisis_start=True).count(),
        **_count_by(trajectories, "end_reason", "trajectories_ended"),
        **_count_by(LevelChange.objects.all(), "kind", "level_changes"),
        **_count_by(Consultation.objects.all(), "status", "consultations"),
        **_count_by(Consultation.objects.all(), "outcome", "consultations_outcome"),
        **_count_by(Case.objects.all(), "status", "status"),
        "repeat": Case.objects.filter(is_repeat=True).count(),
        "adult_service_links": AdultServiceLink.objects.count(),
        "external_involvements": ExternalInvolvement.objects.count(),
        "children_in_care": in_care.count(),
        "children_specialist": in_care.filter(Exists(specialist)).count(),
    }
