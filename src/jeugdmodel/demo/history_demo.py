"""Synthetic history of the loaded region in the history format (docs/history-format.md):
`years` years ending yesterday of families with their requests, cases, contacts,
trajectories, consultations and closings, plus the caseload that was already running
when the period began.

Shaped like the MVS model (docs/decisions/0022-history-import.md): about
`children_per_year` children in care per calendar year, about 80% of them with basis help
only and 20% with specialist help (step-ups within and after six months, direct
referrals, crisis care, a few with a stay), consultations of the flexible network with
their outcome, closings with goal scores, reopened cases and repeat requests, moves
within and out of the region, every access point, first contacts a few working days
after the request.

Deterministic per seed and day. One family at a time is made and written, so a national
volume (`children_per_year=500_000`, five years) streams to the file in constant memory."""

from __future__ import annotations

import json
import os
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from faker import Faker

from jeugdmodel.core.errors import DomainError
from jeugdmodel.core.workdays import add_working_days, is_working_day
from jeugdmodel.region.models import (
    CareLevel,
    Organisation,
    OrganisationKind,
    OutsideRegionArea,
    PostcodeArea,
    Region,
    Team,
    TeamKind,
)
from jeugdmodel.region.selectors import help_forms_for_region, teams_covering_postcode

from .intake_demo import ANY_AGE_QUESTIONS

if TYPE_CHECKING:
    from jeugdmodel.history.services import HistoryImportResult

#: Children in care in a calendar year per child starting care in it: children stay in
#: care for months, so a year also counts those who started the year before (measured on
#: the generator's own output, see the decision record).
IN_CARE_PER_START = 1.55
#: Children in care per family episode (1, 2 or 3 children).
CHILDREN_WEIGHTS = (72, 21, 7)
MEAN_CHILDREN = sum(n * w for n, w in zip((1, 2, 3), CHILDREN_WEIGHTS, strict=True)) / 100
#: Age of the (first) child at the request, 0 to 17.
AGE_WEIGHTS = (2, 3, 3, 4, 5, 6, 6, 7, 7, 7, 7, 7, 7, 7, 6, 6, 5, 4)
ACCESS_POINTS: dict[str, int] = {
    "family": 20,
    "wijkteam": 14,
    "poh_jeugd": 12,
    "school_specialist": 9,
    "partner_school": 8,
    "partner_gp": 6,
    "partner_welfare": 5,
    "legal_gp": 13,
    "legal_youth_doctor": 5,
    "legal_medical_specialist": 4,
    "legal_certified_institution": 3,
    "legal_court": 1,
}
LEGAL = frozenset(k for k in ACCESS_POINTS if k.startswith("legal_"))
#: How a child's care goes, per 1,000 children (docs/decisions/0022-history-import.md).
PATHS: dict[str, int] = {
    "basis": 868,
    "up_early": 48,  # step-up within six months
    "up_late": 17,  # step-up after six months
    "direct": 45,  # specialist from the start (more often after a legal referral)
    "stay": 12,  # step-up to care with a stay (foster care, family home, residential)
    "crisis": 10,  # crisis care with a stay, then back to basis help
}
#: Of legal referrals that would get basis help, this share goes to specialist help at once.
LEGAL_DIRECT = 0.25
CLOSING_REASONS = {
    "doelen_bereikt": 55,
    "geen_hulp_nodig": 16,
    "gezin_stopt": 11,
    "doorverwezen": 8,
    "overig": 4,
}
PREMATURE_SUBREASONS = {
    "voortijdig_overeenstemming": 45,
    "voortijdig_client": 32,
    "voortijdig_aanbieder": 12,
    "overig": 11,
}
CONTACT_KINDS = {"phone": 30, "face_to_face": 25, "home_visit": 20, "video": 10, "consultation": 15}
STEP_UP_REASONS = [
    "De klachten nemen toe ondanks de hulp van het wijkteam; behandeling is nodig.",
    "Advies van het flexibel netwerk: specialistische diagnostiek en behandeling.",
    "Ernstige gedragsproblemen thuis en op school; ambulante specialistische hulp.",
]
STAY_REASONS = ["Thuis is het niet veilig genoeg; tijdelijk verblijf buiten het gezin is nodig."]
CRISIS_REASONS = ["Acute onveiligheid thuis na escalatie; crisisplaatsing."]
DIRECT_REASONS = [
    "Verwezen door de huisarts voor behandeling van een depressie.",
    "Verwezen door de jeugdarts: vermoeden van autisme, diagnostiek nodig.",
]


