"""The caseload import: dry run, all-or-nothing import, matching, and every bad input."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.audit.models import AccessLogEntry
from jeugdmodel.core.errors import NotAllowed
from jeugdmodel.families.models import Family, FamilyMember, Person, Residence
from jeugdmodel.transition.caseload import COLUMNS
from jeugdmodel.transition.models import CaseloadImport, ProviderMapping, RunningClient
from jeugdmodel.transition.services.caseload import (
    CaseloadRefused,
    caseload_dry_run,
    caseload_import,
    caseload_report,
)
from tests.transition.conftest import caseload_csv, good_row, rows_of

pytestmark = pytest.mark.django_db

WRITTEN = (Person, Family, FamilyMember, Residence, RunningClient, CaseloadImport)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in WRITTEN}


def only_problem(data: bytes, name: str = "lopend.csv") -> tuple[int, str, str]:
    report = caseload_report(data=data, file_name=name)
    assert not report.file_errors, report.file_errors
    assert len(report.rejected) == 1, report.rejected
    problem = report.rejected[0]
    return problem.row, problem.column, problem.message


# --- the good path -------------------------------------------------------------------


def test_a_dry_run_reports_and_stores_nothing(mapped: None) -> None:
    before = counts()
    report = caseload_dry_run(actor=None, data=caseload_csv(rows_of(6)), file_name="a.csv")
    assert (report.rows_read, report.good_rows, report.new_children) == (6, 6, 6)
    assert report.rejected == []
    assert not report.file_rejected
    assert counts() == before


def test_the_import_writes_children_families_and_running_clients(mapped: None) -> None:
    rows = rows_of(5)
    rows.append({**rows[0], "productcode": "45A53", "beschikkingnummer": "B-X"})  # 2nd product
    result = caseload_import(actor=None, data=caseload_csv(rows), file_name="a.csv")
    assert result.caseload_import.rows_imported == 6
    assert Person.objects.count() == 5
    assert RunningClient.objects.count() == 6
    assert Residence.objects.count() == 5
    client = RunningClient.objects.get(row_number=2)
    assert client.status == "unknown"
    assert client.new_organisation.code == "scala"
    assert client.team is not None  # the wijkteam of the postcode
    assert client.product_description == "Ambulante hulp\nthuis"  # a quoted line break
    assert client.provider_name == 'Jeugdzorg Oud & Co; "De Haven"'
    entry = AccessLogEntry.objects.get(event="transition.imported")
    assert entry.subjects.count() == 5


def test_the_same_file_twice_is_refused_the_second_time(mapped: None) -> None:
    data = caseload_csv(rows_of(3))
    caseload_import(actor=None, data=data, file_name="a.csv")
    before = counts()
    with pytest.raises(CaseloadRefused, match="al ingelezen"):
        caseload_import(actor=None, data=data, file_name="a.csv")
    assert counts() == before


def test_column_names_are_case_insensitive_in_any_order_with_extra_columns(mapped: None) -> None:
    columns = ["extra", *reversed(COLUMNS)]
    rows = [{**r, "extra": "negeren"} for r in rows_of(3)]
    data = caseload_csv(rows, columns=columns, header_case="upper", delimiter=",")
    report = caseload_report(data=data, file_name="a.csv")
    assert report.good_rows == 3
    assert report.rejected == []


# --- matching known children: a claim never changes a known person ---------------------


def test_a_known_child_by_bsn_is_shown_and_never_changed(mapped: None) -> None:
    row = good_row(1)
    person = Person.objects.create(
        bsn=row["bsn"],
        given_name="Anouk",
        family_name="Oudenaam",
        date_of_birth=date(2012, 2, 11),
        postcode="3141AB",
        pc4="3141",
    )
    report = caseload_report(data=caseload_csv([row]), file_name="a.csv")
    assert report.new_children == 0
    [known] = report.known
    assert (known.row, known.matched_on, known.person_id) == (2, "bsn", person.pk)
    assert "achternaam" in known.differs
    caseload_import(actor=None, data=caseload_csv([row]), file_name="a.csv")
    person.refresh_from_db()
    assert person.family_name == "Oudenaam"  # unchanged
    client = RunningClient.objects.get()
    assert client.person == person
    assert client.was_known
    assert client.claimed_family_name == "Jansen-1"  # the file's claim, kept apart


def test_without_bsn_a_child_is_matched_on_name_birth_date_and_postcode(mapped: None) -> None:
    row = {**good_row(2), "bsn": ""}
    person = Person.objects.create(
        given_name=row["voornamen"],
        family_name=row["achternaam"],
        date_of_birth=date.fromisoformat(row["geboortedatum"]),
        postcode=row["postcode"],
        pc4=row["postcode"][:4],
    )
    report = caseload_report(data=caseload_csv([row]), file_name="a.csv")
    assert [(k.person_id, k.matched_on) for k in report.known] == [(person.pk, "name")]


# --- mapping ------------------------------------------------------------------------------


def test_unmapped_providers_are_to_map_not_rejected_and_block_the_import(mapped: None) -> None:
    ProviderMapping.objects.filter(agb_code="12340002").delete()
    data = caseload_csv(rows_of(4))
    report = caseload_report(data=data, file_name="a.csv")
    assert report.rejected == []
    assert [(t.code, t.rows) for t in report.providers_to_map] == [("12340002", 2)]
    before = counts()
    with pytest.raises(CaseloadRefused, match="12340002"):
        caseload_import(actor=None, data=data, file_name="a.csv")
    assert counts() == before


# --- all or nothing, or explicitly the good rows -------------------------------------------


def test_one_bad_row_rejects_the_file_unless_the_good_rows_are_chosen(mapped: None) -> None:
    rows = rows_of(4)
    rows[2]["bsn"] = "123456789"
    data = caseload_csv(rows)
    before = counts()
    with pytest.raises(CaseloadRefused, match="rij 4"):
        caseload_import(actor=None, data=data, file_name="a.csv")
    assert counts() == before
    result = caseload_import(actor=None, data=data, file_name="a.csv", good_rows_only=True)
    assert result.caseload_import.rows_imported == 3
    assert result.caseload_import.rows_rejected == 1
    assert sorted(RunningClient.objects.values_list("row_number", flat=True)) == [2, 3, 5]


def test_only_the_functional_admin_may_import(mapped: None, make_user: Callable[..., User]) -> None:
    with pytest.raises(NotAllowed):
        caseload_import(
            actor=make_user(Role.TEAM_LEAD), data=caseload_csv(rows_of(1)), file_name="a.csv"
        )


# --- every bad input of the issue ---------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "column", "fragment"),
    [
        ({"bsn": "123456789"}, "bsn", "elfproef"),
        ({"geboortedatum": "31-02-2012"}, "geboortedatum", "geen bestaande datum"),
        ({"einddatum": "2022-01-01"}, "einddatum", "vóór de ingangsdatum"),
        ({"postcode": "1011AB"}, "postcode", "buiten de regio"),
        ({"gemeentecode": "0363"}, "gemeentecode", "niet bij de regio"),
        ({"aanbieder_agb": "1234"}, "aanbieder_agb", "8 cijfers"),
        ({"achternaam": ""}, "achternaam", "verplicht"),
        ({"ingangsdatum": "2023-02-01"}, "ingangsdatum", "na de overstapdatum"),
        ({"einddatum": "2022-12-31"}, "einddatum", "al gestopt"),
    ],
)
def test_a_bad_value_names_row_column_and_reason(
    mapped: None, change: dict[str, str], column: str, fragment: str
) -> None:
    rows = rows_of(3)
    rows[1].update(change)
    row, named_column, message = only_problem(caseload_csv(rows))
    assert (row, named_column) == (3, column)
    assert fragment in message


def test_a_duplicate_row_names_both_rows(mapped: None) -> None:
    rows = rows_of(3)
    rows.append(dict(rows[0]))
    report = caseload_report(data=caseload_csv(rows), file_name="a.csv")
    assert [(d.row, d.same_as_row) for d in report.duplicates] == [(5, 2)]
    assert report.rejected_rows == [5]
    assert "rij 2" in report.rejected[0].message


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "leeg"),
        (b"   \r\n", "leeg"),
        (caseload_csv([], columns=COLUMNS[:-1]), "beschikkingnummer"),
    ],
)
def test_a_bad_file_is_reported_for_the_whole_file(
    mapped: None, data: bytes, fragment: str
) -> None:
    report = caseload_report(data=data, file_name="a.csv")
    assert report.file_rejected
    assert fragment in report.file_errors[0]


def test_a_windows_1252_file_with_accented_names_is_read_right(mapped: None) -> None:
    rows = rows_of(4)
    rows[1]["achternaam"] = "Çelik-Müller"
    data = caseload_csv(rows, encoding="cp1252")
    report = caseload_report(data=data, file_name="a.csv")
    assert report.rejected == []
    assert report.records[1].family_name == "Çelik-Müller"
    assert report.records[1].given_names == "Anouk Élise"


def test_a_cell_starting_with_an_equals_sign_is_stored_as_text(mapped: None) -> None:
    rows = rows_of(2)
    rows[0]["product_omschrijving"] = '=HYPERLINK("http://x","klik")'
    caseload_import(actor=None, data=caseload_csv(rows), file_name="a.csv")
    assert RunningClient.objects.get(row_number=2).product_description.startswith("=HYPERLINK")


def test_a_file_over_the_limit_is_refused_before_reading(mapped: None, settings: object) -> None:
    settings.JM_TRANSITION_MAX_FILE_BYTES = 1024 * 1024  # type: ignore[attr-defined]
    big = caseload_csv(rows_of(2)) + b"x" * (1024 * 1024 + 1)
    report = caseload_report(data=big, file_name="a.csv")
    assert "hoogstens 1 MB" in report.file_errors[0]


def _xlsx(header: list[str], rows: list[list[object]], merge: str = "") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_an_excel_file_imports_like_the_csv(mapped: None) -> None:
    rows = rows_of(3)
    values: list[list[object]] = [[r[c] for c in COLUMNS] for r in rows]
    values[0][COLUMNS.index("geboortedatum")] = date(2012, 1, 10)  # a real date cell
    values[1][COLUMNS.index("gemeentecode")] = 606  # a number that lost its leading zero
    excel = caseload_report(data=_xlsx(list(COLUMNS), values), file_name="a.xlsx")
    csv_report = caseload_report(data=caseload_csv(rows), file_name="a.csv")
    assert excel.rejected == []
    assert excel.records == csv_report.records


def test_an_excel_formula_is_rejected_in_its_row(mapped: None) -> None:
    values: list[list[object]] = [[r[c] for c in COLUMNS] for r in rows_of(3)]
    values[1][COLUMNS.index("huisnummer")] = "=1+1"
    row, column, message = only_problem(_xlsx(list(COLUMNS), values), "a.xlsx")
    assert (row, column) == (3, "huisnummer")
    assert "formule" in message


def test_an_excel_merged_header_is_refused(mapped: None) -> None:
    values: list[list[object]] = [[r[c] for c in COLUMNS] for r in rows_of(1)]
    header = list(COLUMNS)
    header[1] = ""  # what a merge of A1:B1 leaves behind
    report = caseload_report(data=_xlsx(header, values, merge="A1:B1"), file_name="a.xlsx")
    assert "samengevoegde" in report.file_errors[0]


# --- JW301 ---------------------------------------------------------------------------------


def _jw301(bsn: str = "999900006", postcode: str = "3112CD", extra: str = "") -> bytes:
    example = (Path(__file__).parent / "jw301_example.xml").read_text(encoding="utf-8")
    text = example.replace("999900006", bsn).replace("9999XX", postcode)
    return (extra + text).encode() if extra else text.encode()


def test_a_jw301_message_gives_one_row_per_assigned_product(mapped: None) -> None:
    report = caseload_report(data=_jw301(), file_name="toewijzing.xml")
    assert report.file_format == "jw301"
    assert report.rows_read == 2
    assert {p.column for p in report.rejected} <= {"gemeentecode", "ingangsdatum"}


def test_a_zip_of_jw301_messages_is_read(mapped: None) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.xml", _jw301())
        archive.writestr("b.xml", _jw301(bsn="999900018"))
    report = caseload_report(data=out.getvalue(), file_name="berichten.zip")
    assert report.rows_read == 4


@pytest.mark.parametrize(
    "hostile",
    [
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<x>&b;</x>",
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        "<jw301:Bericht xmlns:jw301='http://www.istandaarden.nl/ijw/3_2/jw301/schema'/>",
        "<not-closed>",
    ],
)
def test_a_hostile_or_invalid_jw301_is_refused_as_a_whole(mapped: None, hostile: str) -> None:
    report = caseload_report(data=hostile.encode(), file_name="bericht.xml")
    assert report.file_rejected
    assert report.file_errors
    assert all("root:" not in error for error in report.file_errors)  # nothing was resolved


def test_a_zip_bomb_is_refused_by_its_unpacked_size(mapped: None, settings: object) -> None:
    settings.JM_TRANSITION_MAX_FILE_BYTES = 1024 * 1024  # type: ignore[attr-defined]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bom.xml", b" " * (5 * 1024 * 1024))
    assert len(out.getvalue()) < 1024 * 1024
    report = caseload_report(data=out.getvalue(), file_name="bom.zip")
    assert "groter dan toegestaan" in report.file_errors[0]


# --- the command -----------------------------------------------------------------------------


def test_the_command_prints_json_and_exits_non_zero_on_rejection(
    mapped: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = rows_of(3)
    rows[1]["geboortedatum"] = "2012-02-31"
    path = tmp_path / "lopend.csv"
    path.write_bytes(caseload_csv(rows))
    with pytest.raises(SystemExit) as exit_info:
        call_command("transition_import", str(path), "--dry-run", "--report", "json")
    assert exit_info.value.code == 1
    data = json.loads(capsys.readouterr().out)
    assert data["rejected_rows"] == [3]
    assert data["rejected"][0]["column"] == "geboortedatum"
    assert not RunningClient.objects.exists()


def test_the_command_imports_a_good_file(mapped: None, tmp_path: Path) -> None:
    path = tmp_path / "lopend.csv"
    path.write_bytes(caseload_csv(rows_of(3)))
    out = io.StringIO()
    call_command("transition_import", str(path), stdout=out, stderr=io.StringIO())
    assert "Ingelezen: 3 rijen." in out.getvalue()
    assert RunningClient.objects.count() == 3
