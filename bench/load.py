"""Load test of the production set-up (locust, headless, 127.0.0.1 only, bounded in time).

Starts bin/production (gunicorn, job worker, scheduler; production settings, Redis as the
shared cache) on a fresh PostgreSQL database with the MVS region and demo data, signs in
simulated users and runs two phases of `--duration` seconds each with the same users:

1. the mix: wijkteam professionals (home page, case list, case page, a journal entry
   written, a plan saved), team leads (worklist), flex specialists (consultation queue)
   and municipality users (steering dashboard, the same few filters again and again, as
   htmx asks for them);
2. the bare view: the same users ask only for a view that renders the same base template
   through the same middleware and server (the ceiling of the stack here).

It prints requests/s and p50/p95/p99 per page next to the bare view's, and each p95 as a
ratio to the bare view's p95 (target: within 5x, zero errors). Everything it started is
stopped and the database dropped, also on failure or Ctrl+C.

    bin/bench load                         # 60 s per phase, 15 users
    bin/bench load --duration 30 --users 24 --web-workers 2
    bin/bench load --keep-database         # leave the database for a look afterwards

Environment: JEUGDMODEL_LOAD_PG [postgres://postgres@127.0.0.1:5432] (the server to make
the database on), JEUGDMODEL_LOAD_REDIS [redis://127.0.0.1:6379/0]. Decision 0092.
"""

# ruff: noqa: I001 - locust patches the standard library for gevent: it comes first.
import locust
from locust import FastHttpUser, between, events, task
from locust.env import Environment

import argparse
import html.parser
import json
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

import gevent

ROOT = Path(__file__).resolve().parent.parent
BARE = "kale view (base.html, zelfde middleware)"
CSRF_COOKIE = "__Host-csrftoken"

#: Filled in by main() before the users start: the sessions and cases per kind of user.
SESSIONS: dict[str, list[dict[str, Any]]] = {}
SESSION_COOKIE = "__Host-sessionid"
#: The municipality users' filters, asked for again and again (as htmx does).
DASHBOARD_FILTERS: list[dict[str, str]] = []


