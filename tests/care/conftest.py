"""Shared setup for the care tests: a real case in the MVS region (a request assigned by
the lead of WOT Oost, so the case has a coordinator and a case team), the Plusteam of the
flexible network with a specialist and a lead, and a way to move "today"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.cases.models import Case
from jeugdmodel.families.models import Person
from jeugdmodel.families.services import PersonInput
from jeugdmodel.intake.services import request_assign
from jeugdmodel.region.models import HelpForm, Region, Team
from tests.intake.conftest import mvs as mvs  # the MVS region fixture
from tests.intake.fixtures_work import child, lead_of, professional_in, submit, team

BORN_SAM = date(2015, 3, 1)
BORN_LISA = date(2012, 9, 14)
BORN_EVA = date(1984, 6, 2)


@dataclass
class World:
    """One family case and the people around it."""

    case: Case
    sam: Person
    lisa: Person
    eva: Person  # their mother: in the family, not a child
    wot: Team
    plusteam: Team
    lead: User  # lead of WOT Oost (the case's team)
    coordinator: User
    colleague: User  # in WOT Oost, not on this case
    specialist: User  # Plusteam
    specialist_2: User  # Plusteam
    flex_lead: User  # lead of the Plusteam


def help_form(code: str) -> HelpForm:
    """A help form of the national base list."""
    return HelpForm.objects.get(region__isnull=True, code=code)


def new_case(lead: User, coordinator: User, family: str = "Jansen") -> Case:
    request = submit(
        children=[child(given="Sam", family=family, born=BORN_SAM)],
        parents=[PersonInput(given_name="Eva", family_name=family, date_of_birth=BORN_EVA)],
    )
    return request_assign(actor=lead, request=request, professional=coordinator)


@pytest.fixture
def world(mvs: Region) -> World:
    wot = team("wot-oost")
    plusteam = team("plusteam")
    lead = lead_of(wot)
    coordinator = professional_in(wot)
    request = submit(
        children=[
            child(given="Sam", born=BORN_SAM),
            child(given="Lisa", born=BORN_LISA),
        ],
        parents=[PersonInput(given_name="Eva", family_name="Jansen", date_of_birth=BORN_EVA)],
    )
    case = request_assign(actor=lead, request=request, professional=coordinator)
    people = {p.given_name: p for p in Person.objects.filter(memberships__family=case.family)}
    return World(
        case=case,
        sam=people["Sam"],
        lisa=people["Lisa"],
        eva=people["Eva"],
        wot=wot,
        plusteam=plusteam,
        lead=lead,
        coordinator=coordinator,
        colleague=professional_in(wot),
        specialist=professional_in(
            plusteam, role=Role.FLEX_SPECIALIST, expertise=["trauma", "autisme"]
        ),
        specialist_2=professional_in(plusteam, role=Role.FLEX_SPECIALIST, expertise=["adhd"]),
        flex_lead=lead_of(plusteam),
    )


@pytest.fixture
def travel(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], date]:
    """`travel(days)` makes "today" that many days from the real today, for every
    `timezone.localdate()` without an argument (periods, access, services)."""
    real = timezone.localdate
    today = real()

    def go(days: int) -> date:
        day = today + timedelta(days=days)

        def fake(value: object = None, timezone: object = None) -> date:
            if value is None and timezone is None:
                return day
            return real(value, timezone)  # type: ignore[arg-type]

        monkeypatch.setattr("django.utils.timezone.localdate", fake)
        return day

    return go
