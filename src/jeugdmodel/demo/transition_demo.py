"""The demo's switch: an old-provider caseload for MVS on 1 January 2023 (the real switch
date), imported through the real import with its awkward rows left out, and every handover
state present (also help that stopped without a handover, the figure the steering
dashboard shows). Deterministic per seed; needs the region's switch (regions/mvs.yaml)."""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta

from faker import Faker

from jeugdmodel.accounts.models import TeamMembership, TeamRole, User
from jeugdmodel.region.models import (
    HelpForm,
    Organisation,
    OrganisationKind,
    PostcodeArea,
    RegionSwitch,
    Team,
    TeamKind,
)
from jeugdmodel.region.selectors import teams_covering_postcode
from jeugdmodel.transition.caseload import COLUMNS
from jeugdmodel.transition.models import (
    ClosedReason,
    ProductMapping,
    ProviderMapping,
    RunningClient,
)
from jeugdmodel.transition.services.caseload import caseload_import
from jeugdmodel.transition.services.handover import (
    handover_case_link,
    handover_close,
    handover_transitional,
    handover_warm,
)

from .bsn import fake_bsn

#: The old providers of the demo (AGB codes in a range no real provider in the demo uses).
OLD_PROVIDERS = (
    ("97000001", "Jeugdzorg De Oude Haven"),
    ("97000002", "Stichting Kompas & Co; Schiedam"),
    ("97000003", 'Praktijk "Het Anker"'),
)
#: Old products (iJw product codes) and their description.
OLD_PRODUCTS = (
    ("45A48", "Ambulante jeugdhulp"),
    ("45A53", "Jeugdhulp ambulant specialistisch"),
    ("44A01", "Begeleiding individueel"),
)
DEMO_FILE = "lopende-zorg-oude-aanbieders-2023-01-01.csv"


def _rows(rng: random.Random, fake: Faker, pc4s: list[str], count: int) -> list[dict[str, str]]:
    rows = []

    def letters() -> str:
        return fake.random_uppercase_letter() + fake.random_uppercase_letter()

    for i in range(count):
        pc4 = pc4s[i % len(pc4s)]
        born = date(2023, 1, 1) - timedelta(days=rng.randint(365 * 2, 365 * 17))
        start = date(2022, 1, 1) + timedelta(days=rng.randint(0, 360))
        agb, provider = OLD_PROVIDERS[i % len(OLD_PROVIDERS)]
        product, description = OLD_PRODUCTS[rng.randrange(len(OLD_PRODUCTS))]
        end = "" if i % 4 else (date(2023, 1, 1) + timedelta(days=rng.randint(30, 300))).isoformat()
        rows.append(
            {
                "bsn": fake_bsn(rng) if i % 7 else "",  # some without BSN: matched by name
                "achternaam": fake.last_name(),
                "voornamen": fake.first_name(),
                "geboortedatum": born.strftime("%d-%m-%Y") if i % 2 else born.isoformat(),
                "postcode": f"{pc4} {letters()}",
                "huisnummer": str(rng.randint(1, 180)),
                "gemeentecode": "",
                "aanbieder_agb": agb,
                "aanbieder_naam": provider,
                "productcode": product,
                "product_omschrijving": description,
                "ingangsdatum": start.isoformat(),
                "einddatum": end,
                "beschikkingnummer": f"OUD-{2022}-{1000 + i}",
            }
        )
    return rows


