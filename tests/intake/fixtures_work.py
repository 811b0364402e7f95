"""Shared helpers for the team's side of the front door (worklist, triage, routing,
status). The MVS region comes from the `mvs` fixture in tests/intake/conftest.py
(`pytest.mark.usefixtures("mvs")`); these are plain helpers so tests read as a story:
a lead, a professional, a request."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from django.utils import timezone

from jeugdmodel.accounts.models import TeamRole, User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.core.workdays import working_days_between
from jeugdmodel.families.services import PersonInput
from jeugdmodel.intake.models import AccessPoint, Request
from jeugdmodel.intake.services import RequestInput, request_submit
from jeugdmodel.region.models import Team
from tests.factories import TeamMembershipFactory, UserFactory

# Postcodes of the MVS region file (regions/mvs.yaml) and the teams serving them.
PC_SCHIEDAM_OOST = "3112 LD"  # WOT Oost (5 working days' promise)
PC_SCHIEDAM_ZUID = "3114 NK"  # WOT Zuid
PC_MAASSLUIS = "3142 CH"  # VraagRaak
PC_VLAARDINGEN_CENTRUM = "3131 AA"  # district WK062201 → Wijkteam Vlaardingen Centrum

_names = iter(range(1, 1_000_000))


def team(code: str) -> Team:
    return Team.objects.get(region__code="mvs", code=code)


def lead_of(*teams: Team, **kwargs: object) -> User:
    """A team lead who leads each of `teams`."""
    kwargs.setdefault("email", f"lead{next(_names)}@example.org")
    user: User = UserFactory(role=Role.TEAM_LEAD.value, **kwargs)
    for t in teams:
        TeamMembershipFactory(user=user, team=t, role_in_team=TeamRole.LEAD)
    return user


def professional_in(t: Team, role: Role = Role.WIJKTEAM_PROFESSIONAL, **kwargs: object) -> User:
    kwargs.setdefault("email", f"prof{next(_names)}@example.org")
    kwargs.setdefault("caseload_capacity", 12)
    user: User = UserFactory(role=role.value, **kwargs)
    TeamMembershipFactory(user=user, team=t)
    return user


def child(
    given: str = "Sam",
    family: str = "Jansen",
    born: date = date(2016, 3, 1),
    postcode: str = PC_SCHIEDAM_OOST,
    bsn: str = "",
) -> PersonInput:
    return PersonInput(
        given_name=given, family_name=family, date_of_birth=born, bsn=bsn, postcode=postcode
    )


def request_input(**kwargs: object) -> RequestInput:
    values: dict[str, object] = {
        "access_point": AccessPoint.FAMILY,
        "question": "Wij maken ons zorgen over het slapen en de woede-uitbarstingen.",
        "children": [child()],
        "contact_phone": "010-1234567",
    }
    values.update(kwargs)
    return RequestInput(**values)  # type: ignore[arg-type]


def submit(
    *, actor: User | None = None, received_at: datetime | None = None, **kwargs: object
) -> Request:
    """A request through the service, as the public form or a professional would send it."""
    return request_submit(
        actor=actor,
        data=request_input(**kwargs),
        idempotency_key=uuid.uuid4().hex,
        received_at=received_at,
    )


def working_days_ago(n: int) -> datetime:
    """A moment at 10:00 local time, exactly `n` working days before today."""
    today = timezone.localdate()
    day = today - timedelta(days=n)
    while working_days_between(day, today) > n:
        day += timedelta(days=1)
    while working_days_between(day, today) < n:
        day -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=10))