class FormReader(html.parser.HTMLParser):
    """The fields of the form whose action ends with `action`, as a browser would send
    them unchanged (text inputs, hidden fields, checked boxes, selected options)."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.inside = False
        self.found = False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_value: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action", "").endswith(self.action) and not self.found
            self.found = self.found or self.inside
        if not self.inside or not a.get("name"):
            if tag == "option" and self._select is not None:
                self._option(a)
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file"):
                return
            self.fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select, self._select_value = a["name"], None
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []

    def _option(self, a: dict[str, str]) -> None:
        if self._select_value is None or "selected" in a:
            self._select_value = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select is not None:
            self.fields.append((self._select, self._select_value or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None


def form_fields(page: str, action: str) -> list[tuple[str, str]]:
    reader = FormReader(action)
    reader.feed(page)
    if not reader.found:
        raise ValueError(f"no form posting to …{action}")
    return reader.fields


class SignedIn(FastHttpUser):
    """A user with a session of their own (signed in, second factor passed)."""

    abstract = True
    kind = ""
    bare_only = False

    def on_start(self) -> None:
        pool = SESSIONS[self.kind]
        self.account = pool[self._index() % len(pool)]
        # The production cookies are Secure (__Host-): over plain HTTP on 127.0.0.1 the
        # client would not send them back, so they travel in a header of our own.
        self.csrf = secrets.token_hex(16)
        self.cookie = f"{SESSION_COOKIE}={self.account['session']}; {CSRF_COOKIE}={self.csrf}"

    _count: dict[str, int] = {}

    def _index(self) -> int:
        n = SignedIn._count.get(self.kind, 0)
        SignedIn._count[self.kind] = n + 1
        return n

    def get(self, url: str, name: str, **headers: str) -> str:
        with self.client.get(
            url, name=name, headers={"Cookie": self.cookie, **headers}, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {url}")
                return ""
            return response.text or ""

    def post(self, url: str, fields: list[tuple[str, str]], name: str, expect: int = 302) -> None:
        body = urllib.parse.urlencode(fields)
        with self.client.post(
            url,
            name=name,
            data=body,
            headers={
                "Cookie": self.cookie,
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": self.csrf,
            },
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code} on POST {url}")


class Bare(SignedIn):
    abstract = True

    @task
    def bare(self) -> None:
        self.get("/__kaal__/", BARE)


class Professional(SignedIn):
    """A wijkteam professional: looks at their work, opens a case, writes down a contact,
    now and then saves the plan."""

    abstract = True
    kind = "professional"
    weight = 8

    def case(self) -> str:
        return str(random.choice(self.account["cases"]))

    @task(3)
    def home(self) -> None:
        self.get("/", "startpagina professional")

    @task(2)
    def case_list(self) -> None:
        self.get("/casussen/", "casuslijst professional")

    @task(6)
    def case_page(self) -> None:
        self.get(f"/casussen/{self.case()}/", "casuspagina regiehouder")

    @task(2)
    def journal_entry(self) -> None:
        case = self.case()
        page = self.get(f"/casussen/{case}/journaal/", "journaal")
        if not page:
            return
        fields = dict(form_fields(page, "/journaal/toevoegen/"))
        fields.update(
            {
                "journal-on": date.today().isoformat(),
                "journal-kind": "phone",
                "journal-duration_minutes": "15",
                "journal-with_whom": "moeder",
                "journal-note": "Belasting getest: kort telefonisch contact.",
            }
        )
        self.post(
            f"/casussen/{case}/journaal/toevoegen/",
            list(fields.items()),
            "journaal: contact (POST)",
        )

    @task(1)
    def plan_save(self) -> None:
        case = self.case()
        page = self.get(f"/casussen/{case}/plan/", "plan")
        if not page:
            return
        fields = form_fields(page, "/plan/opslaan/")
        changed = [
            (k, f"{v} (bijgewerkt)"[:400] if k == "agreements-0-text" else v) for k, v in fields
        ]
        self.post(f"/casussen/{case}/plan/opslaan/", changed, "plan opslaan (POST)")


class TeamLead(SignedIn):
    abstract = True
    kind = "lead"
    weight = 2

    @task
    def worklist(self) -> None:
        self.get("/aanmeldingen/werklijst/", "werklijst teamleider")


class Flex(SignedIn):
    abstract = True
    kind = "flex"
    weight = 2

    @task
    def queue(self) -> None:
        self.get("/consultaties/", "consultatiewachtrij flex")


class Municipality(SignedIn):
    abstract = True
    kind = "municipality"
    weight = 3

    @task(1)
    def dashboard(self) -> None:
        self.get("/sturing/", "sturingsdashboard (pagina)")

    @task(4)
    def dashboard_filter(self) -> None:
        query = urllib.parse.urlencode(random.choice(DASHBOARD_FILTERS))
        self.get(
            f"/sturing/?{query}",
            "sturingsdashboard (filter, htmx)",
            **{"HX-Request": "true", "HX-Trigger-Name": "indeling"},
        )


def _concrete(base: type[SignedIn], bare: bool, wait: tuple[float, float]) -> type[SignedIn]:
    """The user class of a phase: its own tasks, or only the bare view."""
    attrs: dict[str, Any] = {"abstract": False, "wait_time": between(*wait)}
    bases: tuple[type, ...] = (Bare, base) if bare else (base,)
    if bare:
        attrs["tasks"] = [Bare.bare]
    return type(f"{base.__name__}{'Bare' if bare else ''}", bases, attrs)


def run_phase(
    host: str, users: int, duration: float, *, bare: bool, wait: tuple[float, float]
) -> dict[str, Any]:
    SignedIn._count = {}
    classes: list[type[locust.User]] = [
        _concrete(c, bare, wait) for c in (Professional, TeamLead, Flex, Municipality)
    ]
    env = Environment(user_classes=classes, host=host, events=events)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=max(users, 1))
    gevent.spawn_later(duration, runner.quit)
    runner.greenlet.join()
    out: dict[str, Any] = {}
    for (name, _method), entry in sorted(env.stats.entries.items()):
        out[name] = {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "rps": entry.num_requests / duration,
            "p50": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95),
            "p99": entry.get_response_time_percentile(0.99),
        }
    out["_errors"] = {
        f"{e.name}: {e.error}"[:160]: e.occurrences for e in env.stats.errors.values()
    }
    total = env.stats.total
    out["_total"] = {"requests": total.num_requests, "failures": total.num_failures}
    return out


def _run(cmd: list[str], env: dict[str, str], *, log: Path) -> None:
    with log.open("a") as out:
        subprocess.run(  # noqa: S603 - our own scripts
            cmd, cwd=ROOT, env=env, check=True, stdout=out, stderr=subprocess.STDOUT
        )


def _psql(admin_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=float, default=60, help="seconds per phase")
    parser.add_argument("--users", type=int, default=15, help="simulated users at once")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT_LOAD", "8097")))
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--think", type=float, nargs=2, default=(0.5, 1.5), metavar=("MIN", "MAX"))
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument(
        "--database",
        help="an existing database left by --keep-database: no new demo data, not dropped",
    )
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]

    pg = os.environ.get("JEUGDMODEL_LOAD_PG", "postgres://postgres@127.0.0.1:5432")
    database = args.database or f"jeugdmodel_load_{os.getpid()}"
    keep = args.keep_database or bool(args.database)
    work = Path(tempfile.mkdtemp(prefix="jeugdmodel-load-"))
    log = work / "production.log"
    host = f"http://127.0.0.1:{args.port}"
    env = {
        **os.environ,
        "DATABASE_URL": f"{pg}/{database}",
        "JEUGDMODEL_VAR_DIR": str(work / "var"),
        "DJANGO_SECURE_SSL_REDIRECT": "false",  # no TLS proxy in front here
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "JEUGDMODEL_CELL_KEY_SECRET": secrets.token_urlsafe(64),
        "JEUGDMODEL_METRICS_TOKEN": secrets.token_hex(16),
        "REDIS_URL": os.environ.get("JEUGDMODEL_LOAD_REDIS", "redis://127.0.0.1:6379/0"),
        "JEUGDMODEL_CACHE_PREFIX": database,
        "JEUGDMODEL_LOG_FORMAT": "json",
        "DJANGO_LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": str(args.web_workers),
        "GUNICORN_THREADS": str(args.threads),
        # The server runs the production settings plus the bare view (bench/load_settings.py).
        "JEUGDMODEL_PRODUCTION_SETTINGS": "bench.load_settings",
        "PYTHONPATH": str(ROOT),
    }
    server: subprocess.Popen[bytes] | None = None
    started = time.perf_counter()
    # Stopped from outside (timeout, Ctrl+C): clean up all the same.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        setup_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.load_settings"}
        python = str(ROOT / ".venv" / "bin" / "python")
        print(f"» database {database}, MVS-regio en demogegevens …", flush=True)
        _run([str(ROOT / "bin" / "production"), "--setup-only"], env, log=log)
        if not args.database:
            _run([python, "manage.py", "demo_data", "--seed", "1"], setup_env, log=log)
        sessions_file = work / "sessions.json"
        per = max(1, args.users)
        _run(
            [python, "-m", "bench.load_setup", "--out", str(sessions_file),
             "--professionals", str(per), "--leads", str(per), "--flex", str(per),
             "--municipality", str(per)],
            setup_env, log=log,
        )  # fmt: skip
        signed_in = json.loads(sessions_file.read_text())
        global SESSION_COOKIE
        SESSION_COOKIE = signed_in["cookie"]
        SESSIONS.update(signed_in["users"])
        this_year = date.today().year
        for cut in ("district", "age_group", "sex"):
            DASHBOARD_FILTERS.append({"indeling": cut})
            DASHBOARD_FILTERS.append({"indeling": cut, "periode": str(this_year - 1)})
        print(f"  klaar in {time.perf_counter() - started:.0f}s; bin/production starten …")
        server = subprocess.Popen(  # noqa: S603 - our own script
            [str(ROOT / "bin" / "production"), "--skip-setup", f"--port={args.port}"],
            cwd=ROOT,
            env=env,
            stdout=log.open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _wait_ready(host, server)
        print(
            f"» {args.users} gebruikers, {args.duration:.0f}s per fase, denktijd "
            f"{args.think[0]}–{args.think[1]}s, gunicorn {args.web_workers}×{args.threads}"
        )
        mix = run_phase(host, args.users, args.duration, bare=False, wait=tuple(args.think))
        bare = run_phase(host, args.users, args.duration, bare=True, wait=tuple(args.think))
        _report(mix, bare)
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        if keep:
            print(f"» database bewaard: {pg}/{database}")
        else:
            _psql(f"{pg}/postgres", f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        if server is not None and server.returncode not in (0, -15, None):
            print("--- laatste regels van bin/production:", file=sys.stderr)
            print("\n".join(log.read_text().splitlines()[-30:]), file=sys.stderr)
        shutil.rmtree(work, ignore_errors=True)
        print(f"» belastingstest: {time.perf_counter() - started:.0f}s")


def _wait_ready(host: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if server.poll() is not None:
            raise SystemExit("bin/production stopte voortijdig")
        try:
            with urllib.request.urlopen(f"{host}/gereed", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit("/gereed werd niet binnen 600 s gereed")


def _report(mix: dict[str, Any], bare: dict[str, Any]) -> None:
    ceiling = bare[BARE]
    print("\nBelastingstest op de productie-opzet (PostgreSQL, gunicorn, Redis), MVS-schaal")
    head = ("pagina", "verz/s", "p50", "p95", "p99", "fout", "p95/kaal")
    print("  {:<38} {:>7} {:>7} {:>7} {:>7} {:>5} {:>9}".format(*head))
    rows = [(BARE, ceiling)] + [(k, v) for k, v in mix.items() if not k.startswith("_")]
    worst = 0.0
    for name, row in rows:
        ratio = row["p95"] / max(ceiling["p95"], 1)
        if name != BARE:
            worst = max(worst, ratio)
        print(
            f"  {name:<38} {row['rps']:>7.1f} {row['p50']:>5.0f}ms {row['p95']:>5.0f}ms "
            f"{row['p99']:>5.0f}ms {row['failures']:>5} {ratio:>9.2f}"
        )
    failures = mix["_total"]["failures"] + bare["_total"]["failures"]
    requests = mix["_total"]["requests"]
    print(
        f"  totaal: {requests} verzoeken in de mix, {bare['_total']['requests']} kaal; "
        f"fouten: {failures}"
    )
    for text, count in {**mix["_errors"], **bare["_errors"]}.items():
        print(f"  !!! {count}× {text}")
    print(
        f"  doel: geen fouten ({'gehaald' if failures == 0 else 'NIET gehaald'}); elke p95 "
        f"binnen 5x de kale view (slechtste {worst:.2f}: "
        f"{'gehaald' if worst <= 5 else 'NIET gehaald'})"
    )


if __name__ == "__main__":
    assert locust  # imported first for its gevent patches
    main()
