"""The steering dashboard side by side with DuckDB on the same raw rows, in one run.

On the database of DATABASE_URL (or --database-url), filled with
`demo_data --scale national` (see bench/README.md), this:

1. exports the raw operational rows the figures are computed from (people, addresses,
   family members, cases, trajectories, requests and their children, closings,
   consultations, tariffs, youth population) from PostgreSQL to Parquet (psycopg COPY,
   then DuckDB writes Parquet);
2. times our dashboard (one `figure_table` per section in SECTIONS by a cut, plus the
   trend of the 'zorg' figures over 8 quarters) for one municipality (by district) and
   for the whole country (by municipality): warm, median of --repeat;
3. times DuckDB computing the same figures for the same period from the Parquet files,
   with SQL that follows compute.py's definitions, and checks that DuckDB's numbers
   equal ours (a mismatch is printed loudly);
4. measures freshness: a trajectory saved now for a child of the municipality (the
   signals mark the partitions dirty and refresh them synchronously) until
   `figure_table` shows it; and, with --rebuild, a full `steering_rebuild`;
5. runs itself again on SQLite at MVS size (var/bench/mvs.sqlite3, region_load
   regions/mvs.yaml + demo_data) and times every dashboard filter change and counts
   the queries per dashboard request.

    bin/bench steering [--database-url postgres://postgres@127.0.0.1:5432/jm_bench]
                       [--municipality GM9171 ...] [--period 2026-Q3] [--repeat 5]
                       [--rebuild] [--no-mvs] [--no-freshness] [--reuse-parquet]
    bin/bench steering --mvs-only          # only step 5

DuckDB is only the anchor for analytic speed: it is a dev dependency used here and
nowhere else (docs/decisions/0025-steering-bench.md).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
NATIONAL_REGION = "nl-synthetic"
FAR = "DATE '9999-12-31'"
WIDTH = (
    62  # label column of the printed tables  # Python's date.max, for a trajectory without an end
)

# -- Django ------------------------------------------------------------------------------


def django_setup(database_url: str | None) -> None:
    """Configure Django on `database_url` (or DATABASE_URL) without touching its data."""
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jeugdmodel.settings.dev")
    os.environ.setdefault("JEUGDMODEL_SESSION_IDLE_SECONDS", "3600")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )


def median_time(fn: Callable[[], object], *, repeat: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def side_by_side(title: str, rows: list[tuple[str, float, float]]) -> None:
    """One line per measurement: ours, DuckDB, and the ratio ours/DuckDB."""
    print(f"\n{title}")
    print(f"  {'meting':<{WIDTH}} {'jeugdmodel':>11} {'DuckDB':>10} {'ratio':>8}")
    for label, ours, duck in rows:
        ratio = ours / duck if duck else float("inf")
        print(f"  {label:<{WIDTH}} {ours * 1000:>9.1f}ms {duck * 1000:>8.1f}ms {ratio:>8.2f}")


# -- Our dashboard -----------------------------------------------------------------------


def bench_user(municipality_id: int | None) -> Any:
    """A municipality user of that municipality (the page shows it by district), or with
    None a contract-management user (the page shows the region by municipality)."""
    from jeugdmodel.accounts.models import User
    from jeugdmodel.accounts.roles import Role
    from jeugdmodel.region.models import Municipality, Organisation, OrganisationKind

    if municipality_id is not None:
        region = Municipality.objects.get(id=municipality_id).region_id
        user, _c = User.objects.update_or_create(
            username="bench.gemeente",
            defaults={"role": Role.MUNICIPALITY.value, "municipality_id": municipality_id,
                      "organisation": None, "is_demo": True},
        )  # fmt: skip
        return user
    region = Municipality.objects.values_list("region_id", flat=True).first()
    org, _c = Organisation.objects.get_or_create(
        region_id=region,
        kind=OrganisationKind.CONTRACT_MANAGEMENT,
        defaults={"code": "contractbureau-bench", "name": "Contractbureau (bench)"},
    )
    user, _c = User.objects.update_or_create(
        username="bench.contract",
        defaults={"role": Role.MUNICIPALITY.value, "municipality": None, "organisation": org,
                  "is_demo": True},
    )  # fmt: skip
    return user


def dashboard_request(user: Any, params: dict[str, str]) -> Any:
    """What the dashboard page computes (views.dashboard_build), without the template."""
    from django.test import RequestFactory

    from jeugdmodel.steering.views import dashboard_build

    request = RequestFactory().get("/sturing/", params)
    request.user = user
    return dashboard_build(request, user)[0]


def page_client(user: Any) -> Any:
    """A logged-in test client with the second factor done (as bench/case.py)."""
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from jeugdmodel.accounts.services import totp_device_set_known_key
    from jeugdmodel.demo.generator import DEMO_TOTP_KEY

    client = Client()
    client.force_login(user)
    session = client.session
    device = TOTPDevice.objects.filter(user=user).first() or totp_device_set_known_key(
        user=user, key_b32=DEMO_TOTP_KEY
    )
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def page_get(client: Any, params: dict[str, str]) -> None:
    response = client.get("/sturing/", params)
    assert response.status_code == 200, response.status_code


def dashboard(scope: Any, filters: Any, period: Any, by: str, *, protect: bool = True) -> dict:
    """The dashboard's tables (as views.dashboard_build makes them) straight from the
    selectors, optionally without small-number protection, for comparing with DuckDB:
    per section one `figure_table` by the cut, the trend over 8 periods and the headline
    (this and the previous period)."""
    from jeugdmodel.steering import selectors as s
    from jeugdmodel.steering.selectors import HEADLINE, TREND_COUNT, TREND_FIGURES

    kwargs = {"protect": protect} if not protect else {}
    tables = {
        name: s.figure_table(
            scope, filters, period, figures=figures, by=by, table_id=name, **kwargs
        )
        for name, figures in s.SECTIONS.items()
    }
    tables["trend"] = s.trend_table(
        scope, filters, period, figures=TREND_FIGURES, count=TREND_COUNT, **kwargs
    )
    tables["headline"] = s.trend_table(
        scope, filters, period, figures=list(HEADLINE), count=2, **kwargs
    )
    return tables


def query_count(fn: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


class Clock:
    """Time spent in SQL (an execute wrapper) and in the cell-key perturbation of the
    counts (steering.selectors.perturbed), to split our dashboard's time."""

    def __init__(self) -> None:
        self.sql = 0.0
        self.suppress = 0.0

    def __enter__(self) -> Clock:
        from django.db import connection

        from jeugdmodel.steering import selectors

        def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                self.sql += time.perf_counter() - start

        original = selectors.perturbed

        def timed_suppress(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.suppress += time.perf_counter() - start

        self._original = original
        selectors.perturbed = timed_suppress  # type: ignore[assignment]
        self._wrap = connection.execute_wrapper(wrapper)
        self._wrap.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        from jeugdmodel.steering import selectors

        self._wrap.__exit__(*exc)
        selectors.perturbed = self._original  # type: ignore[assignment]


# -- Export to Parquet -------------------------------------------------------------------


def _export_tables() -> dict[str, tuple[Any, list[str]]]:
    from jeugdmodel.care.models import Consultation, Trajectory
    from jeugdmodel.cases.models import Case, CaseClosing
    from jeugdmodel.families.models import FamilyMember, Person, Residence
    from jeugdmodel.finance.models import Tariff
    from jeugdmodel.intake.models import Request, RequestPerson
    from jeugdmodel.steering.models import YouthPopulation

    return {
        "person": (Person, ["id", "date_of_birth", "sex", "public_id"]),
        "residence": (
            Residence,
            ["person", "valid_from", "valid_to", "municipality", "district"],
        ),
        "family_member": (FamilyMember, ["family", "person", "relation"]),
        "cases": (Case, ["id", "family", "team"]),
        "trajectory": (
            Trajectory,
            [
                "id",
                "case",
                "child",
                "help_form",
                "level",
                "with_stay",
                "crisis_start",
                "organisation",
                "start_date",
                "end_date",
                "end_reason",
                "end_subreason",
            ],
        ),
        "request": (
            Request,
            [
                "id",
                "received_at",
                "access_point",
                "first_contact_on",
                "team",
                "municipality",
                "status",
                "assigned_to",
            ],
        ),
        "request_person": (RequestPerson, ["request", "person", "role"]),
        "case_closing": (CaseClosing, ["case", "closed_on", "reopened_on", "goal_scores"]),
        "consultation": (Consultation, ["case", "status", "closed_at", "outcome"]),
        "tariff": (Tariff, ["help_form", "year", "price_cents"]),
        "youth_population": (YouthPopulation, ["municipality", "district", "year", "youths"]),
    }


_DUCK_TYPES = {
    "AutoField": "BIGINT",
    "BigAutoField": "BIGINT",
    "ForeignKey": "BIGINT",
    "OneToOneField": "BIGINT",
    "DateField": "DATE",
    "DateTimeField": "TIMESTAMPTZ",
    "BooleanField": "BOOLEAN",
    "CharField": "VARCHAR",
    "TextField": "VARCHAR",
    "UUIDField": "VARCHAR",
    "JSONField": "VARCHAR",
    "IntegerField": "INTEGER",
    "PositiveIntegerField": "INTEGER",
    "PositiveSmallIntegerField": "INTEGER",
    "SmallIntegerField": "INTEGER",
    "BigIntegerField": "BIGINT",
}


def export_parquet(out: Path) -> dict[str, tuple[int, float]]:
    """Every table the figures read, COPY'd out of PostgreSQL as CSV and written as
    Parquet by DuckDB; plus a working-day calendar. Returns rows and seconds per table."""
    import duckdb
    from django.db import connection

    out.mkdir(parents=True, exist_ok=True)
    duck = duckdb.connect()
    done: dict[str, tuple[int, float]] = {}
    connection.ensure_connection()
    raw = connection.connection
    for name, (model, fields) in _export_tables().items():
        start = time.perf_counter()
        columns, types = [], {}
        for f in fields:
            field_obj = model._meta.get_field(f)
            columns.append(field_obj.column)
            types[field_obj.column] = _DUCK_TYPES[field_obj.get_internal_type()]
        csv = out / f"{name}.csv"
        select = ", ".join(f'"{c}"' for c in columns)
        with raw.cursor() as cur:
            cur.execute("SET TIME ZONE 'UTC'")
            with (
                csv.open("wb") as fh,
                cur.copy(
                    f'COPY (SELECT {select} FROM "{model._meta.db_table}") TO STDOUT '
                    "WITH (FORMAT csv)"
                ) as copy,
            ):
                for chunk in copy:
                    fh.write(chunk)
        cols = ", ".join(f"'{c}': '{t}'" for c, t in types.items())
        duck.execute(
            f"COPY (SELECT * FROM read_csv('{csv}', header=false, columns={{{cols}}})) "
            f"TO '{out / name}.parquet' (FORMAT parquet)"
        )
        rows = duck.execute(f"SELECT count(*) FROM '{out / name}.parquet'").fetchone()[0]
        csv.unlink()
        done[name] = (rows, time.perf_counter() - start)
    calendar_parquet(out / "calendar.parquet", duck)
    return done


def calendar_parquet(path: Path, duck: Any) -> None:
    """Day → number of working days since 1 January 1900 (core.workdays), 1990–2040."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from jeugdmodel.core.workdays import working_days_between

    days, numbers = [], []
    day, end = date(1990, 1, 1), date(2040, 12, 31)
    base = working_days_between(date(1900, 1, 1), day)
    step = timedelta(days=1)
    from jeugdmodel.core.workdays import is_working_day

    n = base
    while day <= end:
        days.append(day)
        numbers.append(n)
        day += step
        n += int(is_working_day(day))
    pq.write_table(pa.table({"day": days, "wd": numbers}), path)


# -- DuckDB: the same figures from raw rows ----------------------------------------------


def cbs_end_by_subreason() -> dict[str, str]:
    """The product's table of CBS end codes (care.models), for the subreasons that have one."""
    from jeugdmodel.care.models import CBS_END_CODES, EndSubreason

    return {str(k): v for k, v in CBS_END_CODES.items() if v and k in EndSubreason.values}


def duck_connect(parquet: Path) -> Any:
    import duckdb

    con = duckdb.connect()
    for file in sorted(parquet.glob("*.parquet")):
        con.execute(f"CREATE VIEW {file.stem} AS SELECT * FROM read_parquet('{file}')")
    return con


def _lit(d: date) -> str:
    return f"DATE '{d.isoformat()}'"


@dataclass
class DuckResult:
    #: (period start, cut value) → measure sums; first contact as a histogram.
    sums: dict[tuple[date, Any], Counter] = field(default_factory=lambda: defaultdict(Counter))
    hist: dict[tuple[date, Any], Counter] = field(default_factory=lambda: defaultdict(Counter))
    waiting: dict[Any, Counter] = field(default_factory=lambda: defaultdict(Counter))
    population: dict[tuple[int, Any], int] = field(default_factory=dict)


def duck_dashboard(
    con: Any,
    *,
    period_start: date,
    period_end: date,
    trend: list[tuple[date, date]],
    kind: str,
    horizon: date,
    today: date,
    municipality: int | None,
    municipalities: tuple[int, ...],
    goal_score: int,
) -> DuckResult:
    """The dashboard's figures for one municipality (by district) or the country (by
    municipality), computed from the raw rows with the rules of steering/compute.py."""
    H = _lit(horizon)
    ps, pe = _lit(period_start), _lit(period_end)
    first, prev = _lit(trend[0][0]), _lit(trend[-2][0])
    unit = {"Y": "year", "Q": "quarter", "M": "month"}[kind]

    def trunc(day: str) -> str:
        return f"date_trunc('{unit}', {day})::DATE"

    cut = "district" if municipality is not None else "muni"
    if municipality is not None:
        kids = f"SELECT DISTINCT person_id FROM residence WHERE municipality_id = {municipality}"
        kid = lambda col: f"AND {col} IN ({kids})"  # noqa: E731
        where_muni = f"WHERE muni = {municipality}"
    else:
        kid = lambda col: ""  # noqa: E731
        where_muni = ""
    end_code = (
        "CASE WHEN tr.end_reason = 'volgens_plan' THEN '01' "
        + " ".join(
            f"WHEN tr.end_subreason = '{k}' THEN '{v}'" for k, v in cbs_end_by_subreason().items()
        )
        + " END"
    )
    res = f"""res AS (
        SELECT person_id, valid_from, valid_to, municipality_id, district_id,
               min(valid_from) OVER (PARTITION BY person_id) AS first_from
        FROM residence WHERE true {kid("person_id")})"""

    def locate(src: str, day: str) -> str:
        """compute.residence_on: the stay covering the day (first by start); before the
        first stay the first; otherwise (a gap, or after the last) the last."""
        cover = f"(r.valid_from <= ev.{day} AND (r.valid_to IS NULL OR ev.{day} <= r.valid_to))"
        return f"""
            SELECT ev.*, r.municipality_id AS muni, r.district_id AS district
            FROM ({src}) ev LEFT JOIN res r ON r.person_id = ev.child_id
            QUALIFY row_number() OVER (PARTITION BY ev.ev_id ORDER BY
                {cover} DESC NULLS LAST,
                CASE WHEN {cover} OR ev.{day} < r.first_from THEN r.valid_from END ASC NULLS LAST,
                r.valid_from DESC) = 1"""

    traj = f"""t AS (
        SELECT tr.id, tr.child_id, tr.start_date AS s, tr.end_date AS e,
               coalesce(tr.end_date, {H}) AS ee, tr.level, tr.with_stay, tr.crisis_start,
               tr.help_form_id AS hf, tr.organisation_id AS org, c.team_id AS team,
               {end_code} AS end_code
        FROM trajectory tr JOIN cases c ON c.id = tr.case_id
        WHERE tr.start_date <= {H} {kid("tr.child_id")})"""
    periods = ", ".join(f"({_lit(a)}, {_lit(b)})" for a, b in trend)
    age = "(year({d}) - year(p.date_of_birth) - CASE WHEN (month({d}), day({d})) < " \
        "(month(p.date_of_birth), day(p.date_of_birth)) THEN 1 ELSE 0 END)"  # fmt: skip
    out = DuckResult()

    # A. Children in care per period (the 8 trend quarters, the last one the period),
    #    located on their last day in care in the period; trajectory counts and cost.
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE care AS
        WITH {res}, {traj},
        per(ps, pe) AS (VALUES {periods}),
        a AS (SELECT per.ps, per.pe, t.* FROM t JOIN per ON t.s <= per.pe AND t.ee >= per.ps),
        cp AS (
            SELECT child_id, ps, any_value(pe) AS pe,
                least(any_value(pe), max(ee), {H}) AS last_day,
                greatest(ps, min(s)) AS first_day,
                bool_and(level = 'basis') AS basis,
                bool_or(with_stay) AS stay,
                sum((least(ee, pe, {H}) - greatest(s, ps) + 1) * coalesce(tf.price_cents, 0))
                    AS cost,
                count(*) FILTER (WHERE s >= ps) AS started,
                count(*) FILTER (WHERE s >= ps AND crisis_start) AS started_crisis,
                count(*) FILTER (WHERE s >= ps AND with_stay) AS started_stay,
                count(*) FILTER (WHERE e BETWEEN ps AND pe AND e <= {H}) AS ended,
                count(*) FILTER (WHERE e BETWEEN ps AND pe AND e <= {H} AND end_code = '01')
                    AS ended_plan,
                count(*) FILTER (WHERE (e IS NULL OR e >= pe) AND pe <= {H}) AS running,
                row_number() OVER () AS ev_id
            FROM a LEFT JOIN tariff tf ON tf.help_form_id = a.hf AND tf.year = year(a.ps)
            GROUP BY child_id, ps)
        SELECT l.*, {age.format(d="l.first_day")} <= 22 AS cbs
        FROM ({locate("SELECT * FROM cp", "last_day")}) l JOIN person p ON p.id = l.child_id
        {where_muni}
    """)
    for row in con.execute(f"""
        SELECT ps, {cut}, count(*), count(*) FILTER (WHERE basis), count(*) FILTER (WHERE stay),
               count(*) FILTER (WHERE cbs), sum(cost), sum(started), sum(started_crisis),
               sum(started_stay), sum(ended), sum(ended_plan), sum(running)
        FROM care GROUP BY ALL
    """).fetchall():
        sums = out.sums[(row[0], row[1])]
        for name, value in zip(
            (
                "in_care", "in_care_basis", "residential", "cbs_in_care", "cost_cents",
                "traj_started", "traj_started_crisis", "traj_started_stay", "traj_ended",
                "traj_ended_plan", "traj_running",
            ),
            row[2:],
            strict=True,
        ):  # fmt: skip
            sums[name] += int(value or 0)

    # B. CBS trajectories: overlapping trajectories of one help form at one provider
    #    merged (compute.cbs_merge), counted in the child's in-care cell of the period.
    for row in con.execute(f"""
        WITH {traj},
        o AS (
            SELECT *, coalesce(e, {FAR}) AS e_inf, row_number() OVER w AS rn,
                   max(coalesce(e, {FAR})) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING
                                                   AND 1 PRECEDING) AS prev_max
            FROM t WINDOW w AS (PARTITION BY child_id, hf, org
                                ORDER BY s, coalesce(e, {FAR}), id)),
        i AS (
            SELECT *, sum(CASE WHEN prev_max IS NULL OR s > prev_max THEN 1 ELSE 0 END)
                      OVER (PARTITION BY child_id, hf, org ORDER BY rn) AS island
            FROM o),
        m AS (
            SELECT child_id, min(s) AS s, nullif(max(e_inf), {FAR}) AS e,
                   first(crisis_start ORDER BY rn) AS crisis,
                   bool_or(with_stay) FILTER (WHERE prev_max IS NULL OR s > prev_max
                                              OR e_inf > prev_max) AS stay,
                   first(end_code ORDER BY e_inf DESC, rn) AS end_code
            FROM i GROUP BY child_id, hf, org, island),
        mp AS (
            SELECT m.*, c.{cut} AS cut FROM m JOIN care c
              ON c.child_id = m.child_id AND c.ps = {ps}
            WHERE m.s <= {pe} AND coalesce(m.e, {H}) >= {ps})
        SELECT cut,
            count(*) FILTER (WHERE s >= {ps}),
            count(*) FILTER (WHERE s >= {ps} AND crisis),
            count(*) FILTER (WHERE s >= {ps} AND stay),
            count(*) FILTER (WHERE s >= {ps} AND EXISTS (
                SELECT 1 FROM t x WHERE x.child_id = mp.child_id AND x.e IS NOT NULL
                  AND x.s < {ps} AND x.e >= {ps} - INTERVAL 5 YEAR AND mp.s - x.e >= 2)),
            count(*) FILTER (WHERE e BETWEEN {ps} AND {pe} AND e <= {H}),
            count(*) FILTER (WHERE e BETWEEN {ps} AND {pe} AND e <= {H} AND end_code = '01'),
            count(*) FILTER (WHERE (e IS NULL OR e >= {pe}) AND {pe} <= {H})
        FROM mp GROUP BY cut
    """).fetchall():
        sums = out.sums[(period_start, row[0])]
        for name, value in zip(
            (
                "cbs_started", "cbs_started_crisis", "cbs_started_stay", "cbs_repeat",
                "cbs_ended", "cbs_ended_plan", "cbs_running",
            ),
            row[1:],
            strict=True,
        ):  # fmt: skip
            sums[name] += int(value or 0)

    # C. Events in the period, located on the day of the event: requests (inflow,
    #    referrer group, repeats, time to first contact), closings (outflow, goals),
    #    reopenings (repeats), consultations, and the step-up cohort.
    from jeugdmodel.steering.compute import CBS_REFERRER_GROUP

    referrer = (
        "CASE access_point "
        + " ".join(f"WHEN '{k}' THEN 'ref_{v}'" for k, v in CBS_REFERRER_GROUP.items())
        + " ELSE 'ref_onbekend' END"
    )
    events = f"""
        WITH {res}, {traj},
        closings AS (
            SELECT fm.person_id AS child_id, cc.closed_on, cc.reopened_on, cc.goal_scores
            FROM case_closing cc JOIN cases c ON c.id = cc.case_id
            JOIN family_member fm ON fm.family_id = c.family_id AND fm.relation = 'child'
            WHERE true {kid("fm.person_id")}),
        rq AS (
            SELECT DISTINCT rp.person_id AS child_id, r.received_at, r.first_contact_on,
                   r.access_point, r.team_id
            FROM request_person rp JOIN request r ON r.id = rp.request_id
            WHERE rp.role = 'child' AND rp.person_id IS NOT NULL {kid("rp.person_id")}),
        rqd AS (
            SELECT * FROM (
                SELECT *, (received_at AT TIME ZONE 'Europe/Amsterdam')::DATE AS day FROM rq)
            WHERE day BETWEEN {first} AND {pe} AND day <= {H}),
        req AS (
            SELECT rqd.child_id, rqd.day, {trunc("rqd.day")} AS p, {referrer} AS ref,
                {trunc("rqd.day")} = {ps} AND EXISTS (
                    SELECT 1 FROM closings c WHERE c.child_id = rqd.child_id
                    AND rqd.day - c.closed_on BETWEEN 0 AND 365) AS rep,
                CASE WHEN first_contact_on IS NOT NULL AND first_contact_on <= {H} THEN
                    least(greatest(c2.wd - c1.wd, 0), 250) END AS bucket
            FROM rqd JOIN calendar c1 ON c1.day = rqd.day
            LEFT JOIN calendar c2 ON c2.day = rqd.first_contact_on),
        goals AS (
            SELECT c.child_id, c.closed_on, {trunc("c.closed_on")} AS p, list_filter(
                from_json(coalesce(c.goal_scores, '[]'),
                          '[{{"subject": "VARCHAR", "score": "DOUBLE"}}]'),
                lambda g: g.subject IN (p.public_id, 'family')) AS own
            FROM closings c JOIN person p ON p.id = c.child_id
            WHERE c.closed_on BETWEEN {first} AND {pe} AND c.closed_on <= {H}),
        consults AS (
            SELECT fm.person_id AS child_id, k.closed_at AS closed_moment,
                   (k.closed_at AT TIME ZONE 'Europe/Amsterdam')::DATE AS day, k.outcome
            FROM consultation k JOIN cases c ON c.id = k.case_id
            JOIN family_member fm ON fm.family_id = c.family_id AND fm.relation = 'child'
            WHERE k.status = 'closed' AND k.closed_at IS NOT NULL
              AND k.outcome IN ('stays_basis', 'step_up') {kid("fm.person_id")}),
        -- A child counts once per period and measure (docs/figures.md): goals from the
        -- last closing of the period with goals for it, the last decided consultation.
        gl AS (
            SELECT * FROM goals WHERE len(own) > 0
            QUALIFY row_number() OVER (PARTITION BY child_id, p ORDER BY closed_on DESC) = 1),
        cl AS (
            SELECT * FROM consults WHERE day BETWEEN {ps} AND {pe} AND day <= {H}
            QUALIFY row_number() OVER (PARTITION BY child_id ORDER BY closed_moment DESC) = 1),
        firsts AS (
            SELECT * FROM t
            QUALIFY row_number() OVER (PARTITION BY child_id
                                       ORDER BY s, level <> 'basis', id) = 1),
        stepup AS (
            SELECT f.child_id, f.s AS day, EXISTS (
                SELECT 1 FROM t x WHERE x.child_id = f.child_id AND x.level = 'specialistisch'
                  AND x.s - f.s BETWEEN 0 AND 182) AS done
            FROM firsts f WHERE f.level = 'basis' AND f.s BETWEEN {prev} AND {pe}
              AND f.s <= {H}),
        ev AS (
            -- inflow and outflow for the trend (8 periods); first contact, goals and the
            -- step-up cohort for the headline (2 periods); the rest for the period only.
            SELECT child_id, day, p, 'requests' AS measure, 0 AS bucket, 1 AS v FROM req
            UNION ALL SELECT child_id, day, p, ref, 0, 1 FROM req WHERE p = {ps}
            UNION ALL SELECT child_id, day, p, 'repeat', 0, 1 FROM req WHERE rep
            UNION ALL SELECT child_id, day, p, 'first_contact', bucket, 1 FROM req
                WHERE bucket IS NOT NULL AND p >= {prev}
            UNION ALL SELECT child_id, closed_on, p, 'closed', 0, 1 FROM goals
            UNION ALL SELECT child_id, closed_on, p, 'goals_plans', 0, 1 FROM gl
                WHERE p >= {prev}
            UNION ALL SELECT child_id, closed_on, p, 'goals_reached', 0, 1 FROM gl
                WHERE p >= {prev}
                  AND len(list_filter(own, lambda g: g.score IS NULL
                                                     OR g.score < {goal_score})) = 0
            UNION ALL SELECT child_id, reopened_on, {ps}, 'repeat', 0, 1 FROM closings
                WHERE reopened_on BETWEEN {ps} AND {pe} AND reopened_on <= {H}
            UNION ALL SELECT child_id, day, {ps}, 'consult_decided', 0, 1 FROM cl
            UNION ALL SELECT child_id, day, {ps}, 'consult_stays_basis', 0, 1 FROM cl
                WHERE outcome = 'stays_basis'
            UNION ALL SELECT child_id, day, {trunc("day")}, 'stepup_cohort', 0, 1 FROM stepup
            UNION ALL SELECT child_id, day, {trunc("day")}, 'stepup_done', 0, 1 FROM stepup
                WHERE done),
        evd AS (
            SELECT * FROM ev
            QUALIFY row_number() OVER (PARTITION BY child_id, p, measure ORDER BY day) = 1),
        evn AS (SELECT *, row_number() OVER () AS ev_id FROM evd)
        SELECT p, {cut}, measure, bucket, sum(v) FROM ({locate("SELECT * FROM evn", "day")})
        {where_muni} GROUP BY ALL
    """
    for p_start, cut_value, measure, bucket, value in con.execute(events).fetchall():
        key = (p_start, cut_value)
        out.sums[key][measure] += int(value)
        if measure == "first_contact":
            out.hist[key][bucket] += int(value)

    # D. Live: children in open requests without a professional now, by the request's
    #    municipality (and the district of their current address), days since received.
    scope = (
        f"= {municipality}"
        if municipality is not None
        else f"IN ({', '.join(map(str, municipalities)) or 'NULL'})"
    )
    live_cut = "cur.district_id" if municipality is not None else "w.municipality_id"
    for cut_value, days, n in con.execute(f"""
        WITH w AS (
            SELECT rp.person_id, r.municipality_id,
                   (r.received_at AT TIME ZONE 'Europe/Amsterdam')::DATE AS day
            FROM request_person rp JOIN request r ON r.id = rp.request_id
            WHERE rp.role = 'child' AND rp.person_id IS NOT NULL AND r.status = 'received'
              AND r.assigned_to_id IS NULL AND r.municipality_id {scope}),
        cur AS (
            SELECT person_id, any_value(district_id) AS district_id FROM residence
            WHERE valid_to IS NULL GROUP BY person_id)
        SELECT {live_cut}, greatest(ct.wd - c.wd, 0), count(*)
        FROM w LEFT JOIN cur ON cur.person_id = w.person_id
        JOIN calendar c ON c.day = w.day JOIN calendar ct ON ct.day = {_lit(today)}
        GROUP BY ALL
    """).fetchall():
        out.waiting[cut_value][days] += n

    # Youths 0–17 for "per 1,000": per district (a municipality) or municipality.
    years = sorted({a.year for a, _b in trend})
    level = "district_id IS NOT NULL" if municipality is not None else "district_id IS NULL"
    pop_cut = "district_id" if municipality is not None else "municipality_id"
    for year, cut_value, youths in con.execute(f"""
        SELECT year, {pop_cut}, sum(youths) FROM youth_population
        WHERE year IN ({", ".join(map(str, years))}) AND {level}
          AND municipality_id {scope} GROUP BY ALL
    """).fetchall():
        out.population[(year, cut_value)] = int(youths)
    if municipality is not None:  # the trend's total: the municipality row
        for year, youths in con.execute(f"""
            SELECT year, sum(youths) FROM youth_population
            WHERE year IN ({", ".join(map(str, years))}) AND district_id IS NULL
              AND municipality_id = {municipality} GROUP BY ALL
        """).fetchall():
            out.population[(year, "total")] = int(youths)
    return out


def duck_tile(con: Any, *, start: date, end: date, horizon: date, municipality: int | None) -> int:
    """One tile: children in care in the period (in the municipality on their last day in
    care in it), from the raw rows; the orientation figure of the brief."""
    H, ps, pe = _lit(horizon), _lit(start), _lit(end)
    kids = (
        f"AND t.child_id IN (SELECT person_id FROM residence WHERE municipality_id = "
        f"{municipality})"
        if municipality is not None
        else ""
    )
    where = f"WHERE muni = {municipality}" if municipality is not None else ""
    sql = f"""
        WITH cp AS (
            SELECT child_id, least({pe}, max(coalesce(end_date, {H})), {H}) AS day
            FROM trajectory t
            WHERE start_date <= least({pe}, {H}) AND coalesce(end_date, {H}) >= {ps} {kids}
            GROUP BY child_id),
        loc AS (
            SELECT cp.child_id, r.municipality_id AS muni
            FROM cp LEFT JOIN (
                SELECT *, min(valid_from) OVER (PARTITION BY person_id) AS first_from
                FROM residence) r ON r.person_id = cp.child_id
            QUALIFY row_number() OVER (PARTITION BY cp.child_id ORDER BY
                (r.valid_from <= day AND (r.valid_to IS NULL OR day <= r.valid_to))
                    DESC NULLS LAST,
                CASE WHEN (r.valid_from <= day AND (r.valid_to IS NULL OR day <= r.valid_to))
                     OR day < r.first_from THEN r.valid_from END ASC NULLS LAST,
                r.valid_from DESC) = 1)
        SELECT count(*) FROM loc {where}"""
    return int(con.execute(sql).fetchone()[0])


# -- Figures from sums (for DuckDB) and comparison with ours -----------------------------


def figure_values(
    figures: Iterable[Any], sums: Counter, hist: Counter, waiting: Counter, population: int | None
) -> dict[str, float | int | None]:
    """The raw values of figures (as `figure_table(..., protect=False)` gives them)."""
    from jeugdmodel.steering.figures import Kind
    from jeugdmodel.steering.selectors import percentile

    out: dict[str, float | int | None] = {}
    for f in figures:
        if f.group == "bereik":
            continue  # coverage: region master data, not operational rows
        if f.live:
            n = sum(waiting.values())
            if f.kind == Kind.COUNT:
                out[f.key] = n
            else:
                q = 1.0 if f.key == "waiting_days_max" else 0.5
                out[f.key] = percentile(waiting, q)
            continue
        if f.kind == Kind.COUNT:
            out[f.key] = sums.get(f.measure, 0)
        elif f.kind == Kind.DIFFERENCE:
            out[f.key] = sums.get(f.measure, 0) - sums.get(f.other, 0)
        elif f.kind == Kind.SHARE:
            num, den = sums.get(f.measure, 0), sums.get(f.other, 0)
            out[f.key] = 100 * num / den if den else None
        elif f.kind == Kind.MEDIAN:
            out[f.key] = percentile(hist, 0.5)
        elif f.kind == Kind.P90:
            out[f.key] = percentile(hist, 0.9)
        elif f.kind == Kind.PER_1000:
            n = sums.get(f.measure, 0)
            out[f.key] = 1000 * n / population if population else None
        elif f.kind == Kind.MONEY:
            out[f.key] = sums.get("cost_cents", 0) / 100
        elif f.kind == Kind.MONEY_PER_CHILD:
            children = sums.get("in_care", 0)
            out[f.key] = sums.get("cost_cents", 0) / children / 100 if children else None
    return out


def duck_tables(result: DuckResult, periods: list[date], municipality: int | None) -> dict:
    """DuckDB's dashboard as {table: {row key: {figure: value}}}, like `our_tables`: the
    sections for the last of `periods` by the cut, the trend over all of them and the
    headline over the last two (totals)."""
    from jeugdmodel.steering.figures import BY_KEY
    from jeugdmodel.steering.selectors import HEADLINE, SECTIONS, TREND_COUNT, TREND_FIGURES

    current = periods[-1]
    keys = {k for (p, k) in result.sums if p == current} | set(result.waiting)
    tables: dict[str, dict[str, dict]] = {}
    for name, figure_keys in SECTIONS.items():
        figures = [BY_KEY[k] for k in figure_keys]
        rows: dict[str, dict] = {}
        total, total_hist, total_wait = Counter(), Counter(), Counter()
        for k in keys:
            sums = result.sums.get((current, k), Counter())
            hist = result.hist.get((current, k), Counter())
            wait = result.waiting.get(k, Counter())
            total.update(sums)
            total_hist.update(hist)
            total_wait.update(wait)
            rows["" if k is None else str(k)] = figure_values(
                figures, sums, hist, wait, result.population.get((current.year, k))
            )
        rows["totaal"] = figure_values(
            figures, total, total_hist, total_wait, _population_total(result, current.year)
        )
        tables[name] = rows
    for name, figure_keys, count in (
        ("trend", TREND_FIGURES, TREND_COUNT),
        ("headline", HEADLINE, 2),
    ):
        rows = {}
        for p in periods[-count:]:
            sums, hist = Counter(), Counter()
            for (q, _k), s in result.sums.items():
                if q == p:
                    sums.update(s)
                    hist.update(result.hist.get((q, _k), Counter()))
            rows[p.isoformat()] = figure_values(
                [BY_KEY[k] for k in figure_keys], sums, hist, Counter(),
                _population_total(result, p.year, municipality),
            )  # fmt: skip
        tables[name] = rows
    return tables


def _population_total(result: DuckResult, year: int, municipality: int | None = None) -> int | None:
    if municipality is not None and (year, "total") in result.population:
        return result.population[(year, "total")]
    return sum(v for (y, k), v in result.population.items() if y == year and k != "total") or None


def our_tables(tables: dict) -> dict:
    out: dict[str, dict[str, dict]] = {}
    for name, table in tables.items():
        rows = {}
        for row in table.rows:
            key = row.key
            if name in ("trend", "headline"):
                key = next(p for p in table.periods if p.code == row.key).start.isoformat()
            # A value over too few children ("te weinig") cannot be compared: leave it out.
            rows[key] = {k: v.raw for k, v in row.values.items() if not v.suppressed}
        out[name] = rows
    return out


def compare(ours: dict, duck: dict, *, label: str) -> list[str]:
    """Differences between our raw figures and DuckDB's, per section, row and figure."""
    from jeugdmodel.steering.figures import FIGURES

    skip = {f.key for f in FIGURES if f.group == "bereik"}  # region master data
    problems = []
    for name, rows in ours.items():
        for key, values in rows.items():
            other = duck.get(name, {}).get(key)
            for figure, value in values.items():
                if figure in skip:
                    continue
                expected = (other or {}).get(figure)
                if other is None:
                    empty = value in (0, None, 0.0)
                    if empty:
                        continue
                if not _same(value, expected):
                    problems.append(f"{label} {name}[{key or 'onbekend'}].{figure}: "
                                    f"jeugdmodel {value!r}, DuckDB {expected!r}")  # fmt: skip
    return problems


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)))


