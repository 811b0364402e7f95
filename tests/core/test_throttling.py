"""API rate limits are switched on: past the limit the API answers 429 as a problem
document with Retry-After. (Test settings set no rates, so the suite is not throttled;
these tests set low ones.)"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from rest_framework.throttling import SimpleRateThrottle

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.accounts.services import api_token_create
from tests.conftest import verify_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/hour", "user": "3/hour"})
    cache.clear()
    yield
    cache.clear()


def test_throttling_is_configured() -> None:
    classes = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]
    assert "rest_framework.throttling.UserRateThrottle" in classes
    assert "rest_framework.throttling.AnonRateThrottle" in classes


@pytest.mark.usefixtures("low_rates")
def test_a_user_past_the_limit_gets_a_429_problem(
    client: Client, make_user: Callable[..., User]
) -> None:
    user = make_user(Role.WIJKTEAM_PROFESSIONAL)
    verify_second_factor(client, user)
    statuses = [client.get("/api/v1/cases/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/cases/")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert int(response["Retry-After"]) > 0
    body = response.json()
    assert body["status"] == 429
    assert body["title"] == "Te veel verzoeken"


@pytest.mark.usefixtures("low_rates")
def test_token_calls_are_counted_per_account(make_user: Callable[..., User]) -> None:
    user = make_user(Role.FUNCTIONAL_ADMIN)
    token = api_token_create(actor=None, user=user)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    statuses = [api.get("/api/v1/region/teams/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert api.get("/api/v1/region/teams/")["Content-Type"] == "application/problem+json"
