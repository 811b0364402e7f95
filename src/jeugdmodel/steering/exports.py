"""A dashboard table as CSV or Excel: the same display strings as the page (the counts
perturbed by their cell keys, "te weinig" where a figure has too few children), the
period and filters, and the definition of every figure."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from jeugdmodel.core.spreadsheet import csv_bytes, xlsx_bytes
from jeugdmodel.core.spreadsheet import formula_safe as csv_safe  # noqa: F401  (kept name)

from .selectors import Table


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
    """UTF-8 with a byte-order mark and semicolons; no cell can run as a formula
    (core.spreadsheet)."""
    return csv_bytes(table_rows(table, context))


def table_xlsx(table: Table, context: Sequence[tuple[str, str]]) -> bytes:
    """One sheet. Whole numbers are numbers (so they can be summed), percentages numbers
    with a percentage format; everything else is a text cell, so a value starting with
    "=" is never evaluated as a formula."""
    return xlsx_bytes(table_rows(table, context), title=_("Tabel"))
