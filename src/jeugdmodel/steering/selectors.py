"""Reads of the steering figures: tables by cut and trends, every count perturbed by its
cell key (docs/decisions/0045): the same children show the same number in every view.

Every function here takes a `Scope` (what the user may see) and returns aggregates only.
The number of queries is fixed per call: one over the cells, plus one each for the youth
population and the live figures when the table holds them. Tables built with one `Reads`
(a page with many tables) share those queries: each runs once for all of them."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from jeugdmodel.accounts.access import Perm, require
from jeugdmodel.accounts.roles import Role
from jeugdmodel.core.errors import DomainError
from jeugdmodel.core.workdays import working_days_between
from jeugdmodel.region.models import District, Municipality, OrganisationKind, Team, TeamKind

from .cellkey import DEFAULT as PTABLE
from .cellkey import KEYS
from .figures import BY_KEY, FIGURES, Figure, Kind
from .models import AgeGroup, Cell, MunicipalityCell, YouthPopulation
from .periods import Period, age_group, period_containing, periods_back

if TYPE_CHECKING:
    from jeugdmodel.accounts.models import User

CUTS: dict[str, Any] = {
    "municipality": gettext_lazy("gemeente"),
    "district": gettext_lazy("wijk"),
    "team": gettext_lazy("team"),
    "age_group": gettext_lazy("leeftijdsgroep"),
    "sex": gettext_lazy("geslacht"),
}
_FIELD = {
    "municipality": "municipality_id",
    "district": "district_id",
    "team": "team_id",
    "age_group": "age_group",
    "sex": "sex",
}
SEX_LABELS: dict[str, Any] = {
    "v": gettext_lazy("meisje / vrouw"),
    "m": gettext_lazy("jongen / man"),
    "x": gettext_lazy("anders / onbekend"),
}
MEDIAN_MIN = 5
P90_MIN = 10
#: A share, and an amount of money, is shown from this many children in its perturbed
#: denominator (docs/decisions/0045); below it "te weinig".
SHARE_MIN = 10

#: The dashboard's sections and their figures, in order.
SECTIONS: dict[str, tuple[str, ...]] = {
    "zorg": (
        "children_in_care",
        "children_basis",
        "children_specialist",
        "share_basis",
        "children_residential",
        "residential_per_1000",
    ),
    "stroom": (
        "inflow",
        "outflow",
        "repeat_requests",
        "first_contact_median",
        "first_contact_p90",
        "waiting_now",
        "waiting_days_median",
    ),
    "niveau": ("stepup_rate", "consult_prevented"),
    "resultaat": ("goal_attainment", "ended_according_to_plan"),
    "trajecten": ("trajectories_started", "trajectories_ended", "trajectories_running"),
    "geld": ("cost", "cost_per_child"),
    "cbs": (
        "cbs_youths_in_care",
        "children_in_care",
        "cbs_trajectories_started",
        "trajectories_started",
        "cbs_trajectories_ended",
        "cbs_trajectories_running",
        "cbs_repeat",
        "cbs_ended_according_to_plan",
        "cbs_started_with_stay",
        "cbs_started_with_crisis",
    ),
    "verwijzer": tuple(f.key for f in FIGURES if f.group == "verwijzer"),
    "bereik": ("coverage_gp", "coverage_school"),
}
#: The figures of the dashboard's headline tiles, compared with the previous period.
HEADLINE = (
    "children_in_care",
    "share_basis",
    "inflow",
    "first_contact_median",
    "stepup_rate",
    "goal_attainment",
)
#: The dashboard's trend table, over TREND_COUNT periods (the council report reads the same).
TREND_FIGURES = ("children_in_care", "share_basis", "inflow", "outflow")
TREND_COUNT = 8
SECTION_LABELS: dict[str, Any] = {
    "zorg": gettext_lazy("Kinderen in zorg en de 80/20-verdeling"),
    "stroom": gettext_lazy("Instroom, uitstroom en wachten"),
    "niveau": gettext_lazy("Opschalen en consultatie"),
    "resultaat": gettext_lazy("Resultaat"),
    "trajecten": gettext_lazy("Trajecten"),
    "geld": gettext_lazy("Kosten"),
    "cbs": gettext_lazy("Onze eigen cijfers in CBS-definities (geen StatLine-cijfers)"),
    "verwijzer": gettext_lazy("Verwijzers (CBS-indeling)"),
    "bereik": gettext_lazy("Bereik van POH-jeugd en gezinsspecialisten"),
}


# -- Who sees what ------------------------------------------------------------------------


class Audience:
    MUNICIPALITY = "gemeente"
    CONTRACT = "contractmanagement"
    TEAM = "team"


#: The cut each audience's dashboard opens with (the council report uses the municipality's).
DEFAULT_CUT = {
    Audience.MUNICIPALITY: "district",
    Audience.CONTRACT: "municipality",
    Audience.TEAM: "age_group",
}


@dataclass(frozen=True)
class Scope:
    audience: str
    region_id: int | None
    #: Municipalities the user may choose (all of the region for municipality users).
    municipalities: tuple[int, ...]
    #: The municipality shown by default (the user's own).
    home_municipality: int | None
    #: Teams the user is bound to (team leads: the teams they lead); empty: any team.
    teams: tuple[int, ...]
    sees_money: bool


def steering_scope_for(user: User) -> Scope:
    """What the user's steering pages show; NotAllowed for everyone else."""
    require(user, Perm.STEERING_VIEW)
    if user.role_enum == Role.TEAM_LEAD:
        from jeugdmodel.accounts.models import TeamMembership, TeamRole

        today = timezone.localdate()
        teams = tuple(
            TeamMembership.objects.filter(
                user=user, role_in_team=TeamRole.LEAD, valid_from__lte=today
            )
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
            .order_by("team_id")
            .values_list("team_id", flat=True)
        )
        region = Team.objects.filter(id__in=teams).values_list("region_id", flat=True).first()
        return Scope(Audience.TEAM, region, (), None, teams or (-1,), False)
    organisation = user.organisation
    contract = organisation is not None and organisation.kind == (
        OrganisationKind.CONTRACT_MANAGEMENT
    )
    home = user.municipality_id
    region = (
        Municipality.objects.filter(id=home).values_list("region_id", flat=True).first()
        if home
        else (organisation.region_id if organisation else None)
    )
    munis = tuple(
        Municipality.objects.filter(region_id=region or 0)
        .order_by("name")
        .values_list("id", flat=True)
    )
    audience = Audience.CONTRACT if contract or home is None else Audience.MUNICIPALITY
    return Scope(audience, region, munis, home, (), True)


