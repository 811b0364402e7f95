"""Every CSV and Excel file the product writes goes through here, so that a cell a
spreadsheet would run as a formula (OWASP "CSV injection") is always text.

A value that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, and is not
a plain number, is neutralised:

- in CSV it gets a leading ``'`` (``=HYPERLINK(…)`` becomes ``'=HYPERLINK(…)``);
- in Excel it is a text cell with the "quote prefix" flag, which is what Excel itself
  stores when someone types ``'=…``: shown as typed, never evaluated, and still text when
  the sheet is saved as CSV again.

A plain number (``-12``, ``+3``, ``-4,5%``, ``1.234``) is left alone: it cannot run.
Data imported from outside (a caseload file, a form) keeps what was typed; only the export
changes it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

#: Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: A plain number as the product writes it: sign, digits with "." thousands, "," decimals,
#: and an optional percent sign.
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d.]*(,\d+)?%?")
#: A percentage as the product writes it ("81,2%", "-4,5%"): a number in Excel, shown with a
#: percentage format, so it can be sorted and computed with.
_PERCENTAGE = re.compile(r"[+-]?\d[\d.]*(,\d+)?%")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could run ``text`` as a formula."""
    return text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text)


def formula_safe(value: object) -> str:
    """The value as CSV text a spreadsheet will not run: a leading formula character gets
    a quote."""
    text = "" if value is None else str(value)
    return "'" + text if is_formula_like(text) else text


class _Writer(Protocol):
    def write(self, s: str, /) -> Any: ...


def csv_write(
    out: _Writer,
    rows: Iterable[Sequence[object]],
    *,
    delimiter: str = ";",
    line_end: str = "\r\n",
) -> None:
    """Write rows as CSV to ``out`` (a text stream), every cell made safe."""
    writer = csv.writer(out, delimiter=delimiter, lineterminator=line_end)
    for row in rows:
        writer.writerow([formula_safe(cell) for cell in row])


def csv_bytes(rows: Iterable[Sequence[object]], *, delimiter: str = ";") -> bytes:
    """UTF-8 with a byte-order mark and semicolons, as Dutch spreadsheet programs expect."""
    buffer = io.StringIO()
    csv_write(buffer, rows, delimiter=delimiter)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows: Iterable[Sequence[object]], *, title: str, numbers: bool = True) -> bytes:
    """One sheet. Whole numbers (written as digits with "." thousands) are numbers, so they
    can be summed; percentages ("81,2%") are numbers with the format 0.0%; everything
    else is a text cell, never a formula. With ``numbers=False`` every cell is text
    (identifiers such as a BSN keep their leading zero)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    for row in rows:
        cells: list[object] = []
        for value in row:
            text = "" if value is None else str(value)
            plain = text.replace(".", "")
            if numbers and plain.isdigit() and plain.isascii():
                cells.append(int(plain))
                continue
            if numbers and _PERCENTAGE.fullmatch(text):
                share = WriteOnlyCell(sheet, value=float(plain[:-1].replace(",", ".")) / 100)
                share.number_format = "0.0%"
                cells.append(share)
                continue
            cell = WriteOnlyCell(sheet, value=text or None)
            cell.data_type = "s"
            if is_formula_like(text):
                cell.quotePrefix = True
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