@dataclass(frozen=True)
class RegionShape:
    """What the generator needs to know of the region, read once."""

    code: str
    first_day: date  # the first day the region knows its postcode areas
    homes: tuple[tuple[str, str], ...]  # (pc4, municipality code), residential
    wijkteam: dict[str, str]  # pc4 → team code
    poh_teams: tuple[str, ...]
    school_teams: tuple[str, ...]
    specialist_team: str | None
    outside: tuple[tuple[str, str], ...]  # (pc4, name) just outside the region
    basis_form: str
    poh_form: str
    school_form: str
    ambulant_forms: tuple[str, ...]
    stay_forms: tuple[str, ...]
    crisis_form: str
    providers: tuple[str, ...]


def region_shape_load(code: str | None = None, *, today: date | None = None) -> RegionShape:
    """The loaded region (by code, or the only one) as the generator needs it."""
    regions = Region.objects.order_by("code")
    region = regions.filter(code=code).first() if code else regions.first()
    if region is None or (code is None and regions.count() > 1):
        raise DomainError(
            _("Regio %(code)s is niet (eenduidig) geladen; laad het regiobestand of kies er een.")
            % {"code": code or "?"}
        )
    day = today or timezone.localdate()
    areas = PostcodeArea.objects.filter(municipality__region=region)
    current = areas.filter(valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )
    homes: list[tuple[str, str]] = []
    wijkteam: dict[str, str] = {}
    for pc4, municipality in (
        current.filter(residential=True).order_by("pc4").values_list("pc4", "municipality__code")
    ):
        team = teams_covering_postcode(pc4, day, kind=TeamKind.WIJKTEAM).order_by("code").first()
        if team is not None:
            homes.append((pc4, municipality))
            wijkteam[pc4] = team.code
    if not homes:
        raise DomainError(_("De regio heeft geen woonpostcodes met een wijkteam."))
    teams = Team.objects.filter(region=region).order_by("code")
    forms = list(help_forms_for_region(region_id=region.pk))
    codes = {f.code for f in forms}
    basis = [f.code for f in forms if f.level == CareLevel.BASIS]
    specialist = [f for f in forms if f.level == CareLevel.SPECIALIST]
    ambulant = tuple(f.code for f in specialist if not f.with_stay)
    stay = tuple(f.code for f in specialist if f.with_stay and f.code != "crisisopvang")
    if not basis or not ambulant:
        raise DomainError(_("De regio heeft geen hulpvormen van beide niveaus."))
    basis_form = "wijkteamondersteuning" if "wijkteamondersteuning" in codes else basis[0]
    outside = tuple(
        (o.pc4, o.municipality_name)
        for o in OutsideRegionArea.objects.filter(region=region).exclude(pc4="").order_by("pc4")
        if not PostcodeArea.objects.filter(pc4=o.pc4, municipality__region=region).exists()
    )
    first = areas.aggregate(m=Min("valid_from"))["m"] or day
    return RegionShape(
        code=region.code,
        first_day=first,
        homes=tuple(homes),
        wijkteam=wijkteam,
        poh_teams=tuple(teams.filter(kind=TeamKind.POH_JEUGD).values_list("code", flat=True)),
        school_teams=tuple(teams.filter(kind=TeamKind.ONDERWIJS).values_list("code", flat=True)),
        specialist_team=teams.filter(kind=TeamKind.SPECIALISTISCH)
        .values_list("code", flat=True)
        .first(),
        outside=outside,
        basis_form=basis_form,
        poh_form="poh-jeugd-begeleiding" if "poh-jeugd-begeleiding" in codes else basis_form,
        school_form="gezinsspecialist-onderwijs"
        if "gezinsspecialist-onderwijs" in codes
        else basis_form,
        ambulant_forms=ambulant,
        stay_forms=stay or ambulant,
        crisis_form="crisisopvang" if "crisisopvang" in codes else (stay or ambulant)[0],
        providers=tuple(
            Organisation.objects.filter(
                region=region, kind__in=[OrganisationKind.MEMBER, OrganisationKind.SUBCONTRACTOR]
            )
            .order_by("code")
            .values_list("code", flat=True)
        ),
    )