# -- Filters ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    municipality: int | None = None
    district: int | None = None
    team: int | None = None
    age_group: int | None = None
    sex: str | None = None

    def active(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in _FIELD if getattr(self, k) is not None}


def filters_clean(scope: Scope, raw: Mapping[str, str]) -> Filters:
    """Check the filters of a request against the scope: a clear error for a value that
    does not exist or lies outside what the user may see."""
    out: dict[str, Any] = {}
    for name in _FIELD:
        value = (raw.get(name) or "").strip()
        if not value:
            continue
        if name == "sex":
            if value not in SEX_LABELS:
                raise DomainError(_("Onbekend geslacht: kies v, m of x."), field=name)
            out[name] = value
            continue
        try:
            number = int(value)
        except ValueError:
            raise DomainError(
                _("Onbekende waarde voor %(cut)s.") % {"cut": CUTS[name]}, field=name
            ) from None
        if name == "age_group" and number not in AgeGroup.values:
            raise DomainError(_("Onbekende leeftijdsgroep."), field=name)
        out[name] = number
    filters = Filters(**out)
    if (
        filters.municipality is not None
        and filters.municipality not in scope.municipalities
        and scope.audience != Audience.TEAM
    ):
        raise DomainError(_("Deze gemeente hoort niet bij uw regio."), field="municipality")
    if filters.district is not None:
        owner = (
            District.objects.filter(id=filters.district)
            .values_list("municipality_id", flat=True)
            .first()
        )
        if owner is None or (scope.municipalities and owner not in scope.municipalities):
            raise DomainError(_("Deze wijk hoort niet bij uw regio."), field="district")
        if filters.municipality is not None and owner != filters.municipality:
            raise DomainError(_("Deze wijk ligt niet in de gekozen gemeente."), field="district")
    if scope.teams:
        team = filters.team if filters.team is not None else scope.teams[0]
        if team not in scope.teams:
            raise DomainError(_("U ziet alleen de cijfers van uw eigen team."), field="team")
        filters = replace(filters, team=team)
    elif (
        filters.team is not None
        and not Team.objects.filter(id=filters.team, region_id=scope.region_id or 0).exists()
    ):
        raise DomainError(_("Dit team hoort niet bij uw regio."), field="team")
    return filters


