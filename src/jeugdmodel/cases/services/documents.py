"""Documents attached to a case: checked by content and size, stored with a random name."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.core.errors import DomainError

from ..models import Case, Document
from .base import lock_case, log_case, require_on_case, require_open
from .filetypes import allowed_kinds_text, file_kind_sniff

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
    # The file is written before the row; if the row fails, the file is removed again.
    document.file.save(name, upload, save=False)
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
        document.file.delete(save=False)
        raise
    return document
