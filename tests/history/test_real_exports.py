"""What exports of real previous systems carry, accepted: a family's address from before
a younger child's birth (normalised to the birth date and listed in the report), cases
closed early by the family or by the provider (with their CBS code), and goals with their
scores over time. Every other rule stays all or nothing."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from jeugdmodel.cases.models import CLOSING_CBS_CODES, CaseClosing, ClosingReason
from jeugdmodel.families.models import Person, Residence
from jeugdmodel.history.services import HistoryImportResult, history_import

from .conftest import Line, find, good_lines, stored, write_file

pytestmark = pytest.mark.usefixtures("mvs")


def run(tmp_path: Path, lines: list[Any]) -> HistoryImportResult:
    return history_import(path=write_file(tmp_path / "h.jsonl", lines), rebuild=False)


def _lotte_since(lines: list[Line], *addresses: dict[str, str]) -> list[Line]:
    lines[find(lines, "P2")]["addresses"] = list(addresses)
    return lines


def test_an_address_from_before_the_birth_counts_from_the_birth(tmp_path: Path) -> None:
    # Lotte (born 2018-09-30) carries the family's address "since" 2012.
    lines = _lotte_since(
        good_lines(), {"pc4": "3111", "from": "2012-05-01"}, {"pc4": "3142", "from": "2024-06-01"}
    )
    result = run(tmp_path, lines)
    assert result.ok, result.rejected
    lotte = Person.objects.get(given_name="Lotte")
    homes = list(
        Residence.objects.filter(person=lotte)
        .order_by("valid_from")
        .values_list("pc4", "valid_from", "valid_to")
    )
    assert homes == [
        ("3111", date(2018, 9, 30), date(2024, 5, 31)),
        ("3142", date(2024, 6, 1), None),
    ]
    assert [(n.line, n.kind, n.source_id) for n in result.normalised] == [
        (find(lines, "P2") + 1, "person", "P2")
    ]
    assert result.normalised_count == 1
    assert "2012-05-01 ligt voor de geboortedatum" in result.normalised[0].message
    assert "vanaf de geboorte (2018-09-30)" in result.normalised[0].message


def test_an_address_that_ended_before_the_birth_is_left_out(tmp_path: Path) -> None:
    lines = _lotte_since(
        good_lines(),
        {"pc4": "3142", "from": "2010-01-01"},
        {"pc4": "3111", "from": "2016-03-01"},
        {"pc4": "3142", "from": "2024-06-01"},
    )
    result = run(tmp_path, lines)
    assert result.ok, result.rejected
    lotte = Person.objects.get(given_name="Lotte")
    assert list(
        Residence.objects.filter(person=lotte)
        .order_by("valid_from")
        .values_list("pc4", "valid_from")
    ) == [("3111", date(2018, 9, 30)), ("3142", date(2024, 6, 1))]
    messages = [n.message for n in result.normalised]
    assert len(messages) == 2
    assert "eindigde voor de geboorte" in messages[0]
    assert "telt vanaf de geboorte" in messages[1]


def test_the_command_lists_the_normalisations(tmp_path: Path) -> None:
    lines = _lotte_since(
        good_lines(), {"pc4": "3111", "from": "2012-05-01"}, {"pc4": "3142", "from": "2024-06-01"}
    )
    path = write_file(tmp_path / "h.jsonl", list[Any](lines))
    out = StringIO()
    call_command("history_import", str(path), "--no-rebuild", stdout=out)
    text = out.getvalue()
    assert "1 waarde(n) genormaliseerd (geen afwijzing):" in text
    assert f"h.jsonl:{find(lines, 'P2') + 1}: person P2: addresses[0].from" in text


def test_a_rejected_line_keeps_its_normalisation_out_and_stores_nothing(tmp_path: Path) -> None:
    lines = _lotte_since(
        good_lines(), {"pc4": "3111", "from": "2012-05-01"}, {"pc4": "3142", "from": "2024-06-01"}
    )
    lines[find(lines, "P2")]["sex"] = "q"
    before = stored()
    result = run(tmp_path, lines)
    assert not result.ok
    assert result.normalised == []
    assert stored() == before


@pytest.mark.parametrize(
    ("reason", "code"),
    [("voortijdig_gezin", "03"), ("voortijdig_aanbieder", "04")],
)
def test_cases_closed_early_by_family_or_provider(tmp_path: Path, reason: str, code: str) -> None:
    lines = good_lines()
    lines[find(lines, "S2")]["reason"] = reason
    result = run(tmp_path, lines)
    assert result.ok, result.rejected
    closing = CaseClosing.objects.get(closed_on=date(2025, 1, 15))
    assert closing.reason == reason
    assert closing.cbs_end_code == code
    assert closing.case.closing_reason == reason


def test_every_closing_reason_has_a_cbs_mapping() -> None:
    assert set(CLOSING_CBS_CODES) == set(ClosingReason.values)
    assert CLOSING_CBS_CODES[ClosingReason.GOALS_REACHED] == "01"


def test_an_unknown_closing_reason_is_still_rejected(tmp_path: Path) -> None:
    lines = good_lines()
    lines[find(lines, "S2")]["reason"] = "voortijdig"
    before = stored()
    result = run(tmp_path, lines)
    assert not result.ok
    assert [r.line for r in result.rejected] == [find(lines, "S2") + 1]
    assert stored() == before


def _with_history(scores: list[dict[str, Any]], last: int = 8) -> list[Line]:
    lines = good_lines()
    lines[find(lines, "S1")]["goal_scores"] = [
        {"subject": "P1", "score": last, "scores": scores},
        {"subject": "family", "score": 7},
    ]
    return lines


def test_goal_scores_keep_their_history(tmp_path: Path) -> None:
    lines = _with_history(
        [
            {"on": "2024-01-20", "score": 3, "kind": "start"},
            {"on": "2024-04-15", "score": 5},
            {"on": "2024-07-25", "score": 8, "kind": "evaluation"},
        ]
    )
    result = run(tmp_path, lines)
    assert result.ok, result.rejected
    sem = Person.objects.get(given_name="Sem")
    closing = CaseClosing.objects.get(closed_on=date(2024, 8, 1))
    assert closing.goal_scores == [
        {
            "subject": str(sem.public_id),
            "score": 8,
            "scores": [
                {"date": "2024-01-20", "score": 3, "kind": "start"},
                {"date": "2024-04-15", "score": 5, "kind": "evaluation"},
                {"date": "2024-07-25", "score": 8, "kind": "evaluation"},
            ],
        },
        {"subject": "family", "score": 7},
    ]


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        (
            [{"on": "2024-04-15", "score": 5}, {"on": "2024-01-20", "score": 8}],
            "oudste eerst",
        ),
        ([{"on": "2024-01-20", "score": 3}, {"on": "2024-09-01", "score": 8}], "na de afsluiting"),
        (
            [{"on": "2024-01-20", "score": 3}, {"on": "2024-07-01", "score": 6}],
            "laatste van scores",
        ),
        ([{"on": "2024-01-20", "score": 11}], "10"),
    ],
)
def test_a_bad_score_history_is_rejected(
    tmp_path: Path, scores: list[dict[str, Any]], message: str
) -> None:
    lines = _with_history(scores)
    before = stored()
    result = run(tmp_path, lines)
    assert not result.ok
    report = {r.line: "; ".join(r.messages) for r in result.rejected}
    number = find(lines, "S1") + 1
    assert message in report[number], report
    assert stored() == before
