"""The case page (/casussen/<id>/) of the demo login `wijkteam`'s busiest case, side by side
with a bare Django view that renders the same base template (the stack's own ceiling).
Target: within 3x the bare view.

At MVS size by default (the demo data of bin/demo). With `--scale national` it measures at
MVS size first, then bulk-inserts synthetic families, people, cases, plans, journal entries
and trajectories (`--cases N`, 200,000 by default: national-like table sizes) and measures
the same page again, so both ratios stand side by side.

    bin/bench case [--repeat N]
    bin/bench case --scale national [--cases N]
    DATABASE_URL=postgres://… bin/bench case
"""

from __future__ import annotations

import argparse
import random
import time
import uuid
from datetime import date, timedelta
from typing import Any

from bench.common import report, setup_django, timed

NATIONAL_CASES = 200_000
BATCH = 2_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--scale", choices=["mvs", "national"], default="mvs")
    parser.add_argument(
        "--cases",
        type=int,
        default=None,
        help=f"extra synthetic cases for --scale national (default {NATIONAL_CASES:,})",
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    setup_django(seed=args.seed)
    print(f"MVS-demogegevens klaar in {time.perf_counter() - started:.0f}s")

    from django.db.models import Count
    from django.http import HttpRequest, HttpResponse
    from django.shortcuts import render
    from django.test import Client, override_settings
    from django.urls import include, path
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from jeugdmodel.accounts.models import User
    from jeugdmodel.accounts.services import totp_device_set_known_key
    from jeugdmodel.care.models import Consultation, ConsultationStatus
    from jeugdmodel.cases.models import Case
    from jeugdmodel.demo.generator import DEMO_TOTP_KEY

    def bare(request: HttpRequest) -> HttpResponse:
        return render(request, "base.html", {})

    urlconf = type(
        "BenchUrls",
        (),
        {"urlpatterns": [path("__bare__/", bare), path("", include("jeugdmodel.urls"))]},
    )

    def client_for(username: str) -> Client:
        client = Client()
        user = User.objects.get(username=username)
        client.force_login(user)
        session = client.session
        device = TOTPDevice.objects.filter(user=user).first()
        if device is None:  # generated demo staff have no second factor of their own
            device = totp_device_set_known_key(user=user, key_b32=DEMO_TOTP_KEY)
        session["otp_device_id"] = device.persistent_id
        session.save()
        return client

    # The busiest case of the demo coordinator: the most plan versions, contacts,
    # trajectories, consultations and family members.
    activity = (
        Case.objects.filter(coordinator__username="wijkteam")
        .annotate(
            n_versions=Count("plan_versions", distinct=True),
            n_contacts=Count("journal", distinct=True),
            n_trajectories=Count("trajectories", distinct=True),
            n_consultations=Count("consultations", distinct=True),
            n_members=Count("family__members", distinct=True),
        )
        .values_list(
            "pk", "n_versions", "n_contacts", "n_trajectories", "n_consultations", "n_members"
        )
    )
    busiest_pk = max(activity, key=lambda row: (sum(row[1:]), -row[0]))[0]
    busiest = Case.objects.select_related("family").get(pk=busiest_pk)
    url = f"/casussen/{busiest.public_id}/"
    # For comparison: the same page for the Plusteam specialist in the case team, who may
    # edit but not manage (no forms to change the coordinator, the case team or close).
    specialist = (
        Consultation.objects.filter(
            case=busiest, status__in=[ConsultationStatus.ACCEPTED, ConsultationStatus.ADVISED]
        )
        .values_list("accepted_by__username", flat=True)
        .first()
    )

    with override_settings(ROOT_URLCONF=urlconf):
        coordinator = client_for("wijkteam")
        member = client_for(specialist) if specialist else None

        def get(client: Client, target: str) -> None:
            response = client.get(target)
            assert response.status_code == 200, (target, response.status_code)

        def measure(title: str) -> float:
            baseline = timed(lambda: get(coordinator, "/__bare__/"), repeat=args.repeat)
            page = timed(lambda: get(coordinator, url), repeat=args.repeat)
            rows = [("casuspagina, regiehouder (wijkteam)", page)]
            if member is not None:
                rows.append(
                    (
                        "casuspagina, casusteamlid (geen beheer)",
                        timed(lambda: get(member, url), repeat=args.repeat),
                    )
                )
            report(title, "kale view met base.html", baseline, rows)
            return page / baseline

        print(f"\nDe drukste casus van de demologin wijkteam: {busiest.family.name} ({url})")
        ratios = [("MVS", measure(f"Casuspagina op MVS-schaal ({_sizes()})"))]
        if args.scale == "national":
            extra = args.cases if args.cases is not None else NATIONAL_CASES
            started = time.perf_counter()
            made = bulk_national(cases=extra, seed=args.seed)
            print(
                f"\n{made:,} synthetische casussen toegevoegd in "
                f"{time.perf_counter() - started:.0f}s"
            )
            ratios.append(("landelijk", measure(f"Casuspagina op landelijke schaal ({_sizes()})")))

    print("\nDoel: de casuspagina van de regiehouder binnen 3x de kale view")
    for label, ratio in ratios:
        verdict = "gehaald" if ratio <= 3 else "NIET gehaald"
        print(f"  {label:<10} ratio {ratio:5.2f} → {verdict}")


def _sizes() -> str:
    from jeugdmodel.care.models import Trajectory
    from jeugdmodel.cases.models import Case, JournalEntry, PlanVersion
    from jeugdmodel.families.models import Person

    return (
        f"{Case.objects.count():,} casussen, {Person.objects.count():,} personen, "
        f"{Trajectory.objects.count():,} trajecten, {PlanVersion.objects.count():,} "
        f"planversies, {JournalEntry.objects.count():,} journaalregels"
    )


def bulk_national(*, cases: int, seed: int) -> int:
    """Insert `cases` synthetic cases with their families (one to three children, one or
    two parents), coordinator period, plan versions, journal entries and trajectories, in
    batches of bulk_create. Bounded by `cases`: about 14 rows per case."""
    from django.db import transaction
    from faker import Faker
    from tqdm import tqdm

    from jeugdmodel.accounts.models import User
    from jeugdmodel.accounts.roles import Role
    from jeugdmodel.care.models import EndReason, EndSubreason, Trajectory
    from jeugdmodel.cases.models import (
        Case,
        CaseStatus,
        CaseTeamMember,
        CaseTeamRole,
        ClosingReason,
        ContactKind,
        JournalEntry,
        PlanVersion,
    )
    from jeugdmodel.families.models import Family, FamilyMember, Person, Relation
    from jeugdmodel.region.models import CareLevel, HelpForm, PostcodeArea, Team, TeamKind

    rng = random.Random(seed * 7_777 + 1)
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    given_names = [fake.first_name() for _ in range(500)]
    family_names = [fake.last_name() for _ in range(500)]
    today = date.today()
    # Coordinators: the neighbourhood teams' professionals, not the demo login (whose
    # busiest case is measured; its own caseload stays as the demo made it).
    staff: list[tuple[Team, User]] = [
        (team, user)
        for team in Team.objects.filter(kind=TeamKind.WIJKTEAM).order_by("code")
        for user in User.objects.filter(
            memberships__team=team, role=Role.WIJKTEAM_PROFESSIONAL
        ).exclude(username="wijkteam")
    ]
    assert staff, "no neighbourhood-team professionals: the demo data is missing"
    basis = list(HelpForm.objects.filter(level=CareLevel.BASIS, active=True))
    specialist = list(HelpForm.objects.filter(level=CareLevel.SPECIALIST, active=True))
    pc4s = list(PostcodeArea.objects.filter(residential=True).values_list("pc4", flat=True))
    reasons = list(ClosingReason.values)
    kinds = list(ContactKind.values)

    def pick(items: list[Any]) -> Any:
        return items[rng.randrange(len(items))]

    def born(min_years: int, max_years: int) -> date:
        return today - timedelta(days=rng.randint(min_years * 365, max_years * 365))

    def plan_content(on: date) -> dict[str, Any]:
        score = {"date": on.isoformat(), "score": rng.randint(2, 6), "kind": "start"}
        goal = {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "subject": "family",
            "text": "Er is rust en regelmaat thuis.",
            "scores": [score],
        }
        return {"goals": [goal], "agreements": [], "network": [], "next_evaluation": None}

    def families_and_people(size: int) -> tuple[list[Family], dict[int, list[Person]]]:
        families = Family.objects.bulk_create(
            [Family(name=f"Gezin {pick(family_names)}") for _ in range(size)]
        )
        people: list[Person] = []
        roles: list[tuple[Family, str]] = []
        for family in families:
            surname, pc4 = family.name.removeprefix("Gezin "), pick(pc4s)
            for relation, count, ages in (
                (Relation.CHILD, rng.choice([1, 1, 1, 2, 2, 3]), (0, 17)),
                (Relation.PARENT, rng.choice([1, 2]), (25, 50)),
            ):
                for _c in range(count):
                    people.append(
                        Person(
                            given_name=pick(given_names),
                            family_name=surname,
                            date_of_birth=born(*ages),
                            postcode=f"{pc4} AB",
                            pc4=pc4,
                            house_number=str(rng.randint(1, 300)),
                        )
                    )
                    roles.append((family, relation))
        people = Person.objects.bulk_create(people)
        FamilyMember.objects.bulk_create(
            [
                FamilyMember(family=family, person=person, relation=relation, valid_from=today)
                for person, (family, relation) in zip(people, roles, strict=True)
            ]
        )
        children: dict[int, list[Person]] = {}
        for person, (family, relation) in zip(people, roles, strict=True):
            if relation == Relation.CHILD:
                children.setdefault(family.pk, []).append(person)
        return families, children

    def new_case(family: Family) -> Case:
        team, coordinator = pick(staff)
        opened = today - timedelta(days=rng.randint(0, 730))
        roll = rng.random()
        if roll < 0.1:
            status = CaseStatus.REGISTERED
        elif roll < 0.75:
            status = CaseStatus.ACTIVE
        else:
            status = CaseStatus.CLOSED
        closed = status == CaseStatus.CLOSED
        return Case(
            family=family,
            team=team,
            coordinator=coordinator,
            status=status,
            opened_on=opened,
            closed_on=min(today, opened + timedelta(days=rng.randint(30, 400))) if closed else None,
            closing_reason=pick(reasons) if closed else "",
        )

    def trajectory(case: Case, child: Person, last: date) -> Trajectory:
        specialist_help = rng.random() < 0.2
        form = pick(specialist if specialist_help else basis)
        start = max(case.opened_on, child.date_of_birth)
        ended = case.closed_on is not None or rng.random() < 0.3
        premature = ended and rng.random() < 0.3
        reason = ""
        if ended:
            reason = EndReason.PREMATURE if premature else EndReason.ACCORDING_TO_PLAN
        return Trajectory(
            case=case,
            child=child,
            help_form=form,
            level=form.level,
            with_stay=form.with_stay,
            team=case.team,
            start_date=start,
            end_date=max(start, last) if ended else None,
            end_reason=reason,
            end_subreason=EndSubreason.CLIENT if premature else "",
            specialist_reason="Specialistische hulp nodig." if specialist_help else "",
            created_by=case.coordinator,
        )

    def batch(size: int) -> int:
        families, children = families_and_people(size)
        saved = Case.objects.bulk_create([new_case(f) for f in families])
        members: list[CaseTeamMember] = []
        plans: list[PlanVersion] = []
        journal: list[JournalEntry] = []
        trajectories: list[Trajectory] = []
        for case in saved:
            members.append(
                CaseTeamMember(
                    case=case,
                    user=case.coordinator,
                    role=CaseTeamRole.COORDINATOR,
                    valid_from=case.opened_on,
                    valid_to=case.closed_on,
                )
            )
            if case.status == CaseStatus.REGISTERED:
                continue
            last = case.closed_on or today
            for number in range(1, rng.choice([1, 2, 2, 3]) + 1):
                plans.append(
                    PlanVersion(
                        case=case,
                        number=number,
                        created_by=case.coordinator,
                        content=plan_content(case.opened_on),
                    )
                )
            span = (last - case.opened_on).days
            for _j in range(rng.randint(1, 4)):
                journal.append(
                    JournalEntry(
                        case=case,
                        on=case.opened_on + timedelta(days=rng.randint(0, span)),
                        kind=pick(kinds),
                        duration_minutes=rng.choice([15, 30, 45, 60]),
                        with_whom="ouder",
                        note="Gesprek over de voortgang.",
                        author=case.coordinator,
                    )
                )
            trajectories += [trajectory(case, c, last) for c in children.get(case.family_id, [])]
        CaseTeamMember.objects.bulk_create(members)
        PlanVersion.objects.bulk_create(plans)
        JournalEntry.objects.bulk_create(journal)
        Trajectory.objects.bulk_create(trajectories)
        return len(saved)

    made = 0
    starts = range(0, cases, BATCH)
    for start in tqdm(starts, total=len(starts), desc="landelijke casussen", unit="batch"):
        with transaction.atomic():
            made += batch(min(BATCH, cases - start))
    return made


if __name__ == "__main__":
    main()
