"""What one child contributes to the steering cells: pure functions, no database.

The rules are written out with worked examples in docs/figures.md; the names of the
measures below are the `Cell.measure` values. Each child contributes to exactly one cell
per period and *child* measure, so every count of children is a plain sum over cells.
Trajectory counts (several per child) go to the same cell as the child's `in_care`.

Where a child lives (municipality and district) and how old they are is taken on a
reference day: for what happened *in* a period (in care, trajectories, cost) the child's
last day in care in that period; for an event (a request, a closing, a consultation, the
start of a first trajectory) the day of the event.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from jeugdmodel.core.workdays import working_days_between

from .periods import Period, add_years, age_group, age_on, periods_of, periods_overlapping

#: Days after the start of a child's first (basis) trajectory within which a specialist
#: trajectory counts as a step-up: day 0 is the start, day 182 the last ("six months").
STEP_UP_DAYS = 182
#: A request this many days or fewer after a closing of the child's case is a repeat
#: (the front door uses the same window): day 365 counts, day 366 does not.
REPEAT_DAYS = 365
#: Working days of waiting above this go into one last bucket of the distribution.
FIRST_CONTACT_CAP = 250
#: CBS counts youths aged 0 to 22 inclusive.
CBS_MAX_AGE = 22

BASIS = "basis"
SPECIALIST = "specialistisch"

#: Access point of a request → the CBS referrer group (cbs-figures.md).
CBS_REFERRER_GROUP: dict[str, str] = {
    # The family registered on its own (online form): nobody referred the child.
    "family": "geen",
    "wijkteam": "gemeente",
    "poh_jeugd": "gemeente",
    "school_specialist": "gemeente",
    "partner_school": "gemeente",
    "partner_gp": "gemeente",
    "partner_welfare": "gemeente",
    "legal_gp": "huisarts",
    "legal_youth_doctor": "jeugdarts",
    "legal_medical_specialist": "medisch",
    "legal_certified_institution": "gi",
    "legal_court": "rechter",
}
REFERRER_GROUPS = (
    "gemeente",
    "huisarts",
    "jeugdarts",
    "gi",
    "medisch",
    "rechter",
    "geen",
    "onbekend",
)


@dataclass(frozen=True)
class Stay:
    """A residence: from, to (None: current), municipality id, district id."""

    start: date
    end: date | None
    municipality: int | None
    district: int | None


@dataclass(frozen=True)
class Traj:
    start: date
    end: date | None
    level: str
    with_stay: bool
    crisis: bool
    end_code: str | None  # CBS code "01".."05", None while running or unknown
    help_form: int
    organisation: int | None
    team: int | None


@dataclass(frozen=True)
class Req:
    received: date
    first_contact: date | None
    access_point: str
    team: int | None


@dataclass(frozen=True)
class Closing:
    closed: date
    reopened: date | None
    team: int | None
    #: Last scores of the goals that concern this child (own and family goals); None:
    #: a goal never scored.
    goal_scores: tuple[int | None, ...]


@dataclass(frozen=True)
class Consult:
    closed: date
    outcome: str  # "stays_basis", "step_up" or "other"
    team: int | None


@dataclass
class Child:
    id: int
    born: date
    sex: str
    stays: Sequence[Stay] = ()
    trajectories: Sequence[Traj] = ()
    requests: Sequence[Req] = ()
    closings: Sequence[Closing] = ()
    consultations: Sequence[Consult] = ()


@dataclass(frozen=True)
class Settings:
    #: Running trajectories count up to and including this day.
    horizon: date
    #: A goal counts as reached at this last score or higher.
    goal_reached_score: int = 7
    #: (help form id, year) → price per day in cents.
    tariffs: Mapping[tuple[int, int], int] = field(default_factory=dict)


#: (period kind, period start, municipality, district, team, age group, sex, measure, bucket)
Key = tuple[str, date, int | None, int | None, int | None, int, str, str, int]


def residence_on(child: Child, day: date) -> Stay | None:
    """The residence covering `day`; before the first known one, the first; after the
    last one ended, the last (the child moved away without a known address)."""
    stays = child.stays
    if not stays:
        return None
    for stay in stays:
        if stay.start <= day and (stay.end is None or day <= stay.end):
            return stay
    if day < stays[0].start:
        return stays[0]
    return stays[-1]


def cbs_merge(trajectories: Iterable[Traj]) -> list[Traj]:
    """CBS trajectories: overlapping trajectories of the same help form at the same
    provider become one (earliest start, latest end, the end reason of the one ending
    last, crisis when the first started with crisis)."""
    groups: dict[tuple[int, int | None], list[Traj]] = {}
    for t in sorted(trajectories, key=lambda t: (t.start, t.end or date.max)):
        groups.setdefault((t.help_form, t.organisation), []).append(t)
    merged: list[Traj] = []
    for items in groups.values():
        current = items[0]
        for t in items[1:]:
            current_end = current.end or date.max
            if t.start <= current_end:
                t_end = t.end or date.max
                if t_end > current_end:
                    current = Traj(
                        current.start,
                        t.end,
                        current.level,
                        current.with_stay or t.with_stay,
                        current.crisis,
                        t.end_code,
                        current.help_form,
                        current.organisation,
                        t.team,
                    )
                continue
            merged.append(current)
            current = t
        merged.append(current)
    return sorted(merged, key=lambda t: (t.start, t.end or date.max))


def _overlaps(t: Traj, p: Period, horizon: date) -> bool:
    end = t.end or horizon
    return t.start <= p.end and end >= p.start


def child_contributions(child: Child, settings: Settings, years: Iterable[int]) -> Counter[Key]:
    """Everything `child` adds to the cells of the periods in `years`."""
    out: Counter[Key] = Counter()
    wanted = set(years)
    horizon = settings.horizon

    def key(p: Period, day: date, team: int | None, measure: str, bucket: int = 0) -> Key:
        stay = residence_on(child, day)
        return (
            p.kind,
            p.start,
            stay.municipality if stay else None,
            stay.district if stay else None,
            team,
            age_group(child.born, day),
            child.sex,
            measure,
            bucket,
        )

    def event_periods(day: date) -> tuple[Period, ...]:
        return periods_of(day) if day.year in wanted and day <= horizon else ()

    trajectories = [t for t in child.trajectories if t.start <= horizon]
    merged = cbs_merge(trajectories)

    # -- In care, level, stay, cost and trajectory counts (per period of care) --------
    for year in sorted(wanted):
        if not trajectories:
            break
        first = min(t.start for t in trajectories)
        last = max((t.end or horizon) for t in trajectories)
        for p in periods_overlapping(first, min(last, horizon), year):
            active = [t for t in trajectories if _overlaps(t, p, horizon)]
            if not active:
                continue
            last_day = min(p.end, max((t.end or horizon) for t in active), horizon)
            first_day = max(p.start, min(t.start for t in active))
            latest = max(active, key=lambda t: ((t.end or horizon), t.start))
            team = latest.team

            def add(
                measure: str,
                value: int = 1,
                *,
                p: Period = p,
                d: date = last_day,
                tm: int | None = team,
            ) -> None:
                if value:
                    out[key(p, d, tm, measure)] += value

            add("in_care")
            if all(t.level == BASIS for t in active):
                add("in_care_basis")
            if any(t.with_stay for t in active):
                add("residential")
            if age_on(child.born, first_day) <= CBS_MAX_AGE:
                add("cbs_in_care")
            cost = 0
            for t in active:
                lo = max(t.start, p.start)
                hi = min(t.end or horizon, p.end, horizon)
                cost += ((hi - lo).days + 1) * settings.tariffs.get((t.help_form, p.start.year), 0)
            add("cost_cents", cost)
            for t in active:
                if p.contains(t.start):
                    add("traj_started")
                    add("traj_started_crisis", int(t.crisis))
                    add("traj_started_stay", int(t.with_stay))
                if t.end is not None and p.contains(t.end) and t.end <= horizon:
                    add("traj_ended")
                    add("traj_ended_plan", int(t.end_code == "01"))
                if t.start <= p.end and (t.end is None or t.end >= p.end) and p.end <= horizon:
                    add("traj_running")
            for t in merged:
                if not _overlaps(t, p, horizon):
                    continue
                if p.contains(t.start):
                    add("cbs_started")
                    add("cbs_started_crisis", int(t.crisis))
                    add("cbs_started_stay", int(t.with_stay))
                    if _cbs_repeat(t, p, trajectories):
                        add("cbs_repeat")
                if t.end is not None and p.contains(t.end) and t.end <= horizon:
                    add("cbs_ended")
                    add("cbs_ended_plan", int(t.end_code == "01"))
                if t.start <= p.end and (t.end is None or t.end >= p.end) and p.end <= horizon:
                    add("cbs_running")

    # -- Step-up cohort: the child's first trajectory, when it is basis ---------------
    if trajectories:
        first_t = min(trajectories, key=lambda t: (t.start, t.level != BASIS))
        if first_t.level == BASIS:
            stepped = any(
                t.level == SPECIALIST and 0 <= (t.start - first_t.start).days <= STEP_UP_DAYS
                for t in trajectories
            )
            for p in event_periods(first_t.start):
                out[key(p, first_t.start, first_t.team, "stepup_cohort")] += 1
                if stepped:
                    out[key(p, first_t.start, first_t.team, "stepup_done")] += 1

    # -- Events: a child counts once per period and measure ------------------------------
    # Each measure below is a count of *children*: a child with two requests (or two
    # closings, two consultations) in a period adds one, in the cell of the event that
    # decides (docs/figures.md, "Eén keer per kind").
    def once(events: Iterable[tuple[date, int | None]], measure: str) -> None:
        """Add the child once per period to `measure`, in the cell of its first event in
        that period."""
        chosen: dict[Period, tuple[date, int | None]] = {}
        for day, team in sorted(events, key=lambda e: e[0]):
            for p in event_periods(day):
                chosen.setdefault(p, (day, team))
        for p, (day, team) in chosen.items():
            out[key(p, day, team, measure)] += 1

    requests = sorted(child.requests, key=lambda r: r.received)
    once(((r.received, r.team) for r in requests), "requests")
    for group in {CBS_REFERRER_GROUP.get(r.access_point, "onbekend") for r in requests}:
        once(
            (
                (r.received, r.team)
                for r in requests
                if CBS_REFERRER_GROUP.get(r.access_point, "onbekend") == group
            ),
            f"ref_{group}",
        )
    # Time to first contact: the child's first request of the period that had one.
    waits: dict[Period, tuple[date, int | None, int]] = {}
    for r in requests:
        if r.first_contact is None or r.first_contact > horizon:
            continue
        days = min(working_days_between(r.received, r.first_contact), FIRST_CONTACT_CAP)
        for p in event_periods(r.received):
            waits.setdefault(p, (r.received, r.team, days))
    for p, (day, team, days) in waits.items():
        out[key(p, day, team, "first_contact", days)] += 1

    # Repeats: a request 0–365 days after a closing of the child's case, or a reopening.
    repeats = [
        (r.received, r.team)
        for r in requests
        if any(0 <= (r.received - c.closed).days <= REPEAT_DAYS for c in child.closings)
    ]
    repeats += [(c.reopened, c.team) for c in child.closings if c.reopened is not None]
    once(repeats, "repeat")

    # Closings: outflow counts the first closing of the period; goal attainment the last
    # closing of the period that had goals for the child (its latest result).
    once(((c.closed, c.team) for c in child.closings), "closed")
    with_goals = sorted((c for c in child.closings if c.goal_scores), key=lambda c: c.closed)
    decided: dict[Period, Closing] = {}
    for c in with_goals:
        for p in event_periods(c.closed):
            decided[p] = c
    for p, c in decided.items():
        out[key(p, c.closed, c.team, "goals_plans")] += 1
        if all(s is not None and s >= settings.goal_reached_score for s in c.goal_scores):
            out[key(p, c.closed, c.team, "goals_reached")] += 1

    # Consultations of the flexible network: the last decided one of the period counts.
    consults: dict[Period, Consult] = {}
    for k in sorted(child.consultations, key=lambda k: k.closed):
        if k.outcome not in ("stays_basis", "step_up"):
            continue
        for p in event_periods(k.closed):
            consults[p] = k
    for p, k in consults.items():
        out[key(p, k.closed, k.team, "consult_decided")] += 1
        if k.outcome == "stays_basis":
            out[key(p, k.closed, k.team, "consult_stays_basis")] += 1

    return out


def _cbs_repeat(t: Traj, p: Period, trajectories: Sequence[Traj]) -> bool:
    """CBS "herhaald beroep": the youth had youth care in the five years before the
    period (a trajectory on at least one day from five years before the period's first
    day up to the day before it), and at least one whole day lies between the end of
    that care and this start. The earlier care may end inside the period: a trajectory
    ending on 10 March and a new start on 12 March is a repeat in Q1 (11 March lies in
    between); a new start on 11 March is not."""
    window_start = add_years(p.start, -5)
    for e in trajectories:
        if e.end is None or e.start >= p.start or e.end < window_start:
            continue
        if (t.start - e.end).days >= 2:
            return True
    return False


def child_years(child: Child, horizon: date) -> range:
    """Every year the child can contribute to: from its earliest record to the horizon."""
    dates: list[date] = [t.start for t in child.trajectories]
    dates += [r.received for r in child.requests]
    dates += [c.closed for c in child.closings]
    dates += [k.closed for k in child.consultations]
    if not dates:
        return range(0)
    return range(min(dates).year, horizon.year + 1)


def years_touched(dates: Iterable[date | None], horizon: date) -> set[int]:
    """The years from the earliest of `dates` through the horizon's year: a change can
    move every later figure (running care, repeats, cohorts)."""
    known = [d for d in dates if d is not None]
    if not known:
        return set()
    first = min(known)
    return set(range(first.year, horizon.year + 1))


def day_after(day: date) -> date:
    return day + timedelta(days=1)
