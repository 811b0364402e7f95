"""Which kind of file an upload really is, judged by its content, never by its name.

Allowed: PDF, PNG, JPEG, Word (DOCX), OpenDocument text (ODT) and plain UTF-8 text. Written
with the standard library only (docs/decisions/0016-documents.md): the magic numbers of
the first three are fixed; DOCX and ODT are ZIP archives that are opened to check what
they hold, which a header-only check cannot do."""

from __future__ import annotations

import codecs
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileKind:
    code: str
    label: Promise | str
    content_type: str
    extensions: frozenset[str]


PDF = FileKind("pdf", _("een PDF-document"), "application/pdf", frozenset({".pdf"}))
PNG = FileKind("png", _("een PNG-afbeelding"), "image/png", frozenset({".png"}))
JPEG = FileKind("jpeg", _("een JPEG-foto"), "image/jpeg", frozenset({".jpg", ".jpeg"}))
DOCX = FileKind(
    "docx",
    _("een Word-document (DOCX)"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    frozenset({".docx"}),
)
ODT = FileKind(
    "odt",
    _("een OpenDocument-tekst (ODT)"),
    "application/vnd.oasis.opendocument.text",
    frozenset({".odt"}),
)
TEXT = FileKind(
    "text", _("platte tekst"), "text/plain; charset=utf-8", frozenset({".txt", ".text"})
)
ALLOWED = (PDF, PNG, JPEG, DOCX, ODT, TEXT)

_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_CONTENT_TYPES_LIMIT = 256 * 1024
# Control characters other than tab, newline, form feed and carriage return.
_BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CHUNK = 64 * 1024


def file_kind_sniff(file: IO[bytes]) -> FileKind | None:
    """The kind of `file` (any seekable binary file), or None when it is none we allow."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _zipped_document(file)
    return TEXT if _is_utf8_text(file) else None


def _zipped_document(file: IO[bytes]) -> FileKind | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    return ODT if member.read(100).strip() == _ODT_MIMETYPE else None
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                with archive.open("[Content_Types].xml") as member:
                    types = member.read(_CONTENT_TYPES_LIMIT)
                # A macro-enabled document (.docm) names another main part: not allowed.
                return DOCX if _DOCX_MAIN in types else None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        RuntimeError,
        KeyError,
        EOFError,
        NotImplementedError,  # a compression method zipfile does not know
        ValueError,
        zlib.error,  # corrupt compressed data
    ):
        return None
    finally:
        file.seek(0)
    return None


def _is_utf8_text(file: IO[bytes]) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        for chunk in iter(lambda: file.read(_CHUNK), b""):
            if _BINARY.search(decoder.decode(chunk)):
                return False
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        file.seek(0)
    return True


def allowed_kinds_text() -> str:
    return str(_("PDF, PNG, JPEG, Word (DOCX), OpenDocument-tekst (ODT) en platte tekst (TXT)"))
