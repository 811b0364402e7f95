"""Reading a caseload file into rows of text, whatever form it came in.

CSV as Dutch spreadsheets write it (``;`` or ``,``, UTF-8 with or without BOM or
Windows-1252, quoted fields with separators, quotes and line breaks): the encoding is
detected with charset-normalizer and the dialect with the standard library's
``csv.Sniffer``, never by hand. Excel (.xlsx) through openpyxl, refusing formulas and
merged header cells. JW301 messages are read by ``jw301.py``.

Every reader gives a ``RawTable``: the header as written and, per data row, its row number
(the header is row 1) and its cells as text. Problems that concern the whole file raise
``FileRefused`` with a Dutch message.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from charset_normalizer import from_bytes
from django.conf import settings
from django.utils.translation import gettext as _

from jeugdmodel.core.errors import DomainError

#: Encodings a Dutch spreadsheet writes; charset-normalizer chooses among these only.
CSV_ENCODINGS = ["utf_8", "cp1252"]
SNIFF_BYTES = 64 * 1024
XLSX_MAGIC = b"PK\x03\x04"


class FileRefused(DomainError):
    """The whole file cannot be read; nothing in it is imported."""


@dataclass
class RawTable:
    file_format: str
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    #: Cells that held something other than plain values (Excel formulas): (row, column).
    formula_cells: set[tuple[int, str]] = field(default_factory=set)


def max_file_bytes() -> int:
    return int(getattr(settings, "JM_TRANSITION_MAX_FILE_BYTES", 50 * 1024 * 1024))


def check_size(size: int) -> None:
    limit = max_file_bytes()
    if size > limit:
        raise FileRefused(
            _("Het bestand is %(size)s MB; het mag hoogstens %(limit)s MB zijn. Splits het.")
            % {"size": size // (1024 * 1024), "limit": limit // (1024 * 1024)}
        )


def read_table(data: bytes, file_name: str) -> RawTable:
    """Any supported caseload file as a table of text."""
    check_size(len(data))
    if not data.strip():
        raise FileRefused(_("Het bestand is leeg."))
    name = file_name.lower()
    if data.startswith(XLSX_MAGIC) and (name.endswith(".xlsx") or _is_xlsx(data)):
        return read_xlsx(data)
    if (
        name.endswith((".xml", ".zip"))
        or data.lstrip().startswith(b"<")
        or data.startswith(XLSX_MAGIC)
    ):
        from .jw301 import read_jw301

        return read_jw301(data)
    return read_csv(data)


def _is_xlsx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


# --- CSV ---------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """The file's text: UTF-8 (a BOM is dropped) when it is valid UTF-8, else the encoding
    charset-normalizer finds among the ones Dutch spreadsheets write."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=CSV_ENCODINGS).best()
    if best is None:
        raise FileRefused(
            _("De tekenset van het bestand is niet te herkennen. Sla het op als UTF-8 (CSV).")
        )
    return str(best)


def sniff_dialect(text: str) -> type[csv.Dialect]:
    sample = text[:SNIFF_BYTES]
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,")
    except csv.Error as exc:
        raise FileRefused(
            _("Het scheidingsteken is niet te herkennen; gebruik ; of , tussen de kolommen.")
        ) from exc


def read_csv(data: bytes) -> RawTable:
    text = decode_text(data)
    dialect = sniff_dialect(text)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except StopIteration as exc:
        raise FileRefused(_("Het bestand is leeg.")) from exc
    except csv.Error as exc:
        raise FileRefused(_("De kopregel is geen geldige CSV: %(error)s") % {"error": exc}) from exc
    table = RawTable("csv", [h.strip() for h in header])
    number = 1
    try:
        for cells in reader:
            number += 1
            if "".join(cells).strip():  # not an empty line
                table.rows.append((number, cells))
    except csv.Error as exc:
        raise FileRefused(
            _("Rij %(row)d is geen geldige CSV (%(error)s); niets is ingelezen.")
            % {"row": number + 1, "error": exc}
        ) from exc
    return table


# --- Excel -------------------------------------------------------------------------------


def read_xlsx(data: bytes) -> RawTable:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise FileRefused(_("Het Excel-bestand is niet te lezen.")) from exc
    try:
        sheet = workbook.worksheets[0]
        rows: Iterator[tuple[Any, ...]] = sheet.iter_rows()
        try:
            header_cells = next(rows)
        except StopIteration as exc:
            raise FileRefused(_("Het bestand is leeg.")) from exc
        header = [_cell_text(c.value) for c in header_cells]
        while header and not header[-1]:
            header.pop()
        if any(not name for name in header):
            raise FileRefused(
                _(
                    "De kopregel heeft een lege kolomnaam in kolom %(column)d (samengevoegde "
                    "cellen?). Zet in rij 1 in elke kolom één naam."
                )
                % {"column": header.index("") + 1}
            )
        table = RawTable("xlsx", header)
        for number, cells in enumerate(rows, start=2):
            values = []
            for index, cell in enumerate(cells[: len(header)]):
                if getattr(cell, "data_type", None) == "f":
                    table.formula_cells.add((number, header[index].lower()))
                values.append(_cell_text(cell.value))
            if any(v.strip() for v in values):
                table.rows.append((number, values))
        return table
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
