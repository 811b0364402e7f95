"""A double click makes one thing: the one-time form token on every write form, the
Idempotency-Key on the API, and the service's refusal of a second running trajectory of
the same help form for one child."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client, override_settings
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.care.models import Consultation, Trajectory
from jeugdmodel.cases.models import JournalEntry
from jeugdmodel.core.errors import DomainError
from jeugdmodel.core.idempotency import FORM_TOKEN_FIELD
from jeugdmodel.core.models import Submission
from tests.care.conftest import World, help_form
from tests.care.test_trajectories import start

TODAY = timezone.localdate()
TOKEN = re.compile(rf'name="{FORM_TOKEN_FIELD}" value="([^"]+)"')


def tokens_on(client: Client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return TOKEN.findall(response.content.decode())


def trajectory_form(world: World, token: str) -> dict[str, str]:
    return {
        FORM_TOKEN_FIELD: token,
        "start-child": str(world.lisa.public_id),
        "start-help_form": str(help_form("wijkteamondersteuning").public_id),
        "start-start_date": TODAY.isoformat(),
        "start-intensity": "1 uur per week",
        "start-with_stay": "",
        "start-specialist_reason": "",
    }


def test_every_form_on_a_page_gets_its_own_token(
    world: World, login: Callable[[User], Client]
) -> None:
    tokens = tokens_on(login(world.coordinator), f"/casussen/{world.case.public_id}/trajecten/")
    # start, end, step up, step down, the logout button, the language switch …
    assert len(tokens) >= 4
    assert len(set(tokens)) == len(tokens)


def test_a_double_click_on_start_trajectory_makes_one(
    world: World, login: Callable[[User], Client]
) -> None:
    client = login(world.coordinator)
    page = f"/casussen/{world.case.public_id}/trajecten/"
    token = tokens_on(client, page)[0]

    first = client.post(page + "starten/", trajectory_form(world, token))
    second = client.post(page + "starten/", trajectory_form(world, token))

    assert first.status_code == 302
    assert second.status_code == 303
    assert second["Location"] == first["Location"]
    assert Trajectory.objects.filter(child=world.lisa).count() == 1
    followed = client.get(second["Location"]).content.decode()
    assert "Dit formulier was al verstuurd" in followed


def test_a_double_click_on_ask_consultation_makes_one(
    world: World, login: Callable[[User], Client]
) -> None:
    client = login(world.coordinator)
    page = f"/casussen/{world.case.public_id}/consultaties/"
    token = tokens_on(client, page)[0]
    form = {
        FORM_TOKEN_FIELD: token,
        "ask-question": "Hoe gaan we om met de angst van Sam?",
        "ask-urgency": "high",
        "ask-flex_team": str(world.plusteam.public_id),
        "ask-wanted_expertise": ["trauma"],
        "ask-other_expertise": "",
    }
    first = client.post(page + "vragen/", form)
    second = client.post(page + "vragen/", form)

    assert (first.status_code, second.status_code) == (302, 303)
    assert Consultation.objects.count() == 1


def journal_form(token: str, note: str = "Gebeld met moeder.") -> dict[str, str]:
    return {
        FORM_TOKEN_FIELD: token,
        "journal-on": TODAY.isoformat(),
        "journal-kind": "phone",
        "journal-duration_minutes": "15",
        "journal-with_whom": "moeder",
        "journal-note": note,
    }


def test_a_double_click_on_add_journal_entry_makes_one(
    world: World, login: Callable[[User], Client]
) -> None:
    client = login(world.coordinator)
    page = f"/casussen/{world.case.public_id}/journaal/"
    token = tokens_on(client, page)[0]

    first = client.post(page + "toevoegen/", journal_form(token))
    second = client.post(page + "toevoegen/", journal_form(token))

    assert (first.status_code, second.status_code) == (302, 303)
    assert JournalEntry.objects.filter(case=world.case).count() == 1


def test_a_form_with_errors_keeps_its_token_usable(
    world: World, login: Callable[[User], Client]
) -> None:
    client = login(world.coordinator)
    page = f"/casussen/{world.case.public_id}/journaal/"
    token = tokens_on(client, page)[0]

    refused = client.post(page + "toevoegen/", {**journal_form(token), "journal-note": ""})
    assert refused.status_code == 400
    done = client.post(page + "toevoegen/", journal_form(token))

    assert done.status_code == 302
    assert JournalEntry.objects.filter(case=world.case).count() == 1


def test_another_users_token_is_not_theirs(
    world: World, client: Client, login: Callable[[User], Client]
) -> None:
    """The token is kept per user: the same value from someone else is a new submission
    and learns nothing about where the first one went."""
    page = f"/casussen/{world.case.public_id}/journaal/"
    login(world.coordinator).post(page + "toevoegen/", journal_form("same-token-value-1234"))
    client.logout()
    other = login(world.lead)
    response = other.post(page + "toevoegen/", journal_form("same-token-value-1234"))
    assert response.status_code != 303


@override_settings(JEUGDMODEL_SUBMISSION_WAIT=0)
def test_a_second_click_while_the_first_is_busy_writes_nothing(
    world: World, login: Callable[[User], Client]
) -> None:
    client = login(world.coordinator)
    page = f"/casussen/{world.case.public_id}/journaal/"
    token = tokens_on(client, page)[0]
    first = client.post(page + "toevoegen/", journal_form(token))
    # As if the first request were still running: its row has no answer yet.
    Submission.objects.update(finished_at=None, location="")

    second = client.post(page + "toevoegen/", journal_form(token))

    assert first.status_code == 302
    assert second.status_code == 409
    assert "wordt nog verwerkt" in second.content.decode()
    assert JournalEntry.objects.filter(case=world.case).count() == 1


# --- API ----------------------------------------------------------------------------------


def api_post(client: Client, url: str, body: dict[str, Any], key: str | None) -> Any:
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(url, body, content_type="application/json", headers=headers)


def trajectory_body(world: World) -> dict[str, str]:
    return {
        "child": str(world.lisa.public_id),
        "help_form": "wijkteamondersteuning",
        "start_date": TODAY.isoformat(),
    }


def test_the_api_answers_a_replay_with_the_first_answer(
    world: World, login: Callable[[User], Client]
) -> None:
    client = login(world.coordinator)
    url = f"/api/v1/cases/{world.case.public_id}/trajectories/"

    first = api_post(client, url, trajectory_body(world), "key-1")
    again = api_post(client, url, trajectory_body(world), "key-1")

    assert first.status_code == 201, first.content
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Trajectory.objects.filter(child=world.lisa).count() == 1


def test_the_api_refuses_a_key_reused_for_another_body(
    world: World, login: Callable[[User], Client]
) -> None:
    client = login(world.coordinator)
    url = f"/api/v1/cases/{world.case.public_id}/journal/"
    body = {
        "on": TODAY.isoformat(),
        "kind": "phone",
        "duration_minutes": 10,
        "with_whom": "moeder",
        "note": "Gebeld.",
    }
    first = api_post(client, url, body, "journal-key")
    other = api_post(client, url, {**body, "note": "Iets anders."}, "journal-key")

    assert first.status_code == 201, first.content
    assert other.status_code == 422
    assert other["Content-Type"] == "application/problem+json"
    assert "Idempotency-Key" in other.json()["detail"]
    assert JournalEntry.objects.filter(case=world.case).count() == 1


def test_an_api_error_frees_the_key(world: World, login: Callable[[User], Client]) -> None:
    client = login(world.coordinator)
    url = f"/api/v1/cases/{world.case.public_id}/trajectories/"
    bad = api_post(client, url, {**trajectory_body(world), "start_date": "gisteren"}, "k-2")
    assert bad.status_code == 400
    good = api_post(client, url, trajectory_body(world), "k-2")
    assert good.status_code == 201
    assert "Idempotent-Replayed" not in good


def test_an_overlong_key_is_a_problem_document(
    world: World, login: Callable[[User], Client]
) -> None:
    client = login(world.coordinator)
    url = f"/api/v1/cases/{world.case.public_id}/trajectories/"
    response = api_post(client, url, trajectory_body(world), "x" * 300)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert not Trajectory.objects.filter(child=world.lisa).exists()


# --- the service and the database ---------------------------------------------------------


def test_a_second_running_trajectory_of_the_same_help_form_is_refused(world: World) -> None:
    start(world)
    with pytest.raises(DomainError) as exc:
        start(world, start_date=TODAY)
    assert exc.value.field == "help_form"
    assert "al een lopend traject met deze hulpvorm" in str(exc.value)
    assert Trajectory.objects.filter(child=world.sam).count() == 1


def test_after_the_end_the_same_help_form_may_start_again(world: World) -> None:
    from jeugdmodel.care.services import trajectory_end

    first = start(world, start_date=TODAY - timedelta(days=60))
    trajectory_end(
        actor=world.coordinator,
        case=world.case,
        trajectory=first,
        end_date=TODAY - timedelta(days=10),
        end_reason="volgens_plan",
    )
    second = start(world, start_date=TODAY)
    assert second.is_running


def test_the_database_refuses_a_second_running_one_too(world: World) -> None:
    first = start(world)
    twin = Trajectory.objects.get(pk=first.pk)
    twin.pk = None
    twin.public_id = None  # type: ignore[assignment]
    import uuid

    twin.public_id = uuid.uuid4()
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_the_page_shows_the_refusal_at_the_help_form(
    world: World, login: Callable[[User], Client]
) -> None:
    start(world, child=world.lisa)
    client = login(world.coordinator)
    page = f"/casussen/{world.case.public_id}/trajecten/"
    response = client.post(page + "starten/", trajectory_form(world, "t-1"))
    assert response.status_code == 400
    assert "al een lopend traject met deze hulpvorm" in response.content.decode()
    assert Trajectory.objects.filter(child=world.lisa).count() == 1
