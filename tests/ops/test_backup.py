"""Backup → restore into a fresh database → the same manifest (row count and checksum per
table, file hashes), on SQLite and on PostgreSQL (whichever the suite runs on). A backup
that is truncated, changed, from another version or another database is refused before
the database is touched."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.utils import load_backend

from jeugdmodel.accounts.models import User
from jeugdmodel.jobs.api import job_enqueue
from jeugdmodel.ops.backup import (
    MANIFEST,
    BackupError,
    backup_check,
    backup_create,
    state_manifest_db,
)
from tests.jobs import sample_jobs
from tests.reports.conftest import Place, cells, muni_user, place  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fresh_db(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """An empty database of the same kind as the test database, and its URL."""
    if connection.vendor == "sqlite":
        path = tmp_path / "fresh.sqlite3"
        yield {"url": f"sqlite:///{path}", "settings": {"NAME": str(path), "OPTIONS": {}}}
        return
    name = f"test_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    db = connection.settings_dict
    user, host, port = (
        db.get("USER") or "postgres",
        db.get("HOST") or "127.0.0.1",
        db.get("PORT") or 5432,
    )
    yield {"url": f"postgres://{user}@{host}:{port}/{name}", "settings": {"NAME": name}}
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _connect(fresh: dict[str, Any]) -> Any:
    settings_dict = {**connection.settings_dict, **fresh["settings"]}
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "fresh")


def _restore(archive: Path, fresh: dict[str, Any], media: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.jobs.worker_settings",
        "DATABASE_URL": fresh["url"],
        "JEUGDMODEL_MEDIA_ROOT": str(media),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    return subprocess.run(  # noqa: S603 (our own command)
        [sys.executable, str(ROOT / "manage.py"), "restore", str(archive)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def _tables(fresh: dict[str, Any]) -> list[str]:
    conn = _connect(fresh)
    try:
        return conn.introspection.table_names()
    finally:
        conn.close()


@pytest.fixture
def data(cells: Place, muni_user: User, tmp_path: Path) -> Path:  # noqa: F811
    """Rows in many tables (region, users, steering cells, a job) and uploaded files."""
    job_enqueue(sample_jobs.noop, idempotency_key="backup")
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "a1b2c3").write_bytes(b"%PDF-1.4 een document\n")
    (media / "reports").mkdir()
    (media / "reports" / "r.odt").write_bytes(os.urandom(2048))
    return media


@pytest.fixture
def archive(data: Path, tmp_path: Path) -> Path:
    return backup_create(tmp_path / "backups", media_root=data)


def test_backup_then_restore_into_a_fresh_database_gives_the_same_manifest(
    archive: Path, data: Path, fresh_db: dict[str, Any], tmp_path: Path
) -> None:
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile(MANIFEST).read())  # type: ignore[union-attr]
    assert manifest["vendor"] == connection.vendor
    assert manifest["tables"]["steering_cell"]["rows"] > 50
    assert manifest["tables"]["jobs_job"]["rows"] == 1
    assert manifest["tables"]["accounts_user"]["rows"] >= 1
    assert set(manifest["files"]) == {"documents/a1b2c3", "reports/r.odt"}
    assert manifest == {**manifest, **{"tables": state_manifest_db()["tables"]}}

    restored_media = tmp_path / "restored-media"
    result = _restore(archive, fresh_db, restored_media)
    assert result.returncode == 0, result.stderr
    assert "gelijk aan het manifest" in result.stdout
    conn = _connect(fresh_db)
    try:
        after = state_manifest_db(conn)
    finally:
        conn.close()
    assert after["tables"] == manifest["tables"]
    assert after["migrations"] == manifest["migrations"]
    assert (restored_media / "reports" / "r.odt").read_bytes() == (
        data / "reports" / "r.odt"
    ).read_bytes()


def test_a_truncated_backup_is_refused_before_the_database_is_touched(
    archive: Path, fresh_db: dict[str, Any], tmp_path: Path
) -> None:
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size * 2 // 3])
    result = _restore(cut, fresh_db, tmp_path / "m")
    assert result.returncode != 0
    assert "De back-up is onvolledig of beschadigd" in result.stderr
    assert "Er is niets hersteld." in result.stderr
    assert _tables(fresh_db) == []  # untouched
    assert not (tmp_path / "m").exists()


def _repack(archive: Path, target: Path, change: Any) -> Path:
    with tarfile.open(archive) as src, tarfile.open(target, "w:gz") as out:
        for member in src.getmembers():
            data = src.extractfile(member).read() if member.isfile() else b""  # type: ignore[union-attr]
            if member.name == MANIFEST:
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    return target


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda m: m["migrations"].append("jobs.0099_van_later"),
            "De back-up is van een andere versie van Jeugdmodel",
        ),
        (lambda m: m.update(format=2), "De back-up heeft formaat 2"),
        (
            lambda m: m.update(vendor="oracle"),
            "De back-up is van een oracle-database",
        ),
        (lambda m: m.update(database_sha256="0" * 64), "De database in de back-up ontbreekt"),
        (
            lambda m: m["files"].update({"documents/a1b2c3": "0" * 64}),
            "De bestanden in de back-up kloppen niet",
        ),
    ],
)
def test_a_foreign_or_changed_backup_is_refused(
    archive: Path, tmp_path: Path, change: Any, message: str
) -> None:
    changed = _repack(archive, tmp_path / "changed.tar.gz", change)
    with pytest.raises(BackupError, match=message):
        backup_check(changed, tmp_path / "unpacked")


def test_restore_into_a_database_that_is_not_empty_is_refused(
    archive: Path, fresh_db: dict[str, Any], tmp_path: Path
) -> None:
    first = _restore(archive, fresh_db, tmp_path / "m1")
    assert first.returncode == 0, first.stderr
    again = _restore(archive, fresh_db, tmp_path / "m2")
    assert again.returncode != 0
    assert "De database is niet leeg." in again.stderr