# -- Freshness ---------------------------------------------------------------------------


def freshness(municipality_id: int) -> dict[str, float]:
    """Save a trajectory for a child living in the municipality, starting today, and time
    until the dashboard's 'zorg' table for the current quarter counts the child. The
    trajectory is deleted afterwards (and that refresh is timed too)."""
    from django.db import transaction
    from django.utils import timezone

    from jeugdmodel.accounts.models import User
    from jeugdmodel.care.models import Trajectory
    from jeugdmodel.families.models import FamilyMember, Residence
    from jeugdmodel.families.models import Relation as FamilyRelation
    from jeugdmodel.region.models import HelpForm
    from jeugdmodel.steering import selectors as s
    from jeugdmodel.steering.periods import period_containing

    today = timezone.localdate()
    current = period_containing("Q", today)
    # A child living in the municipality now, with a case, and not in care this quarter.
    in_care = Trajectory.objects.filter(start_date__lte=current.end).exclude(
        end_date__lt=current.start
    )
    candidates = (
        Residence.objects.filter(municipality_id=municipality_id, valid_to__isnull=True)
        .exclude(person_id__in=in_care.values("child_id"))
        .filter(
            person__memberships__relation=FamilyRelation.CHILD,
            person__memberships__family__cases__isnull=False,
        )
        .values_list("person_id", "person__memberships__family__cases__id")[:1]
    )
    found = list(candidates)
    if not found:
        return {}
    child_id, case_id = found[0]
    assert FamilyMember.objects.filter(person_id=child_id).exists()
    scope = s.region_scope()
    filters = s.Filters(municipality=municipality_id)

    def in_care_now() -> int:
        table = s.figure_table(scope, filters, current, figures=["children_in_care"])
        return int(table.rows[-1].values["children_in_care"].raw or 0)

    before = in_care_now()
    actor = User.objects.order_by("id").first() or User.objects.create(username="bench.steering")
    form = HelpForm.objects.filter(code="wijkteamondersteuning").first() or HelpForm.objects.first()
    start = time.perf_counter()
    with transaction.atomic():
        trajectory = Trajectory.objects.create(
            case_id=case_id,
            child_id=child_id,
            help_form=form,
            level=form.level,
            with_stay=form.with_stay,
            start_date=today,
            created_by=actor,
        )
    committed = time.perf_counter()
    while in_care_now() != before + 1:
        if time.perf_counter() - start > 600:
            raise RuntimeError("the new trajectory did not show within 10 minutes")
        time.sleep(0.05)
    shown = time.perf_counter()
    with transaction.atomic():
        trajectory.delete()
    removed = time.perf_counter()
    after = in_care_now()
    return {
        "save_and_refresh": committed - start,
        "until_shown": shown - start,
        "delete_and_refresh": removed - shown,
        "back_to_before": float(after == before),
    }


