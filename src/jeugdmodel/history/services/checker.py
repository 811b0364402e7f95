"""Checking a history file line by line: the loop, the report of rejected lines, the
values every line type uses (dates, references, codes), and the writing of batches. The
rules of each line type are in `people`, `work` and `care`.

One pass over the file: every line is parsed, checked against the JSON Schema and then
against the rules of its type (references to earlier lines, dates in order, the domain
rules of the models); a good line becomes rows in the writer's buffers. The first
rejected line stops the writing, but the checking goes on to the end so the report names
every rejected line. Unique values that the database must also know about (BSNs,
request references) are checked against it once per batch."""

from __future__ import annotations

import functools
import json
import uuid
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from jeugdmodel.accounts.models import User
from jeugdmodel.cases.models import (
    Case,
    CaseStatus,
    ClosingReason,
)
from jeugdmodel.families.models import Person, Relation
from jeugdmodel.intake.models import (
    Request,
    RequestPerson,
    RequestStatus,
)
from jeugdmodel.region.models import TeamKind

from ..schema import FORMAT_NAME, FORMAT_VERSION, LINE_TYPES, line_schema_errors
from ..selectors import RegionIndex, region_index_load
from .writer import Row, Table, Writer

#: Lines longer than this are refused without parsing.
MAX_LINE_BYTES = 1_000_000
#: Rejected lines kept in memory for the report; beyond this they are only counted.
MAX_KEPT = 100_000
#: The earliest date a history file may hold.
FIRST_DAY = date(1900, 1, 1)

RELATION_CODES = {value: code for code, value in enumerate(Relation.values)}
CHILD = RELATION_CODES[Relation.CHILD]
REASON_CODES = {value: code for code, value in enumerate(ClosingReason.values)}
REASONS = list(ClosingReason.values)

CASE_TEAM_KINDS = frozenset({TeamKind.WIJKTEAM, TeamKind.POH_JEUGD, TeamKind.ONDERWIJS})
REQUEST_WITH_CASE = frozenset(
    {RequestStatus.ASSIGNED, RequestStatus.FIRST_CONTACT, RequestStatus.JOINED_CASE}
)
REQUEST_WITHOUT_CASE = frozenset(
    {RequestStatus.RECEIVED, RequestStatus.CLOSED, RequestStatus.FORWARDED_OUTSIDE}
)
REQUEST_WITH_FIRST_CONTACT = frozenset(
    {RequestStatus.FIRST_CONTACT, RequestStatus.JOINED_CASE, RequestStatus.CLOSED}
)


@dataclass(frozen=True)
class Rejection:
    """One rejected line: where, what it was (type and id, when known) and why."""

    line: int
    kind: str
    source_id: str
    messages: tuple[str, ...]

    def format(self, path: str) -> str:
        what = f"{self.kind} {self.source_id}".strip()
        head = f"{path}:{self.line}: {what}: " if what else f"{path}:{self.line}: "
        return head + "; ".join(self.messages)


@dataclass(frozen=True)
class Normalisation:
    """One accepted line whose value was adjusted (not rejected): where and what."""

    line: int
    kind: str
    source_id: str
    message: str

    def format(self, path: str) -> str:
        return f"{path}:{self.line}: {self.kind} {self.source_id}: {self.message}"


class LineRejected(Exception):
    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def raise_if(errors: list[str]) -> None:
    if errors:
        raise LineRejected(errors)


class Persons(Table):
    def __init__(self) -> None:
        super().__init__("person")
        self.born = array("l")
        self.family = array("l")
        self.relation = bytearray()
        self.public = bytearray()  # 16 bytes per person: the public id (UUID)
        self.first_pc4 = array("H")  # 0: no address
        #: Further addresses of people who moved: index → ((from ordinal, pc4), …).
        self.moves: dict[int, tuple[tuple[int, str], ...]] = {}

    def public_id(self, index: int) -> str:
        return str(uuid.UUID(bytes=bytes(self.public[index * 16 : index * 16 + 16])))

    def pc4_on(self, index: int, day: int) -> str:
        """The postcode area the person lived in on `day`: the last address that began by
        then, else the first one ("" without an address)."""
        moves = self.moves.get(index)
        if moves is None:
            pc4 = self.first_pc4[index]
            return f"{pc4:04d}" if pc4 else ""
        found = moves[0][1]
        for start, pc4_text in moves:
            if start > day:
                break
            found = pc4_text
        return found


