"""Consultations of the flexible network, end to end through the pages: the coordinator
asks, a specialist of the Plusteam accepts and joins the case team for a period, advises and
closes. Access to the case follows that period: before accepting 404, during 200, after 404.
Writing after the period is refused with a clear message and changes nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.audit.models import AccessLogEntry
from jeugdmodel.care.models import Consultation, ConsultationStatus
from jeugdmodel.care.selectors import (
    consultation_counts_for,
    consultations_consultation_hour_for,
    consultations_queue_for,
)
from jeugdmodel.care.services import (
    consultation_accept,
    consultation_advise,
    consultation_ask,
    consultation_close,
)
from jeugdmodel.cases.models import CaseTeamMember
from jeugdmodel.core.errors import DomainError, NotAllowed
from jeugdmodel.notifications.models import Notification
from jeugdmodel.region.models import Team
from tests.care.conftest import World, new_case
from tests.intake.fixtures_work import professional_in

TODAY = timezone.localdate()


def consultation_rows() -> dict[str, list[dict[str, Any]]]:
    return {
        "consultations": list(Consultation.objects.order_by("pk").values()),
        "case_team": list(CaseTeamMember.objects.order_by("pk").values()),
        "notifications": list(Notification.objects.order_by("pk").values()),
    }


def ask(world: World, **kwargs: Any) -> Consultation:
    values: dict[str, Any] = {
        "actor": world.coordinator,
        "case": world.case,
        "question": "Sam is angstig na de scheiding; hoe begeleiden we dit?",
        "flex_team": world.plusteam,
        "wanted_expertise": ["trauma"],
    }
    values.update(kwargs)
    return consultation_ask(**values)


def case_page(world: World) -> str:
    return f"/casussen/{world.case.public_id}/trajecten/"


def as_user(client: Client, login: Callable[[User], Client], user: User) -> Client:
    client.logout()
    return login(user)


# --- the whole flow through the pages ------------------------------------------------------


def test_ask_accept_advise_close_with_access_during_the_period_only(
    world: World, client: Client, login: Callable[[User], Client], travel: Callable[[int], date]
) -> None:
    coordinator = as_user(client, login, world.coordinator)
    response = coordinator.post(
        f"/casussen/{world.case.public_id}/consultaties/vragen/",
        {
            "ask-question": "Hoe gaan we om met de angst van Sam?",
            "ask-urgency": "high",
            "ask-flex_team": str(world.plusteam.public_id),
            "ask-wanted_expertise": ["trauma"],
            "ask-other_expertise": "scheiding, angst",
        },
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.wanted_expertise == ["trauma", "scheiding", "angst"]
    assert consultation.status == ConsultationStatus.OPEN

    # Before accepting: the specialist sees the question in the queue, not the case.
    specialist = as_user(client, login, world.specialist)
    assert specialist.get(case_page(world)).status_code == 404
    assert (
        "Hoe gaan we om met de angst van Sam?" in specialist.get("/consultaties/").content.decode()
    )
    detail = f"/consultaties/{consultation.public_id}/"
    assert "Consultatie aannemen" in specialist.get(detail).content.decode()

    response = specialist.post(
        detail + "aannemen/",
        {
            "accept-joined_from": TODAY.isoformat(),
            "accept-joined_to": (TODAY + timedelta(days=14)).isoformat(),
        },
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.ACCEPTED
    assert consultation.accepted_by == world.specialist
    member = CaseTeamMember.objects.get(case=world.case, user=world.specialist)
    assert (member.role, member.valid_from, member.valid_to) == (
        "flex_specialist",
        TODAY,
        TODAY + timedelta(days=14),
    )
    # During the period: the case opens for the specialist.
    assert specialist.get(case_page(world)).status_code == 200
    assert specialist.get(f"/casussen/{world.case.public_id}/consultaties/").status_code == 200

    response = specialist.post(
        detail + "advies/", {"advise-advice": "Psycho-educatie voor moeder."}
    )
    assert response.status_code == 302
    response = specialist.post(detail + "afsluiten/", {"close-outcome": "stays_basis"})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert (consultation.status, consultation.outcome) == ("closed", "stays_basis")
    member.refresh_from_db()
    assert member.valid_to == TODAY  # closing ends the period today
    assert consultation.joined_to == TODAY
    assert world.case.coordinator == world.coordinator

    # The coordinator reads the advice on the case and got two notifications.
    coordinator = as_user(client, login, world.coordinator)
    assert (
        "Psycho-educatie voor moeder."
        in coordinator.get(f"/casussen/{world.case.public_id}/consultaties/").content.decode()
    )
    messages = list(
        Notification.objects.filter(user=world.coordinator, url__contains="/consultaties/")
        .order_by("pk")
        .values_list("message", flat=True)
    )
    assert len(messages) == 2
    assert "heeft uw consultatievraag aangenomen" in messages[0]
    assert "heeft advies gegeven" in messages[1]

    # After the period: the case is closed to the specialist again.
    travel(1)
    specialist = as_user(client, login, world.specialist)
    assert specialist.get(case_page(world)).status_code == 404
    assert specialist.get(f"/casussen/{world.case.public_id}/consultaties/").status_code == 404


def test_access_ends_with_the_agreed_period(
    world: World, client: Client, login: Callable[[User], Client], travel: Callable[[int], date]
) -> None:
    consultation = ask(world)
    consultation_accept(
        actor=world.specialist, consultation=consultation, joined_to=TODAY + timedelta(days=10)
    )
    specialist = as_user(client, login, world.specialist)
    travel(10)
    assert specialist.get(case_page(world)).status_code == 200
    travel(11)
    assert specialist.get(case_page(world)).status_code == 404


def test_after_the_period_the_consultation_is_closed_to_the_specialist(
    world: World, client: Client, login: Callable[[User], Client], travel: Callable[[int], date]
) -> None:
    """Access ends with the relation: after the case-team period the specialist no longer
    opens the consultation (child's name, age, question) and cannot write in it."""
    consultation = ask(world)
    end = TODAY + timedelta(days=7)
    consultation_accept(actor=world.specialist, consultation=consultation, joined_to=end)
    travel(7)
    specialist = as_user(client, login, world.specialist)
    detail = f"/consultaties/{consultation.public_id}/"
    assert specialist.get(detail).status_code == 200
    travel(8)
    before = consultation_rows()

    with pytest.raises(NotAllowed):
        consultation_advise(actor=world.specialist, consultation=consultation, advice="Te laat")
    assert consultation_rows() == before

    specialist = as_user(client, login, world.specialist)
    assert specialist.get(detail).status_code == 404
    response = specialist.post(detail + "advies/", {"advise-advice": "Toch nog dit advies."})
    assert response.status_code == 404
    assert "angstig" not in specialist.get("/consultaties/").content.decode()
    assert consultation_rows() == before


def test_closing_after_the_period_is_refused_for_the_specialist_but_the_lead_may(
    world: World, travel: Callable[[int], date]
) -> None:
    consultation = ask(world)
    consultation_accept(
        actor=world.specialist, consultation=consultation, joined_to=TODAY + timedelta(days=3)
    )
    consultation_advise(actor=world.specialist, consultation=consultation, advice="Advies")
    travel(4)
    before = consultation_rows()
    with pytest.raises(NotAllowed):
        consultation_close(actor=world.specialist, consultation=consultation, outcome="other")
    assert consultation_rows() == before

    consultation_close(actor=world.flex_lead, consultation=consultation, outcome="step_up")
    consultation.refresh_from_db()
    assert (consultation.status, consultation.outcome) == ("closed", "step_up")


def test_a_specialist_who_stays_keeps_the_agreed_period(world: World) -> None:
    consultation = ask(world)
    end = TODAY + timedelta(days=20)
    consultation_accept(actor=world.specialist, consultation=consultation, joined_to=end)
    consultation_advise(actor=world.specialist, consultation=consultation, advice="Advies")
    consultation_close(
        actor=world.specialist, consultation=consultation, outcome="step_up", stay=True
    )
    member = CaseTeamMember.objects.get(case=world.case, user=world.specialist)
    assert member.valid_to == end
    consultation.refresh_from_db()
    assert consultation.outcome == "step_up"
    assert world.case.coordinator == world.coordinator


# --- the rules of each step ---------------------------------------------------------------


def test_only_the_case_may_ask_and_only_a_flex_team_of_its_region(world: World) -> None:
    before = consultation_rows()
    for outsider in (world.colleague, world.specialist, world.lead):
        with pytest.raises(NotAllowed):
            ask(world, actor=outsider)
    with pytest.raises(DomainError) as caught:
        ask(world, flex_team=world.wot, question="  ")
    assert caught.value.field_errors == [
        ("question", "Schrijf de vraag aan het flexibel netwerk op."),
        ("flex_team", "Kies een team van het flexibel netwerk in de regio van de casus."),
    ]
    assert consultation_rows() == before


def test_accepting_twice_or_with_a_bad_period_is_refused(world: World) -> None:
    consultation = ask(world)
    before = consultation_rows()
    with pytest.raises(DomainError) as caught:
        consultation_accept(
            actor=world.specialist,
            consultation=consultation,
            joined_to=TODAY - timedelta(days=1),
        )
    assert caught.value.field_errors == [("joined_to", "De einddatum ligt voor de begindatum.")]
    with pytest.raises(DomainError, match="niet in het verleden beginnen"):
        consultation_accept(
            actor=world.specialist,
            consultation=consultation,
            joined_from=TODAY - timedelta(days=1),
        )
    assert consultation_rows() == before

    consultation_accept(actor=world.specialist, consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.joined_to == TODAY + timedelta(weeks=6)  # the default period
    after = consultation_rows()
    stale = Consultation.objects.get(pk=consultation.pk)
    stale.status = ConsultationStatus.OPEN  # a page loaded before the colleague accepted
    with pytest.raises(DomainError, match="al aangenomen"):
        consultation_accept(actor=world.flex_lead, consultation=stale)
    assert consultation_rows() == after


def test_only_the_flex_team_may_accept(world: World) -> None:
    consultation = ask(world)
    before = consultation_rows()
    other_flex = Team.objects.create(
        region=world.plusteam.region, code="flex-2", name="Flex 2", kind="flex_netwerk"
    )
    outsider = professional_in(other_flex, role=Role.FLEX_SPECIALIST)
    for user in (outsider, world.coordinator, world.lead):
        with pytest.raises(NotAllowed):
            consultation_accept(actor=user, consultation=consultation)
    assert consultation_rows() == before


def test_advice_only_by_the_specialist_who_accepted(world: World) -> None:
    consultation = ask(world)
    consultation_accept(actor=world.specialist, consultation=consultation)
    before = consultation_rows()
    with pytest.raises(NotAllowed):  # a colleague no longer relates to it once accepted
        consultation_advise(actor=world.specialist_2, consultation=consultation, advice="x")
    with pytest.raises(DomainError, match="Alleen de specialist die de consultatie aannam"):
        consultation_advise(actor=world.flex_lead, consultation=consultation, advice="x")
    with pytest.raises(DomainError, match="Schrijf het advies op"):
        consultation_advise(actor=world.specialist, consultation=consultation, advice=" ")
    with pytest.raises(DomainError, match="Leg eerst het advies vast"):
        consultation_close(actor=world.specialist, consultation=consultation, outcome="other")
    assert consultation_rows() == before


def test_the_outcome_is_required_and_recorded(world: World) -> None:
    consultation = ask(world)
    consultation_accept(actor=world.specialist, consultation=consultation)
    consultation_advise(actor=world.specialist, consultation=consultation, advice="Advies")
    before = consultation_rows()
    with pytest.raises(DomainError, match="Kies de uitkomst"):
        consultation_close(actor=world.specialist, consultation=consultation, outcome="")
    assert consultation_rows() == before
    consultation_close(
        actor=world.specialist,
        consultation=consultation,
        outcome="stays_basis",
        note=" Opschalen is niet nodig. ",
    )
    consultation.refresh_from_db()
    assert (consultation.outcome, consultation.outcome_note) == (
        "stays_basis",
        "Opschalen is niet nodig.",
    )
    with pytest.raises(DomainError, match="al afgesloten"):
        consultation_close(actor=world.specialist, consultation=consultation, outcome="other")


def test_every_step_is_in_the_access_log(world: World) -> None:
    consultation = ask(world)
    consultation_accept(actor=world.specialist, consultation=consultation)
    consultation_advise(actor=world.specialist, consultation=consultation, advice="Advies")
    consultation_close(actor=world.specialist, consultation=consultation, outcome="other")
    events = list(
        AccessLogEntry.objects.filter(record_id=str(consultation.public_id))
        .order_by("pk")
        .values_list("event", flat=True)
    )
    assert events == [
        "consultation.ask",
        "consultation.accept",
        "consultation.advise",
        "consultation.close",
    ]


# --- queue and consultation hour ----------------------------------------------------------


def _asked_days_ago(consultation: Consultation, days: int) -> None:
    Consultation.objects.filter(pk=consultation.pk).update(
        asked_at=timezone.now() - timedelta(days=days)
    )


def test_the_queue_shows_open_questions_of_the_team_and_own_accepted_ones(world: World) -> None:
    open_one = ask(world, question="Open vraag")
    mine = ask(world, question="Door mij aangenomen")
    consultation_accept(actor=world.specialist, consultation=mine)
    theirs = ask(world, question="Door een collega aangenomen")
    consultation_accept(actor=world.specialist_2, consultation=theirs)
    closed = ask(world, question="Afgesloten")
    consultation_accept(actor=world.specialist, consultation=closed)
    consultation_advise(actor=world.specialist, consultation=closed, advice="Advies")
    consultation_close(actor=world.specialist, consultation=closed, outcome="other", stay=True)
    other_flex = Team.objects.create(
        region=world.plusteam.region, code="flex-2", name="Flex 2", kind="flex_netwerk"
    )
    elsewhere = ask(world, question="Ander team", flex_team=other_flex)
    urgent = ask(world, question="Vandaag", urgency="today")

    assert list(consultations_queue_for(user=world.specialist)) == [urgent, open_one, mine]
    assert list(consultations_queue_for(user=world.specialist_2)) == [urgent, open_one, theirs]
    assert set(consultations_queue_for(user=world.flex_lead)) == {urgent, open_one, mine, theirs}
    assert list(consultations_queue_for(user=world.coordinator)) == []
    assert elsewhere not in consultations_queue_for(user=world.flex_lead)

    counts = consultation_counts_for(user=world.specialist)
    assert (counts.waiting, counts.today, counts.mine) == (2, 2, 1)


def test_the_consultation_hour_shows_questions_of_today(world: World) -> None:
    today = ask(world, question="Vandaag gesteld")
    old = ask(world, question="Vorige week gesteld")
    _asked_days_ago(old, 7)
    old_for_today = ask(world, question="Vorige week, voor het spreekuur", urgency="today")
    _asked_days_ago(old_for_today, 7)

    assert set(consultations_consultation_hour_for(user=world.specialist)) == {
        today,
        old_for_today,
    }


def test_queue_and_consultation_hour_pages(world: World, login: Callable[[User], Client]) -> None:
    ask(world, question="Vraag van vandaag")
    old = ask(world, question="Vraag van vorige week")
    _asked_days_ago(old, 7)
    client = login(world.specialist)

    queue = client.get("/consultaties/").content.decode()
    hour = client.get("/consultaties/spreekuur/").content.decode()

    assert "Vraag van vandaag" in queue
    assert "Vraag van vorige week" in queue
    assert "Vraag van vandaag" in hour
    assert "Vraag van vorige week" not in hour
    logged = AccessLogEntry.objects.filter(event="consultation.queue").latest("pk")
    assert logged.subjects.count() == 3  # Sam, Lisa and Eva: the questions are about them


def test_a_colleague_cannot_open_an_accepted_consultation(
    world: World, client: Client, login: Callable[[User], Client]
) -> None:
    consultation = ask(world)
    detail = f"/consultaties/{consultation.public_id}/"
    colleague = as_user(client, login, world.specialist_2)
    assert colleague.get(detail).status_code == 200  # open: their team's question
    consultation_accept(actor=world.specialist, consultation=consultation)
    assert colleague.get(detail).status_code == 404
    lead = as_user(client, login, world.flex_lead)
    assert lead.get(detail).status_code == 200
    coordinator = as_user(client, login, world.coordinator)
    assert coordinator.get(detail).status_code == 404  # the coordinator reads it on the case


def test_a_refused_accept_on_the_page_changes_nothing(
    world: World, login: Callable[[User], Client]
) -> None:
    consultation = ask(world)
    before = consultation_rows()
    response = login(world.specialist).post(
        f"/consultaties/{consultation.public_id}/aannemen/",
        {
            "accept-joined_from": TODAY.isoformat(),
            "accept-joined_to": (TODAY - timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_accept-joined_to_error"' in body
    assert "De einddatum ligt voor de begindatum." in body
    assert consultation_rows() == before


def test_a_case_of_another_family_stays_closed_to_the_specialist(
    world: World, client: Client, login: Callable[[User], Client]
) -> None:
    other = new_case(world.lead, world.coordinator, family="Bakker")
    consultation_accept(actor=world.specialist, consultation=ask(world))
    specialist = as_user(client, login, world.specialist)
    assert specialist.get(case_page(world)).status_code == 200
    assert specialist.get(f"/casussen/{other.public_id}/trajecten/").status_code == 404


def test_home_page_counts_for_the_flexible_network_and_the_coordinator(
    world: World, client: Client, login: Callable[[User], Client]
) -> None:
    ask(world, urgency="today", question="Geheime vraag één")
    ask(world, question="Geheime vraag twee")
    consultation_accept(actor=world.specialist, consultation=ask(world))

    body = as_user(client, login, world.specialist).get("/").content.decode()
    assert "<dt>Wachten op een specialist</dt><dd>2 " in body
    assert "<dt>Voor het spreekuur van vandaag</dt><dd>2 " in body
    assert "<dt>Door u aangenomen, nog niet afgesloten</dt><dd>1</dd>" in body
    assert "Geheime vraag" not in body  # counts only

    body = as_user(client, login, world.coordinator).get("/").content.decode()
    assert "3 vragen die u aan het flexibel netwerk stelde, wachten nog op advies." in body
    assert "Wachten op een specialist" not in body


def test_each_queue_link_has_its_own_accessible_name(
    world: World, login: Callable[[User], Client]
) -> None:
    """Screen-reader link lists: two questions asked at the same minute still read apart."""
    first = ask(world, question="Eerste vraag")
    second = ask(world, question="Tweede vraag")
    Consultation.objects.filter(pk=second.pk).update(asked_at=first.asked_at)
    queue = login(world.specialist).get("/consultaties/").content.decode()
    names = re.findall(
        r'<a class="utrecht-link" href="/consultaties/[0-9a-f-]{36}/">([^<]+)</a>', queue
    )
    assert len(names) >= 2
    assert len(set(names)) == len(names)
    assert all(", gevraagd " in name for name in names)
    assert f"{first.reference}, gevraagd" in queue
