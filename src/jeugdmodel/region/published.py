"""Published youth figures (CBS, and news or municipalities citing CBS) as region
reference data: reading and checking the CSV file, and saying a value in Dutch.

The file has one row per municipality (or ``NL``), year, measure and age group, with the
value as published, its unit, a note and the source address (docs/decisions/0098). A
file with any bad row is refused as a whole, each error with its line and column.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .regionfile import RegionFileError, RegionFileInvalid

COLUMNS = (
    "municipality_code",
    "municipality",
    "year",
    "measure",
    "value",
    "unit",
    "age_group",
    "note",
    "source",
)
#: The unit starts with one of these; what follows (in brackets) qualifies it.
UNITS = ("percent", "persons", "households", "measures")
_CODE = re.compile(r"^(GM\d{4}|NL)$")
_YEAR = re.compile(r"^(19|20)\d{2}(H[12])?$")
#: "1360", "7.8", "about 5": a plain number, optionally introduced by "about".
_VALUE = re.compile(r"^(?P<about>about\s+)?(?P<number>\d{1,12}(\.\d{1,2})?)$", re.IGNORECASE)
_URL = URLValidator(schemes=["http", "https"])
#: The longest text each column may hold (the database columns).
_MAX_LENGTH = {
    "municipality": 200,
    "measure": 200,
    "value": 40,
    "unit": 200,
    "age_group": 80,
    "note": 2000,
    "source": 500,
}


class PublishedFiguresInvalid(RegionFileInvalid):
    """The published-figures file has errors; ``errors`` lists them all."""


@dataclass(frozen=True)
class PublishedRow:
    municipality_code: str
    municipality_name: str
    year: str
    measure: str
    value_text: str
    value: Decimal
    approximate: bool
    unit: str
    age_group: str
    note: str
    source: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.municipality_code, self.year, self.measure, self.age_group)


def parse_published_value(text: str) -> tuple[Decimal, bool]:
    """``"about 5"`` → ``(Decimal("5"), True)``; ValueError for anything else than a plain
    number (no thousands separators, at most two decimals)."""
    match = _VALUE.match(text.strip())
    if match is None:
        raise ValueError(text)
    try:
        number = Decimal(match["number"])
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise ValueError(text) from exc
    return number, match["about"] is not None


def base_unit(unit: str) -> str:
    """The unit's first word ("persons (approx.)" → "persons"); "" when unknown."""
    word = unit.strip().split(" ", 1)[0].lower()
    return word if word in UNITS else ""


def unit_qualifier(unit: str) -> str:
    """What the file says about the unit after its first word, without brackets."""
    rest = unit.strip().split(" ", 1)[1] if " " in unit.strip() else ""
    return rest.strip().removeprefix("(").removesuffix(")").strip()


def published_value_display(value: Decimal, approximate: bool, unit: str) -> str:
    """The value in Dutch with its unit: "ongeveer 5%", "1.360 personen"."""
    places = 0 if value == value.to_integral_value() else 1
    number = number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    base = base_unit(unit)
    if base == "percent":
        shown = f"{number}%"
    else:
        names = {
            "persons": _("personen"),
            "households": _("huishoudens"),
            "measures": _("maatregelen"),
        }
        shown = f"{number} {names.get(base, unit)}"
    return _("ongeveer %(value)s") % {"value": shown} if approximate else shown


def parse_published_figures(text: str) -> list[PublishedRow]:
    """Every row of the file, or PublishedFiguresInvalid naming each bad cell."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    errors: list[RegionFileError] = []
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != COLUMNS:
        raise PublishedFiguresInvalid(
            [
                RegionFileError(
                    "",
                    _("De eerste regel moet de kolommen noemen: %(columns)s.")
                    % {"columns": ", ".join(COLUMNS)},
                    1,
                )
            ]
        )
    rows: list[PublishedRow] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(COLUMNS):
            errors.append(
                RegionFileError(
                    "",
                    _("Deze regel heeft %(found)d kolommen in plaats van %(expected)d.")
                    % {"found": len(cells), "expected": len(COLUMNS)},
                    line,
                )
            )
            continue
        row, row_errors = _parse_row(dict(zip(COLUMNS, (c.strip() for c in cells), strict=True)))
        errors.extend(RegionFileError(col, msg, line) for col, msg in row_errors)
        if row is None:
            continue
        if row.key in seen:
            errors.append(
                RegionFileError(
                    "measure",
                    _(
                        "Dezelfde gemeente, hetzelfde jaar, dezelfde maat en leeftijd staan "
                        "al op regel %(line)d."
                    )
                    % {"line": seen[row.key]},
                    line,
                )
            )
            continue
        seen[row.key] = line
        rows.append(row)
    if errors:
        raise PublishedFiguresInvalid(errors)
    return rows


def _parse_row(cells: dict[str, str]) -> tuple[PublishedRow | None, list[tuple[str, str]]]:
    errors: list[tuple[str, str]] = []
    if not _CODE.match(cells["municipality_code"]):
        errors.append(
            ("municipality_code", _("Een gemeentecode is GM gevolgd door 4 cijfers, of NL."))
        )
    for column in ("municipality", "measure", "age_group"):
        if not cells[column]:
            errors.append((column, _("Deze kolom mag niet leeg zijn.")))
    for column, limit in _MAX_LENGTH.items():
        if len(cells[column]) > limit:
            errors.append((column, _("Hoogstens %(limit)d tekens.") % {"limit": limit}))
    if not _YEAR.match(cells["year"]):
        errors.append(("year", _("Een jaar is 4 cijfers, eventueel met H1 of H2 (halfjaar).")))
    value, approximate = Decimal(0), False
    try:
        value, approximate = parse_published_value(cells["value"])
    except ValueError:
        errors.append(
            (
                "value",
                _(
                    "Een waarde is een getal zonder scheidingstekens voor duizendtallen, "
                    "met een punt voor decimalen en eventueel 'about' ervoor (zoals 7.8 of "
                    "about 5)."
                ),
            )
        )
    base = base_unit(cells["unit"])
    if not base:
        errors.append(
            ("unit", _("De eenheid begint met een van: %(units)s.") % {"units": ", ".join(UNITS)})
        )
    elif base == "percent" and value > 100:
        errors.append(("value", _("Een percentage is hoogstens 100.")))
    try:
        _URL(cells["source"])
    except ValidationError:
        errors.append(("source", _("De bron is een webadres dat begint met http:// of https://.")))
    if errors:
        return None, errors
    return (
        PublishedRow(
            municipality_code=cells["municipality_code"],
            municipality_name=cells["municipality"],
            year=cells["year"],
            measure=cells["measure"],
            value_text=cells["value"],
            value=value,
            approximate=approximate,
            unit=cells["unit"],
            age_group=cells["age_group"],
            note=cells["note"],
            source=cells["source"],
        ),
        [],
    )
