"""Fault: the shared cache (Redis) is down. Production keeps API rate limits and the
dashboard's repeated filters in Redis; when it is unreachable the pages and the API keep
answering from the database (the limits and the cache are a protection and a speed-up, not
a condition for care to go on), and /gereed says the cache is down."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator

import pytest
from django.test import Client, override_settings
from rest_framework.throttling import SimpleRateThrottle

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.accounts.services import api_token_create
from jeugdmodel.settings.base import redis_caches
from tests.conftest import verify_second_factor

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def redis_down(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    location = f"redis://127.0.0.1:{_closed_port()}/0"
    dead = redis_caches(location)  # production's cache settings, pointed at nothing
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "50/hour", "user": "50/hour"}
    )
    # override_settings resets Django's cache handlers on entry and exit.
    with override_settings(CACHES=dead, REDIS_URL=location):
        yield location


def test_pages_and_api_answer_while_the_cache_is_down(
    redis_down: str, client: Client, make_user: Callable[..., User]
) -> None:
    print(f"did: pointed the shared cache at {redis_down}, where nothing listens")
    user = make_user(Role.FUNCTIONAL_ADMIN)
    verify_second_factor(client, user)
    token = api_token_create(actor=None, user=user)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    statuses = {
        "home page": client.get("/").status_code,
        "API list (rate-limited)": api.get("/api/v1/region/teams/").status_code,
        "login page (anonymous)": Client().get("/inloggen/").status_code,
    }
    print(f"checked: answers {statuses}")
    assert statuses == {
        "home page": 200,
        "API list (rate-limited)": 200,
        "login page (anonymous)": 200,
    }


def test_readiness_says_the_cache_is_down(redis_down: str) -> None:
    response = Client().get("/gereed")
    print("did: GET /gereed with the cache down")
    print(f"checked: {response.status_code} {response.content[:200]!r}")
    assert response.status_code == 503
