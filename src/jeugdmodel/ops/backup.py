"""Backup and restore of the database and the uploaded documents (docs/operations.md).

A backup is one `.tar.gz` with:
- `manifest.json`: format, Jeugdmodel version, database vendor, the applied migrations,
  per table the row count and a checksum of its rows, per file its SHA-256, and the
  SHA-256 of the database dump;
- `database.pgdump` (pg_dump, custom format) or `database.sqlite3` (SQLite's online
  backup API: a consistent copy while the application runs);
- `media/…`: the uploaded documents and report files.

`restore` unpacks into a temporary folder and checks everything before it touches the
database: the archive is complete (a truncated file fails to unpack or its hashes do not
match), the format and the migrations equal this version's, and the vendor is the same.
After restoring it computes the manifest of the restored database and files and compares
it with the backup's: identical, or an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
PG_DUMP = "database.pgdump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media"


class BackupError(Exception):
    """A backup cannot be made or restored; the message is Dutch and says why."""


# -- what is in the database and on disk ---------------------------------------------------


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _canonical(value: Any) -> str:
    if isinstance(value, memoryview | bytes | bytearray):
        return "b:" + bytes(value).hex()
    if isinstance(value, datetime):
        return "t:" + value.isoformat()
    if value is None:
        return "\\N"
    return f"{type(value).__name__}:{value}"


def _media_files(root: Path) -> Iterator[Path]:
    if not root.exists():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path


def media_summary(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): _sha256_file(p) for p in _media_files(root)}


def code_migrations() -> list[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.disk_migrations)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jeugdmodel")
    except PackageNotFoundError:
        return "onbekend"


# -- backup ---------------------------------------------------------------------------------


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--host", str(db.get("HOST") or "127.0.0.1"), "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} mislukte: {result.stderr.strip()[:500]}")


def backup_create(out_dir: Path, *, media_root: Path | None = None) -> Path:
    """Write a backup of the database and the media folder to `out_dir`; returns the file."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = out_dir / f"jeugdmodel-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory(prefix="jm-backup-") as tmp:
        work = Path(tmp)
        dump = work / (PG_DUMP if connection.vendor == "postgresql" else SQLITE_COPY)
        if connection.vendor == "postgresql":
            state = _pg_dump_with_summary(dump)
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            copy = sqlite3.connect(dump)
            try:
                connection.connection.backup(copy)  # consistent while others write
            finally:
                copy.close()
            state = _summary_of_sqlite_file(dump)
        else:
            raise BackupError(f"Database {connection.vendor} wordt niet ondersteund.")
        manifest = {
            "format": FORMAT,
            "jeugdmodel_version": _version(),
            "created_at": timezone.now().isoformat(),
            "database_file": dump.name,
            "database_sha256": _sha256_file(dump),
            **state,
            "files": media_summary(media_root),
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
        partial = target.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / MANIFEST, arcname=MANIFEST)
            tar.add(dump, arcname=dump.name)
            for path in _media_files(media_root):
                tar.add(path, arcname=f"{MEDIA}/{path.relative_to(media_root).as_posix()}")
        partial.rename(target)  # a backup that exists is complete
    return target


def _pg_dump_with_summary(dump: Path) -> dict[str, Any]:
    """pg_dump and the manifest from one snapshot: a transaction exports its snapshot,
    pg_dump takes it, and the summary reads in the same transaction."""
    args, env = _pg_env()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run(
            [
                "pg_dump",
                *args,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                "--file",
                str(dump),
                str(connection.settings_dict["NAME"]),
            ],
            env,
        )
        return state_manifest_db(connection)


def _summary_of_sqlite_file(path: Path) -> dict[str, Any]:
    """The summary read from the copy itself (the live database may have moved on)."""
    from django.db.utils import load_backend

    settings_dict = {**connection.settings_dict, "NAME": str(path), "OPTIONS": {}}
    other = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "_backup_copy")
    try:
        return state_manifest_db(other)
    finally:
        other.close()


def state_manifest_db(conn: Any = None) -> dict[str, Any]:
    """Vendor, applied migrations, and per table the row count and a SHA-256 over every
    row (all columns, in a fixed order)."""
    conn = conn or connection
    with conn.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        migrations = sorted(f"{app}.{name}" for app, name in cursor.fetchall())
    tables = sorted(t for t in conn.introspection.table_names() if not t.startswith("sqlite_"))
    return {
        "vendor": conn.vendor,
        "migrations": migrations,
        "tables": {table: _table_summary(conn, table) for table in tables},
    }


def _table_summary(conn: Any, table: str) -> dict[str, Any]:
    quote = conn.ops.quote_name
    with conn.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {quote(table)} WHERE 1 = 0")  # noqa: S608  # nosec B608
        columns = len(cursor.description or [])
        order = ", ".join(str(i) for i in range(1, columns + 1))
        cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {order}")  # noqa: S608  # nosec B608
        digest = hashlib.sha256()
        rows = 0
        while batch := cursor.fetchmany(2000):
            for row in batch:
                digest.update("\x1f".join(_canonical(v) for v in row).encode())
                digest.update(b"\x1e")
                rows += 1
    return {"rows": rows, "sha256": digest.hexdigest()}