@dataclass
class _Person:
    id: str
    born: date
    addresses: list[tuple[str, date, bool]]  # (pc4, from, outside)


@dataclass
class _Episode:
    """One request with its case, for some children of a family."""

    start: date
    children: list[_Person]
    repeat: bool = False
    case_end: date | None = None


@dataclass
class _Out:
    """The lines of one family, and the counters of ids."""

    lines: list[dict[str, Any]] = field(default_factory=list)


class HistoryGenerator:
    def __init__(
        self,
        *,
        shape: RegionShape,
        seed: int,
        years: int,
        children_per_year: int,
        today: date | None = None,
    ) -> None:
        if years < 1 or children_per_year < 1:
            raise DomainError(_("Kies minstens 1 jaar en 1 kind per jaar."))
        self.shape = shape
        self.rng = random.Random(seed * 1_000_003 + 17)  # nosec B311
        self.tz = ZoneInfo(settings.TIME_ZONE)
        today = today or timezone.localdate()
        self.end = today - timedelta(days=1)
        self.begin = _years_before(self.end, years) + timedelta(days=1)
        self.warm = max(shape.first_day, self.begin - timedelta(days=365))
        span = (self.end - self.warm).days + 1
        starts = children_per_year / IN_CARE_PER_START * span / 365
        self.families = max(1, round(starts / MEAN_CHILDREN))
        self.seed = seed
        self.years = years
        self.children_per_year = children_per_year
        self.counters: Counter[str] = Counter()
        self._consulted = False  # a consultation was asked in the current case
        self._bsn = 800_000_000 + (seed % 100) * 1_000_000
        fake = Faker("nl_NL")
        fake.seed_instance(seed)
        self.girls = sorted({fake.first_name_female() for _ in range(300)})
        self.boys = sorted({fake.first_name_male() for _ in range(300)})
        self.surnames = sorted({fake.last_name() for _ in range(600)})
        self._homes_by_municipality: dict[str, list[str]] = {}
        for pc4, municipality in shape.homes:
            self._homes_by_municipality.setdefault(municipality, []).append(pc4)

    # -- helpers ----------------------------------------------------------------------------

    def _id(self, prefix: str) -> str:
        self.counters[prefix] += 1
        return f"{prefix}{self.counters[prefix]}"

    def _weighted(self, table: dict[str, int]) -> str:
        return self.rng.choices(list(table), weights=list(table.values()))[0]

    def _next_bsn(self) -> str:
        while True:
            self._bsn += 1
            text = f"{self._bsn:09d}"
            total = sum(int(d) * w for d, w in zip(text[:8], range(9, 1, -1), strict=True))
            if (total - int(text[8])) % 11 == 0:
                return text

    def _moment(self, day: date, hour: int) -> str:
        minute = self.rng.randrange(0, 60, 5)
        return datetime.combine(day, time(hour, minute), tzinfo=self.tz).isoformat()

    def _working(self, day: date) -> date:
        while not is_working_day(day):
            day += timedelta(days=1)
        return day

    def _days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.rng.randint(low, high))

    # -- the file ---------------------------------------------------------------------------

    def lines(self) -> Iterator[dict[str, Any]]:
        yield {
            "type": "header",
            "format": "jeugdmodel-history",
            "version": 1,
            "region": self.shape.code,
            "source": (
                f"synthetische demohistorie (seed {self.seed}, {self.years} jaar, "
                f"{self.children_per_year} kinderen per jaar)"
            ),
        }
        for _n in range(self.families):
            out = self._family()
            self.counters["lines"] += len(out.lines)
            yield from out.lines

    def _family(self) -> _Out:
        rng, out = self.rng, _Out()
        start = self._working(
            self.warm + timedelta(days=rng.randrange((self.end - self.warm).days + 1))
        )
        surname = rng.choice(self.surnames)
        outside_family = bool(self.shape.outside) and rng.random() < 0.01
        if outside_family:
            pc4 = rng.choice(self.shape.outside)[0]
        else:
            pc4 = rng.choice(self.shape.homes)[0]
        family_id = self._id("F")
        out.lines.append({"type": "family", "id": family_id, "name": f"Gezin {surname}"})
        count = rng.choices((1, 2, 3), weights=CHILDREN_WEIGHTS)[0]
        first_age = rng.choices(range(18), weights=AGE_WEIGHTS)[0]
        ages = sorted(
            {
                first_age,
                *(max(0, min(17, first_age + rng.randint(-6, 6))) for _ in range(count - 1)),
            },
            reverse=True,
        )
        borns = [start - timedelta(days=age * 365 + rng.randint(0, 364)) for age in ages]
        home_from = borns[0] - self._days(0, 700)
        moves = self._moves(pc4, start, outside_family)
        parents = []
        for i in range(1 if rng.random() < 0.35 else 2):
            born = borns[0] - timedelta(days=rng.randint(22 * 365, 40 * 365))
            parents.append(
                self._person(
                    out, family_id, "parent", surname, born, pc4, home_from, moves, female=i == 0
                )
            )
        children = [
            self._person(out, family_id, "child", surname, born, pc4, home_from, moves, female=None)
            for born in borns
        ]
        if outside_family:
            self._forwarded(out, start, children, parents)
            return out
        episode = _Episode(start=start, children=children)
        self._episode(out, family_id, episode, parents, moves)
        if episode.case_end is not None and rng.random() < 0.09:
            again = episode.case_end + self._days(60, 540)
            young = [c for c in children if _age(c.born, again) < 18]
            if again <= self.end and young:
                repeat = again - episode.case_end <= timedelta(days=365)
                self._episode(
                    out,
                    family_id,
                    _Episode(start=self._working(again), children=young, repeat=repeat),
                    parents,
                    moves,
                )
        ended = episode.case_end is not None and episode.case_end < self.begin
        if ended and sum(line["type"] == "request" for line in out.lines) == 1:
            out.lines.clear()  # its only care ended before the period began
        return out

    def _moves(self, pc4: str, start: date, outside: bool) -> list[tuple[str, date, bool]]:
        """The family's moves after `start` (about 7% move once)."""
        rng = self.rng
        if outside or rng.random() >= 0.07:
            return []
        day = start + self._days(30, 700)
        if day > self.end:
            return []
        municipality = next(m for p, m in self.shape.homes if p == pc4)
        roll = rng.random()
        if roll < 0.12 and self.shape.outside:
            return [(rng.choice(self.shape.outside)[0], day, True)]
        if roll < 0.55 and len(self._homes_by_municipality) > 1:
            others = [m for m in self._homes_by_municipality if m != municipality]
            target = rng.choice(self._homes_by_municipality[rng.choice(others)])
        else:
            target = rng.choice(self._homes_by_municipality[municipality])
        return [] if target == pc4 else [(target, day, False)]

    def _person(
        self,
        out: _Out,
        family_id: str,
        relation: str,
        surname: str,
        born: date,
        pc4: str,
        home_from: date,
        moves: list[tuple[str, date, bool]],
        *,
        female: bool | None,
    ) -> _Person:
        rng = self.rng
        if female is None:
            sex = rng.choices(("v", "m", "x"), weights=(49, 49, 2))[0]
        else:
            sex = "v" if (rng.random() < 0.8) == female else "m"
        given = rng.choice(
            self.girls if sex == "v" or (sex == "x" and rng.random() < 0.5) else self.boys
        )
        outside_home = bool(self.shape.outside) and pc4 in {p for p, _ in self.shape.outside}
        addresses = [(pc4, max(home_from, born), outside_home)]
        for target, day, outside in moves:
            if day <= born:
                addresses = [(target, born, outside)]
            else:
                addresses.append((target, day, outside))
        person = _Person(id=self._id("P"), born=born, addresses=addresses)
        line: dict[str, Any] = {
            "type": "person",
            "id": person.id,
            "family": family_id,
            "relation": relation,
            "given_name": given,
            "family_name": surname,
            "date_of_birth": born.isoformat(),
            "sex": sex,
        }
        if rng.random() < (0.9 if relation == "child" else 0.8):
            line["bsn"] = self._next_bsn()
        line["addresses"] = [
            {"pc4": p, "from": d.isoformat(), **({"outside": True} if o else {})}
            for p, d, o in addresses
        ]
        out.lines.append(line)
        return person

    def _forwarded(
        self, out: _Out, start: date, children: list[_Person], parents: list[_Person]
    ) -> None:
        name = next((n for p, n in self.shape.outside if p == children[0].addresses[0][0]), "")
        out.lines.append(
            {
                "type": "request",
                "id": self._id("R"),
                "received": self._moment(start, self.rng.randint(8, 16)),
                "access_point": "family",
                "children": [c.id for c in children],
                "parents": [p.id for p in parents],
                "status": "forwarded_outside",
                "question": self.rng.choice(ANY_AGE_QUESTIONS),
                **({"forwarded_to": f"Gemeente {name}"} if name else {}),
            }
        )

    # -- one episode: request, case, care, closing ------------------------------------------

    def _team_for(self, access_point: str, children: list[_Person], day: date) -> str:
        shape = self.shape
        if access_point == "poh_jeugd" and shape.poh_teams:
            return self.rng.choice(shape.poh_teams)
        if access_point == "school_specialist" and shape.school_teams:
            return self.rng.choice(shape.school_teams)
        pc4 = _pc4_on(children[0], day)
        return shape.wijkteam.get(pc4) or shape.wijkteam[shape.homes[0][0]]

    def _episode(
        self,
        out: _Out,
        family_id: str,
        episode: _Episode,
        parents: list[_Person],
        moves: list[tuple[str, date, bool]],
    ) -> None:
        rng = self.rng
        received_day = episode.start
        living = [
            c
            for c in episode.children
            if c.born <= received_day and not _outside_on(c, received_day)
        ]
        if not living:
            return
        access_point = self._weighted(ACCESS_POINTS)
        team = self._team_for(access_point, living, received_day)
        opened = add_working_days(received_day, rng.choice((0, 1, 1, 2, 3)))
        first_contact = add_working_days(opened, rng.randint(1, 8))
        if opened > self.end:
            return
        request_id = self._id("R")
        request: dict[str, Any] = {
            "type": "request",
            "id": request_id,
            "received": self._moment(received_day, rng.randint(8, 16)),
            "access_point": access_point,
            "children": [c.id for c in living],
            "parents": [p.id for p in parents],
            "team": team,
            "question": rng.choice(ANY_AGE_QUESTIONS),
        }
        if episode.repeat:
            request["repeat"] = True
        if access_point in LEGAL:
            request["specialist_referral"] = True
        if rng.random() < 0.05:
            request["safety_concern"] = True
        if rng.random() < 0.04:  # advice only: closed without a case
            closed = received_day + self._days(2, 20)
            if closed <= self.end:
                request.update(status="closed", closed_on=closed.isoformat())
                if rng.random() < 0.6:
                    request["first_contact_on"] = min(first_contact, closed).isoformat()
                out.lines.append(request)
                episode.case_end = closed
                return
        case_id = self._id("C")
        case_line: dict[str, Any] = {
            "type": "case",
            "id": case_id,
            "family": family_id,
            "team": team,
            "opened_on": opened.isoformat(),
        }
        if episode.repeat:
            case_line["repeat"] = True
        out.lines.append(case_line)
        request["case"] = case_id
        if first_contact <= self.end:
            request.update(status="first_contact", first_contact_on=first_contact.isoformat())
        else:
            request["status"] = "assigned"
        out.lines.append(request)
        if first_contact > self.end:
            return
        moved_out = next((d for p, d, o in moves if o and d > opened), None)
        care_end = self._care(out, case_id, team, access_point, living, first_contact, moved_out)
        if care_end is None:
            self._contacts(out, case_id, first_contact, self.end)
            self._joined(out, case_id, team, living, parents, opened, self.end)
            return
        closed = care_end + self._days(0, 14)
        if closed > self.end:  # not closed yet
            self._contacts(out, case_id, first_contact, self.end)
            self._joined(out, case_id, team, living, parents, opened, self.end)
            return
        self._contacts(out, case_id, first_contact, closed)
        self._joined(out, case_id, team, living, parents, opened, closed)
        reason = (
            "verhuisd"
            if moved_out is not None and moved_out <= closed
            else self._weighted(CLOSING_REASONS)
        )
        closing = self._closing_line(case_id, closed, reason, living)
        out.lines.append(closing)
        episode.case_end = closed
        if rng.random() < 0.07 and reason != "verhuisd":
            reopened = closed + self._days(14, 200)
            if reopened <= self.end:
                closing["reopened_on"] = reopened.isoformat()
                episode.case_end = None
                child = living[0]
                end = reopened + self._days(30, 180)
                trajectory = self._trajectory(
                    case_id, child, self._basis_form(access_point), reopened, end, team=team
                )
                out.lines.append(trajectory)
                self._contacts(out, case_id, reopened, min(end, self.end))
                if end + timedelta(days=7) <= self.end:
                    again = end + self._days(0, 7)
                    out.lines.append(
                        self._closing_line(case_id, again, self._weighted(CLOSING_REASONS), [child])
                    )
                    episode.case_end = again

    def _closing_line(
        self, case_id: str, closed: date, reason: str, children: list[_Person]
    ) -> dict[str, Any]:
        rng = self.rng
        good = reason in ("doelen_bereikt", "geen_hulp_nodig")
        scores = []
        for child in children:
            score = (
                None if rng.random() < 0.05 else (rng.randint(6, 10) if good else rng.randint(2, 8))
            )
            scores.append({"subject": child.id, "score": score})
        if rng.random() < 0.6:
            scores.append(
                {"subject": "family", "score": rng.randint(6, 9) if good else rng.randint(3, 7)}
            )
        return {
            "type": "closing",
            "id": self._id("S"),
            "case": case_id,
            "closed_on": closed.isoformat(),
            "reason": reason,
            "goal_scores": scores,
        }

    def _basis_form(self, access_point: str) -> str:
        if access_point == "poh_jeugd":
            return self.shape.poh_form
        if access_point == "school_specialist":
            return self.shape.school_form
        return self.shape.basis_form

    def _end(self, start: date, low: int, high: int) -> date | None:
        end = start + self._days(low, high)
        return end if end <= self.end else None

    def _trajectory(
        self,
        case_id: str,
        child: _Person,
        form: str,
        start: date,
        end: date | None,
        *,
        team: str | None = None,
        specialist_reason: str = "",
        crisis: bool = False,
        ended_by: tuple[str, str] | None = None,
    ) -> dict[str, Any]:
        rng = self.rng
        line: dict[str, Any] = {
            "type": "trajectory",
            "id": self._id("T"),
            "case": case_id,
            "child": child.id,
            "help_form": form,
            "start": start.isoformat(),
        }
        if end is not None and end <= self.end:
            line["end"] = end.isoformat()
            reason, subreason = ended_by or (
                ("volgens_plan", "")
                if rng.random() < 0.72
                else ("voortijdig", self._weighted(PREMATURE_SUBREASONS))
            )
            line["end_reason"] = reason
            if subreason:
                line["end_subreason"] = subreason
        if specialist_reason:
            line["specialist_reason"] = specialist_reason
            if self.shape.providers:
                line["organisation"] = rng.choice(self.shape.providers)
            if self.shape.specialist_team:
                line["team"] = self.shape.specialist_team
        elif team:
            line["team"] = team
        if crisis:
            line["crisis"] = True
        return line

    def _care(
        self,
        out: _Out,
        case_id: str,
        team: str,
        access_point: str,
        children: list[_Person],
        start: date,
        moved_out: date | None,
    ) -> date | None:
        """Trajectories (and a consultation) for each child; the day the last one ended, or
        None while care still runs."""
        rng = self.rng
        last: list[date] = []
        running = False
        self._consulted = False
        for child in children:
            path = self._weighted(PATHS)
            if access_point in LEGAL and path == "basis" and rng.random() < LEGAL_DIRECT:
                path = "direct"
            begin = min(start + self._days(0, 10), self.end)
            lines = self._path(path, case_id, team, access_point, child, begin)
            if moved_out is not None:
                moved = moved_out.isoformat()
                lines = [
                    self._end_on_move(line, moved)
                    for line in lines
                    if line.get("start", line.get("asked", ""))[:10] < moved
                ]
            out.lines.extend(lines)
            for line in lines:
                if line["type"] != "trajectory":
                    continue
                if "end" in line:
                    last.append(date.fromisoformat(line["end"]))
                else:
                    running = True
        if running or not last:
            return None
        return max(last)

    def _path(
        self, path: str, case_id: str, team: str, access_point: str, child: _Person, begin: date
    ) -> list[dict[str, Any]]:
        """The trajectories of one child along a path (see PATHS)."""
        rng, shape = self.rng, self.shape
        basis = self._basis_form(access_point)
        if path == "basis":
            lines = [
                self._trajectory(case_id, child, basis, begin, self._end(begin, 45, 330), team=team)
            ]
            extra = begin + self._days(14, 90)
            if rng.random() < 0.1 and extra <= self.end and basis != shape.school_form:
                lines.append(
                    self._trajectory(
                        case_id,
                        child,
                        shape.school_form,
                        extra,
                        self._end(extra, 30, 200),
                        team=team,
                    )
                )
            if not self._consulted and rng.random() < 0.2:
                self._consultation_on(
                    lines, case_id, begin, "stays_basis" if rng.random() < 0.8 else "other"
                )
            return lines
        if path == "direct":
            return [
                self._trajectory(
                    case_id,
                    child,
                    rng.choice(shape.ambulant_forms),
                    begin,
                    self._end(begin, 90, 420),
                    specialist_reason=rng.choice(DIRECT_REASONS),
                )
            ]
        if path == "crisis":
            crisis_end = self._end(begin, 7, 56)
            lines = [
                self._trajectory(
                    case_id,
                    child,
                    shape.crisis_form,
                    begin,
                    crisis_end,
                    specialist_reason=rng.choice(CRISIS_REASONS),
                    crisis=True,
                    ended_by=("volgens_plan", ""),
                )
            ]
            after = crisis_end + timedelta(days=1) if crisis_end else None
            if after is not None and after <= self.end:
                lines.append(
                    self._trajectory(
                        case_id, child, basis, after, self._end(after, 60, 300), team=team
                    )
                )
            return lines
        # A step-up: basis help first, then specialist help (ending the basis help, or next to it).
        low, high = {"up_early": (30, 170), "up_late": (200, 360), "stay": (30, 240)}[path]
        up = begin + self._days(low, high)
        if up > self.end:
            return [self._trajectory(case_id, child, basis, begin, None, team=team)]
        keep = rng.random() < 0.4
        lines = [
            self._trajectory(
                case_id,
                child,
                basis,
                begin,
                self._end(up, 30, 200) if keep else up - timedelta(days=1),
                team=team,
                ended_by=None if keep else ("voortijdig", "voortijdig_overeenstemming"),
            )
        ]
        if not self._consulted and rng.random() < 0.6 and (up - begin).days > 20:
            self._consultation_on(lines, case_id, up - self._days(8, 20), "step_up")
        stay = path == "stay"
        lines.append(
            self._trajectory(
                case_id,
                child,
                rng.choice(shape.stay_forms if stay else shape.ambulant_forms),
                up,
                self._end(up, 90, 540 if stay else 400),
                specialist_reason=rng.choice(STAY_REASONS if stay else STEP_UP_REASONS),
            )
        )
        return lines

    def _consultation_on(
        self, lines: list[dict[str, Any]], case_id: str, asked: date, outcome: str
    ) -> None:
        """A consultation (written with the child's trajectories, after them)."""
        line = self._consultation(case_id, asked, outcome)
        if line is not None:
            lines.append(line)
            self._consulted = True

    def _end_on_move(self, line: dict[str, Any], moved: str) -> dict[str, Any]:
        """A trajectory running past the family's move out of the region ends that day."""
        if line["type"] == "trajectory" and ("end" not in line or line["end"] > moved):
            line.update(end=moved, end_reason="voortijdig", end_subreason="verhuisd")
        return line

    def _consultation(self, case_id: str, asked: date, outcome: str) -> dict[str, Any] | None:
        asked = self._working(asked)
        closed = add_working_days(asked, self.rng.randint(1, 10))
        if closed > self.end:
            return None
        return {
            "type": "consultation",
            "id": self._id("K"),
            "case": case_id,
            "asked": self._moment(asked, self.rng.randint(9, 12)),
            "closed": self._moment(closed, self.rng.randint(13, 16)),
            "outcome": outcome,
        }

    def _contacts(self, out: _Out, case_id: str, first: date, last: date) -> None:
        """The first contact, then one every two to five weeks (at most twelve)."""
        rng, day = self.rng, first
        kind = "home_visit" if rng.random() < 0.5 else "face_to_face"
        count = 0
        while day <= last and day <= self.end and count < 12:
            minutes = rng.randrange(10, 35, 5) if kind == "phone" else rng.randrange(30, 95, 5)
            out.lines.append(
                {
                    "type": "contact",
                    "id": self._id("J"),
                    "case": case_id,
                    "on": day.isoformat(),
                    "kind": kind,
                    "minutes": minutes,
                }
            )
            count += 1
            day = self._working(day + self._days(14, 35))
            kind = self._weighted(CONTACT_KINDS)

    def _joined(
        self,
        out: _Out,
        case_id: str,
        team: str,
        children: list[_Person],
        parents: list[_Person],
        opened: date,
        last: date,
    ) -> None:
        """Now and then a new question of the family while the case runs (joined)."""
        rng = self.rng
        if rng.random() >= 0.04 or (last - opened).days < 30:
            return
        day = self._working(opened + self._days(20, (last - opened).days))
        if day > last:
            return
        request = {
            "type": "request",
            "id": self._id("R"),
            "received": self._moment(day, rng.randint(8, 16)),
            "access_point": rng.choice(["family", "partner_school", "wijkteam"]),
            "children": [c.id for c in children],
            "parents": [p.id for p in parents],
            "team": team,
            "status": "joined_case",
            "case": case_id,
            "question": rng.choice(ANY_AGE_QUESTIONS),
        }
        out.lines.append(request)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _pc4_on(person: _Person, day: date) -> str:
    found = person.addresses[0][0]
    for pc4, start, _outside in person.addresses:
        if start <= day:
            found = pc4
    return found


