"""A private PostgreSQL cluster for the database fault tests (decision 0089).

The tests restart PostgreSQL and cut connections. They never touch the server the rest of
the suite uses: each test module starts its own cluster (``initdb`` in a temporary
directory, ``fsync=off``, only on 127.0.0.1, a free port, its socket in its own directory),
copies the migrated test database into it once (``pg_dump | pg_restore``, seconds where
running the migrations takes more than a minute), and gives every test a fresh database made
from that copy (``CREATE DATABASE … TEMPLATE``). PostgreSQL refuses to run as root, so when
the tests run as root (CI) the cluster runs as the ``postgres`` user through ``runuser``.

The application is pointed at the private database the way production is configured:
persistent connections (``CONN_MAX_AGE`` 60) with ``CONN_HEALTH_CHECKS``, so that a test
shows whether the application reconnects by itself after the server went away.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from django.db import connections

#: Every command and every wait here is bounded, so that a broken setup fails in seconds.
COMMAND_SECONDS = 60
#: Production keeps connections open (settings/base.py: DJANGO_CONN_MAX_AGE, 60 s by
#: default); the test settings turn that off, so it is set back here.
PRODUCTION_MAX_AGE = 60


class ClusterUnavailable(Exception):
    """A private cluster cannot be started here; the message says why."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _bin_dir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    if found:
        return found[0].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise ClusterUnavailable("initdb is not installed (looked in /usr/lib/postgresql/*/bin)")


class Cluster:
    """One private PostgreSQL server: start, restart, stop, and connections to it."""

    def __init__(self) -> None:
        self.bin = _bin_dir()
        self.port = _free_port()
        self.as_postgres = os.geteuid() == 0
        self.prefix: list[str] = []
        if self.as_postgres:
            runuser = shutil.which("runuser")
            try:
                account = pwd.getpwnam("postgres")
            except KeyError:
                account = None
            if runuser is None or account is None:
                raise ClusterUnavailable(
                    "running as root, and PostgreSQL does not run as root: needs runuser "
                    "and a postgres user"
                )
            self.prefix = [runuser, "-u", "postgres", "--"]
            # /tmp is traversable by everyone; $TMPDIR may be a directory only root enters.
            self.base = Path(tempfile.mkdtemp(prefix="jm-pg-", dir="/tmp"))
            os.chown(self.base, account.pw_uid, account.pw_gid)
        else:
            self.base = Path(tempfile.mkdtemp(prefix="jm-pg-"))
        self.data = self.base / "data"
        self.log = self.base / "server.log"

    def _run(self, program: str, *args: str) -> None:
        command = [*self.prefix, str(self.bin / program), *args]
        # Output to a file, not a pipe: the server that pg_ctl starts keeps what it
        # inherited open, and reading a pipe would wait for it to exit.
        output = self.base / "commands.log"
        with output.open("ab") as out:
            try:
                result = subprocess.run(  # noqa: S603 (fixed programs, our arguments)
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    timeout=COMMAND_SECONDS,
                    check=False,
                )
            except subprocess.TimeoutExpired as exc:
                raise ClusterUnavailable(f"{program} took over {COMMAND_SECONDS} s") from exc
        if result.returncode != 0:
            said = output.read_text(errors="replace")[-800:]
            log = self.log.read_text(errors="replace")[-1200:] if self.log.exists() else ""
            raise ClusterUnavailable(f"{program} {' '.join(args[:2])} failed: {said} {log}")

    def start(self) -> None:
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        options = (
            f"-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.base} "
            f"-c max_connections=40 -c shared_buffers=32MB"
        )
        self._run(
            "pg_ctl", "start", "-D", str(self.data), "-w", "-t", "30", "-o", options,
            "-l", str(self.log),
        )  # fmt: skip

    def restart(self) -> float:
        """``pg_ctl restart -m fast``: every session is ended, the server is back when this
        returns. Gives the seconds it took."""
        started = time.monotonic()
        self._run(
            "pg_ctl", "restart", "-D", str(self.data), "-m", "fast", "-w", "-t", "30",
            "-l", str(self.log),
        )  # fmt: skip
        return time.monotonic() - started

    def stop(self) -> None:
        """Stop the server (immediate shutdown) and remove its directory; should pg_ctl
        fail, the postmaster gets SIGQUIT (the same immediate shutdown) so none is left."""
        try:
            self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w", "-t", "30")
        except ClusterUnavailable:
            pid_file = self.data / "postmaster.pid"
            if pid_file.exists():
                with contextlib.suppress(ValueError, ProcessLookupError):
                    os.kill(int(pid_file.read_text().split()[0]), signal.SIGQUIT)
            raise
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    def connect(self, dbname: str = "postgres", *, autocommit: bool = True) -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user="postgres",
            dbname=dbname,
            autocommit=autocommit,
            connect_timeout=10,
        )

    def clone_from(self, settings_dict: dict[str, Any], name: str) -> None:
        """Copy a database of another server (schema and rows) into ``name`` here."""
        with self.connect() as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        source = [
            str(self.bin / "pg_dump"),
            "-h", str(settings_dict.get("HOST") or "127.0.0.1"),
            "-p", str(settings_dict.get("PORT") or 5432),
            "-U", str(settings_dict.get("USER") or "postgres"),
            "-Fc", "--no-owner", "--no-privileges",
            str(settings_dict["NAME"]),
        ]  # fmt: skip
        env = {**os.environ, "PGPASSWORD": str(settings_dict.get("PASSWORD") or "")}
        dump = subprocess.run(  # noqa: S603 (fixed program)
            source, capture_output=True, timeout=COMMAND_SECONDS, check=False, env=env
        )
        if dump.returncode != 0:
            raise ClusterUnavailable(f"pg_dump failed: {dump.stderr.decode()[-800:]}")
        target = [
            str(self.bin / "pg_restore"),
            "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", name,
            "--no-owner", "--no-privileges",
        ]  # fmt: skip
        restore = subprocess.run(  # noqa: S603 (fixed program)
            target, input=dump.stdout, capture_output=True, timeout=COMMAND_SECONDS, check=False
        )
        if restore.returncode != 0:
            raise ClusterUnavailable(f"pg_restore failed: {restore.stderr.decode()[-800:]}")

    def new_database(self, template: str, name: str) -> None:
        with self.connect() as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')

    def drop_database(self, name: str) -> None:
        with self.connect() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def app_on(cluster: Cluster, dbname: str) -> Iterator[None]:
    """Point the application's database connection (every thread's) at ``dbname`` of the
    private cluster, with production's connection settings; afterwards back to the suite's.

    The suite's connection of this thread (and the test transaction it may hold) is put
    aside untouched and put back at the end."""
    original = connections["default"]
    shared = connections.settings["default"]
    private = {
        **shared,
        "NAME": dbname,
        "HOST": "127.0.0.1",
        "PORT": cluster.port,
        "USER": "postgres",
        "PASSWORD": "",
        "CONN_MAX_AGE": PRODUCTION_MAX_AGE,
        # As settings/base.py has it (the test settings leave it): the setting under test.
        "CONN_HEALTH_CHECKS": shared.get("CONN_HEALTH_CHECKS", False),
    }
    # Threads started from here on (the live server, an import) make their connection
    # from these settings, as Django's live server does.
    connections.settings["default"] = private
    connections["default"] = connections.create_connection("default")
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"] = original
        connections.settings["default"] = shared