def _awkward(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Rows an old provider really sends: each is rejected and named in the report."""
    bad = [dict(rows[i]) for i in range(6)]
    bad[0]["bsn"] = "123456789"  # fails the elfproef
    bad[1]["geboortedatum"] = "31-02-2015"  # does not exist
    bad[2]["einddatum"] = "2021-12-31"  # before the start
    bad[3]["postcode"] = "1012 AB"  # Amsterdam: outside the region
    bad[4]["achternaam"] = ""  # a required field left empty
    return [*bad[:4], bad[4], dict(rows[5])]  # the last one is a duplicate of an earlier row


def generate_transition(*, seed: int) -> dict[str, int]:
    switch = RegionSwitch.objects.select_related("region").first()
    if switch is None or RunningClient.objects.exists():
        return {}
    rng = random.Random(seed * 104_729 + 3)  # nosec B311
    fake = Faker("nl_NL")
    fake.seed_instance(seed + 14)
    day = switch.switch_date
    areas = (
        PostcodeArea.objects.filter(
            municipality__region=switch.region, residential=True, valid_from__lte=day
        )
        .exclude(valid_to__lt=day)
        .select_related("municipality")
        .order_by("pc4")
    )
    municipality_of = {a.pc4: a.municipality.code[2:] for a in areas}
    team_of = {
        pc4: teams_covering_postcode(pc4, day, kind=TeamKind.WIJKTEAM).order_by("code").first()
        for pc4 in municipality_of
    }
    pc4s = [pc4 for pc4, team in team_of.items() if team is not None]
    if not pc4s:
        return {}
    # The demo's wijkteam (the first by code) gets a good share of the rows.
    first = Team.objects.filter(kind=TeamKind.WIJKTEAM).order_by("code").first()
    own = [pc4 for pc4 in pc4s if team_of[pc4] == first]
    weighted = own * 3 + pc4s if own else pc4s
    rows = _rows(rng, fake, weighted, 80)
    for row in rows:
        row["gemeentecode"] = municipality_of[row["postcode"][:4]]
    # A cell starting with "=" is a value, not a formula: stored as text.
    rows[7]["product_omschrijving"] = "=Ambulant (zo geschreven door de oude aanbieder)"
    rows += _awkward(rows)
    # Mapping: the old providers to the contracted party's members, products to help forms.
    members = list(Organisation.objects.filter(kind=OrganisationKind.MEMBER).order_by("code"))
    contracted = Organisation.objects.filter(kind=OrganisationKind.CONTRACTED_PARTY).first()
    targets = members or ([contracted] if contracted else [])
    forms = list(HelpForm.objects.filter(active=True).order_by("level", "code"))
    if not targets or not forms:
        return {}
    for i, (agb, name) in enumerate(OLD_PROVIDERS):
        ProviderMapping.objects.get_or_create(
            agb_code=agb, defaults={"old_name": name, "organisation": targets[i % len(targets)]}
        )
    for i, (code, description) in enumerate(OLD_PRODUCTS):
        ProductMapping.objects.get_or_create(
            productcode=code,
            defaults={"old_description": description, "help_form": forms[i % len(forms)]},
        )
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row[c] for c in COLUMNS])
    # Windows-1252, as an old spreadsheet writes it (accented names included).
    data = out.getvalue().encode("cp1252", errors="replace")
    result = caseload_import(actor=None, data=data, file_name=DEMO_FILE, good_rows_only=True)
    states = _handover_states(rng)
    return {
        "transition_rows": result.report.rows_read,
        "transition_imported": result.report.good_rows,
        "transition_rejected": len(result.report.rejected_rows),
        **states,
    }


def _team_people(team_id: int) -> tuple[User | None, list[User]]:
    memberships = TeamMembership.objects.filter(team_id=team_id, valid_to__isnull=True)
    lead = next(
        (m.user for m in memberships.select_related("user") if m.role_in_team == TeamRole.LEAD),
        None,
    )
    members = [m.user for m in memberships.select_related("user").order_by("user__username")]
    return lead, [u for u in members if u.gives_care and u.is_active]


def _handover_states(rng: random.Random) -> dict[str, int]:
    """Every state: warm handovers (some with the family case), transitional rights still
    running or run out, closed with each reason, and unknown ones left for the worklist."""
    done = {"warm": 0, "transitional": 0, "closed": 0, "case": 0}
    reasons = list(ClosedReason.values)
    clients = RunningClient.objects.filter(team__isnull=False).order_by("row_number")
    people: dict[int, tuple[User | None, list[User]]] = {}
    for i, client in enumerate(clients):
        assert client.team_id is not None
        lead, members = people.setdefault(client.team_id, _team_people(client.team_id))
        actor = lead or (members[0] if members else None)
        if actor is None or not members:
            continue
        kind = i % 6
        on = max(client.care_start, date(2023, 1, 1)) + timedelta(days=rng.randint(3, 40))
        if kind in (0, 1):
            coordinator = members[i % len(members)]
            handover_warm(actor=actor, client=client, coordinator=coordinator, on=on)
            done["warm"] += 1
            if kind == 0:
                handover_case_link(
                    actor=actor,
                    client=client,
                    coordinator=coordinator,
                    same_child_confirmed=True,
                )
                done["case"] += 1
        elif kind == 2:
            handover_transitional(actor=actor, client=client, until=date(2023, 6, 30))
            done["transitional"] += 1
        elif kind == 3:
            handover_close(actor=actor, client=client, reason=reasons[i % len(reasons)], on=on)
            done["closed"] += 1
        # kinds 4 and 5 stay unknown: the worklist's work.
    return {f"transition_{k}": v for k, v in done.items()}