def _outside_on(person: _Person, day: date) -> bool:
    found = person.addresses[0][2]
    for _pc4, start, outside in person.addresses:
        if start <= day:
            found = outside
    return found


@dataclass(frozen=True)
class HistoryWritten:
    path: Path
    lines: int
    counts: dict[str, int]
    families: int


def history_demo_write(
    *,
    path: Path,
    seed: int = 1,
    years: int = 3,
    children_per_year: int = 2250,  # MVS_CHILDREN_PER_YEAR
    region: str | None = None,
    today: date | None = None,
) -> HistoryWritten:
    """Write synthetic history of the loaded region to `path` (through a temporary file,
    so a reader never sees half a file)."""
    generator = HistoryGenerator(
        shape=region_shape_load(region, today=today),
        seed=seed,
        years=years,
        children_per_year=children_per_year,
        today=today,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    counts: Counter[str] = Counter()
    lines = 0
    try:
        with temporary.open("w", encoding="utf-8") as handle:
            lines, counts = _write_lines(handle, generator.lines())
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
    return HistoryWritten(path=path, lines=lines, counts=dict(counts), families=counts["family"])


def _write_lines(handle: TextIO, lines: Iterator[dict[str, Any]]) -> tuple[int, Counter[str]]:
    counts: Counter[str] = Counter()
    written = 0
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for line in lines:
        handle.write(dumps(line))
        handle.write("\n")
        counts[line["type"]] += 1
        written += 1
    return written, counts


#: Children in care per year at MVS size (youth 0-17 about 30,000, some 8% in care).
MVS_CHILDREN_PER_YEAR = 2250


def demo_history_import(
    *,
    seed: int,
    years: int = 3,
    children_per_year: int = MVS_CHILDREN_PER_YEAR,
    progress: bool = False,
) -> HistoryImportResult:
    """The demo's history: written to var/ as a history file and imported through the
    importer, like a region bringing its own (demo_data at MVS scale). Its requests are
    H-…, its BSNs begin with 8: nothing clashes with the rest of the demo."""
    from jeugdmodel.history.progress import ImportBars
    from jeugdmodel.history.services import history_import

    path = Path(settings.VAR_DIR) / f"demo-history-seed{seed}.jsonl"
    history_demo_write(path=path, seed=seed, years=years, children_per_year=children_per_year)
    bars = ImportBars(shown=progress)
    try:
        result = history_import(path=path, progress=bars.lines, rebuild_progress=bars.cells)
    finally:
        bars.close()
    if not result.ok:
        first = result.rejected[0].format(str(path)) if result.rejected else ""
        raise DomainError(
            _("De demohistorie is afgewezen (%(count)d regels), bijvoorbeeld: %(first)s")
            % {"count": result.rejected_count, "first": first}
        )
    return result