@dataclass
class Waiter:
    """A session of the application that waits for the lock: it is in the middle of its
    work. ``wrote_already``: its transaction had written before it had to wait."""

    pid: int
    query: str
    wrote_already: bool


class Hold:
    """Hold a lock from a separate session, so that the application stops at the first
    statement that needs it: a slow point inside the real code, without changing the code.
    ``table`` locks a whole table; ``row`` (table, id) only that row for writing, so that
    reads pass and the first write of that row waits; ``sql`` runs a statement of one's own
    (say an uncommitted row with a unique key that the application is about to write).
    ``wait_for_waiter`` says when, and where, the application is waiting."""

    def __init__(
        self,
        cluster: Cluster,
        dbname: str,
        *,
        table: str = "",
        row: tuple[str, int] | None = None,
        sql: str = "",
        params: list[Any] | None = None,
    ) -> None:
        self.conn = cluster.connect(dbname, autocommit=False)
        self.watch = cluster.connect(dbname)  # autocommit: a fresh view of the sessions
        if sql:
            self.what = sql.split()[0].lower() + " of a separate session"
            self.conn.execute(sql, params or [])
        elif row is not None:
            self.what = f"row {row[1]} of {row[0]}"
            self.conn.execute(f'SELECT 1 FROM "{row[0]}" WHERE id = %s FOR UPDATE', [row[1]])
        else:
            self.what = f"table {table}"
            self.conn.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')
        self.pid = self.conn.info.backend_pid

    def wait_for_waiter(self, timeout: float = 30) -> Waiter:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            row = self.watch.execute(
                "SELECT pid, query, backend_xid IS NOT NULL FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND %s = ANY(pg_blocking_pids(pid))",
                [self.pid],
            ).fetchone()
            if row is not None:
                return Waiter(int(row[0]), str(row[1]), bool(row[2]))
            time.sleep(0.02)
        self.release()
        raise AssertionError(f"nothing waited for the {self.what} within {timeout} s")

    def release(self) -> None:
        for conn in (self.conn, self.watch):
            try:
                conn.rollback()
            except psycopg.Error:
                pass  # the session ended with the server (restart): the lock went with it
            finally:
                conn.close()


class InThread:
    """Run ``target`` in a thread of its own (its own database connection, closed at the
    end); ``result`` waits for it, bounded, and re-raises what it raised."""

    def __init__(self, target: Any, *args: Any, **kwargs: Any) -> None:
        self.value: Any = None
        self.error: BaseException | None = None

        def run() -> None:
            try:
                self.value = target(*args, **kwargs)
            except BaseException as exc:
                self.error = exc
            finally:
                connections.close_all()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()

    def result(self, timeout: float = 60) -> Any:
        self.thread.join(timeout)
        if self.thread.is_alive():
            raise AssertionError(f"still running after {timeout} s")
        if self.error is not None:
            raise self.error
        return self.value
