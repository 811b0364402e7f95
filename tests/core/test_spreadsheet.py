"""The one door every CSV and Excel export goes through: no cell can run as a formula."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from jeugdmodel.core.spreadsheet import (
    FORMULA_START,
    csv_bytes,
    formula_safe,
    is_formula_like,
    xlsx_bytes,
)

SRC = Path(__file__).resolve().parents[2] / "src" / "jeugdmodel"
#: The only file allowed to write CSV or Excel itself.
ALLOWED = {
    "core/spreadsheet.py",
    # Writes the demo's old-provider input file (with a deliberate "=" cell), not an export.
    "demo/transition_demo.py",
}
ATTACKS = [
    '=HYPERLINK("http://evil.example","klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "=1",
    "-",
    "+",
]


def test_formula_cells_get_a_quote_and_plain_values_do_not() -> None:
    for attack in ATTACKS:
        assert formula_safe(attack) == "'" + attack
    for plain in ("-12", "+3", "-4,5%", "1.234", "<5", "×", "Totaal", "", "a=b", " =1"):
        assert formula_safe(plain) == plain
    assert formula_safe(None) == ""
    assert formula_safe(-12) == "-12"


@given(st.text())
def test_no_csv_cell_ever_starts_a_formula(text: str) -> None:
    data = csv_bytes([[text, "x"]]).decode("utf-8-sig")
    cell = next(csv.reader(io.StringIO(data, newline=""), delimiter=";"))[0]
    assert not is_formula_like(cell)
    assert cell in (text, "'" + text)


def test_csv_round_trip_keeps_the_text_after_the_quote() -> None:
    data = csv_bytes([ATTACKS, ["Totaal", "9"]]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data, newline=""), delimiter=";"))
    assert rows[0] == ["'" + a for a in ATTACKS]
    assert rows[1] == ["Totaal", "9"]


def test_excel_cells_are_text_with_the_quote_prefix_never_formulas() -> None:
    book = load_workbook(
        io.BytesIO(xlsx_bytes([ATTACKS, ["Totaal", "1.234", "²", "-5"]], title="T"))
    )
    sheet = book.active
    assert sheet is not None
    first, second = list(sheet.iter_rows())
    assert [c.value for c in first] == ATTACKS
    assert all(c.data_type == "s" and c.quotePrefix for c in first)
    assert [c.value for c in second][:4] == ["Totaal", 1234, "²", "-5"]
    assert not second[0].quotePrefix
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_formula_start_is_the_owasp_list() -> None:
    assert set(FORMULA_START) == {"=", "+", "-", "@", "\t", "\r"}


def test_every_export_in_the_product_goes_through_the_helper() -> None:
    """A new CSV or Excel writer elsewhere would skip the protection: this fails then."""
    writers = re.compile(r"csv\.writer\(|csv\.DictWriter\(|\bWorkbook\(|xlsxwriter|to_csv\(")
    offenders = sorted(
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if writers.search(path.read_text(encoding="utf-8"))
        and str(path.relative_to(SRC)) not in ALLOWED
    )
    assert offenders == []
