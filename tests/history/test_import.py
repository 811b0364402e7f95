"""history_import: a good file is stored whole; any rejected line stores nothing and the
report names the line and why; references only backwards; a file twice changes nothing."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessLogEntry
from jeugdmodel.care.models import Consultation, Trajectory
from jeugdmodel.cases.models import Case, CaseClosing, CaseStatus, JournalEntry
from jeugdmodel.families.models import Person, Residence
from jeugdmodel.history.services import (
    SYSTEM_USERNAME,
    HistoryImportResult,
    history_import,
)
from jeugdmodel.history.services.checker import MAX_LINE_BYTES
from jeugdmodel.intake.models import Request, RequestPerson, RequestStatus
from jeugdmodel.region.models import CareLevel
from jeugdmodel.steering.models import Cell

from .conftest import GOOD_COUNTS, HEADER, Line, find, good_lines, stored, write_file

pytestmark = pytest.mark.usefixtures("mvs")


def run(tmp_path: Path, lines: list[Any], **options: Any) -> HistoryImportResult:
    options.setdefault("rebuild", False)
    return history_import(path=write_file(tmp_path / "h.jsonl", lines), **options)


def changed(source_id: str, **changes: Any) -> list[Line]:
    """The good lines, with fields of one line changed (None removes a field)."""
    lines = good_lines()
    line = lines[find(lines, source_id)]
    for key, value in changes.items():
        if value is None:
            line.pop(key, None)
        else:
            line[key] = value
    return lines


def rejected_with(result: HistoryImportResult) -> dict[int, str]:
    return {r.line: "; ".join(r.messages) for r in result.rejected}


# -- a good file ---------------------------------------------------------------------------


def test_a_good_file_is_stored_whole(good_file: Path) -> None:
    before = stored()
    result = history_import(path=good_file, rebuild=False)
    assert result.ok, result.rejected
    assert result.counts == GOOD_COUNTS
    after = stored()
    for kind, count in GOOD_COUNTS.items():
        assert after[kind] - before[kind] == count, kind
    assert after["history_imports"] == before["history_imports"] + 1
    assert result.record is not None
    assert result.record.rows == sum(GOOD_COUNTS.values())


def test_what_is_stored_reads_back_as_the_file_says(good_file: Path) -> None:
    assert history_import(path=good_file, rebuild=False).ok
    sem = Person.objects.get(bsn="111222333")
    assert (sem.given_name, sem.date_of_birth, sem.sex, sem.pc4) == (
        "Sem",
        date(2015, 4, 2),
        "m",
        "3142",
    )
    # Address history: Schiedam (the area is known from 2023, the address from 2015),
    # then Maassluis from the move on.
    homes = list(Residence.objects.filter(person=sem).order_by("valid_from"))
    assert [(r.pc4, r.municipality.name, r.valid_from, r.valid_to) for r in homes] == [
        ("3111", "Schiedam", date(2015, 4, 2), date(2024, 5, 31)),
        ("3142", "Maassluis", date(2024, 6, 1), None),
    ]
    assert all(r.district_id for r in homes)
    request = Request.objects.get(reference="H-R1")
    assert request.status == RequestStatus.FIRST_CONTACT
    assert request.municipality.name == "Schiedam"
    assert timezone.localtime(request.received_at).hour == 10
    assert request.case is not None
    people = {p.given_name: p for p in RequestPerson.objects.filter(request=request)}
    assert set(people) == {"Sem", "Lotte", "Eva"}
    assert people["Sem"].bsn == "111222333"
    assert people["Sem"].person == sem
    assert people["Sem"].postcode == "3111"
    case = request.case
    assert case.status == CaseStatus.CLOSED
    assert case.closed_on == date(2025, 1, 15)
    assert case.closing_reason == "geen_hulp_nodig"
    assert case.is_repeat  # reopened once
    closings = list(CaseClosing.objects.filter(case=case).order_by("closed_on"))
    assert closings[0].reopened_on == date(2024, 10, 1)
    assert closings[0].goal_scores == [
        {"subject": str(sem.public_id), "score": 8},
        {"subject": "family", "score": 7},
    ]
    assert closings[1].reopened_on is None
    specialist = Trajectory.objects.get(case=case, level=CareLevel.SPECIALIST)
    assert specialist.help_form.code == "jeugd-ggz-behandeling"
    assert specialist.specialist_reason
    assert specialist.organisation.code == "jeugdhulp-de-haven"
    assert JournalEntry.objects.filter(case=case).count() == 2
    consultation = Consultation.objects.get(case=case)
    assert (consultation.status, consultation.outcome) == ("closed", "step_up")
    forwarded = Request.objects.get(reference="H-R2")
    assert forwarded.status == RequestStatus.FORWARDED_OUTSIDE
    assert forwarded.municipality is None
    assert forwarded.team is None


def test_imported_history_is_recorded_by_an_inactive_system_user(good_file: Path) -> None:
    assert history_import(path=good_file, rebuild=False).ok
    user = User.objects.get(username=SYSTEM_USERNAME)
    assert not user.is_active
    assert not user.has_usable_password()
    assert Case.objects.get().coordinator == user
    entry = AccessLogEntry.objects.get(event="history.import")
    assert entry.details["counts"] == GOOD_COUNTS


def test_the_steering_cells_are_rebuilt_after_the_import(good_file: Path) -> None:
    result = history_import(path=good_file)
    assert result.ok
    assert result.cells
    assert Cell.objects.count() == result.cells


def test_an_open_case_with_contacts_is_in_treatment(tmp_path: Path) -> None:
    lines = [line for line in good_lines() if line.get("type") != "closing"]
    assert run(tmp_path, lines).ok
    assert Case.objects.get().status == CaseStatus.ACTIVE


def test_blank_lines_and_a_byte_order_mark_are_fine(tmp_path: Path) -> None:
    lines: list[Any] = good_lines()
    lines[0] = "\ufeff" + json.dumps(lines[0])
    lines.insert(3, "")
    lines.append("   ")
    result = run(tmp_path, lines)
    assert result.ok, result.rejected


def test_small_batches_give_the_same_result(tmp_path: Path) -> None:
    result = run(tmp_path, good_lines(), batch_rows=3)
    assert result.ok
    assert result.counts == GOOD_COUNTS
    # The case was written before its closings arrived, and is updated at the end.
    assert Case.objects.get().status == CaseStatus.CLOSED


# -- twice ---------------------------------------------------------------------------------


def test_the_same_file_twice_changes_nothing(good_file: Path) -> None:
    first = history_import(path=good_file, rebuild=False)
    before = stored()
    second = history_import(path=good_file, rebuild=False)
    assert second.earlier == first.record
    assert second.counts == {}
    assert stored() == before


def test_the_same_records_with_other_blank_lines_and_line_ends_change_nothing(
    tmp_path: Path, good_file: Path
) -> None:
    """A file is known by its records, not its bytes: an extra blank line, Windows line
    ends or spaces around a record do not make a second import (which would duplicate
    every family without a BSN)."""
    first = history_import(path=good_file, rebuild=False)
    assert first.ok
    before = stored()
    lines: list[Line | str | bytes] = []
    for line in good_lines():
        lines.append(json.dumps(line, ensure_ascii=False).encode() + b"  \r")
        lines.append("")
    other = write_file(tmp_path / "historie-opnieuw.jsonl", lines)
    assert other.read_bytes() != good_file.read_bytes()
    second = history_import(path=other, rebuild=False)
    assert second.earlier == first.record
    assert stored() == before


def test_other_records_are_another_file(tmp_path: Path, good_file: Path) -> None:
    assert history_import(path=good_file, rebuild=False).ok
    lines = good_lines()
    lines[find(lines, "F1")]["name"] = "Een andere naam"
    result = run(tmp_path, lines)
    assert result.earlier is None


def test_another_file_with_the_same_requests_is_refused(tmp_path: Path, good_file: Path) -> None:
    assert history_import(path=good_file, rebuild=False).ok
    before = stored()
    lines = good_lines()
    for line in lines:  # other people, the same request ids
        if line["type"] == "person" and "bsn" in line:
            del line["bsn"]
    result = run(tmp_path, lines)
    assert not result.ok
    messages = rejected_with(result)
    assert "H-R1" in messages[find(lines, "R1") + 1]
    assert "eerdere import" in messages[find(lines, "R1") + 1]
    assert stored() == before


def test_a_bsn_already_in_the_database_is_refused(tmp_path: Path) -> None:
    Person.objects.create(
        given_name="Al", family_name="Bekend", date_of_birth=date(2010, 1, 1), bsn="111222333"
    )
    before = stored()
    result = run(tmp_path, good_lines())
    assert "er is al een persoon met BSN 111222333" in rejected_with(result)[3]
    assert stored() == before


# -- rejected lines: nothing is stored -------------------------------------------------------


BAD_LINES = [
    # (the id of the line, its changes, a part of the message)
    ("P1", {"date_of_birth": "2015-02-30"}, "geen bestaande datum"),
    ("P1", {"date_of_birth": "02-04-2015"}, "JJJJ-MM-DD"),
    ("P1", {"sex": "q"}, "kies uit: v, m, x"),
    ("P1", {"bsn": "123456789"}, "elfproef"),
    ("P1", {"given_name": None}, "'given_name' ontbreekt"),
    ("P1", {"shoe_size": 38}, "onbekend veld 'shoe_size'"),
    ("P1", {"addresses": None}, "een kind heeft minstens één adres nodig"),
    ("P1", {"addresses": [{"pc4": "9999", "from": "2015-04-02"}]}, "niet in regio mvs"),
    ("P1", {"addresses": [{"pc4": "3100", "from": "2015-04-02"}]}, "geen woonadressen"),
    (
        "P1",
        {"addresses": [{"pc4": "3111", "from": "2015-04-02", "outside": True}]},
        'laat "outside" weg',
    ),
    (
        "P1",
        {
            "addresses": [
                {"pc4": "3142", "from": "2024-06-01"},
                {"pc4": "3111", "from": "2015-04-02"},
            ]
        },
        "op volgorde",
    ),
    ("P1", {"date_of_birth": "2099-01-01"}, "in de toekomst"),
    ("C1", {"team": "plusteam"}, "team plusteam is een team van soort flex_netwerk"),
    ("C1", {"team": "nergens"}, "team nergens bestaat niet"),
    ("R1", {"access_point": "duif"}, "kies uit: family"),
    ("R1", {"status": "first_contact", "first_contact_on": None}, "hoort bij status first_contact"),
    ("R1", {"first_contact_on": "2024-01-01"}, "tussen de aanmelding en vandaag"),
    ("R1", {"status": "closed", "closed_on": "2024-02-01"}, "heeft geen casus"),
    ("R1", {"children": ["P3"]}, "is in het gezin geen kind"),
    ("R1", {"children": []}, "minstens 1 item"),
    ("R1", {"team": None}, "een aanmelding heeft een team"),
    ("R1", {"received": "2024-01-08T10:00:00"}, "met tijdzone"),
    ("R1", {"id": "R" + "1" * 18}, "hoogstens 18 tekens"),
    ("J1", {"on": "2024-01-01"}, "voor de opening van de casus"),
    ("J1", {"minutes": 0}, "minstens 1"),
    ("J1", {"minutes": "60"}, "verwacht een geheel getal"),
    ("T1", {"end": None}, "hoort bij een einddatum"),
    ("T1", {"end_reason": None, "end_subreason": None}, "bij een einddatum hoort een reden"),
    ("T1", {"end_reason": "volgens_plan"}, "past alleen bij end_reason voortijdig"),
    ("T1", {"end": "2024-01-01"}, "de einddatum ligt voor de begindatum"),
    ("T1", {"help_form": "toverdrank"}, "hulpvorm toverdrank bestaat niet"),
    ("T1", {"crisis": True}, "crisisstart hoort bij specialistische hulp"),
    ("T1", {"child": "P3"}, "P3 is geen kind in het gezin van deze casus"),
    ("T1", {"start": "2010-01-01"}, "voor de geboortedatum"),
    ("T2", {"organisation": "nergens"}, "organisatie nergens bestaat niet"),
    ("K1", {"closed": "2024-02-01"}, "ligt voor het moment van de vraag"),
    ("K1", {"outcome": None}, "'outcome' ontbreekt"),
    ("S1", {"reopened_on": "2025-09-01"}, "binnen 12 maanden"),
    ("S1", {"closed_on": "2023-12-01"}, "niet eerder sluiten dan hij begon"),
    ("S1", {"goal_scores": [{"subject": "P3", "score": 8}]}, "P3 is geen kind in het gezin"),
    ("S1", {"goal_scores": [{"subject": "P1", "score": 11}]}, "hoogstens 10"),
]


@pytest.mark.parametrize(
    ("source_id", "changes", "message"),
    BAD_LINES,
    ids=[f"{sid}-{'-'.join(c)}" for sid, c, _m in BAD_LINES],
)
def test_a_bad_line_is_rejected_and_nothing_is_stored(
    tmp_path: Path, source_id: str, changes: dict[str, Any], message: str
) -> None:
    before = stored()
    lines = changed(source_id, **changes)
    result = run(tmp_path, lines)
    assert not result.ok
    report = rejected_with(result)
    number = find(lines, changes.get("id", source_id)) + 1
    assert number in report, report
    assert message in report[number], report[number]
    assert stored() == before


def test_every_rejected_line_is_reported_not_only_the_first(tmp_path: Path) -> None:
    lines = good_lines()
    lines[find(lines, "J1")]["minutes"] = 0
    lines[find(lines, "J2")]["kind"] = "postduif"
    lines.append(
        {
            "type": "contact",
            "id": "J9",
            "case": "C1",
            "on": "2024-13-01",
            "kind": "phone",
            "minutes": 5,
        }
    )
    result = run(tmp_path, lines)
    assert sorted(rejected_with(result)) == [
        find(lines, "J1") + 1,
        find(lines, "J2") + 1,
        len(lines),
    ]
    assert result.rejected_count == 3


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{not json", "geen geldige JSON"),
        (b"[1, 2, 3]", "een regel is één JSON-object"),
        (b'"text"', "een regel is één JSON-object"),
        (b"\xff\xfe{}", "geen geldige UTF-8"),
        (b'{"type": "dragon", "id": "D1"}', 'onbekend type "dragon"'),
        (b'{"id": "X1"}', "onbekend type null"),
        (json.dumps(HEADER).encode(), "de kop hoort alleen op de eerste regel"),
        (b'{"type": "family", "id": "F1", "name": "Nog een"}', "id F1 staat al op regel 2"),
        (b'{"type": "family", "id": "F 9", "name": "X"}', "een id is 1 tot 40 tekens"),
        (b'{"type": "family", "id": "F9", "name": "\\ud800"}', "Unicode"),
        (b'{"type": "family", "id": "F9", "name": "a\\u0000b"}', "nul-teken"),
    ],
)
def test_a_line_that_is_no_line_at_all_is_rejected(
    tmp_path: Path, raw: bytes, message: str
) -> None:
    before = stored()
    lines: list[Any] = [*good_lines(), raw]
    result = run(tmp_path, lines)
    assert message in rejected_with(result)[len(lines)]
    assert stored() == before


def test_a_line_over_the_limit_is_rejected_unread(tmp_path: Path) -> None:
    raw = b'{"type": "family", "id": "F9", "name": "' + b"x" * MAX_LINE_BYTES + b'"}'
    lines: list[Any] = [*good_lines(), raw]
    result = run(tmp_path, lines)
    assert "de regel is te lang (meer dan 1.000.000 bytes)" in rejected_with(result)[len(lines)]


# -- references ----------------------------------------------------------------------------


def test_a_case_is_closed_again_only_after_it_was_reopened(tmp_path: Path) -> None:
    lines = changed("S1", reopened_on=None)
    result = run(tmp_path, lines)
    assert (
        "al afgesloten op 2024-08-01 en niet heropend"
        in rejected_with(result)[find(lines, "S2") + 1]
    )


def test_a_reference_to_an_unknown_id_is_rejected(tmp_path: Path) -> None:
    lines = changed("C1", family="F404")
    result = run(tmp_path, lines)
    message = rejected_with(result)[find(lines, "C1") + 1]
    assert "er is geen family met id F404 op een eerdere regel" in message


def test_a_reference_forward_is_rejected(tmp_path: Path) -> None:
    lines = good_lines()
    case = lines.pop(find(lines, "C1"))
    lines.insert(find(lines, "R1") + 1, case)  # the request now comes before its case
    result = run(tmp_path, lines)
    assert "er is geen case met id C1" in rejected_with(result)[find(lines, "R1") + 1]


def test_a_reference_to_a_rejected_line_names_that_line(tmp_path: Path) -> None:
    lines = changed("P2", sex="?")
    result = run(tmp_path, lines)
    report = rejected_with(result)
    request_line = find(lines, "R1") + 1
    assert (
        f"de regel met person P2 is afgewezen (regel {find(lines, 'P2') + 1})"
        in report[request_line]
    )


def test_a_person_refers_to_a_family_of_an_earlier_line_only(tmp_path: Path) -> None:
    lines = good_lines()
    lines.insert(1, lines.pop(find(lines, "P1")))  # before its family
    result = run(tmp_path, lines)
    assert "er is geen family met id F1" in rejected_with(result)[2]


# -- the header ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ({"type": "family", "id": "F1", "name": "X"}, "de eerste regel moet de kop zijn"),
        ({**HEADER, "format": "csv"}, 'de waarde moet "jeugdmodel-history" zijn'),
        ({**HEADER, "version": 2}, "de waarde moet 1 zijn"),
        ({**HEADER, "region": "atlantis"}, "regio atlantis is niet geladen"),
    ],
)
def test_without_a_good_header_the_rest_is_not_checked(
    tmp_path: Path, header: Line, message: str
) -> None:
    lines = [header, *good_lines()[1:]]
    lines[find(lines, "J1")]["minutes"] = 0  # would be rejected, but is not looked at
    result = run(tmp_path, lines)
    assert list(rejected_with(result)) == [1]
    assert message in rejected_with(result)[1]
    assert "niet gecontroleerd" in rejected_with(result)[1]


def test_an_empty_file_has_no_header(tmp_path: Path) -> None:
    result = run(tmp_path, [])
    assert "de kop ontbreekt" in rejected_with(result)[1]


# -- the command ---------------------------------------------------------------------------


def test_the_command_imports_and_reports_rows_per_second(good_file: Path) -> None:
    out = StringIO()
    call_command("history_import", str(good_file), "--no-rebuild", stdout=out)
    text = out.getvalue()
    assert "geïmporteerd: 20 regels, 36 rijen" in text
    assert "rijen/s" in text
    assert "trajectories" in text
    again = StringIO()
    call_command("history_import", str(good_file), stdout=again)
    assert "al geïmporteerd" in again.getvalue()
    assert "niets veranderd" in again.getvalue()


def test_the_command_reports_every_rejected_line_and_exits_with_1(tmp_path: Path) -> None:
    lines = changed("J1", minutes=0)
    lines[find(lines, "T1")]["help_form"] = "toverdrank"
    path = write_file(tmp_path / "fout.jsonl", lines)
    err = StringIO()
    before = stored()
    with pytest.raises(CommandError, match="2 regel") as raised:
        call_command("history_import", str(path), stderr=err)
    assert raised.value.returncode == 1
    report = err.getvalue().splitlines()
    assert report[0].startswith(f"{path}:{find(lines, 'J1') + 1}: contact J1: minutes:")
    assert report[1].startswith(f"{path}:{find(lines, 'T1') + 1}: trajectory T1: help_form:")
    assert stored() == before


def test_the_command_says_when_the_file_is_missing(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="niet gevonden"):
        call_command("history_import", str(tmp_path / "er-niet.jsonl"))
