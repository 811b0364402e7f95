"""A process killed in the middle of a document upload leaves no file with personal data
under a document's name without its row; what it did leave (a pending file) the
clean-up job removes. A pending file whose row was committed is finished instead."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jeugdmodel.cases.jobs import documents_cleanup
from jeugdmodel.cases.models import Document
from jeugdmodel.cases.services.documents import PENDING_SUFFIX, document_files_clean
from jeugdmodel.jobs.api import job_enqueue
from tests.cases.helpers import PDF, new_case, upload_committed
from tests.jobs.conftest import SharedDb, WorkerProcess, wait_for

pytestmark = pytest.mark.usefixtures("mvs")

SECRET = "Vertrouwelijk: gesprek met Sem over thuis."
LATER = timedelta(hours=2)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """Documents on disk in this test (as in production), where the subprocess writes too."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return root


def files_with(root: Path, text: str) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and text.encode() in p.read_bytes()]


@pytest.mark.django_db(transaction=True)
def test_a_killed_upload_leaves_no_document_file_and_the_cleanup_removes_the_rest(
    media: Path,
    shared_db: SharedDb,
    start_worker: Callable[..., WorkerProcess],
    tmp_path: Path,
) -> None:
    story = new_case()
    shared_db.push()
    flag = tmp_path / "written"
    process = start_worker(
        module="tests.cases.upload_and_hang",
        env={
            "HANG_FLAG": str(flag),
            "HANG_USER": str(story.coordinator.pk),
            "HANG_CASE": str(story.case.pk),
            "HANG_CONTENT": SECRET,
            "JEUGDMODEL_MEDIA_ROOT": str(media),
        },
    )
    wait_for(flag.exists, what="the upload to have written its file", timeout=60)
    process.kill()  # SIGKILL: no clean-up code runs, the transaction never commits
    shared_db.pull()

    assert not Document.objects.exists()
    left = files_with(media, SECRET)
    # Nothing under a document's own name: only the pending file of the killed upload.
    assert [p.name.endswith(PENDING_SUFFIX) for p in left] == [True]

    # Within the grace period the clean-up leaves it (an upload may still be running) …
    assert document_files_clean() == 0
    # … after it, the file is gone.
    assert document_files_clean(now=timezone.now() + LATER) == 1
    assert files_with(media, SECRET) == []


@pytest.mark.django_db
def test_a_pending_file_with_a_committed_row_is_finished_not_removed(media: Path) -> None:
    story = new_case()
    doc = upload_committed(
        actor=story.coordinator, case=story.case, upload=SimpleUploadedFile("a.pdf", PDF)
    )
    # As if the process died after the commit, before the move: back to the pending name.
    final = Path(default_storage.path(doc.file.name))
    final.rename(final.with_name(final.name + PENDING_SUFFIX))
    assert document_files_clean(now=timezone.now() + LATER) == 1
    assert final.read_bytes() == PDF
    assert document_files_clean(now=timezone.now() + LATER) == 0  # idempotent


@pytest.mark.django_db
def test_an_upload_moves_its_file_into_place_on_commit_and_the_job_keeps_it(
    media: Path,
) -> None:
    story = new_case()
    doc = upload_committed(
        actor=story.coordinator, case=story.case, upload=SimpleUploadedFile("a.pdf", PDF)
    )
    assert sorted(p.name for p in (media / "documents").iterdir()) == [doc.file.name.split("/")[-1]]
    # A document file no row points to (left by older code) goes too; a real one stays.
    (media / "documents" / ("0" * 32)).write_bytes(b"orphan")
    job = job_enqueue(documents_cleanup)
    assert job is not None
    assert document_files_clean(now=timezone.now() + LATER) == 1
    assert Path(default_storage.path(doc.file.name)).read_bytes() == PDF
