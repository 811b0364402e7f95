"""Checking a caseload table row by row and building the dry-run report. Writes nothing.

A row is a claim by the old provider: it is checked field by field (each problem names
row, column and reason in Dutch), then matched against the people already known (by BSN,
else by name + date of birth + postcode) in one pass, without a query per row.
"""

from __future__ import annotations

import functools
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from stdnum.nl import bsn as stdnum_bsn

from jeugdmodel.region.models import Municipality, PostcodeArea, RegionSwitch
from jeugdmodel.region.regionfile import DEFAULT_TRANSITIONAL_MONTHS, add_months

from .reading import FileRefused, RawTable
from .selectors import PersonFacts, mapped_keys, people_where_in

COLUMNS = (
    "bsn",
    "achternaam",
    "voornamen",
    "geboortedatum",
    "postcode",
    "huisnummer",
    "gemeentecode",
    "aanbieder_agb",
    "aanbieder_naam",
    "productcode",
    "product_omschrijving",
    "ingangsdatum",
    "einddatum",
    "beschikkingnummer",
)
#: Zero-padded widths of code columns an Excel file may have stored as numbers.
NUMERIC_WIDTHS = {"bsn": 9, "aanbieder_agb": 8, "gemeentecode": 4}
POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?([A-Za-z]{2})$")
PRODUCTCODE = re.compile(r"^[0-9A-Za-z]{1,10}$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
FOUR_DIGITS = re.compile(r"\d{4}", re.ASCII)
EIGHT_DIGITS = re.compile(r"\d{8}", re.ASCII)
DUTCH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
MAX_LENGTHS = {
    "achternaam": 150,
    "voornamen": 100,
    "huisnummer": 10,
    "aanbieder_naam": 200,
    "product_omschrijving": 200,
    "beschikkingnummer": 40,
}
#: The same rules by position in ``COLUMNS`` (a row is checked as a tuple, not a dict).
_REQUIRED = tuple(
    COLUMNS.index(c)
    for c in ("achternaam", "voornamen", "huisnummer", "aanbieder_naam", "beschikkingnummer")
)
_LIMITS = tuple((COLUMNS.index(c), limit) for c, limit in MAX_LENGTHS.items())
_PADDED = tuple((COLUMNS.index(c), width) for c, width in NUMERIC_WIDTHS.items())
#: Chunk size for IN (...) look-ups (SQLite allows 999 parameters by default in old builds).
CHUNK = 900


def _bsn_valid(bsn: str) -> bool:
    """The elfproef. The common case (9 ASCII digits) is computed here on the digits' bytes
    (48 is the code of "0"; the weights 9…2 and -1 add up to 43), the same sum as
    python-stdnum's ``checksum`` at a fifth of its time; anything else goes to stdnum's
    ``is_valid``, which cleans the input first. Like stdnum, 000000000 is no BSN (it passes
    the sum)."""
    if len(bsn) == 9 and bsn.isdigit() and bsn.isascii() and bsn != "000000000":
        d = bsn.encode()
        total = 9 * d[0] + 8 * d[1] + 7 * d[2] + 6 * d[3] + 5 * d[4] + 4 * d[5] + 3 * d[6]
        return (total + 2 * d[7] - d[8] - 43 * 48) % 11 == 0
    return bool(stdnum_bsn.is_valid(bsn))


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message: str


@dataclass(slots=True)
class CaseloadRecord:
    """One good row. Not frozen: a frozen dataclass sets every field through
    ``object.__setattr__``, which made building a record about three times slower (tens of
    thousands per caseload); nothing changes a record after the check made it."""

    row: int
    bsn: str
    family_name: str
    given_names: str
    date_of_birth: date
    postcode: str
    house_number: str
    municipality_code: str
    provider_agb: str
    provider_name: str
    productcode: str
    product_description: str
    care_start: date
    care_end: date | None
    decision_number: str

    @property
    def pc4(self) -> str:
        return self.postcode[:4]

    def person_key(self) -> tuple[str, ...]:
        """Who the row is about: the BSN, else name + date of birth + postcode area."""
        if self.bsn:
            return ("bsn", self.bsn)
        return (
            "name",
            self.family_name.lower(),
            self.given_names.lower(),
            self.date_of_birth.isoformat(),
            self.pc4,
        )

    def duplicate_key(self) -> tuple[Any, ...]:
        return (*self.person_key(), self.provider_agb, self.productcode, self.care_start)


@dataclass(frozen=True)
class KnownChild:
    row: int
    person_id: int
    matched_on: str  # "bsn" or "name"
    name: str
    differs: tuple[str, ...]  # fields where the file says something else than we know


@dataclass(frozen=True)
class Duplicate:
    row: int
    same_as_row: int


@dataclass(frozen=True)
class ToMap:
    code: str
    name: str
    rows: int


@dataclass
class CaseloadReport:
    file_name: str
    file_format: str = ""
    rows_read: int = 0
    file_errors: list[str] = field(default_factory=list)
    rejected: list[RowProblem] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    known: list[KnownChild] = field(default_factory=list)
    new_children: int = 0
    providers_to_map: list[ToMap] = field(default_factory=list)
    products_to_map: list[ToMap] = field(default_factory=list)
    records: list[CaseloadRecord] = field(default_factory=list, repr=False)
    switch_date: date | None = None

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({p.row for p in self.rejected})

    @property
    def good_rows(self) -> int:
        return len(self.records)

    @property
    def file_rejected(self) -> bool:
        """Whether an all-or-nothing import would refuse this file."""
        return bool(self.file_errors or self.rejected)

    @property
    def has_unmapped(self) -> bool:
        return bool(self.providers_to_map or self.products_to_map)

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data (``--report json``): counts, row numbers and reasons."""
        return {
            "file": self.file_name,
            "format": self.file_format,
            "rows_read": self.rows_read,
            "good_rows": self.good_rows,
            "new_children": self.new_children,
            "known_children": [
                {"row": k.row, "matched_on": k.matched_on, "differs": list(k.differs)}
                for k in self.known
            ],
            "rejected_rows": self.rejected_rows,
            "rejected": [
                {"row": p.row, "column": p.column, "reason": p.message} for p in self.rejected
            ],
            "duplicates": [{"row": d.row, "same_as_row": d.same_as_row} for d in self.duplicates],
            "to_map": {
                "providers": [vars(t) for t in self.providers_to_map],
                "products": [vars(t) for t in self.products_to_map],
            },
            "file_errors": self.file_errors,
            "file_rejected": self.file_rejected,
        }


# --- field checks ----------------------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def parse_date(text: str) -> date | None:
    """``YYYY-MM-DD`` or ``DD-MM-YYYY``; None when it is not a date that exists. Cached: a
    caseload repeats the same start dates and birth dates thousands of times."""
    text = text.strip()
    match = ISO_DATE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = DUTCH_DATE.match(text)
        if not match:
            return None
        day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


class _RowChecker:
    def __init__(
        self,
        *,
        switch_date: date,
        municipalities: set[str],
        pc4_municipality: Mapping[str, str],
        pad_numbers: bool,
    ) -> None:
        self.switch_date = switch_date
        self.municipalities = municipalities
        self.pc4_municipality = pc4_municipality
        self.pad_numbers = pad_numbers

    def check(
        self, number: int, raw: Sequence[str], problems: list[RowProblem]
    ) -> CaseloadRecord | None:
        """Check one row; ``raw`` holds its cells in the order of ``COLUMNS``. Returns the
        record, or None after adding the row's problems to ``problems``."""
        start = len(problems)

        def bad(column: str, message: str) -> None:
            problems.append(RowProblem(number, column, message))

        value = list(map(str.strip, raw))
        if self.pad_numbers:
            for index, width in _PADDED:
                if value[index].isdigit() and len(value[index]) < width:
                    value[index] = value[index].zfill(width)
        (
            bsn,
            family_name,
            given_names,
            birth_text,
            postcode_text,
            house_number,
            code,
            agb,
            provider_name,
            productcode,
            description,
            start_text,
            end_text,
            decision_number,
        ) = value
        for index in _REQUIRED:
            if not value[index]:
                bad(COLUMNS[index], _("Dit veld is leeg; het is verplicht."))
        for index, limit in _LIMITS:
            if len(value[index]) > limit:
                bad(COLUMNS[index], _("Te lang: hoogstens %(n)d tekens.") % {"n": limit})
        bsn = bsn.replace(" ", "")
        if bsn and not _bsn_valid(bsn):
            bad("bsn", _("Dit is geen geldig BSN: het moet 9 cijfers zijn en de elfproef halen."))
        birth = self._date(birth_text, "geboortedatum", bad, required=True)
        if birth is not None and birth > self.switch_date:
            bad("geboortedatum", _("De geboortedatum ligt na de overstapdatum."))
        postcode = ""
        match = POSTCODE.match(postcode_text)
        if not match:
            bad("postcode", _("Een postcode is 4 cijfers en 2 letters, bijvoorbeeld 3112 AB."))
        else:
            postcode = f"{match.group(1)}{match.group(2).upper()}"
            if match.group(1) not in self.pc4_municipality:
                bad("postcode", _("Deze postcode ligt buiten de regio."))
        if not FOUR_DIGITS.fullmatch(code):
            bad("gemeentecode", _("Een gemeentecode is 4 cijfers, bijvoorbeeld 0606."))
        elif f"GM{code}" not in self.municipalities:
            bad("gemeentecode", _("Gemeente %(code)s hoort niet bij de regio.") % {"code": code})
        if not EIGHT_DIGITS.fullmatch(agb):
            bad("aanbieder_agb", _("Een AGB-code is precies 8 cijfers."))
        if not PRODUCTCODE.match(productcode):
            bad("productcode", _("Een productcode is 1 tot 10 letters en cijfers."))
        care_start = self._date(start_text, "ingangsdatum", bad, required=True)
        care_end = self._date(end_text, "einddatum", bad, required=False)
        if care_start and care_start > self.switch_date:
            bad(
                "ingangsdatum",
                _("De zorg begint na de overstapdatum %(day)s; dit is geen lopende zorg.")
                % {"day": self.switch_date.strftime("%d-%m-%Y")},
            )
        if care_start and care_end and care_end < care_start:
            bad("einddatum", _("De einddatum ligt vóór de ingangsdatum."))
        elif care_end and care_end < self.switch_date:
            bad(
                "einddatum",
                _("De zorg was al gestopt vóór de overstapdatum %(day)s.")
                % {"day": self.switch_date.strftime("%d-%m-%Y")},
            )
        if len(problems) > start or birth is None or care_start is None:
            return None
        return CaseloadRecord(
            row=number,
            bsn=bsn,
            family_name=family_name,
            given_names=given_names,
            date_of_birth=birth,
            postcode=postcode,
            house_number=house_number,
            municipality_code=f"GM{code}",
            provider_agb=agb,
            provider_name=provider_name,
            productcode=productcode,
            product_description=description,
            care_start=care_start,
            care_end=care_end,
            decision_number=decision_number,
        )

    @staticmethod
    def _date(text: str, column: str, bad: Any, *, required: bool) -> date | None:
        if not text:
            if required:
                bad(column, _("Dit veld is leeg; het is verplicht."))
            return None
        day = parse_date(text)
        if day is None:
            bad(
                column,
                _("'%(value)s' is geen bestaande datum (schrijf JJJJ-MM-DD of DD-MM-JJJJ).")
                % {"value": text[:20]},
            )
        return day


def _header_map(header: Sequence[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.strip().lstrip("\ufeff").lower()
        if key in COLUMNS and key not in positions:
            positions[key] = index
    missing = [c for c in COLUMNS if c not in positions]
    if missing:
        raise FileRefused(
            _("De kopregel (rij 1) mist de kolom(men): %(names)s.") % {"names": ", ".join(missing)}
        )
    return positions


def region_context() -> tuple[date, set[str], dict[str, str]]:
    """The switch date, the region's municipality codes, and postcode area → municipality
    code for the areas valid on the switch date."""
    switch = RegionSwitch.objects.select_related("region").order_by("region__code").first()
    if switch is None:
        raise FileRefused(
            _("Er is geen overstapdatum: zet 'transition' in het regiobestand en laad het.")
        )
    day = switch.switch_date
    municipalities = set(
        Municipality.objects.filter(region_id=switch.region_id).values_list("code", flat=True)
    )
    areas = PostcodeArea.objects.filter(
        municipality__region_id=switch.region_id, valid_from__lte=day
    ).exclude(valid_to__lt=day)
    pc4s = dict(areas.values_list("pc4", "municipality__code"))
    return day, municipalities, pc4s


def check_table(table: RawTable, file_name: str) -> CaseloadReport:
    """The dry-run report for a table read from a file. Writes nothing."""
    report = CaseloadReport(file_name=file_name, file_format=table.file_format)
    switch_date, municipalities, pc4s = region_context()
    report.switch_date = switch_date
    positions = _header_map(table.header)
    checker = _RowChecker(
        switch_date=switch_date,
        municipalities=municipalities,
        pc4_municipality=pc4s,
        pad_numbers=table.file_format == "xlsx",
    )
    indices = [positions[c] for c in COLUMNS]
    width = max(indices) + 1
    pick = operator.itemgetter(*indices)
    formula_cells = table.formula_cells
    rejected = report.rejected
    seen: dict[tuple[Any, ...], int] = {}
    for number, cells in table.rows:
        report.rows_read += 1
        if len(cells) < width:
            cells = [*cells, *([""] * (width - len(cells)))]
        formulas = [c for c in COLUMNS if (number, c) in formula_cells] if formula_cells else []
        for column in formulas:
            rejected.append(
                RowProblem(
                    number, column, _("Deze cel bevat een formule; zet er de waarde zelf in.")
                )
            )
        record = checker.check(number, pick(cells), rejected)
        if record is None or formulas:
            continue
        key = record.duplicate_key()
        if key in seen:
            report.duplicates.append(Duplicate(number, seen[key]))
            rejected.append(
                RowProblem(
                    number,
                    "",
                    _("Dubbele rij: dezelfde zorg voor hetzelfde kind staat al in rij %(row)d.")
                    % {"row": seen[key]},
                )
            )
            continue
        seen[key] = number
        report.records.append(record)
    _match_known(report)
    _unmapped(report)
    return report


def known_people(records: Iterable[CaseloadRecord]) -> dict[tuple[str, ...], PersonFacts]:
    """Person key → known person, in a few queries (never one per row)."""
    records = list(records)
    found: dict[tuple[str, ...], PersonFacts] = {}
    bsns = sorted({r.bsn for r in records if r.bsn})
    for person in people_where_in("bsn", bsns):
        if person.bsn:
            found[("bsn", person.bsn)] = person
    nameless = [r for r in records if not r.bsn]
    births = sorted({r.date_of_birth for r in nameless})
    wanted = {r.person_key() for r in nameless}
    for person in people_where_in("date_of_birth", births):
        key = (
            "name",
            person.family_name.lower(),
            person.given_name.lower(),
            person.date_of_birth.isoformat(),
            person.pc4,
        )
        if key in wanted and key not in found:
            found[key] = person
    return found


def _differences(record: CaseloadRecord, person: PersonFacts) -> tuple[str, ...]:
    differs = []
    if person.family_name.lower() != record.family_name.lower():
        differs.append("achternaam")
    if person.given_name.lower() != record.given_names.lower():
        differs.append("voornamen")
    if person.date_of_birth != record.date_of_birth:
        differs.append("geboortedatum")
    if person.postcode and person.postcode.replace(" ", "").upper() != record.postcode:
        differs.append("postcode")
    if person.house_number and person.house_number != record.house_number:
        differs.append("huisnummer")
    return tuple(differs)


def _match_known(report: CaseloadReport) -> None:
    known = known_people(report.records)
    new_keys: set[tuple[str, ...]] = set()
    for record in report.records:
        person = known.get(record.person_key())
        if person is None:
            new_keys.add(record.person_key())
            continue
        report.known.append(
            KnownChild(
                row=record.row,
                person_id=person.id,
                matched_on=record.person_key()[0],
                name=f"{person.given_name} {person.family_name}",
                differs=_differences(record, person),
            )
        )
    report.new_children = len(new_keys)


def _unmapped(report: CaseloadReport) -> None:
    providers, products = mapped_keys()
    provider_rows: Counter[str] = Counter()
    product_rows: Counter[str] = Counter()
    names: dict[str, str] = {}
    descriptions: dict[str, str] = defaultdict(str)
    for record in report.records:
        if record.provider_agb not in providers:
            provider_rows[record.provider_agb] += 1
            names.setdefault(record.provider_agb, record.provider_name)
        if record.productcode not in products:
            product_rows[record.productcode] += 1
            descriptions.setdefault(record.productcode, record.product_description)
    report.providers_to_map = [
        ToMap(code, names[code], count) for code, count in sorted(provider_rows.items())
    ]
    report.products_to_map = [
        ToMap(code, descriptions[code], count) for code, count in sorted(product_rows.items())
    ]


def transitional_end(switch: RegionSwitch | None, productcode: str) -> date | None:
    """The end of the transitional right for a product (region data), or None without a switch."""
    if switch is None:
        return None
    until = switch.products.get(productcode)
    if until:
        return date.fromisoformat(until)
    months = switch.transitional_right_months or DEFAULT_TRANSITIONAL_MONTHS
    return date.fromordinal(add_months(switch.switch_date, months).toordinal() - 1)