class Cases(Table):
    def __init__(self) -> None:
        super().__init__("case")
        self.family = array("l")
        self.opened = array("l")
        self.closed = array("l")  # ordinal of the closing while closed, else 0
        self.reason = bytearray()
        self.reopened = array("l")  # ordinal of the last reopening, else 0
        self.active = bytearray()  # a contact or first contact was recorded
        self.repeat = bytearray()


class LineChecker:
    """Checks lines one by one and queues the rows of the good ones in `writer`."""

    def __init__(
        self,
        *,
        writer: Writer,
        system_user: User,
        today: date,
        now: datetime,
        on_reject: Callable[[Rejection], None] | None = None,
    ) -> None:
        self.writer = writer
        self.user = system_user
        self.today = today
        self.now = now
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.on_reject = on_reject
        self.index: RegionIndex | None = None
        self.region_code = ""
        self.format_version = 0
        self.stopped = False
        self.failed = False
        self.rejected: list[Rejection] = []
        self.rejected_count = 0
        #: Accepted lines with an adjusted value (an address from before the birth).
        self.normalised: list[Normalisation] = []
        self.normalised_count = 0
        self._notes: list[str] = []
        #: The number of the last line read.
        self.lines_read = 0
        self.families = Table("family")
        self.persons = Persons()
        self.cases = Cases()
        # Unique values of this file: value → line (checked in the file and, per batch,
        # in the database).
        self.bsns: dict[str, int] = {}
        self.request_ids: dict[str, int] = {}
        self._batch_bsns: dict[str, tuple[int, str]] = {}
        self._batch_references: dict[str, tuple[int, str]] = {}
        self._staged_cases: dict[int, Row] = {}
        self._dirty_cases: set[int] = set()
        # Texts for what the previous system did not record (translated once).
        self.texts = {
            "taken_over": _("Overgenomen uit het vorige systeem."),
            "advice": _("Advies overgenomen uit het vorige systeem."),
            "with_whom": _("gezin"),
        }

    # -- the loop ---------------------------------------------------------------------------

    def check(self, lines: Iterable[tuple[int, bytes]], progress: Callable[[int], None]) -> None:
        for number, raw in lines:
            self.lines_read = number
            self._line(number, raw)
            if self.writer.full:
                self.flush()
            if number % 1000 == 0:
                progress(number)
            if self.stopped:
                break
        self.flush()
        if not self.header_seen and not self.stopped:
            self._reject(
                max(self.lines_read, 1), "", "", [_("het bestand is leeg: de kop ontbreekt")]
            )
        progress(self.lines_read)

    @property
    def header_seen(self) -> bool:
        return self.index is not None

    def _line(self, number: int, raw: bytes) -> None:
        if len(raw) > MAX_LINE_BYTES:
            self._reject(
                number,
                "",
                "",
                [
                    _("de regel is te lang (meer dan %(max)s bytes)")
                    % {"max": f"{MAX_LINE_BYTES:,}".replace(",", ".")}
                ],
            )
            return
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            self._reject(number, "", "", [_("de regel is geen geldige UTF-8-tekst")])
            return
        if number == 1:
            text = text.removeprefix("\ufeff")
        if not text.strip():
            return
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            self._reject(
                number,
                "",
                "",
                [_("geen geldige JSON (fout bij teken %(pos)d)") % {"pos": exc.pos + 1}],
            )
            return
        except (ValueError, RecursionError):
            self._reject(number, "", "", [_("geen geldige JSON")])
            return
        problem = _unstorable_text(data) if "\\u" in text else None
        if problem is not None:
            self._reject(number, "", "", [problem])
            return
        if not isinstance(data, dict):
            self._reject(
                number,
                "",
                "",
                [_('een regel is één JSON-object, zoals {"type": "family", "id": "F1", …}')],
            )
            return
        kind = data.get("type")
        raw_id = data.get("id")
        source_id = raw_id if isinstance(raw_id, str) else ""
        kind_text = kind if isinstance(kind, str) else ""
        if not self.header_seen:
            self._header(number, data)
            return
        if kind == "header":
            self._reject(number, "header", "", [_("de kop hoort alleen op de eerste regel")])
            return
        if kind not in LINE_TYPES:
            self._reject(
                number,
                "",
                source_id,
                [
                    _("onbekend type %(type)s; kies uit: %(types)s")
                    % {
                        "type": json.dumps(kind, ensure_ascii=False)[:60],
                        "types": ", ".join(LINE_TYPES[1:]),
                    }
                ],
            )
            return
        errors = line_schema_errors(kind_text, data)
        self._notes = []
        try:
            raise_if(errors)
            _handlers()[kind_text](self, number, data)
        except LineRejected as exc:
            self._reject(number, kind_text, source_id, exc.messages)
            return
        for message in self._notes:
            self.normalised_count += 1
            if len(self.normalised) < MAX_KEPT:
                self.normalised.append(Normalisation(number, kind_text, source_id, message))

    def note(self, message: str) -> None:
        """Report a normalisation of the line being checked (kept only if it is accepted)."""
        self._notes.append(message)

    def _reject(self, number: int, kind: str, source_id: str, messages: list[str]) -> None:
        self.failed = True
        self.rejected_count += 1
        rejection = Rejection(number, kind, source_id, tuple(messages))
        if len(self.rejected) < MAX_KEPT:
            self.rejected.append(rejection)
        if self.on_reject is not None:
            self.on_reject(rejection)
        table = {"family": self.families, "person": self.persons, "case": self.cases}.get(kind)
        if table is not None and source_id and source_id not in table.ids:
            table.rejected.setdefault(source_id, number)

    # -- writing ----------------------------------------------------------------------------

    def flush(self) -> None:
        """Check this batch's unique values against the database, then write it (or, once
        a line was rejected, throw it away)."""
        self._check_taken()
        if self.failed:
            self.writer.discard()
        else:
            for index, row in self._staged_cases.items():
                row.update(self._case_state(index))
            self.writer.write()
        self._staged_cases.clear()
        self._batch_bsns.clear()
        self._batch_references.clear()

    def _check_taken(self) -> None:
        # `.exclude(bsn="")` repeats the condition of the partial unique index on BSN, so
        # that the database uses the index instead of reading every person.
        for bsn in _in_chunks(
            self._batch_bsns,
            lambda chunk: Person.objects.filter(bsn__in=chunk).exclude(bsn=""),
            "bsn",
        ):
            line, source_id = self._batch_bsns[bsn]
            self._reject(
                line,
                "person",
                source_id,
                [_("bsn: er is al een persoon met BSN %(bsn)s in de database") % {"bsn": bsn}],
            )
        for reference in _in_chunks(
            self._batch_references,
            lambda chunk: Request.objects.filter(reference__in=chunk),
            "reference",
        ):
            line, source_id = self._batch_references[reference]
            self._reject(
                line,
                "request",
                source_id,
                [
                    _(
                        "er is al een aanmelding met kenmerk %(reference)s in de database "
                        "(uit een eerdere import?)"
                    )
                    % {"reference": reference}
                ],
            )

    def finish(self) -> None:
        """After the last line of a good file: the cases whose state changed after they
        were written, and the names of the people in the requests."""
        dirty = sorted(self._dirty_cases)
        for start in range(0, len(dirty), 1000):
            objs = [
                Case(pk=self.cases.pk[index], **self._case_state(index))
                for index in dirty[start : start + 1000]
            ]
            Case.objects.bulk_update(
                objs, ["status", "closed_on", "closing_reason", "is_repeat"], batch_size=500
            )
        span = self.writer.request_pk_range
        if span is not None:
            person = Person.objects.filter(pk=OuterRef("person_id"))
            RequestPerson.objects.filter(
                request_id__gte=span[0], request_id__lte=span[1], given_name=""
            ).exclude(person__isnull=True).update(
                given_name=Subquery(person.values("given_name")[:1]),
                family_name=Subquery(person.values("family_name")[:1]),
                bsn=Subquery(person.values("bsn")[:1]),
            )

    def _case_state(self, index: int) -> dict[str, Any]:
        """Status, closing and repeat of a case as its lines so far say."""
        cases = self.cases
        state: dict[str, Any] = {"is_repeat": bool(cases.repeat[index])}
        if cases.closed[index]:
            state.update(
                status=CaseStatus.CLOSED,
                closed_on=date.fromordinal(cases.closed[index]),
                closing_reason=REASONS[cases.reason[index]],
            )
        else:
            active = cases.active[index]
            state.update(
                status=CaseStatus.ACTIVE if active else CaseStatus.REGISTERED,
                closed_on=None,
                closing_reason="",
            )
        return state

    def case_changed(self, index: int) -> None:
        """A later line changed the case: a row already written is updated at the end."""
        if index not in self._staged_cases:
            self._dirty_cases.add(index)

    # -- values -----------------------------------------------------------------------------

    def day(
        self, errors: list[str], data: dict[str, Any], name: str, label: str = ""
    ) -> date | None:
        value = data.get(name)
        if value is None:
            return None
        label = label or name
        try:
            day = date.fromisoformat(value)
        except ValueError:
            errors.append(
                _("%(field)s: %(value)s is geen bestaande datum") % {"field": label, "value": value}
            )
            return None
        if day < FIRST_DAY:
            errors.append(
                _("%(field)s: %(value)s ligt voor 1900") % {"field": label, "value": value}
            )
        elif day > self.today:
            errors.append(
                _("%(field)s: %(value)s ligt in de toekomst") % {"field": label, "value": value}
            )
        return day

    def moment(self, errors: list[str], data: dict[str, Any], name: str) -> datetime | None:
        value = data.get(name)
        if value is None:
            return None
        try:
            if len(value) == 10:
                moment = datetime.combine(date.fromisoformat(value), time(9), tzinfo=self.tz)
            else:
                moment = datetime.fromisoformat(value)
        except ValueError:
            errors.append(
                _("%(field)s: %(value)s is geen bestaand tijdstip")
                % {"field": name, "value": value}
            )
            return None
        if moment.astimezone(self.tz).date() < FIRST_DAY:
            errors.append(
                _("%(field)s: %(value)s ligt voor 1900") % {"field": name, "value": value}
            )
        elif moment > self.now:
            errors.append(
                _("%(field)s: %(value)s ligt in de toekomst") % {"field": name, "value": value}
            )
        return moment

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def new_id(self, errors: list[str], table: Table, source_id: str) -> None:
        index = table.ids.get(source_id)
        if index is not None:
            errors.append(
                _("id %(id)s staat al op regel %(line)d")
                % {"id": source_id, "line": table.line[index]}
            )

    def ref(self, errors: list[str], table: Table, value: str, label: str) -> int | None:
        index = table.ids.get(value)
        if index is not None:
            return index
        line = table.rejected.get(value)
        if line is not None:
            errors.append(
                _("%(field)s: de regel met %(kind)s %(id)s is afgewezen (regel %(line)d)")
                % {"field": label, "kind": table.kind, "id": value, "line": line}
            )
        else:
            errors.append(
                _(
                    "%(field)s: er is geen %(kind)s met id %(id)s op een eerdere regel (een "
                    "regel verwijst alleen naar regels erboven)"
                )
                % {"field": label, "kind": table.kind, "id": value}
            )
        return None

    def team(
        self, errors: list[str], code: str, label: str, kinds: frozenset[str] | None = None
    ) -> int | None:
        assert self.index is not None
        found = self.index.teams.get(code)
        if found is None:
            errors.append(
                _("%(field)s: team %(code)s bestaat niet in regio %(region)s")
                % {"field": label, "code": code, "region": self.region_code}
            )
            return None
        pk, kind = found
        if kinds is not None and kind not in kinds:
            errors.append(
                _("%(field)s: team %(code)s is een team van soort %(kind)s; hier past %(kinds)s")
                % {
                    "field": label,
                    "code": code,
                    "kind": kind,
                    "kinds": ", ".join(sorted(kinds)),
                }
            )
            return None
        return pk

    def case_ref(self, errors: list[str], data: dict[str, Any]) -> int | None:
        return self.ref(errors, self.cases, data["case"], "case")

    # -- the header -------------------------------------------------------------------------

    def _header(self, number: int, data: dict[str, Any]) -> None:
        stop = [_("zonder geldige kop worden de andere regels niet gecontroleerd")]
        if data.get("type") != "header":
            self.stopped = True
            self._reject(
                number,
                "",
                "",
                [
                    _(
                        'de eerste regel moet de kop zijn: {"type": "header", "format": '
                        '"%(format)s", "version": %(version)d, "region": "<regiocode>"}'
                    )
                    % {"format": FORMAT_NAME, "version": FORMAT_VERSION},
                    *stop,
                ],
            )
            return
        errors = line_schema_errors("header", data)
        if not errors:
            index = region_index_load(data["region"])
            if index is None:
                errors.append(
                    _(
                        "region: regio %(code)s is niet geladen; laad eerst het regiobestand "
                        "(region_load)"
                    )
                    % {"code": data["region"]}
                )
            else:
                self.index = index
                self.region_code = index.code
                self.format_version = int(data["version"])
                return
        self.stopped = True
        self._reject(number, "header", "", [*errors, *stop])

    def stage_case(self, index: int, row: Row) -> None:
        """A case row waits in the buffer: its state is filled in when it is written."""
        self._staged_cases[index] = row

    def note_unique_bsn(self, bsn: str, number: int, source_id: str) -> None:
        self.bsns[bsn] = number
        self._batch_bsns[bsn] = (number, source_id)

    def note_unique_reference(self, reference: str, number: int, source_id: str) -> None:
        self._batch_references[reference] = (number, source_id)


