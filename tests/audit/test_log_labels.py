"""The access log reads in Dutch: role, record type and event by name, time as a Dutch date."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.audit.labels import EVENT_LABELS, RECORD_TYPE_LABELS
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "jeugdmodel"


def test_the_log_shows_dutch_names_and_dutch_dates(login: Callable[[User], Client]) -> None:
    lead = UserFactory(role=Role.TEAM_LEAD.value)
    access_log_write(actor=lead, action=AccessAction.READ, record_type="case", event="case.view")
    officer = UserFactory(role=Role.PRIVACY_OFFICER.value)
    body = login(officer).get(reverse("audit:log")).content.decode()
    row = body[body.index("<tbody") :]
    assert "Teamleider" in row
    assert "team_lead" not in row
    assert "casus bekeken" in row
    assert "case.view" not in row
    assert ">casus<" in row or ">casus " in row
    months = (
        "januari februari maart april mei juni juli augustus september oktober november december"
    )
    today = timezone.localtime()
    assert f"{today.day} {months.split()[today.month - 1]} {today.year}, " in row
    assert not re.search(r">\d{4}-\d{2}-\d{2} ", row)


def _codes(pattern: str) -> set[str]:
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        found.update(re.findall(pattern, path.read_text(encoding="utf-8")))
    return found


def test_every_event_and_record_type_written_has_a_dutch_name() -> None:
    events = (
        _codes(r'event="([a-z_.]+)"')
        | _codes(r'_log(?:_list)?\([^)]*"([a-z_]+\.[a-z_.]+)"\)')
        | {"trajectory.start", "trajectory.end"}
    )
    assert events - set(EVENT_LABELS) == set()
    record_types = _codes(r'record_type="([a-z_]+)"')
    assert record_types - set(RECORD_TYPE_LABELS) == set()