# -- restore --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    folder: Path
    manifest: dict[str, Any]


def backup_check(archive: Path, folder: Path) -> Checked:
    """Unpack and check a backup without touching the database. Raises BackupError with
    a Dutch message on a truncated, changed, foreign or other-version backup."""
    if not archive.is_file():
        raise BackupError(f"Back-up {archive} bestaat niet.")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar.getmembers():
                if (
                    not (member.isfile() or member.isdir())
                    or member.name.startswith(("/", ".."))
                    or "/../" in member.name
                ):
                    raise BackupError(f"De back-up bevat een onveilig pad: {member.name}.")
            tar.extractall(folder, filter="data")
    except (tarfile.TarError, EOFError, OSError, ValueError) as exc:
        raise BackupError(
            "De back-up is onvolledig of beschadigd (het archief is niet te lezen): "
            f"{type(exc).__name__}. Er is niets hersteld."
        ) from exc
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError("De back-up heeft geen leesbaar manifest. Er is niets hersteld.") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"De back-up heeft formaat {manifest.get('format')!r}; deze versie leest formaat "
            f"{FORMAT}. Er is niets hersteld."
        )
    if manifest.get("vendor") != connection.vendor:
        raise BackupError(
            f"De back-up is van een {manifest.get('vendor')}-database; deze installatie "
            f"gebruikt {connection.vendor}. Er is niets hersteld."
        )
    ours = code_migrations()
    if manifest.get("migrations") != ours:
        theirs = set(manifest.get("migrations") or [])
        differ = sorted(theirs.symmetric_difference(ours))[:5]
        raise BackupError(
            "De back-up is van een andere versie van Jeugdmodel (andere migraties, bv. "
            f"{', '.join(differ)}). Herstel met de versie waarmee hij is gemaakt "
            f"({manifest.get('jeugdmodel_version')}) en migreer daarna. Er is niets hersteld."
        )
    dump = folder / str(manifest.get("database_file", ""))
    if not dump.is_file() or _sha256_file(dump) != manifest.get("database_sha256"):
        raise BackupError(
            "De database in de back-up ontbreekt of klopt niet met het manifest. Er is niets "
            "hersteld."
        )
    media = folder / MEDIA
    found = media_summary(media)
    if found != manifest.get("files"):
        missing = sorted(set(manifest.get("files", {})) ^ set(found))[:5]
        raise BackupError(
            "De bestanden in de back-up kloppen niet met het manifest"
            + (f" ({', '.join(missing)})" if missing else "")
            + ". Er is niets hersteld."
        )
    return Checked(folder, manifest)


def _database_is_empty() -> bool:
    tables = [t for t in connection.introspection.table_names() if not t.startswith("sqlite_")]
    return not tables


def backup_restore(
    archive: Path, *, media_root: Path | None = None, replace: bool = False
) -> dict[str, Any]:
    """Restore `archive` into the configured database and media folder; returns the
    manifest. The database must be empty (a fresh one) unless `replace`."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="jm-restore-") as tmp:
        checked = backup_check(archive, Path(tmp))
        if not replace and not _database_is_empty():
            raise BackupError(
                "De database is niet leeg. Herstel in een nieuwe, lege database, of geef "
                "--vervang om de huidige inhoud te overschrijven. Er is niets hersteld."
            )
        if not replace and any(_media_files(media_root)):
            raise BackupError(
                f"De map voor documenten ({media_root}) is niet leeg. Er is niets hersteld."
            )
        dump = checked.folder / checked.manifest["database_file"]
        if connection.vendor == "postgresql":
            args, env = _pg_env()
            connection.close()
            options = ["--clean", "--if-exists"] if replace else []
            _run(
                [
                    "pg_restore",
                    *args,
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    *options,
                    "--dbname",
                    str(connection.settings_dict["NAME"]),
                    str(dump),
                ],
                env,
            )
        else:
            connection.ensure_connection()
            source = sqlite3.connect(dump)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        if replace and media_root.exists():
            shutil.rmtree(media_root)
        media_root.mkdir(parents=True, exist_ok=True)
        source_media = checked.folder / MEDIA
        for path in _media_files(source_media):
            target = media_root / path.relative_to(source_media)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    after = {**state_manifest_db(), "files": media_summary(media_root)}
    expected = {k: checked.manifest[k] for k in ("vendor", "migrations", "tables", "files")}
    if after != expected:
        differ = sorted(
            t
            for t in set(expected["tables"]) | set(after["tables"])
            if expected["tables"].get(t) != after["tables"].get(t)
        )
        raise BackupError(
            "Na het herstellen wijkt de database af van het manifest"
            + (f" (tabellen: {', '.join(differ[:5])})" if differ else "")
            + "."
        )
    return checked.manifest
