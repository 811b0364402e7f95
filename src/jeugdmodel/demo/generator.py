"""Synthetic demo data shaped like the loaded region: professionals in every team,
partners and legal referrers at schools and GP practices, and one demo login per role.

Deterministic per seed. National scale uses bulk inserts with a progress bar. Later
capabilities (families, requests, cases, trajectories) add their own steps here."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _
from faker import Faker
from tqdm import tqdm

from jeugdmodel.accounts.models import TeamMembership, TeamRole, User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.accounts.services import functional_admin_grant, totp_device_set_known_key
from jeugdmodel.core.errors import DomainError
from jeugdmodel.intake.topics import TOPICS
from jeugdmodel.region.models import Municipality, Organisation, OrganisationKind, Team, TeamKind

from .case_demo import generate_cases
from .ijw_demo import generate_ijw
from .intake_demo import generate_requests
from .models import DemoDataset
from .transition_demo import generate_transition

#: Published on purpose: demo accounts only exist in a demo database.
DEMO_PASSWORD = "demo-Jeugdmodel-2026"  # noqa: S105  # nosec B105
DEMO_TOTP_KEY = "JEUGDMODELDEMOTOTPSLEUTELJEUGD23"

SCALES = {"mvs": 1, "national": 90}

EXPERTISE = TOPICS  # professionals' expertise tags are the request topics
LANGUAGES = ["nl", "en", "ar", "tr", "pl", "pap", "ti", "so", "uk"]

# Team sizes per kind at MVS scale: (min, max) members besides the team lead.
TEAM_SIZES: dict[str, tuple[int, int]] = {
    TeamKind.WIJKTEAM: (6, 14),
    TeamKind.POH_JEUGD: (1, 3),
    TeamKind.ONDERWIJS: (2, 4),
    TeamKind.FLEX_NETWERK: (6, 10),
    TeamKind.SPECIALISTISCH: (15, 25),
}
MEMBER_ROLE: dict[str, Role] = {
    TeamKind.WIJKTEAM: Role.WIJKTEAM_PROFESSIONAL,
    TeamKind.POH_JEUGD: Role.POH_JEUGD,
    TeamKind.ONDERWIJS: Role.GEZINSSPECIALIST_ONDERWIJS,
    TeamKind.FLEX_NETWERK: Role.FLEX_SPECIALIST,
    TeamKind.SPECIALISTISCH: Role.SPECIALIST_CARE,
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    description: str


@dataclass
class DemoResult:
    created: bool
    counts: dict[str, int] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)


def demo_data_generate(
    *,
    seed: int,
    scale: str,
    progress: Callable[[Iterable[Any], int, str], Iterable[Any]] | None = None,
) -> DemoResult:
    """Generate once per (seed, scale); a second call changes nothing."""
    if scale not in SCALES:
        raise DomainError(_("Onbekende schaal: kies mvs of national."), field="scale")
    existing = DemoDataset.objects.filter(seed=seed, scale=scale).first()
    if existing is not None:
        return DemoResult(created=False, counts=existing.counts, logins=demo_logins())
    other = DemoDataset.objects.exclude(seed=seed, scale=scale).first()
    if other is not None:
        raise DomainError(
            _(
                "Deze database heeft al demogegevens van %(other)s. Begin schoon met "
                "bin/demo --reset."
            )
            % {"other": str(other)}
        )
    teams = list(Team.objects.select_related("organisation", "municipality").order_by("code"))
    if not teams:
        raise DomainError(_("Er is geen regio geladen. Laad eerst een regiobestand (region_load)."))
    wrap = progress or (lambda items, total, label: items)
    from jeugdmodel.steering.services import steering_rebuild
    from jeugdmodel.steering.signals import tracking_paused

    # Thousands of demo writes: the steering cells are computed once, at the end.
    with transaction.atomic():
        with tracking_paused():
            counts = _generate(seed=seed, factor=SCALES[scale], teams=teams, wrap=wrap)
        DemoDataset.objects.create(seed=seed, scale=scale, counts=counts)
        steering_rebuild()
    return DemoResult(created=True, counts=counts, logins=demo_logins())


def _generate(
    *,
    seed: int,
    factor: int,
    teams: list[Team],
    wrap: Callable[[Iterable[Any], int, str], Iterable[Any]],
) -> dict[str, int]:
    rng = random.Random(seed)  # nosec B311
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    password = make_password(DEMO_PASSWORD)
    start = date(2023, 1, 1)
    contracted = Organisation.objects.filter(kind=OrganisationKind.CONTRACTED_PARTY).first()
    members = list(Organisation.objects.filter(kind=OrganisationKind.MEMBER).order_by("code"))

    users: list[User] = []
    memberships: list[tuple[int, Team, TeamRole]] = []  # (index in users, team, role)

    def person(role: Role, organisation: Organisation | None, **extra: Any) -> int:
        first, last = fake.first_name(), fake.last_name()
        username = f"demo.{len(users) + 1:06d}"
        users.append(
            User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.invalid",
                role=role.value,
                organisation=organisation,
                password=password,
                is_demo=True,
                **extra,
            )
        )
        return len(users) - 1

    for team in wrap(teams, len(teams), _("teams bemensen")):
        organisation = team.organisation or (rng.choice(members) if members else contracted)
        lead = person(Role.TEAM_LEAD, organisation, caseload_capacity=5)
        memberships.append((lead, team, TeamRole.LEAD))
        low, high = TEAM_SIZES[team.kind]
        for _i in range(rng.randint(low, high) * factor):
            idx = person(
                MEMBER_ROLE[team.kind],
                organisation,
                expertise=sorted(rng.sample(EXPERTISE, rng.randint(1, 3))),
                languages=sorted({"nl", *rng.sample(LANGUAGES, rng.randint(0, 2))}),
                caseload_capacity=rng.choice([12, 15, 18, 20, 25]),
            )
            memberships.append((idx, team, TeamRole.MEMBER))

    # Each team's deputy lead is the lead of the next team (docs/decisions/0066): they
    # stand in at the front door and hear of every escalated crisis with the lead.
    leads = [(idx, team) for idx, team, role in memberships if role == TeamRole.LEAD]
    if len(leads) > 1:
        for position, (_lead, team) in enumerate(leads):
            deputy = leads[(position + 1) % len(leads)][0]
            memberships.append((deputy, team, TeamRole.DEPUTY))

    partners = list(
        Organisation.objects.filter(
            kind__in=[
                OrganisationKind.SCHOOL,
                OrganisationKind.GP_PRACTICE,
                OrganisationKind.WELFARE,
            ]
        ).order_by("code")
    )
    for org in partners:
        for _i in range(factor):
            person(Role.PARTNER, org)
            if org.kind == OrganisationKind.GP_PRACTICE:
                person(Role.LEGAL_REFERRER, org)

    batch = 2000
    for i in wrap(range(0, len(users), batch), -(-len(users) // batch), _("medewerkers opslaan")):
        User.objects.bulk_create(users[i : i + batch])
    saved = dict(
        User.objects.filter(username__in=[u.username for u in users]).values_list("username", "pk")
    )
    TeamMembership.objects.bulk_create(
        [
            TeamMembership(
                user_id=saved[users[idx].username], team=team, role_in_team=role, valid_from=start
            )
            for idx, team, role in memberships
        ],
        batch_size=batch,
    )
    demo_users_ensure(teams=teams)
    requests = generate_requests(seed=seed, factor=factor, wrap=wrap)
    cases = generate_cases(seed=seed, factor=factor, wrap=wrap)
    exchanged = generate_ijw(seed=seed)
    switch = generate_transition(seed=seed)
    return {
        "users": len(users),
        "team_memberships": len(memberships),
        "teams": len(teams),
        "partner_organisations": len(partners),
        **{f"requests_{k}": v for k, v in sorted(requests.items())},
        **{f"cases_{k}": v for k, v in sorted(cases.items())},
        **exchanged,
        **switch,
    }


DEMO_ACCOUNTS: list[tuple[str, Role, str]] = [
    ("wijkteam", Role.WIJKTEAM_PROFESSIONAL, "wijkteam"),
    ("poh", Role.POH_JEUGD, "poh_jeugd"),
    ("onderwijs", Role.GEZINSSPECIALIST_ONDERWIJS, "onderwijs"),
    ("flex", Role.FLEX_SPECIALIST, "flex_netwerk"),
    ("specialist", Role.SPECIALIST_CARE, "specialistisch"),
    ("teamleider", Role.TEAM_LEAD, "wijkteam"),
    ("partner", Role.PARTNER, ""),
    ("verwijzer", Role.LEGAL_REFERRER, ""),
    ("gemeente", Role.MUNICIPALITY, ""),
    ("contractmanagement", Role.MUNICIPALITY, ""),
    ("beheerder", Role.FUNCTIONAL_ADMIN, ""),
    ("privacy", Role.PRIVACY_OFFICER, ""),
]


def demo_users_ensure(*, teams: list[Team]) -> None:
    """One known login per role (idempotent), each with the published demo TOTP key."""
    first_team: dict[str, Team] = {}
    for each in teams:
        first_team.setdefault(each.kind, each)
    school = Organisation.objects.filter(kind=OrganisationKind.SCHOOL).order_by("code").first()
    gp = Organisation.objects.filter(kind=OrganisationKind.GP_PRACTICE).order_by("code").first()
    contracted = Organisation.objects.filter(kind=OrganisationKind.CONTRACTED_PARTY).first()
    municipality = Municipality.objects.order_by("code").first()
    names = {
        "wijkteam": ("Wendy", "de Wijk"),
        "poh": ("Pieter", "Praktijk"),
        "onderwijs": ("Olga", "Onderwijs"),
        "flex": ("Fatima", "Flex"),
        "specialist": ("Sander", "Specialist"),
        "teamleider": ("Tineke", "Teamleider"),
        "partner": ("Paula", "Partner"),
        "verwijzer": ("Victor", "Verwijzer"),
        "gemeente": ("Gerda", "Gemeente"),
        "contractmanagement": ("Karim", "Contract"),
        "beheerder": ("Bram", "Beheer"),
        "privacy": ("Priya", "Privacy"),
    }
    for username, role, team_kind in DEMO_ACCOUNTS:
        organisation: Organisation | None = contracted
        if role == Role.PARTNER:
            organisation = school
        elif role == Role.LEGAL_REFERRER:
            organisation = gp
        elif role == Role.MUNICIPALITY:
            # Contract management works for all municipalities of the region together.
            organisation = (
                Organisation.objects.filter(kind=OrganisationKind.CONTRACT_MANAGEMENT).first()
                if username == "contractmanagement"
                else None
            )
        team: Team | None = first_team.get(team_kind) if team_kind else None
        if team is not None and team.organisation is not None:
            organisation = team.organisation
        first, last = names[username]
        user, _created = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.invalid",
                "role": role.value,
                "organisation": organisation,
                "municipality": (
                    municipality
                    if role == Role.MUNICIPALITY and username != "contractmanagement"
                    else None
                ),
                "is_demo": True,
                "is_staff": role == Role.FUNCTIONAL_ADMIN,
                "expertise": ["opvoedondersteuning"] if team else [],
                "languages": ["nl", "en"],
                "caseload_capacity": 20 if team else None,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        if team is not None:
            TeamMembership.objects.get_or_create(
                user=user,
                team=team,
                valid_from=date(2023, 1, 1),
                defaults={
                    "role_in_team": TeamRole.LEAD if role == Role.TEAM_LEAD else TeamRole.MEMBER
                },
            )
        if role == Role.FUNCTIONAL_ADMIN:
            functional_admin_grant(user=user)
        totp_device_set_known_key(user=user, key_b32=DEMO_TOTP_KEY)


def demo_logins() -> list[DemoLogin]:
    present = set(
        User.objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS]).values_list(
            "username", flat=True
        )
    )
    return [
        DemoLogin(
            username=u,
            role=r,
            description=str(_("Contractmanagement (alle gemeenten)"))
            if u == "contractmanagement"
            else str(r.label),
        )
        for u, r, _k in DEMO_ACCOUNTS
        if u in present
    ]


def progress_bar(items: Iterable[Any], total: int, label: str) -> Iterable[Any]:
    return tqdm(items, total=total, desc=label, unit="", leave=False)
