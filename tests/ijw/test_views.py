"""The iJw pages: a case's and a trajectory's message log for the people on the case, the
overview of waiting, failed and rejected messages with the Dutch reason, and resend (safe
against a double click)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.audit.models import AccessLogEntry
from jeugdmodel.care.services import trajectory_start
from jeugdmodel.ijw import codec
from jeugdmodel.ijw.models import InboxMessage, InState, OutboxMessage, OutState
from jeugdmodel.region.models import Organisation
from tests.care.conftest import World, help_form

pytestmark = pytest.mark.django_db


def start(world: World, code: str = "ambulante-jeugdhulp") -> Any:
    return trajectory_start(
        actor=world.coordinator,
        case=world.case,
        child=world.sam,
        help_form=help_form(code),
        start_date=timezone.localdate() - timedelta(days=3),
        organisation=Organisation.objects.get(region__code="mvs", code="jeugdhulp-de-haven"),
        specialist_reason="Behandeling nodig.",
    )


@pytest.fixture
def admin(make_user: Callable[..., User], login: Callable[[User], Client]) -> Client:
    return login(make_user(Role.FUNCTIONAL_ADMIN))


def test_the_case_and_trajectory_logs_show_the_messages_with_state_and_reason(
    exchanged: World, login: Callable[[User], Client]
) -> None:
    first = start(exchanged)
    start(exchanged, "dagbehandeling")
    rejected = OutboxMessage.objects.get(trajectory=first)
    rejected.state = OutState.REJECTED
    rejected.reason = "9069: Er is geen actueel startbericht met dezelfde sleutel."
    rejected.save()
    client = login(exchanged.coordinator)

    html = client.get(f"/casussen/{exchanged.case.public_id}/berichten/").content.decode()
    assert html.count("JW305") == 2
    assert "afgekeurd" in html
    assert "9069: Er is geen actueel startbericht met dezelfde sleutel." in html
    assert "iJw-berichten" in html
    assert AccessLogEntry.objects.filter(event="case.view", reason="iJw-berichten inzien").exists()

    one = client.get(
        f"/casussen/{exchanged.case.public_id}/trajecten/{first.public_id}/berichten/"
    ).content.decode()
    assert one.count("JW305") == 1
    assert "Ambulante jeugdhulp" in one


def test_someone_outside_the_case_gets_not_found(
    exchanged: World, login: Callable[[User], Client]
) -> None:
    trajectory = start(exchanged)
    client = login(exchanged.colleague)
    assert client.get(f"/casussen/{exchanged.case.public_id}/berichten/").status_code == 404
    path = f"/casussen/{exchanged.case.public_id}/trajecten/{trajectory.public_id}/berichten/"
    assert client.get(path).status_code == 404


def test_a_trajectory_of_another_case_is_not_found(
    exchanged: World, login: Callable[[User], Client]
) -> None:
    client = login(exchanged.coordinator)
    path = f"/casussen/{exchanged.case.public_id}/trajecten/{exchanged.case.public_id}/berichten/"
    assert client.get(path).status_code == 404


def test_the_overview_lists_failed_and_rejected_messages_without_content(
    exchanged: World, admin: Client
) -> None:
    start(exchanged)
    message = OutboxMessage.objects.get()
    message.state = OutState.FAILED
    message.reason = "Verzenden is 5 keer mislukt (OSError)."
    message.save()
    InboxMessage.objects.create(
        file_name="kapot.xml",
        digest="0" * 64,
        content=b"x",
        state=InState.REJECTED,
        problems=[
            {
                "line": 1,
                "code": "XML",
                "retour": "0001",
                "message": "Het bestand is geen geldige XML",
            }
        ],
    )
    html = admin.get("/beheer/ijw/").content.decode()
    assert "Verzenden is 5 keer mislukt (OSError)." in html
    assert "verzenden mislukt" in html
    assert "Opnieuw versturen" in html
    assert "kapot.xml" in html
    assert "regel 1, XML/0001: Het bestand is geen geldige XML" in html
    assert exchanged.sam.bsn not in html
    assert exchanged.sam.family_name not in html


def test_resend_makes_one_new_message_even_on_a_double_click(
    exchanged: World, admin: Client
) -> None:
    start(exchanged)
    failed = OutboxMessage.objects.get()
    failed.state = OutState.REJECTED
    failed.save()
    for _ in range(2):
        response = admin.post(f"/beheer/ijw/{failed.public_id}/opnieuw/")
        assert response.status_code == 302
    again = OutboxMessage.objects.get(resend_of=failed)
    assert again.state == OutState.WAITING
    assert again.identification != failed.identification
    read = codec.read(bytes(again.content))
    assert read.ok
    assert read.message.header.bericht_identificatie.identificatie == again.identification
    assert AccessLogEntry.objects.filter(event="ijw.resend").count() == 1
    html = admin.get("/beheer/ijw/").content.decode()
    assert "opnieuw verstuurd" in html


def test_a_message_that_is_sent_cannot_be_resent(exchanged: World, admin: Client) -> None:
    start(exchanged)
    sent = OutboxMessage.objects.get()
    sent.state = OutState.SENT
    sent.save()
    response = admin.post(f"/beheer/ijw/{sent.public_id}/opnieuw/", follow=True)
    assert (
        "Alleen een mislukt of afgekeurd bericht kan opnieuw verstuurd worden."
        in response.content.decode()
    )
    assert OutboxMessage.objects.count() == 1