def _unstorable_text(data: Any) -> str | None:
    """Text a database cannot store: a NUL character (PostgreSQL) or half of a surrogate
    pair (neither). Only escapes (\\u…) in the line can make them."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str):
            if "\x00" in value:
                return _("de regel bevat een nul-teken (\\u0000); dat kan niet worden opgeslagen")
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return _(
                    "de regel bevat een ongeldig Unicode-teken (een losse helft van een "
                    "surrogaatpaar)"
                )
    return None


def ordinal(value: object) -> int:
    """The ordinal of a date text, or 0 when it is not one (reported elsewhere)."""
    try:
        return date.fromisoformat(str(value)).toordinal()
    except ValueError:
        return 0


def _in_chunks(values: dict[str, Any], query: Callable[[list[str]], Any], field: str) -> list[str]:
    """Which of `values` the database already holds in `field`, asked 500 at a time."""
    keys = list(values)
    found: list[str] = []
    for start in range(0, len(keys), 500):
        found.extend(query(keys[start : start + 500]).values_list(field, flat=True))
    return found


Handler = Callable[[LineChecker, int, dict[str, Any]], None]


@functools.cache
def _handlers() -> dict[str, Handler]:
    from . import care, people, work

    return {
        "family": people.family_line,
        "person": people.person_line,
        "case": work.case_line,
        "request": work.request_line,
        "contact": work.contact_line,
        "trajectory": care.trajectory_line,
        "consultation": care.consultation_line,
        "closing": care.closing_line,
    }