# -- MVS size (SQLite) -------------------------------------------------------------------


def run_mvs(repeat: int) -> None:
    """Every dashboard filter change at MVS size (the page as htmx asks for it) and the
    queries per dashboard request. MVS size: the demo data plus five years of history of
    about 2,250 children in care a year (demo_history's default, the size of MVS)."""
    VAR.mkdir(parents=True, exist_ok=True)
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("region_load", str(ROOT / "regions" / "mvs.yaml"), verbosity=0)
    call_command("demo_data", "--scale", "mvs", verbosity=0)

    from jeugdmodel.history.models import HistoryImport
    from jeugdmodel.history.services import history_import

    if not HistoryImport.objects.exists():
        from jeugdmodel.demo.history_demo import history_demo_write

        history = VAR / "history-mvs-s1-5y.jsonl"
        if not history.exists():
            history_demo_write(path=history, seed=1, years=5, region="mvs")
        result = history_import(path=history)
        assert result.ok, result.rejected[:3]
    prepared = time.perf_counter() - started

    from jeugdmodel.region.models import District, Team
    from jeugdmodel.steering import selectors as s
    from jeugdmodel.steering.models import AgeGroup, Cell
    from jeugdmodel.steering.views import _periods

    user = bench_user(None)  # contract management: every municipality, district and team
    client = page_client(user)
    scope = s.region_scope()
    from django.utils import timezone

    changes: list[tuple[str, dict[str, str]]] = [("begin", {})]
    changes += [(f"periode {p.code}", {"periode": p.code}) for p in _periods(timezone.localdate())]
    changes += [(f"gemeente {m}", {"gemeente": str(m)}) for m in scope.municipalities]
    for d in District.objects.filter(municipality_id__in=scope.municipalities):
        changes.append((f"wijk {d.code}", {"gemeente": str(d.municipality_id), "wijk": str(d.id)}))
    changes += [(f"team {t.code}", {"team": str(t.id)}) for t in Team.objects.order_by("code")]
    changes += [(f"leeftijd {g.label}", {"leeftijd": str(g.value)}) for g in AgeGroup]
    changes += [(f"geslacht {x}", {"geslacht": x}) for x in s.SEX_LABELS]
    changes += [(f"indeling {c}", {"indeling": c}) for c in s.CUTS]

    def get(params: dict[str, str]) -> None:
        response = client.get("/sturing/", params, headers={"HX-Request": "true"})
        assert response.status_code == 200, (params, response.status_code)

    times, counts = [], []
    slowest = ("", 0.0)
    for label, params in changes:
        t = median_time(lambda q=params: get(q), repeat=repeat)
        times.append(t)
        counts.append(query_count(lambda q=params: get(q)))
        if t > slowest[1]:
            slowest = (label, t)
    full = median_time(lambda: page_get(client, {}), repeat=repeat)
    imported = HistoryImport.objects.order_by("id").first()
    print(f"\nMVS-schaal (SQLite): {Cell.objects.count():,} cellen; klaarzetten {prepared:.0f}s")
    if imported is not None:
        print(f"  historie: {imported.rows:,} rijen ({imported.file_name})")
    print(f"  filterwisselingen (htmx), elk mediaan van {repeat}: {len(changes)}")
    print(f"  mediaan                               {statistics.median(times) * 1000:>8.1f}ms")
    print(f"  p90                                   {_p(times, 0.9) * 1000:>8.1f}ms")
    print(f"  traagste ({slowest[0] + ')':<27} {slowest[1] * 1000:>8.1f}ms")
    print(f"  hele pagina (geen htmx)               {full * 1000:>8.1f}ms")
    groups: dict[str, list[int]] = defaultdict(list)
    for (label, _params), n in zip(changes, counts, strict=True):
        groups[label.split(" ")[0]].append(n)
    print("  queries per dashboardverzoek (per soort filterwisseling, min–max):")
    print("    " + ", ".join(f"{k} {min(v)}–{max(v)}" for k, v in groups.items()))
    print(f"  queries voor de beginpagina (contractmanagement, per gemeente): {counts[0]}")


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# -- National ----------------------------------------------------------------------------


