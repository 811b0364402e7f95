"""A crisis gets a crisis answer (issue: a crisis request got the ordinary receipt and sat
unassessed for weeks with nothing but its sort order to show it).

- The receipt of a crisis or safety request names the same-day promise and the team's
  phone number, both from the region file.
- An overdue crisis or safety request escalates: a notice to the team lead and the deputy
  lead, once per level, and a banner on the worklist until it is handled. The check runs
  as a scheduled job."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from jeugdmodel.accounts.models import TeamRole, User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.intake.models import MeldcodeStep, Request, RequestEscalation, Urgency
from jeugdmodel.intake.selectors import escalated_requests_for
from jeugdmodel.intake.services import (
    request_assign,
    request_safety_check,
    requests_escalate_overdue,
)
from jeugdmodel.jobs.registry import schedules
from jeugdmodel.notifications.models import Notification
from tests.factories import TeamMembershipFactory, UserFactory
from tests.intake.conftest import PC_SCHIEDAM, years_ago
from tests.intake.fixtures_work import (
    lead_of,
    professional_in,
    submit,
    team,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mvs")]

URL = "/aanmeldingen/nieuw/"
RECEIPT = "/aanmelden/ontvangen/"
WORKLIST = "/aanmeldingen/werklijst/"


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "child1_given_name": "Noor",
        "child1_family_name": "Bakker",
        "child1_date_of_birth": years_ago(10).strftime("%d-%m-%Y"),
        "postcode": PC_SCHIEDAM,
        "house_number": "3",
        "question": "Noor is vannacht van huis weggelopen na ruzie; thuis is het niet veilig.",
        "urgency": Urgency.CRISIS.value,
        "safety_concern": "on",
        "meldcode_steps": MeldcodeStep.MAP_SIGNALS.value,
        "consent_parent": "on",
    }
    data.update(overrides)
    return data


def _deputy_of(t: object) -> User:
    deputy: User = UserFactory(role=Role.TEAM_LEAD.value, email="deputy@example.org")
    TeamMembershipFactory(user=deputy, team=t, role_in_team=TeamRole.DEPUTY)
    return deputy


# -- the receipt -----------------------------------------------------------------------------


def test_a_crisis_referral_gets_the_same_day_promise_and_the_team_phone(
    login: Callable[[User], Client],
) -> None:
    client = login(UserFactory(role=Role.WIJKTEAM_PROFESSIONAL.value))
    assert client.post(URL, _form()).status_code == 302
    receipt = client.get(RECEIPT).content.decode()
    assert "zo snel mogelijk" not in receipt
    # WOT Centrum-West in regions/mvs.yaml: phone 010 000 20 11; the region: 4 hours.
    assert "vandaag nog contact op met het gezin, binnen 4 uur" in receipt
    assert 'href="tel:0100002011"' in receipt
    assert "010 000 20 11" in receipt


def test_an_ordinary_referral_keeps_the_callback_term(login: Callable[[User], Client]) -> None:
    client = login(UserFactory(role=Role.WIJKTEAM_PROFESSIONAL.value))
    data = _form(urgency=Urgency.NORMAL.value)
    del data["safety_concern"], data["meldcode_steps"]
    assert client.post(URL, data).status_code == 302
    receipt = client.get(RECEIPT).content.decode()
    assert "binnen 5 werkdagen" in receipt
    assert "vandaag nog" not in receipt
    assert "010 000 20 11" not in receipt


def test_a_team_without_a_phone_falls_back_to_the_regions_crisis_line(
    login: Callable[[User], Client],
) -> None:
    wot = team("wot-centrum-west")
    wot.phone = ""
    wot.save()
    wot.region.crisis_phone = "0800 000 00 07"
    wot.region.crisis_response_hours = 2
    wot.region.save()
    client = login(UserFactory(role=Role.WIJKTEAM_PROFESSIONAL.value))
    client.post(URL, _form())
    receipt = client.get(RECEIPT).content.decode()
    assert "binnen 2 uur" in receipt
    assert "0800 000 00 07" in receipt


def test_the_lead_and_the_deputy_hear_of_a_crisis_at_once() -> None:
    wot = team("wot-oost")
    lead = lead_of(wot)
    deputy = _deputy_of(wot)
    request = submit(urgency=Urgency.CRISIS)  # child in WOT Oost
    for user in (lead, deputy):
        (notice,) = Notification.objects.filter(user=user)
        assert request.reference in notice.message
        assert "vandaag" in notice.message
        assert "binnen 4 uur" in notice.message


# -- escalation ------------------------------------------------------------------------------


def _crisis(hours_ago: float, **kwargs: object) -> Request:
    return submit(
        received_at=timezone.now() - timedelta(hours=hours_ago),
        urgency=Urgency.CRISIS,
        **kwargs,
    )


def test_an_overdue_crisis_escalates_once_per_level_to_lead_and_deputy(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    wot = team("wot-oost")
    lead = lead_of(wot)
    deputy = _deputy_of(wot)
    fresh = _crisis(1)
    overdue = _crisis(5)
    Notification.objects.all().delete()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert requests_escalate_overdue() == 1
    assert requests_escalate_overdue() == 0  # idempotent: the job runs every 15 minutes
    assert list(RequestEscalation.objects.values_list("request_id", "level")) == [(overdue.pk, 1)]
    for user in (lead, deputy):
        (notice,) = Notification.objects.filter(user=user)
        assert overdue.reference in notice.message
        assert "termijn van 4 uur is verlopen" in notice.message
    assert len(mail.outbox) == 2
    assert not fresh.escalations.exists()
    assert overdue.events.filter(kind="escalated").count() == 1

    # A working day (and more) later, still nobody: level 2, once.
    later = timezone.now() + timedelta(days=4)
    # The overdue one reaches level 2; the fresh one, now days late too, levels 1 and 2.
    assert requests_escalate_overdue(now=later) == 3
    assert requests_escalate_overdue(now=later) == 0
    assert overdue.escalations.count() == 2
    assert Notification.objects.filter(user=lead).count() == 4


def test_a_handled_request_does_not_escalate_and_leaves_the_banner() -> None:
    wot = team("wot-oost")
    lead = lead_of(wot)
    crisis = _crisis(5)
    safety = submit(
        received_at=timezone.now() - timedelta(hours=6),
        safety_concern=True,
        meldcode_steps=[MeldcodeStep.MAP_SIGNALS],
    )
    requests_escalate_overdue()
    assert {e.request.pk for e in escalated_requests_for(user=lead)} == {crisis.pk, safety.pk}

    request_safety_check(actor=lead, request=safety, note="Gebeld; veilig.", steps=[])
    request_assign(actor=lead, request=crisis, professional=professional_in(wot))
    assert escalated_requests_for(user=lead) == []
    assert requests_escalate_overdue(now=timezone.now() + timedelta(days=4)) == 0


def test_the_worklist_shows_a_banner_until_handled(login: Callable[[User], Client]) -> None:
    wot = team("wot-oost")
    lead = lead_of(wot)
    crisis = _crisis(5)
    client = login(lead)
    page = client.get(WORKLIST).content.decode()
    assert 'id="escalated"' not in page  # not yet escalated: the job has not run

    requests_escalate_overdue()
    page = client.get(WORKLIST).content.decode()
    assert 'id="escalated"' in page
    assert 'role="alert"' in page
    assert "1 crisis- of veiligheidsaanmelding is over de termijn" in page
    assert f"/aanmeldingen/{crisis.public_id}/" in page

    request_assign(actor=lead, request=crisis, professional=professional_in(wot))
    assert 'id="escalated"' not in client.get(WORKLIST).content.decode()


def test_the_deputy_sees_the_banner_and_may_triage(login: Callable[[User], Client]) -> None:
    wot = team("wot-oost")
    deputy = _deputy_of(wot)
    crisis = _crisis(5)
    requests_escalate_overdue()
    client = login(deputy)
    page = client.get(WORKLIST).content.decode()
    assert crisis.reference in page
    assert 'id="escalated"' in page
    assert client.get(f"/aanmeldingen/{crisis.public_id}/").status_code == 200


def test_the_check_is_a_scheduled_job(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    entry = schedules()["intake.escalate_overdue"]
    assert entry.cron == "*/15 * * * *"
    # The job runs the check (immediately in tests: JM_JOBS_IMMEDIATE).
    wot = team("wot-oost")
    lead_of(wot)
    overdue = _crisis(5)
    with django_capture_on_commit_callbacks(execute=True):
        entry.task.enqueue()
    assert overdue.escalations.count() == 1
