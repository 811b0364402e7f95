"""API errors are problem documents (RFC 9457), in Dutch or in English when asked."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from jeugdmodel.accounts.roles import Role
from jeugdmodel.accounts.services import api_token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _token_client(role: Role) -> APIClient:
    user = UserFactory(role=role.value)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(actor=None, user=user).key}")
    return client


def test_no_credentials_is_a_401_problem() -> None:
    response = APIClient().get("/api/v1/region/teams/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 401
    assert body["title"] == "Niet ingelogd"
    assert body["instance"] == "/api/v1/region/teams/"


def test_english_when_asked() -> None:
    response = APIClient().get("/api/v1/region/teams/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["title"] == "Not logged in"


def test_wrong_token_is_a_401_problem() -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token nonsense")
    response = client.get("/api/v1/region/teams/")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_role_without_right_gets_not_found() -> None:
    response = _token_client(Role.MUNICIPALITY).get("/api/v1/region/teams/")
    assert response.status_code == 404
    assert response.json()["title"] == "Niet gevonden"


def test_functional_admin_reads_teams_with_a_token() -> None:
    response = _token_client(Role.FUNCTIONAL_ADMIN).get("/api/v1/region/teams/")
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_malformed_json_is_a_400_problem() -> None:
    client = _token_client(Role.FUNCTIONAL_ADMIN)
    response = client.post(
        "/api/v1/region/teams/", data="{not json", content_type="application/json"
    )
    assert response.status_code in {400, 405}
    assert response["Content-Type"] == "application/problem+json"


def test_unknown_api_path_is_a_404() -> None:
    response = _token_client(Role.FUNCTIONAL_ADMIN).get("/api/v1/bestaat-niet/")
    assert response.status_code == 404