def tune_cells() -> None:
    """What a rebuild could do at no extra cost: statistics for the planner, and the cells
    of one period together on disk (written in period order)."""
    from django.db import connection

    from jeugdmodel.steering.models import Cell

    table = Cell._meta.db_table
    start = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(f'CLUSTER "{table}" USING steering_cell_period_muni')
        cur.execute(f'ANALYZE "{table}"')
    print(f"\nCLUSTER + ANALYZE van {table}: {time.perf_counter() - start:.1f}s")


def diagnose(user: Any, params: dict[str, str], label: str) -> None:
    """Why our dashboard takes what it takes: its queries on the cell table (how many,
    how many distinct, their time), EXPLAIN ANALYZE of the slowest, and the same queries
    on a rollup without team, age group and sex (a temporary table of this session)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jeugdmodel.steering.models import Cell

    table = Cell._meta.db_table
    with CaptureQueriesContext(connection) as ctx:
        dashboard_request(user, params)
    cell_queries = [q for q in ctx.captured_queries if 'FROM "steering_' in q["sql"]]
    total = sum(float(q["time"]) for q in cell_queries)
    distinct = {q["sql"] for q in cell_queries}
    print(f"\n{label}: {len(ctx.captured_queries)} queries, waarvan {len(cell_queries)} op "
          f"de cellen ({len(distinct)} verschillend), samen {total * 1000:.0f}ms")  # fmt: skip
    slowest = max(cell_queries, key=lambda q: float(q["time"]))
    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
        plan = [row[0] for row in cur.fetchall()]
    print("  EXPLAIN ANALYZE van de traagste:")
    for line in plan:
        if "Filter:" in line or "Cond:" in line:
            line = line[:110] + ("…" if len(line) > 110 else "")
        print(f"    {line}")
    rollups = {
        "bench_rollup_wijk": "municipality_id, district_id",
        "bench_rollup_gemeente": "municipality_id",
    }
    with connection.cursor() as cur:
        cur.execute(f'SELECT count(*) FROM "{table}"')
        cells = cur.fetchone()[0]
        for name, keys in rollups.items():
            start = time.perf_counter()
            cur.execute(f"DROP TABLE IF EXISTS {name}")
            cur.execute(
                f"CREATE TEMP TABLE {name} AS SELECT period_kind, period_start, {keys}, "
                f'measure, bucket, sum(value) AS value FROM "{table}" '
                f"GROUP BY period_kind, period_start, {keys}, measure, bucket "
                f"ORDER BY period_kind, period_start, municipality_id, measure"
            )
            cur.execute(
                f"CREATE INDEX ON {name} (period_kind, period_start, municipality_id, measure)"
            )
            cur.execute(f"ANALYZE {name}")
            built = time.perf_counter() - start
            cur.execute(f"SELECT count(*), pg_total_relation_size('{name}') FROM {name}")
            rows, size = cur.fetchone()
            print(f"  {name} ({keys}; zonder team, leeftijd, geslacht): {rows:,} rijen "
                  f"({100 * rows / max(cells, 1):.1f}% van {cells:,} cellen, "
                  f"{size / 2**20:.0f} MB), gemaakt in {built:.1f}s")  # fmt: skip
        rolled = 0.0
        for q in cell_queries:
            name = "bench_rollup_wijk" if "district_id" in q["sql"] else "bench_rollup_gemeente"
            start = time.perf_counter()
            cur.execute(q["sql"].replace(f'"{table}"', name))
            cur.fetchall()
            rolled += time.perf_counter() - start
        once = 0.0
        for sql in distinct:  # each distinct query once: the section tables share theirs
            name = "bench_rollup_wijk" if "district_id" in sql else "bench_rollup_gemeente"
            start = time.perf_counter()
            cur.execute(sql.replace(f'"{table}"', name))
            cur.fetchall()
            once += time.perf_counter() - start
    print(f"  dezelfde {len(cell_queries)} queries op de rollups: {rolled * 1000:.0f}ms "
          f"(op de cellen {total * 1000:.0f}ms); alleen de {len(distinct)} verschillende, "
          f"één keer: {once * 1000:.0f}ms")  # fmt: skip


def table_sizes() -> dict[str, int]:
    from django.db import connection

    from jeugdmodel.steering.models import Cell

    out = {}
    with connection.cursor() as cur:
        for name, (model, _fields) in _export_tables().items():
            cur.execute(f'SELECT count(*) FROM "{model._meta.db_table}"')
            out[name] = cur.fetchone()[0]
        cur.execute(f'SELECT count(*) FROM "{Cell._meta.db_table}"')
        out["steering_cell"] = cur.fetchone()[0]
        cur.execute("SELECT to_regclass('steering_municipalitycell') IS NOT NULL")
        if cur.fetchone()[0]:
            cur.execute("SELECT count(*) FROM steering_municipalitycell")
            out["steering_municipalitycell"] = cur.fetchone()[0]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument(
        "--municipality",
        action="append",
        help="CBS code (GM…); repeat for more. Default: the median-sized and the largest.",
    )
    parser.add_argument("--period", help="e.g. 2026-Q3; default: the last complete quarter")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--parquet", type=Path, default=VAR / "parquet")
    parser.add_argument("--reuse-parquet", action="store_true")
    parser.add_argument("--rebuild", action="store_true", help="also time a full rebuild")
    parser.add_argument(
        "--diagnose",
        action="store_true",
        help="EXPLAIN ANALYZE of the cell queries and a rollup experiment",
    )
    parser.add_argument(
        "--tune",
        action="store_true",
        help="then ANALYZE and CLUSTER the cell table (by period) and time ours again",
    )
    parser.add_argument("--no-freshness", action="store_true")
    parser.add_argument("--no-mvs", action="store_true")
    parser.add_argument("--mvs-only", action="store_true")
    args = parser.parse_args()

    if args.mvs_only:
        os.environ["DATABASE_URL"] = f"sqlite:///{VAR / 'mvs.sqlite3'}"
        django_setup(None)
        run_mvs(max(args.repeat, 5))
        return
    if not args.database_url or not args.database_url.startswith("postgres"):
        sys.exit("Gebruik --database-url postgres://… (de landelijke gegevens in PostgreSQL).")
    django_setup(args.database_url)

    from django.db.models import Sum

    from jeugdmodel.region.models import Municipality
    from jeugdmodel.steering import selectors as s
    from jeugdmodel.steering.loader import goal_reached_score
    from jeugdmodel.steering.periods import period_parse, periods_back
    from jeugdmodel.steering.services import steering_horizon

    period = period_parse(args.period) if args.period else s.default_period("Q")
    scope = s.region_scope()
    horizon = steering_horizon()
    from django.utils import timezone

    today = timezone.localdate()
    if args.municipality:
        chosen = list(Municipality.objects.filter(code__in=args.municipality))
    else:
        by_size = list(
            Municipality.objects.annotate(n=Sum("districts__inhabitants")).order_by("n", "code")
        )
        chosen = [by_size[len(by_size) // 2], by_size[-1]] if by_size else []

    # What autovacuum does within a minute or so of a large write; without it the planner
    # guesses the freshly rebuilt cell table empty (a sort spilling to disk instead of a
    # hash aggregate).
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    sizes = table_sizes()
    print(f"Gegevens ({args.database_url.rsplit('/', 1)[-1]}), periode {period.code}:")
    for name, n in sizes.items():
        print(f"  {name:<20} {n:>12,}")
    summary = VAR / f"national-{args.database_url.rsplit('/', 1)[-1]}.json"
    if summary.exists():
        print(f"\nOpbouw (uit {summary.relative_to(ROOT)}):")
        for k, v in json.loads(summary.read_text()).items():
            print(f"  {k:<28} {v}")

    if args.reuse_parquet and (args.parquet / "trajectory.parquet").exists():
        print(f"\nParquet hergebruikt uit {args.parquet}")
    else:
        start = time.perf_counter()
        exported = export_parquet(args.parquet)
        print(f"\nExport naar Parquet: {time.perf_counter() - start:.1f}s")
        for name, (rows, seconds) in exported.items():
            print(f"  {name:<20} {rows:>12,} rijen {seconds:>7.1f}s")

    con = duck_connect(args.parquet)
    periods = periods_back(period, 8)
    trend = [(p.start, p.end) for p in periods]
    goal = goal_reached_score()

    def duck(muni: int | None) -> DuckResult:
        return duck_dashboard(
            con,
            period_start=period.start,
            period_end=period.end,
            trend=trend,
            kind=period.kind,
            horizon=horizon,
            today=today,
            municipality=muni,
            municipalities=scope.municipalities,
            goal_score=goal,
        )

    rows: list[tuple[str, float, float]] = []
    duck_times: dict[str, float] = {}
    splits: list[tuple[str, float, float, float, float]] = []
    mismatches: list[str] = []
    targets = [(f"gemeente {m.code} {m.name} (per wijk)", m.id, "district") for m in chosen]
    targets.append(("heel het land (per gemeente)", None, "municipality"))
    counts = {}
    for label, muni, by in targets:
        user = bench_user(muni)
        params = {"periode": period.code}
        client = page_client(user)
        build_t = median_time(lambda u=user, q=params: dashboard_request(u, q), repeat=args.repeat)
        page_t = median_time(lambda c=client, q=params: page_get(c, q), repeat=args.repeat)
        duck_t = median_time(lambda m=muni: duck(m), repeat=args.repeat)
        duck_times[label] = duck_t
        rows.append((f"{label}: dashboard_build", build_t, duck_t))
        rows.append((f"{label}: hele pagina (HTTP)", page_t, duck_t))
        counts[label] = query_count(lambda c=client, q=params: page_get(c, q))
        with Clock() as clock:
            dashboard_request(user, params)
        splits.append((label, build_t, clock.sql, clock.suppress, 0.0))
        filters = s.Filters(municipality=muni) if muni else s.Filters()
        try:
            raw = dashboard(scope, filters, period, by, protect=False)
            unprotected = median_time(
                lambda f=filters, b=by: dashboard(scope, f, period, b, protect=False),
                repeat=args.repeat,
            )
            splits[-1] = (*splits[-1][:4], unprotected)
        except TypeError:  # figure_table without protect: compare what is shown
            raw = dashboard(scope, filters, period, by)
        problems = compare(
            our_tables(raw), duck_tables(duck(muni), [p.start for p in periods], muni),
            label=label,
        )  # fmt: skip
        mismatches.extend(problems)
    tiles = []
    for label, muni, _by in targets:
        filters = s.Filters(municipality=muni) if muni else s.Filters()
        ours_n = s.figure_table(scope, filters, period, figures=["children_in_care"], protect=False)
        duck_n = duck_tile(con, start=period.start, end=period.end, horizon=horizon,
                           municipality=muni)  # fmt: skip
        ours_value = ours_n.rows[-1].values["children_in_care"].raw
        if ours_value != duck_n:
            mismatches.append(f"tegel {label}: jeugdmodel {ours_value}, DuckDB {duck_n}")
        tile_t = median_time(
            lambda f=filters: s.figure_table(scope, f, period, figures=["children_in_care"]),
            repeat=args.repeat,
        )
        duck_tile_t = median_time(
            lambda m=muni: duck_tile(con, start=period.start, end=period.end, horizon=horizon,
                                     municipality=m),
            repeat=args.repeat,
        )  # fmt: skip
        tiles.append((f"{label.split(' (')[0]}: tegel kinderen in zorg", tile_t, duck_tile_t))
    rows.extend(tiles)
    side_by_side(
        f"Dashboard {period.code}: jeugdmodel (cellen in PostgreSQL) naast DuckDB "
        f"(ruwe rijen in Parquet); mediaan van {args.repeat}, warm",
        rows,
    )
    print("  queries per dashboardverzoek (pagina): "
          + ", ".join(f"{k.split(' (')[0]}: {v}" for k, v in counts.items()))  # fmt: skip
    print("\nWaar de tijd van dashboard_build heen gaat (één meting):")
    head = ("totaal", "SQL", "celsleutel", "zonder bescherming")
    print(f"  {'':<{WIDTH}} {head[0]:>9} {head[1]:>9} {head[2]:>17} {head[3]:>19}")
    for label, total, sql, suppress, unprotected in splits:
        print(f"  {label:<{WIDTH}} {total * 1000:>7.0f}ms {sql * 1000:>7.0f}ms "
              f"{suppress * 1000:>15.0f}ms {unprotected * 1000:>17.0f}ms")  # fmt: skip
    if mismatches:
        print(f"\n!!! VERSCHIL: {len(mismatches)} cijfers van DuckDB wijken af van de onze !!!")
        for line in mismatches[:40]:
            print(f"  !!! {line}")
    else:
        print("\nDuckDB en jeugdmodel geven dezelfde cijfers: alle secties behalve bereik "
              "(elke rij en het totaal), de trend en de kerncijfers.")  # fmt: skip

    if args.diagnose:
        for label, muni, _by in targets:
            diagnose(bench_user(muni), {"periode": period.code}, label)
    if args.tune:
        tune_cells()
        again = []
        for label, muni, _by in targets:
            user = bench_user(muni)
            params = {"periode": period.code}
            client = page_client(user)
            build_t = median_time(
                lambda u=user, q=params: dashboard_request(u, q), repeat=args.repeat
            )
            page_t = median_time(lambda c=client, q=params: page_get(c, q), repeat=args.repeat)
            again.append((f"{label}: dashboard_build", build_t, duck_times[label]))
            again.append((f"{label}: hele pagina (HTTP)", page_t, duck_times[label]))
        side_by_side(
            "Na ANALYZE en CLUSTER van steering_cell (op periode): jeugdmodel naast DuckDB", again
        )

    if not args.no_freshness:
        print("\nVersheid: een traject vastgelegd nu, tot het in figure_table staat")
        for m in chosen:
            result = freshness(m.id)
            if not result:
                print(f"  {m.code}: geen kind zonder zorg gevonden om mee te meten")
                continue
            print(
                f"  {m.code} {m.name:<24} opslaan+verversen {result['save_and_refresh']:>7.2f}s"
                f"  zichtbaar na {result['until_shown']:>7.2f}s"
                f"  verwijderen+verversen {result['delete_and_refresh']:>7.2f}s"
            )
    if args.rebuild:
        from jeugdmodel.steering.services import steering_rebuild

        start = time.perf_counter()
        cells = steering_rebuild()
        print(f"\nVolledige steering_rebuild: {time.perf_counter() - start:.1f}s, {cells:,} cellen")

    if not args.no_mvs:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        subprocess.run(  # noqa: S603 (this very module, with fixed arguments)
            [sys.executable, "-m", "bench.steering", "--mvs-only", "--repeat", str(args.repeat)],
            cwd=ROOT,
            env=env,
            check=True,
        )


if __name__ == "__main__":
    main()
