"""The privacy officer's access-log searches at national table sizes.

Fills the access log (and one subject per row) up to --rows rows with synthetic entries
spread over a year (5 000 users, 200 organisations, 2 million people, 500 000 cases; a
few percent exports and emergency accesses), then times each search the review page
offers (one page of 50 rows, as the page asks it) and the unusual-access report over a
week: median of --repeat warm runs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jm_bench bin/bench audit --rows 10000000
    bin/bench audit                   # SQLite under var/bench, 200 000 rows

Rows already there are kept; only the difference is added (a second run times at once).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

USERS, ORGS, PEOPLE, CASES, DAYS = 5000, 200, 2_000_000, 500_000, 365


def _setup() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    if not os.environ.get("DATABASE_URL"):
        var = ROOT / "var" / "bench"
        var.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{var / 'audit.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jeugdmodel.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


_PG_FILL = """
INSERT INTO audit_accesslogentry
  (at, user_id, username, role, organisation, action, event, record_type, record_id,
   reason, request_id, client_request_id, client_address, details)
SELECT now() - (random() * interval '{days} days'),
       u, 'u' || u, 'wijkteam_professional', 'Organisatie ' || (u % {orgs}),
       CASE WHEN g % 50 = 0 THEN 'export' WHEN g % 997 = 0 THEN 'emergency' ELSE 'read' END,
       CASE WHEN g % 997 = 0 THEN 'emergency.start' ELSE 'case.view' END,
       'case', 'case-' || (g % {cases}), '', '', '', NULL, '{{}}'::jsonb
FROM (SELECT g, 1 + (g * 7919) % {users} AS u
      FROM generate_series({start}::bigint, {end}::bigint) g) s
"""
_PG_SUBJECTS = """
INSERT INTO audit_accesslogsubject (entry_id, subject_id)
SELECT id, 1 + (id * 104729) % {people} FROM audit_accesslogentry WHERE id > {after}
"""
_SQLITE_FILL = """
WITH RECURSIVE s(g) AS (SELECT {start} UNION ALL SELECT g + 1 FROM s WHERE g < {end})
INSERT INTO audit_accesslogentry
  (at, user_id, username, role, organisation, action, event, record_type, record_id,
   reason, request_id, client_request_id, client_address, details)
SELECT strftime('%Y-%m-%d %H:%M:%f', 'now',
                '-' || (abs(random()) % ({days} * 86400)) || ' seconds'),
       1 + (g * 7919) % {users}, 'u' || (1 + (g * 7919) % {users}), 'wijkteam_professional',
       'Organisatie ' || ((1 + (g * 7919) % {users}) % {orgs}),
       CASE WHEN g % 50 = 0 THEN 'export' WHEN g % 997 = 0 THEN 'emergency' ELSE 'read' END,
       CASE WHEN g % 997 = 0 THEN 'emergency.start' ELSE 'case.view' END,
       'case', 'case-' || (g % {cases}), '', '', '', NULL, '{{}}'
FROM s
"""
_SQLITE_SUBJECTS = """
INSERT INTO audit_accesslogsubject (entry_id, subject_id)
SELECT id, 1 + (id * 104729) % {people} FROM audit_accesslogentry WHERE id > {after}
"""


def fill(rows: int, chunk: int = 1_000_000) -> int:
    from django.db import connection, transaction

    from jeugdmodel.audit.models import AccessLogEntry

    have = AccessLogEntry.objects.count()
    pg = connection.vendor == "postgresql"
    started = time.perf_counter()
    while have < rows:
        n = min(chunk, rows - have)
        after = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
        sql = (_PG_FILL if pg else _SQLITE_FILL).format(
            days=DAYS, orgs=ORGS, cases=CASES, users=USERS, start=have + 1, end=have + n
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
            cursor.execute(
                (_PG_SUBJECTS if pg else _SQLITE_SUBJECTS).format(people=PEOPLE, after=after)
            )
        have += n
        print(f"  {have:>12,} rijen ({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return have


def _median_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    _setup()
    from django.db import connection
    from django.utils import timezone

    from jeugdmodel.accounts.models import User
    from jeugdmodel.accounts.roles import Role
    from jeugdmodel.audit.selectors import (
        AccessLogFilter,
        access_log_page,
        access_log_unusual,
        access_log_visible_to,
    )

    print(f"Toegangslog vullen tot {args.rows:,} rijen op {connection.vendor} …")
    total = fill(args.rows)
    officer = User.objects.filter(username="bench-privacy").first() or User.objects.create(
        username="bench-privacy", role=Role.PRIVACY_OFFICER.value
    )
    today = timezone.localdate()
    day = today - timedelta(days=40)
    searches: dict[str, AccessLogFilter] = {
        "geen filter (nieuwste 50)": AccessLogFilter(),
        "betrokkene (persoon)": AccessLogFilter(subject_ids=(123_457,)),
        "gebruiker": AccessLogFilter(username="u1234"),
        "organisatie": AccessLogFilter(organisation="Organisatie 17"),
        "handeling noodtoegang": AccessLogFilter(action="emergency"),
        "periode (één dag, 40 dagen terug)": AccessLogFilter(date_from=day, date_to=day),
        "gebruiker + periode (een maand)": AccessLogFilter(
            username="u1234", date_from=day - timedelta(days=30), date_to=day
        ),
        "kenmerk (casus)": AccessLogFilter(record_id="case-4242"),
        "organisatie + handeling export, pagina 20": AccessLogFilter(
            organisation="Organisatie 17", action="export"
        ),
    }
    print(f"\n{total:,} rijen; mediaan van {args.repeat} warme runs, één pagina van 50 rijen:")
    for label, filters in searches.items():
        number = 20 if "pagina 20" in label else 1

        def run(f: AccessLogFilter = filters, n: int = number) -> object:
            qs = access_log_visible_to(user=officer, filters=f)
            return access_log_page(qs, number=n, per_page=50).rows

        print(f"  {label:<46} {_median_ms(run, args.repeat):>9.1f} ms")

    def report() -> object:
        return access_log_unusual(user=officer, date_from=today - timedelta(days=6), date_to=today)

    print(
        f"  {'rapport ongewone toegang (7 dagen)':<46} {_median_ms(report, args.repeat):>9.1f} ms"
    )


if __name__ == "__main__":
    main()