def _cells(scope: Scope, filters: Filters) -> Any:
    qs = Cell.objects.all()
    for name, value in filters.active().items():
        qs = qs.filter(**{_FIELD[name]: value})
    if scope.audience != Audience.TEAM and filters.municipality is None:
        qs = qs.filter(Q(municipality_id__in=scope.municipalities) | Q(municipality__isnull=True))
    return qs


def _municipality_cells(scope: Scope, filters: Filters) -> Any:
    """The per-municipality sums, for views without a finer filter or cut."""
    qs = MunicipalityCell.objects.all()
    if filters.municipality is not None:
        return qs.filter(municipality_id=filters.municipality)
    return qs.filter(Q(municipality_id__in=scope.municipalities) | Q(municipality__isnull=True))


# -- Values and tables --------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    figure: str
    raw: float | int | None
    display: str
    #: "shown" (a count is shown perturbed by its cell key), "too_few" (a median, share
    #: or amount over too few children) or "not_available" (no data, or not defined for
    #: this cut).
    status: str

    @property
    def suppressed(self) -> bool:
        return self.status == "too_few"


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    values: dict[str, Value]
    is_total: bool = False


@dataclass
class Table:
    id: str
    caption: str
    figures: list[Figure]
    rows: list[Row]
    cut: str | None
    periods: list[Period] = field(default_factory=list)

    @property
    def total(self) -> Row | None:
        return next((r for r in self.rows if r.is_total), None)


Sums = dict[str, int]
Hist = Counter[int]


@dataclass
class Counts:
    """The true sums of one row and their cell keys (added up, reduced when used)."""

    sums: Sums = field(default_factory=dict)
    keys: Sums = field(default_factory=dict)
    #: The first-contact distribution: working days → children, and its keys.
    hist: Hist = field(default_factory=Counter)
    hist_keys: dict[int, int] = field(default_factory=dict)

    def add(self, other: Counts) -> None:
        for m, v in other.sums.items():
            self.sums[m] = self.sums.get(m, 0) + v
        for m, k in other.keys.items():
            self.keys[m] = (self.keys.get(m, 0) + k) % KEYS
        self.hist.update(other.hist)
        for b, k in other.hist_keys.items():
            self.hist_keys[b] = (self.hist_keys.get(b, 0) + k) % KEYS

    def shown(self, name: str) -> int:
        """The published value of the count `name` ("a-b": a minus b, its key the
        difference of the keys): the true count perturbed by its cell key."""
        return perturbed(_count(self.sums, name), _count(self.keys, name))

    def shown_hist(self) -> Hist:
        """The first-contact distribution with every bucket perturbed by its key."""
        return Counter(
            {b: perturbed(n, self.hist_keys.get(b, 0)) for b, n in self.hist.items() if n}
        )


def perturbed(count: int, key: int) -> int:
    """The published value of a true `count` with cell key `key` (docs/decisions/0045)."""
    return PTABLE.perturb(max(0, count), key % KEYS)


class Reads:
    """What the tables of one request read, each once: the cell sums per period, the rows
    of a cut. Pass one `Reads` to every `figure_table` and `trend_table` of a page (they
    all read the same cells, by the same filters); never keep it beyond the request, the
    cells change with every write."""

    def __init__(self) -> None:
        self.sums: dict[tuple[Any, ...], dict[Period, dict[Any, Counts]]] = {}
        self.cuts: dict[tuple[Any, ...], list[tuple[Any, str]]] = {}
        self.first: list[date | None] = []


def data_start(reads: Reads | None = None) -> date | None:
    """The first month with any data in the cells (None: no data at all); one query, once
    per `reads` (cells loaded by quarter only: the first quarter)."""
    if reads is not None and reads.first:
        return reads.first[0]
    first = None
    for kind in ("M", "Q"):
        first = (
            MunicipalityCell.objects.filter(period_kind=kind)
            .order_by("period_start")
            .values_list("period_start", flat=True)
            .first()
        )
        if first is not None:
            break
    if reads is not None:
        reads.first.append(first)
    return first


