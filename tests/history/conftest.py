"""Shared set-up for the history import: the MVS region, a small good history file with
every line type, and helpers to change one line and to count what is stored."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessLogEntry
from jeugdmodel.history.models import HistoryImport
from jeugdmodel.history.services.writer import COUNT_NAMES, WRITE_ORDER
from tests.intake.conftest import mvs  # noqa: F401  (the MVS region fixture)

Line = dict[str, Any]

HEADER: Line = {"type": "header", "format": "jeugdmodel-history", "version": 1, "region": "mvs"}


def good_lines() -> list[Line]:
    """A family in Schiedam that moves to Maassluis, with a request, a case, contacts, a
    step-up, a consultation and a closing that was reopened and closed again; a child
    outside the region (forwarded); a request closed without a case."""
    return copy.deepcopy(
        [
            HEADER,
            {"type": "family", "id": "F1", "name": "Gezin Jansen"},
            {
                "type": "person",
                "id": "P1",
                "family": "F1",
                "relation": "child",
                "given_name": "Sem",
                "family_name": "Jansen",
                "date_of_birth": "2015-04-02",
                "sex": "m",
                "bsn": "111222333",
                "addresses": [
                    {"pc4": "3111", "from": "2015-04-02"},
                    {"pc4": "3142", "from": "2024-06-01"},
                ],
            },
            {
                "type": "person",
                "id": "P2",
                "family": "F1",
                "relation": "child",
                "given_name": "Lotte",
                "family_name": "Jansen",
                "date_of_birth": "2018-09-30",
                "sex": "v",
                "addresses": [
                    {"pc4": "3111", "from": "2018-09-30"},
                    {"pc4": "3142", "from": "2024-06-01"},
                ],
            },
            {
                "type": "person",
                "id": "P3",
                "family": "F1",
                "relation": "parent",
                "given_name": "Eva",
                "family_name": "Jansen",
                "date_of_birth": "1986-01-20",
                "sex": "v",
                "addresses": [{"pc4": "3111", "from": "2012-05-01"}],
            },
            {
                "type": "case",
                "id": "C1",
                "family": "F1",
                "team": "wot-centrum-west",
                "opened_on": "2024-01-10",
            },
            {
                "type": "request",
                "id": "R1",
                "received": "2024-01-08T10:00:00+01:00",
                "access_point": "family",
                "children": ["P1", "P2"],
                "parents": ["P3"],
                "team": "wot-centrum-west",
                "status": "first_contact",
                "case": "C1",
                "first_contact_on": "2024-01-12",
                "question": "Sem slaapt slecht en is vaak boos.",
            },
            {
                "type": "contact",
                "id": "J1",
                "case": "C1",
                "on": "2024-01-12",
                "kind": "home_visit",
                "minutes": 60,
            },
            {
                "type": "contact",
                "id": "J2",
                "case": "C1",
                "on": "2024-02-02",
                "kind": "phone",
                "minutes": 15,
            },
            {
                "type": "trajectory",
                "id": "T1",
                "case": "C1",
                "child": "P1",
                "help_form": "wijkteamondersteuning",
                "start": "2024-01-15",
                "end": "2024-03-01",
                "end_reason": "voortijdig",
                "end_subreason": "voortijdig_overeenstemming",
            },
            {
                "type": "consultation",
                "id": "K1",
                "case": "C1",
                "asked": "2024-02-10T10:00:00+01:00",
                "closed": "2024-02-15",
                "outcome": "step_up",
            },
            {
                "type": "trajectory",
                "id": "T2",
                "case": "C1",
                "child": "P1",
                "help_form": "jeugd-ggz-behandeling",
                "start": "2024-03-02",
                "end": "2024-07-20",
                "end_reason": "volgens_plan",
                "organisation": "jeugdhulp-de-haven",
            },
            {
                "type": "closing",
                "id": "S1",
                "case": "C1",
                "closed_on": "2024-08-01",
                "reason": "doelen_bereikt",
                "reopened_on": "2024-10-01",
                "goal_scores": [{"subject": "P1", "score": 8}, {"subject": "family", "score": 7}],
            },
            {
                "type": "closing",
                "id": "S2",
                "case": "C1",
                "closed_on": "2025-01-15",
                "reason": "geen_hulp_nodig",
                "goal_scores": [{"subject": "P2", "score": None}],
            },
            {"type": "family", "id": "F2", "name": "Gezin Bakker"},
            {
                "type": "person",
                "id": "P4",
                "family": "F2",
                "relation": "child",
                "given_name": "Noor",
                "family_name": "Bakker",
                "date_of_birth": "2012-02-14",
                "sex": "v",
                "addresses": [{"pc4": "3011", "from": "2012-02-14", "outside": True}],
            },
            {
                "type": "request",
                "id": "R2",
                "received": "2024-03-04",
                "access_point": "legal_gp",
                "children": ["P4"],
                "status": "forwarded_outside",
                "forwarded_to": "Gemeente Rotterdam",
            },
            {"type": "family", "id": "F3", "name": "Gezin de Vries"},
            {
                "type": "person",
                "id": "P5",
                "family": "F3",
                "relation": "child",
                "given_name": "Daan",
                "family_name": "de Vries",
                "date_of_birth": "2010-11-11",
                "sex": "x",
                "addresses": [{"pc4": "3122", "from": "2010-11-11"}],
            },
            {
                "type": "request",
                "id": "R3",
                "received": "2024-05-06T14:30:00+02:00",
                "access_point": "poh_jeugd",
                "children": ["P5"],
                "team": "wot-noordrand",
                "status": "closed",
                "closed_on": "2024-05-20",
                "first_contact_on": "2024-05-08",
            },
        ]
    )


#: What the good file writes, per kind (writer.COUNT_NAMES).
GOOD_COUNTS = {
    "families": 3,
    "persons": 5,
    "family_members": 5,
    "residences": 7,
    "cases": 1,
    "requests": 3,
    "request_persons": 5,
    "contacts": 2,
    "trajectories": 2,
    "consultations": 1,
    "closings": 2,
}


def write_file(path: Path, lines: list[Line | str | bytes]) -> Path:
    """One line per item: a dict as JSON, text or bytes as they are."""
    with path.open("wb") as handle:
        for line in lines:
            if isinstance(line, dict):
                handle.write(json.dumps(line, ensure_ascii=False).encode("utf-8"))
            elif isinstance(line, str):
                handle.write(line.encode("utf-8"))
            else:
                handle.write(line)
            handle.write(b"\n")
    return path


def find(lines: list[Line], source_id: str) -> int:
    """The index of the line with this id."""
    return next(i for i, line in enumerate(lines) if line.get("id") == source_id)


def stored() -> dict[str, int]:
    """What the database holds of everything an import could write."""
    counts = {COUNT_NAMES[model]: model._default_manager.count() for model in WRITE_ORDER}
    counts["history_imports"] = HistoryImport.objects.count()
    counts["system_users"] = User.objects.filter(username="historie-import").count()
    counts["access_log"] = AccessLogEntry.objects.count()
    return counts


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    return write_file(tmp_path / "historie.jsonl", list(good_lines()))
