"""The upload page's side of the caseload import: the file between dry run and import.

The dry run stores nothing in the database. To import after reading the report without
uploading again, the file is kept in the private file storage (never in the web root)
under its SHA-256, until it is imported or a day has passed. A large file is imported by a
background job with progress; a small one at once. Both call ``caseload_import``, the same
code as ``manage.py transition_import``.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm, require
from jeugdmodel.core.errors import DomainError

from .caseload import ImportResult, _fingerprint, caseload_import

if TYPE_CHECKING:
    from jeugdmodel.accounts.models import User
    from jeugdmodel.jobs.models import Job

PENDING_DIR = "transition/pending"
TOKEN = re.compile(r"^[0-9a-f]{64}$")
KEEP = timedelta(days=1)


class UploadGone(DomainError):
    """The kept file is no longer there (imported, expired or never uploaded)."""


def sync_limit_bytes() -> int:
    """Files up to this size are imported during the request; larger ones by a job."""
    return int(getattr(settings, "JM_TRANSITION_SYNC_BYTES", 1024 * 1024))


def _path(token: str) -> str:
    if not TOKEN.match(token):
        raise UploadGone(_("Dit bestand is niet (meer) bekend. Upload het opnieuw."))
    return f"{PENDING_DIR}/{token}.bin"


def upload_keep(*, actor: User, data: bytes) -> str:
    """Keep an uploaded file for the import after the dry run; returns its token."""
    require(actor, Perm.TRANSITION_IMPORT)
    pending_expire()
    token = _fingerprint(data)
    path = _path(token)
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(data))
    return token


def upload_read(token: str) -> bytes:
    path = _path(token)
    if not default_storage.exists(path):
        raise UploadGone(_("Dit bestand is niet (meer) bekend. Upload het opnieuw."))
    with default_storage.open(path, "rb") as handle:
        data: bytes = handle.read()
    return data


def upload_size(token: str) -> int:
    path = _path(token)
    if not default_storage.exists(path):
        raise UploadGone(_("Dit bestand is niet (meer) bekend. Upload het opnieuw."))
    return int(default_storage.size(path))


def upload_discard(token: str) -> None:
    path = _path(token)
    if default_storage.exists(path):
        default_storage.delete(path)


def pending_expire(now: Any = None) -> int:
    """Remove kept files older than a day (they hold personal data)."""
    now = now or timezone.now()
    try:
        _dirs, files = default_storage.listdir(PENDING_DIR)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    removed = 0
    for name in files:
        path = f"{PENDING_DIR}/{name}"
        try:
            modified = default_storage.get_modified_time(path)
        except (FileNotFoundError, NotImplementedError):
            continue
        if now - modified > KEEP:
            default_storage.delete(path)
            removed += 1
    return removed


def upload_import(
    *, actor: User, token: str, file_name: str, good_rows_only: bool
) -> ImportResult | Job:
    """Import a kept file: at once when it is small (the result), else as a job (the job).
    A refusal of the small path raises ``CaseloadRefused`` with the report."""
    require(actor, Perm.TRANSITION_IMPORT)
    if upload_size(token) > sync_limit_bytes():
        from jeugdmodel.jobs.api import job_enqueue

        from ..jobs import caseload_import_job

        with transaction.atomic():
            return job_enqueue(
                caseload_import_job,
                idempotency_key=f"transition.import:{token}",
                token=token,
                file_name=file_name[:255],
                good_rows_only=good_rows_only,
                actor_id=actor.pk,
            )
    result = caseload_import(
        actor=actor, data=upload_read(token), file_name=file_name, good_rows_only=good_rows_only
    )
    upload_discard(token)
    return result
