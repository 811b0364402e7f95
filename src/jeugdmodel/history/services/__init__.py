"""The history import: a JSON Lines file from a previous system (docs/history-format.md)
into families, people, requests, cases, contacts, trajectories, consultations and
closings, all or nothing (docs/decisions/0022-history-import.md).

    result = history_import(path=Path("historie.jsonl"))
    if not result.ok:
        for rejection in result.rejected: print(rejection.format(str(path)))

The file is read twice: once for its fingerprint and number of lines (a second import of
the same records changes nothing, whatever its blank lines, line ends or white space around
a record), once to check and write it in one transaction. After a
good import the steering cells are rebuilt, because bulk writes send no signals."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write

from ..models import HistoryImport
from ..selectors import history_import_find
from .checker import MAX_KEPT, LineChecker, Normalisation, Rejection
from .writer import Writer

__all__ = [
    "MAX_KEPT",
    "SYSTEM_USERNAME",
    "HistoryImportResult",
    "Normalisation",
    "Rejection",
    "history_import",
    "history_system_user",
]

#: The inactive account that imported history is recorded by (coordinator, author, …).
SYSTEM_USERNAME = "historie-import"
#: Rows gathered before a batch is written.
BATCH_ROWS = 10_000

#: progress(lines read, lines in the file, rows written)
LineProgress = Callable[[int, int, int], None]
#: progress(children done, children in total) of the steering rebuild
RebuildProgress = Callable[[int, int], None]


@dataclass
class HistoryImportResult:
    path: str
    fingerprint: str
    lines: int
    rejected: list[Rejection] = field(default_factory=list)
    rejected_count: int = 0
    #: Accepted lines with an adjusted value, listed in the report (not rejections).
    normalised: list[Normalisation] = field(default_factory=list)
    normalised_count: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    #: Set when this file was imported before: nothing was written now.
    earlier: HistoryImport | None = None
    record: HistoryImport | None = None
    cells: int | None = None

    @property
    def ok(self) -> bool:
        return self.rejected_count == 0

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


class _Rollback(Exception):
    """Raised inside the transaction when a line was rejected: nothing is kept."""


def history_system_user() -> User:
    """The inactive account of imported history (created on first use): no password, no
    login, a functional admin by role so it gives no care access to anyone."""
    user, _created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={
            "first_name": "Historie",
            "last_name": "(import)",
            "role": Role.FUNCTIONAL_ADMIN.value,
            "is_active": False,
            "password": make_password(None),
        },
    )
    return user


@dataclass(frozen=True)
class FileScan:
    #: SHA-256 of the file's records, each without surrounding white space or line end,
    #: blank lines and a byte-order mark left out: the same records, the same fingerprint.
    fingerprint: str
    #: SHA-256 of the file's bytes (how imports were recognised before).
    byte_fingerprint: str
    lines: int


def _normalised(raw: bytes, number: int) -> bytes | None:
    """One line as it counts for the fingerprint; None for a blank line. (Not parsed and
    written again: that costs ~35 µs a line, doubling the import of a large file.)"""
    if number == 1:
        raw = raw.removeprefix(b"\xef\xbb\xbf")
    return raw.strip() or None


def file_scan(path: Path) -> FileScan:
    """The content fingerprint, byte fingerprint and number of lines of the file."""
    content = hashlib.sha256()
    by_bytes = hashlib.sha256()
    lines = 0
    with path.open("rb") as handle:
        for lines, raw in enumerate(handle, start=1):
            by_bytes.update(raw)
            record = _normalised(raw, lines)
            if record is not None:
                content.update(record + b"\n")
    return FileScan(
        fingerprint=content.hexdigest(), byte_fingerprint=by_bytes.hexdigest(), lines=lines
    )


def _numbered_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    with path.open("rb") as handle:
        yield from enumerate(handle, start=1)


def history_import(
    *,
    path: Path,
    actor: User | None = None,
    progress: LineProgress | None = None,
    on_reject: Callable[[Rejection], None] | None = None,
    rebuild: bool = True,
    rebuild_progress: RebuildProgress | None = None,
    today: date | None = None,
    batch_rows: int = BATCH_ROWS,
) -> HistoryImportResult:
    """Check and import the history file at `path`: everything or, when any line is
    rejected, nothing (the result lists the rejected lines, `on_reject` hears of each one
    as it is found). A file imported before is not imported again."""
    from jeugdmodel.steering.signals import tracking_paused

    started = time.perf_counter()
    scan = file_scan(path)
    fingerprint, total = scan.fingerprint, scan.lines
    result = HistoryImportResult(path=str(path), fingerprint=fingerprint, lines=total)
    earlier = history_import_find(fingerprint=fingerprint) or history_import_find(
        fingerprint=scan.byte_fingerprint
    )
    if earlier is not None:
        result.earlier = earlier
        return result
    now = timezone.now()
    writer = Writer(batch_rows=batch_rows, now=now)
    tell = progress or (lambda done, total, rows: None)
    try:
        with transaction.atomic(), tracking_paused():
            checker = LineChecker(
                writer=writer,
                system_user=history_system_user(),
                today=today or timezone.localdate(),
                now=now,
                on_reject=on_reject,
            )
            writer.open()
            try:
                checker.check(_numbered_lines(path), lambda done: tell(done, total, writer.written))
            finally:
                writer.close()
            result.rejected = checker.rejected
            result.rejected_count = checker.rejected_count
            if checker.failed:
                raise _Rollback
            checker.finish()
            result.normalised = checker.normalised
            result.normalised_count = checker.normalised_count
            result.counts = dict(sorted(writer.counts.items()))
            result.seconds = time.perf_counter() - started
            result.record = HistoryImport.objects.create(
                fingerprint=fingerprint,
                file_name=path.name[:500],
                region_code=checker.region_code,
                format_version=checker.format_version,
                lines=checker.lines_read,
                counts=result.counts,
                seconds=round(result.seconds, 3),
                imported_by=actor,
            )
            access_log_write(
                actor=actor,
                action=AccessAction.CREATE,
                record_type="history_import",
                record_id=result.record.public_id,
                event="history.import",
                details={
                    "file": path.name,
                    "sha256": fingerprint,
                    "counts": result.counts,
                    "normalised": result.normalised_count,
                },
            )
    except _Rollback:
        result.seconds = time.perf_counter() - started
        return result
    if rebuild:
        from jeugdmodel.steering.services import steering_rebuild

        result.cells = steering_rebuild(progress=rebuild_progress)
    return result


def rejection_summary(result: HistoryImportResult) -> str:
    """One Dutch line on what was refused."""
    shown = len(result.rejected)
    text = _("%(count)d regel(s) afgewezen; er is niets geïmporteerd.") % {
        "count": result.rejected_count
    }
    if shown < result.rejected_count:
        text += " " + _("Alleen de eerste %(shown)d staan in het verslag.") % {"shown": shown}
    return text
