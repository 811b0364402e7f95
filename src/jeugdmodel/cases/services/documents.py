"""Documents attached to a case: checked by content and size, stored with a random name."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import unicodedata
from datetime import datetime, timedelta
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.core.errors import DomainError

from ..models import DOCUMENTS_DIR, Case, Document, document_storage_name
from .base import lock_case, log_case, require_on_case, require_open
from .filetypes import allowed_kinds_text, file_kind_sniff

logger = logging.getLogger(__name__)

MAX_NAME = 255
MAX_DESCRIPTION = 200


def document_max_bytes() -> int:
    return int(settings.JEUGDMODEL_DOCUMENT_MAX_BYTES)


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f}"


def document_clean_name(name: str) -> str:
    """The file's own name without folders or control characters, at most 255 long."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    cleaned = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip(" .")
    if len(cleaned) > MAX_NAME:
        stem, dot, ext = cleaned.rpartition(".")
        cleaned = (stem[: MAX_NAME - len(ext) - 1] + dot + ext) if dot else cleaned[:MAX_NAME]
    return cleaned or "document"


def _extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


@transaction.atomic
def document_upload(
    *, actor: User, case: Case, upload: UploadedFile, description: str = ""
) -> Document:
    """Attach `upload` to the case. Its kind is judged by its content and must match the
    name's extension; too large, empty or another kind is refused and nothing is stored."""
    require_on_case(actor, Perm.CASE_EDIT, case)
    lock_case(case)
    require_open(case)
    description = description.strip()
    if len(description) > MAX_DESCRIPTION:
        raise DomainError(
            _("De omschrijving is te lang (meer dan 200 tekens)."), field="description"
        )
    limit = document_max_bytes()
    size = upload.size or 0
    if size > limit:
        raise DomainError(
            _("Het bestand is %(size)s MB; het mag hoogstens %(max)s MB zijn.")
            % {"size": f"{size / (1024 * 1024):.1f}".replace(".", ","), "max": _megabytes(limit)},
            field="file",
        )
    if size == 0:
        raise DomainError(_("Het bestand is leeg."), field="file")
    name = document_clean_name(upload.name or "")
    assert upload.file is not None  # an upload always has its file
    kind = file_kind_sniff(upload.file)
    if kind is None:
        raise DomainError(
            _("Dit soort bestand kan niet worden toegevoegd. Toegestaan zijn: %(kinds)s.")
            % {"kinds": allowed_kinds_text()},
            field="file",
        )
    extension = _extension(name)
    if extension not in kind.extensions:
        raise DomainError(
            _(
                "De naam van het bestand (%(name)s) past niet bij de inhoud: het is "
                "%(kind)s. Controleer of u het goede bestand heeft gekozen, of geef het de "
                "juiste extensie (%(ext)s)."
            )
            % {"name": name, "kind": kind.label, "ext": ", ".join(sorted(kind.extensions))},
            field="file",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document = Document(
        case=case,
        original_name=name,
        content_type=kind.content_type,
        size=size,
        sha256=digest.hexdigest(),
        description=description,
        uploaded_by=actor,
    )
    # A crash must leave no file with personal data that no row points to. The file is
    # written under a pending name first and moved to its own name only once the row is
    # committed; a pending file (from a process killed before or just after the commit)
    # is finished or removed by the `cases.documents_cleanup` job.
    storage = Document._meta.get_field("file").storage
    final = str(document_storage_name(document, name))
    pending = _save_pending(storage, final + PENDING_SUFFIX, upload)
    document.file.name = final
    try:
        document.save()
        log_case(
            actor,
            case,
            AccessAction.CREATE,
            "document.upload",
            record_type="document",
            record_id=document.public_id,
            details={"type": kind.code, "size": size},
        )
    except Exception:
        storage.delete(pending)
        raise
    transaction.on_commit(lambda: _pending_file_finish(storage, pending, final))
    return document


#: errno values of a full disk or an exhausted quota.
_NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT})


def _save_pending(storage: Storage, name: str, upload: UploadedFile) -> str:
    """Write the upload under its pending name. A full document store is the user's
    problem to hear about, not a server error: what was written is removed at once and
    the upload is refused with a clear message; nothing else has been stored yet."""
    try:
        return storage.save(name, upload)
    except OSError as exc:
        try:
            if storage.exists(name):
                storage.delete(name)
        except OSError:
            logger.exception("partial document file %s could not be removed", name)
        if exc.errno in _NO_SPACE:
            logger.error("document store full: upload refused, partial file removed")
            raise DomainError(
                _(
                    "Het document is niet opgeslagen: de opslag voor documenten is vol. "
                    "Er is niets bewaard. Probeer het later opnieuw en meld het bij de "
                    "functioneel beheerder."
                ),
                field="file",
            ) from exc
        raise


#: The suffix of a document file written but not yet committed.
PENDING_SUFFIX = ".pending"
#: How old a pending file must be before the clean-up job judges it: an upload still
#: running has its file pending for at most the time of one request.
PENDING_GRACE = timedelta(hours=1)


def _pending_file_finish(storage: Storage, pending: str, final: str) -> None:
    """Move a committed document's file from its pending name to its own name."""
    if isinstance(storage, FileSystemStorage):
        os.replace(storage.path(pending), storage.path(final))
        return
    with storage.open(pending) as source:
        saved = storage.save(final, source)
    assert saved == final  # the random name is new
    storage.delete(pending)


def document_files_clean(*, now: datetime | None = None) -> int:
    """Finish or remove the pending document files a crash left (older than the grace
    period): a file whose row was committed is moved to its own name, any other pending
    file and any document file that no row points to are removed. Returns how many files
    were finished or removed."""
    now = now or timezone.now()
    storage = Document._meta.get_field("file").storage
    try:
        _dirs, files = storage.listdir(DOCUMENTS_DIR)
    except (FileNotFoundError, NotImplementedError):
        return 0
    done = 0
    for file in files:
        name = f"{DOCUMENTS_DIR}/{file}"
        try:
            modified = storage.get_modified_time(name)
        except (NotImplementedError, OSError):
            continue
        if modified >= now - PENDING_GRACE:
            continue
        final = name.removesuffix(PENDING_SUFFIX)
        known = Document.objects.filter(file=final).exists()
        if name.endswith(PENDING_SUFFIX) and known:
            if storage.exists(final):
                storage.delete(name)
            else:
                _pending_file_finish(storage, name, final)
            done += 1
        elif not known:
            storage.delete(name)
            done += 1
    return done