def without_data(period: Period, first: date | None) -> bool:
    """A period counts only when the data cover it whole (docs/figures.md): one that
    starts before the first month with data has "geen gegevens", so a half-empty year
    shows no number and no growth is computed against it."""
    return first is None or period.start < first


def _no_data(figures: Sequence[Figure], values: dict[str, Value]) -> dict[str, Value]:
    """The values of a period without data: "geen gegevens" for every figure of the
    period (a live figure is a state of today and keeps its value)."""
    out = dict(values)
    for f in figures:
        if not f.live:
            out[f.key] = Value(f.key, None, _("geen gegevens"), "not_available")
    return out


def _fetch(
    scope: Scope,
    filters: Filters,
    periods: Sequence[Period],
    by: str | None,
    reads: Reads | None = None,
) -> dict[tuple[date, Any], Counts]:
    """The measure sums and cell keys (and the first-contact distribution) per period and
    per value of the cut: one query, for the periods `reads` does not hold yet."""
    if reads is None:
        return _fetch_query(scope, filters, periods, by)
    held = reads.sums.setdefault((scope, filters, by), {})
    missing = [p for p in periods if p not in held]
    if missing:
        fetched = _fetch_query(scope, filters, missing, by)
        for p in missing:
            held[p] = {}
        starts = {p.start: p for p in missing}
        for (start, key), value in fetched.items():
            held[starts[start]][key] = value
    return {(p.start, key): value for p in periods for key, value in held[p].items()}


def _fetch_query(
    scope: Scope, filters: Filters, periods: Sequence[Period], by: str | None
) -> dict[tuple[date, Any], Counts]:
    group = ["period_start", "measure", "bucket"] + ([_FIELD[by]] if by else [])
    coarse = by in (None, "municipality") and not (set(filters.active()) - {"municipality"})
    source = _municipality_cells(scope, filters) if coarse else _cells(scope, filters)
    rows = (
        source.filter(period_kind=periods[0].kind, period_start__in=[p.start for p in periods])
        .values(*group)
        .annotate(v=Sum("value"), k=Sum("ckey"))
        .order_by()
    )
    out: dict[tuple[date, Any], Counts] = defaultdict(Counts)
    for row in rows:
        c = out[(row["period_start"], row[_FIELD[by]] if by else None)]
        measure, value, key = row["measure"], row["v"], row["k"] or 0
        c.sums[measure] = c.sums.get(measure, 0) + value
        c.keys[measure] = (c.keys.get(measure, 0) + key) % KEYS
        if measure == "first_contact":
            c.hist[row["bucket"]] += value
            c.hist_keys[row["bucket"]] = (c.hist_keys.get(row["bucket"], 0) + key) % KEYS
    return dict(out)


