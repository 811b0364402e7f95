"""The access log's request id is made by the server; what a client sends as X-Request-ID
is kept apart and never stands in for it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.audit.models import AccessLogEntry
from tests.conftest import verify_second_factor

pytestmark = pytest.mark.django_db


def test_client_request_id_is_kept_apart(client: Client, make_user: Callable[..., User]) -> None:
    admin = make_user(Role.FUNCTIONAL_ADMIN)
    verify_second_factor(client, admin)
    chosen = "aanvaller-koos-deze-id-1"
    first = client.get("/beheer/gebruikers/", HTTP_X_REQUEST_ID=chosen)
    second = client.get("/beheer/gebruikers/", HTTP_X_REQUEST_ID=chosen)
    assert first.status_code == second.status_code == 200
    entries = list(AccessLogEntry.objects.filter(event="user.list").order_by("id"))
    assert len(entries) == 2
    assert [e.request_id for e in entries] == [first["X-Request-ID"], second["X-Request-ID"]]
    assert chosen not in {e.request_id for e in entries}
    assert entries[0].request_id != entries[1].request_id
    assert [e.client_request_id for e in entries] == [chosen, chosen]


def test_an_unsafe_client_request_id_is_dropped(
    client: Client, make_user: Callable[..., User]
) -> None:
    admin = make_user(Role.FUNCTIONAL_ADMIN)
    verify_second_factor(client, admin)
    client.get("/beheer/gebruikers/", HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    entry = AccessLogEntry.objects.get(event="user.list")
    assert entry.client_request_id == ""
    assert len(entry.request_id) == 32
