"""A dashboard table as CSV or Excel: the same display strings as the page (the counts
perturbed by their cell keys, "te weinig" where a figure has too few children), the
period and filters, and the definition of every figure."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from .selectors import Table

#: Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """Text a spreadsheet will not run: a leading formula character gets a quote."""
    if text.startswith(FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text.replace(".", "").replace(",", ".").rstrip("%"))
    except ValueError:
        return False
    return True


def table_rows(table: Table, context: Sequence[tuple[str, str]]) -> list[list[str]]:
    """Heading lines, the table (display strings) and the definitions, as rows of text."""
    out: list[list[str]] = [[table.caption]]
    out.extend([label, value] for label, value in context)
    out.append([])
    out.append(
        [_("Indeling") if table.cut else _("Periode")] + [str(f.label) for f in table.figures]
    )
    for row in table.rows:
        out.append([row.label] + [row.values[f.key].display for f in table.figures])
    out.append([])
    out.append(
        [
            _(
                "Elk aantal is een klein beetje veranderd (hoogstens 2 ernaast; 1 en 2 nooit, 0 "
                "blijft 0), zodat kleine aantallen niet terug te rekenen zijn."
            )
        ]
    )
    out.append([_("Definities")])
    out.extend([str(f.label), str(f.definition)] for f in table.figures)
    return out


def table_csv(table: Table, context: Sequence[tuple[str, str]]) -> bytes:
    """UTF-8 with a byte-order mark and semicolons, as Dutch spreadsheet programs expect."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in table_rows(table, context):
        writer.writerow([csv_safe(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def table_xlsx(table: Table, context: Sequence[tuple[str, str]]) -> bytes:
    """One sheet. Whole numbers are numbers (so they can be summed); everything else is
    a text cell, so a value starting with "=" is never evaluated as a formula."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_("Tabel")[:31])
    for row in table_rows(table, context):
        cells: list[object] = []
        for text in row:
            plain = text.replace(".", "")
            if plain.isdigit():
                cells.append(int(plain))
                continue
            cell = WriteOnlyCell(sheet, value=text or None)
            cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