def percentile(hist: Hist, q: float) -> int | None:
    """The q-th percentile (nearest rank) of a histogram value → count."""
    n = sum(hist.values())
    if not n:
        return None
    rank = max(1, -(-int(q * n * 1000) // 1000))  # ceil(q × n), the nearest-rank method
    seen = 0
    for bucket in sorted(hist):
        seen += hist[bucket]
        if seen >= rank:
            return bucket
    return max(hist)


def _count(sums: Sums, name: str) -> int:
    if "-" in name:
        whole, part = name.split("-", 1)
        return sums.get(whole, 0) - sums.get(part, 0)
    return sums.get(name, 0)


def _fmt_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _fmt_pct(x: float) -> str:
    return f"{x:.1f}%".replace(".", ",")


def _fmt_money(cents: float) -> str:
    return "€ " + _fmt_int(round(cents / 100))


def _values(
    figures: Sequence[Figure],
    counts: Counts,
    population: int | None,
    live: Counts,
    coverage: Mapping[str, int],
    protect: bool = True,
) -> dict[str, Value]:
    """The values of one row. With `protect` every count is its published value (the true
    count perturbed by its cell key); shares, rates, medians and money are computed from
    published counts only, so no shown number gives away a true count. Without `protect`
    the true values (tests and checks inside the system only)."""
    out: dict[str, Value] = {}
    na = "—"

    def count(c: Counts, name: str) -> int:
        return c.shown(name) if protect else max(0, _count(c.sums, name))

    for f in figures:
        key = f.key
        src = live if f.live else counts
        if f.kind in (Kind.COUNT, Kind.DIFFERENCE):
            name = f.measure if f.kind == Kind.COUNT else f"{f.measure}-{f.other}"
            n = count(src, name)
            out[key] = Value(key, n, _fmt_int(n), "shown")
        elif f.kind == Kind.SHARE:
            if f.live:
                # Coverage of practices and schools: no children, nothing to protect.
                num, den = int(coverage.get(f.measure, 0)), int(coverage.get(f.other, 0))
                if not den:
                    out[key] = Value(key, None, na, "not_available")
                else:
                    out[key] = Value(key, 100 * num / den, _fmt_pct(100 * num / den), "shown")
                continue
            num, den = count(src, f.measure), count(src, f.other)
            if not den:
                out[key] = Value(key, None, na, "not_available")
            elif protect and den < SHARE_MIN:
                out[key] = Value(key, None, _("te weinig"), "too_few")
            else:
                # Perturbed separately, a part can exceed its whole by a little.
                share = 100 * min(num, den) / den
                out[key] = Value(key, share, _fmt_pct(share), "shown")
        elif f.kind in (Kind.MEDIAN, Kind.P90):
            h: Hist = (src.shown_hist() if protect else Counter(src.hist)) + Counter()
            n = sum(h.values())
            if key == "waiting_days_max":
                need, q = MEDIAN_MIN, 1.0
            else:
                need, q = (MEDIAN_MIN, 0.5) if f.kind == Kind.MEDIAN else (P90_MIN, 0.9)
            if not protect:
                need = 1
            if n == 0:
                out[key] = Value(key, None, na, "not_available")
            elif n < need:
                out[key] = Value(key, None, _("te weinig"), "too_few")
            else:
                v = percentile(h, q)
                text = ngettext("%(n)s werkdag", "%(n)s werkdagen", v or 0) % {"n": v}
                out[key] = Value(key, v, text, "shown")
        elif f.kind == Kind.PER_1000:
            n = count(src, f.measure)
            if not population:
                out[key] = Value(key, None, na, "not_available")
            else:
                rate = 1000 * n / population
                out[key] = Value(key, rate, f"{rate:.1f}".replace(".", ","), "shown")
        elif f.kind in (Kind.MONEY, Kind.MONEY_PER_CHILD):
            # Money follows the protection of the children it was spent on: shown from
            # SHARE_MIN published children, per child divided by the published count (an
            # exact cost next to an exact cost per child would give the true count away).
            cost, children = src.sums.get("cost_cents", 0), count(src, "in_care")
            if not children:
                out[key] = Value(key, None, na, "not_available")
            elif protect and children < SHARE_MIN:
                out[key] = Value(key, None, _("te weinig"), "too_few")
            elif f.kind == Kind.MONEY:
                out[key] = Value(key, cost / 100, _fmt_money(cost), "shown")
            else:
                out[key] = Value(key, cost / children / 100, _fmt_money(cost / children), "shown")
    return out


def cut_labels(by: str, keys: Iterable[Any]) -> dict[Any, str]:
    """The names of values of the cut `by` (one query for a place or team, none else)."""
    keys = [k for k in keys if k is not None]
    if by == "municipality":
        return dict(Municipality.objects.filter(id__in=keys).values_list("id", "name"))
    if by == "district":
        return dict(District.objects.filter(id__in=keys).values_list("id", "name"))
    if by == "team":
        return dict(Team.objects.filter(id__in=keys).values_list("id", "name"))
    if by == "age_group":
        return {k: str(AgeGroup(k).label) for k in keys}
    return {k: str(SEX_LABELS.get(k, k)) for k in keys}


def _cut_values(
    scope: Scope, filters: Filters, by: str, reads: Reads | None = None
) -> list[tuple[Any, str]]:
    """Every value of the cut that the table shows, also when it has no children (a
    missing row would itself say "zero")."""
    if reads is None:
        return _cut_values_query(scope, filters, by)
    key = (scope, filters, by)
    if key not in reads.cuts:
        reads.cuts[key] = _cut_values_query(scope, filters, by)
    return list(reads.cuts[key])


def _cut_values_query(scope: Scope, filters: Filters, by: str) -> list[tuple[Any, str]]:
    if by == "municipality":
        munis = Municipality.objects.filter(id__in=scope.municipalities)
        if filters.municipality is not None:
            munis = munis.filter(id=filters.municipality)
        return [(m.id, m.name) for m in munis.order_by("name")]
    if by == "district":
        districts = District.objects.filter(municipality_id__in=scope.municipalities)
        if filters.municipality is not None:
            districts = districts.filter(municipality_id=filters.municipality)
        if filters.district is not None:
            districts = districts.filter(id=filters.district)
        return [(d.id, d.name) for d in districts.order_by("code")]
    if by == "team":
        teams = Team.objects.filter(region_id=scope.region_id or 0)
        if scope.teams:
            teams = teams.filter(id__in=scope.teams)
        elif filters.municipality is not None:
            # As the team filter lists them: the municipality's own teams, those for one
            # of its districts and those for the whole region (a team of another
            # municipality that saw its children still gets its row, from the data).
            chosen = filters.municipality
            teams = teams.filter(
                Q(covers_whole_region=True)
                | Q(municipality__isnull=True)
                | Q(municipality_id=chosen)
                | Q(districts__municipality_id=chosen)
            ).distinct()
        if filters.team is not None:
            teams = teams.filter(id=filters.team)
        return [(t.id, t.name) for t in teams.order_by("name")]
    if by == "age_group":
        values = [
            (g.value, str(g.label))
            for g in AgeGroup
            if filters.age_group is None or g.value == filters.age_group
        ]
        return values
    return [(k, str(v)) for k, v in SEX_LABELS.items() if filters.sex is None or k == filters.sex]


def _population(
    scope: Scope, filters: Filters, year: int, by: str | None
) -> tuple[dict[Any, int], int | None]:
    """Youths 0–17 per value of the cut and in total; nothing when the cut or a filter is
    not geographic (team, age, sex)."""
    if filters.team is not None or filters.age_group is not None or filters.sex is not None:
        return {}, None
    if by not in (None, "municipality", "district"):
        return {}, None
    rows = YouthPopulation.objects.filter(year=year)
    if filters.district is not None:
        rows = rows.filter(district_id=filters.district)
    elif by == "district":
        rows = rows.filter(district__isnull=False)
    else:
        rows = rows.filter(district__isnull=True)
    munis = [filters.municipality] if filters.municipality is not None else scope.municipalities
    rows = rows.filter(municipality_id__in=munis)
    per: dict[Any, int] = defaultdict(int)
    for muni, district, youths in rows.values_list("municipality_id", "district_id", "youths"):
        per[district if by == "district" else muni] += youths
    total = sum(per.values()) or None
    return dict(per), total


def _live(scope: Scope, filters: Filters, by: str | None) -> dict[Any, Counts]:
    """Waiting now, per value of the cut ("total" for the whole): the number of children
    ("waiting") and their working days waited (the distribution), with the cell keys of
    the children counted, as the cells carry them."""
    from jeugdmodel.families.models import Residence
    from jeugdmodel.intake.models import OPEN_STATUSES, PersonRole, RequestPerson

    from .services import child_record_key

    today = timezone.localdate()
    out: dict[Any, Counts] = defaultdict(Counts)
    qs = RequestPerson.objects.filter(
        role=PersonRole.CHILD,
        request__status__in=OPEN_STATUSES,
        request__assigned_to__isnull=True,
        person__isnull=False,
    )
    if filters.municipality is not None:
        qs = qs.filter(request__municipality_id=filters.municipality)
    elif scope.audience != Audience.TEAM:
        qs = qs.filter(request__municipality_id__in=scope.municipalities)
    if filters.team is not None:
        qs = qs.filter(request__team_id=filters.team)
    current = Residence.objects.filter(valid_to__isnull=True)
    rows = list(
        qs.values_list(
            "request__received_at",
            "request__municipality_id",
            "request__team_id",
            "person__date_of_birth",
            "person__sex",
            "person_id",
        )
    )
    districts = dict(
        current.filter(person_id__in=[r[5] for r in rows]).values_list("person_id", "district_id")
    )
    # A child counts once: with its oldest open request (the longest wait).
    seen: set[int] = set()
    for received, muni, team, born, sex, pid in sorted(rows, key=lambda r: r[0]):
        if pid in seen:
            continue
        seen.add(pid)
        district = districts.get(pid)
        if filters.district is not None and district != filters.district:
            continue
        age = age_group(born, today)
        if filters.age_group is not None and age != filters.age_group:
            continue
        if filters.sex is not None and sex != filters.sex:
            continue
        days = working_days_between(timezone.localtime(received).date(), today)
        cut_value = {
            "municipality": muni,
            "district": district,
            "team": team,
            "age_group": age,
            "sex": sex,
        }.get(by or "")
        record = child_record_key(pid)
        for k in {"total", cut_value} if by else {"total"}:
            c = out[k]
            c.sums["waiting"] = c.sums.get("waiting", 0) + 1
            c.keys["waiting"] = (c.keys.get("waiting", 0) + record) % KEYS
            c.hist[days] += 1
            c.hist_keys[days] = (c.hist_keys.get(days, 0) + record) % KEYS
    return out


def _coverage(scope: Scope, filters: Filters) -> dict[str, int]:
    """GP practices and schools in the area, and those linked to a POH-jeugd or an
    education team (the region file)."""
    from jeugdmodel.region.models import Organisation

    orgs = Organisation.objects.filter(region_id=scope.region_id or 0)
    if filters.municipality is not None:
        orgs = orgs.filter(municipality_id=filters.municipality)
    rows: list[tuple[int, str]] = list(
        orgs.filter(kind__in=[OrganisationKind.GP_PRACTICE, OrganisationKind.SCHOOL]).values_list(
            "id", "kind"
        )
    )
    linked_gp = set(
        Team.objects.filter(
            kind=TeamKind.POH_JEUGD, gp_practices__in=[r[0] for r in rows]
        ).values_list("gp_practices", flat=True)
    )
    linked_school = set(
        Team.objects.filter(kind=TeamKind.ONDERWIJS, schools__in=[r[0] for r in rows]).values_list(
            "schools", flat=True
        )
    )
    return {
        "gp_all": sum(1 for _id, k in rows if k == OrganisationKind.GP_PRACTICE),
        "gp_with_poh": sum(
            1 for i, k in rows if k == OrganisationKind.GP_PRACTICE and i in linked_gp
        ),
        "school_all": sum(1 for _id, k in rows if k == OrganisationKind.SCHOOL),
        "school_with_specialist": sum(
            1 for i, k in rows if k == OrganisationKind.SCHOOL and i in linked_school
        ),
    }


def figure_table(
    scope: Scope,
    filters: Filters,
    period: Period,
    *,
    figures: Sequence[str],
    by: str | None = None,
    table_id: str = "tabel",
    caption: str = "",
    protect: bool = True,
    reads: Reads | None = None,
) -> Table:
    """The figures for `period`, one row per value of the cut `by` plus the total row.

    Every count is shown perturbed by its cell key (docs/decisions/0045): the same
    children give the same number in every table, filter and cut, so tables cannot be
    combined to recover a small count. `protect=False` gives the true values: only for
    tests and checks inside the system, never for a page, an export or the API. `reads`
    shares the queries with the other tables of the request."""
    chosen = [BY_KEY[k] for k in figures]
    if by is not None and by not in CUTS:
        raise DomainError(_("Onbekende indeling."), field="by")
    data = _fetch(scope, filters, [period], by, reads)
    groups = {f.group for f in chosen if f.live}
    live = _live(scope, filters, by) if "stroom" in groups else {}
    coverage = _coverage(scope, filters) if "bereik" in groups else {}
    population, pop_total = (
        _population(scope, filters, period.start.year, by)
        if any(f.kind == Kind.PER_1000 for f in chosen)
        else ({}, None)
    )
    keys: list[tuple[Any, str]] = _cut_values(scope, filters, by, reads) if by else []
    known = {k for k, _l in keys}
    extra = [k for (start, k) in data if k not in known and k is not None] if by else []
    if extra:
        labels = cut_labels(by or "", extra)
        keys.extend((k, labels.get(k, str(k))) for k in sorted(set(extra), key=str))
    if by and any(k is None for (_s, k) in data):
        keys.append((None, _("onbekend / buiten de regio")))
    empty = Counts()
    total = Counts()
    for counts in data.values():
        total.add(counts)
    rows: list[Row] = []
    empty_period = without_data(period, data_start(reads))

    def honest(values: dict[str, Value]) -> dict[str, Value]:
        return _no_data(chosen, values) if empty_period else values

    for k, label in keys:
        rows.append(
            Row(
                key="" if k is None else str(k),
                label=label,
                values=honest(
                    _values(
                        chosen,
                        data.get((period.start, k), empty),
                        population.get(k),
                        live.get(k, empty),
                        coverage,
                        protect,
                    )
                ),
            )
        )
    rows.append(
        Row(
            key="totaal",
            label=_("Totaal"),
            values=honest(
                _values(chosen, total, pop_total, live.get("total", empty), coverage, protect)
            ),
            is_total=True,
        )
    )
    return Table(table_id, caption, chosen, rows, by, [period])


def trend_table(
    scope: Scope,
    filters: Filters,
    period: Period,
    *,
    figures: Sequence[str],
    count: int = 8,
    table_id: str = "trend",
    caption: str = "",
    protect: bool = True,
    reads: Reads | None = None,
) -> Table:
    """The figures for `count` periods of the same kind ending with `period`, oldest
    first, perturbed by their cell keys as in `figure_table` (a period's row shows the
    same numbers as that period's total row); `protect=False` as there. `reads` shares the
    queries with the other tables of the request."""
    chosen = [BY_KEY[k] for k in figures if not BY_KEY[k].live]
    periods = periods_back(period, count)
    data = _fetch(scope, filters, periods, None, reads)
    populations = (
        {
            year: _population(scope, filters, year, None)[1]
            for year in {p.start.year for p in periods}
        }
        if any(f.kind == Kind.PER_1000 for f in chosen)
        else {}
    )
    rows: list[Row] = []
    empty = Counts()
    first = data_start(reads)
    for p in periods:
        values = _values(
            chosen,
            data.get((p.start, None), empty),
            populations.get(p.start.year),
            empty,
            {},
            protect,
        )
        if without_data(p, first):
            values = _no_data(chosen, values)
        rows.append(Row(key=p.code, label=p.label, values=values))
    return Table(table_id, caption, chosen, rows, None, periods)


def region_scope(region_id: int | None = None) -> Scope:
    """A scope over a whole region (or every municipality), for the CLI and reports."""
    munis = Municipality.objects.all()
    if region_id is not None:
        munis = munis.filter(region_id=region_id)
    ids = tuple(munis.order_by("name").values_list("id", flat=True))
    region = region_id or Municipality.objects.values_list("region_id", flat=True).first()
    return Scope(Audience.CONTRACT, region, ids, None, (), True)


def default_period(kind: str = "Q", today: date | None = None) -> Period:
    """The last complete period of `kind` before today."""
    return period_containing(kind, today or timezone.localdate()).previous()


def count_table(
    *,
    table_id: str,
    caption: str,
    figures: Sequence[Figure],
    rows: Sequence[tuple[str, str, Counts]],
    cut: str,
    protect: bool = True,
) -> Table:
    """A table of counts computed elsewhere (one row per value of `cut`, plus the total
    row), each count with its cell key, displayed exactly as the dashboard's own tables:
    every count perturbed by its key (decision 0045), the total from the summed counts and
    keys."""
    total = Counts()
    for _k, _l, counts in rows:
        total.add(counts)
    out = [
        Row(key=k, label=label, values=_values(figures, counts, None, Counts(), {}, protect))
        for k, label, counts in rows
    ]
    out.append(
        Row(
            key="totaal",
            label=_("Totaal"),
            values=_values(figures, total, None, Counts(), {}, protect),
            is_total=True,
        )
    )
    return Table(table_id, caption, list(figures), out, cut)


#: Tables from apps above steering, shown at the end of the dashboard (steering imports none
#: of them): (template, source). The source gives its tables for the user's scope, or none.
PanelSource = Callable[[Scope], list[Table]]
_panels: list[tuple[str, PanelSource]] = []


def dashboard_panel_register(template: str, source: PanelSource) -> None:
    if (template, source) not in _panels:
        _panels.append((template, source))


def dashboard_panels(scope: Scope) -> list[tuple[str, list[Table]]]:
    found = [(template, source(scope)) for template, source in _panels]
    return [(template, tables) for template, tables in found if tables]
