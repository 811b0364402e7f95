"""Fault: the disk of the document store is full during an upload. The professional hears
it in plain Dutch, nothing is recorded (no document row, no log entry of an upload, no
partial file), and once there is room again the same upload works without a restart.

The store is a real, small filesystem (tmpfs of 1 MB) where this machine allows mounting
one (root, as in CI); elsewhere the writes are made to fail with ENOSPC after 64 kB, the
same error the kernel gives."""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessLogEntry
from jeugdmodel.cases.models import DOCUMENTS_DIR, Document
from tests.cases.helpers import PDF, new_case
from tests.intake.conftest import mvs as mvs  # the region the case needs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mvs")]

STORE_BYTES = 1024 * 1024


def _mount_tmpfs(where: Path) -> bool:
    if os.geteuid() != 0:
        return False
    result = subprocess.run(  # noqa: S603 (fixed command)
        ["/usr/bin/mount", "-t", "tmpfs", "-o", f"size={STORE_BYTES}", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    return result.returncode == 0


@pytest.fixture
def small_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, str]]:
    media = tmp_path / "media"
    media.mkdir()
    mounted = _mount_tmpfs(media)
    if not mounted:
        written: dict[str, int] = {}
        real_write = os.write

        def full_after_64k(fd: int, data: bytes | memoryview) -> int:
            path = os.readlink(f"/proc/self/fd/{fd}")
            if path.startswith(str(media)):
                written[path] = written.get(path, 0) + len(data)
                if sum(written.values()) > 64 * 1024 and not (media / "room").exists():
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real_write(fd, data)

        monkeypatch.setattr(os, "write", full_after_64k)
    (media / DOCUMENTS_DIR).mkdir(parents=True, exist_ok=True)
    try:
        # Production's storage (files on disk under MEDIA_ROOT), not the suite's in-memory one;
        # Django resets the default storage when these settings change.
        files_on_disk = {
            **settings.STORAGES,
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        }
        with override_settings(MEDIA_ROOT=str(media), STORAGES=files_on_disk):
            yield media, "tmpfs of 1 MB" if mounted else "simulated ENOSPC after 64 kB"
    finally:
        if mounted:
            subprocess.run(["/usr/bin/umount", str(media)], check=False)  # noqa: S603


def _fill(media: Path) -> Path:
    """Leave about 100 kB free."""
    filler = media / "filler"
    stat = os.statvfs(media)
    free = stat.f_bavail * stat.f_frsize
    filler.write_bytes(b"\0" * max(0, free - 100 * 1024))
    return filler


def test_a_full_document_store_refuses_the_upload_cleanly_and_recovers(
    small_store: tuple[Path, str], login: Callable[[User], Client]
) -> None:
    media, how = small_store
    story = new_case()
    client = login(story.coordinator)
    url = f"/casussen/{story.case.public_id}/documenten/toevoegen/"
    big = PDF + b"%" + b"x" * (400 * 1024) + b"\n"
    filler = _fill(media)
    logged_before = AccessLogEntry.objects.count()
    print(f"did: filled the document store ({how}) and uploaded a {len(big) // 1024} kB PDF")

    full = client.post(
        url, {"document-file": SimpleUploadedFile("verslag.pdf", big), "document-description": "x"}
    )
    page = full.content.decode()
    leftovers = sorted(p.name for p in (media / DOCUMENTS_DIR).iterdir())
    shown = "opslag voor documenten is vol" in page
    print(
        f"checked: status {full.status_code}, message shown: {shown}, "
        f"documents {Document.objects.count()}, files left {leftovers}"
    )
    assert full.status_code == 400
    assert "de opslag voor documenten is vol" in page
    assert Document.objects.count() == 0
    assert leftovers == []
    assert not AccessLogEntry.objects.filter(event="document.upload").exists()
    assert AccessLogEntry.objects.count() >= logged_before  # page views may be logged

    filler.unlink()
    (media / "room").touch()
    again = client.post(
        url,
        {"document-file": SimpleUploadedFile("verslag.pdf", big), "document-description": "x"},
        follow=True,
    )
    print(f"did: freed the space and uploaded again; checked: {again.status_code}")
    assert "Het document verslag.pdf is toegevoegd." in again.content.decode()
    assert Document.objects.count() == 1
