"""schemathesis over the API (docs/openapi.yaml) with the token of every role: no answer is
a server error, and every error answer is a problem document (RFC 9457).

The requests go through Django's test client inside the test's transaction, so the same
run works on SQLite and PostgreSQL. Path parameters named after a case get the real case
half of the time, so the checks also reach past "not found". Both valid (positive) and
invalid (negative) requests are generated; a bounded number per operation and role keeps
the run short."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.accounts.services import api_token_create, functional_admin_grant
from jeugdmodel.core.api import PROBLEM_CONTENT_TYPE
from jeugdmodel.region.models import Municipality, Region
from tests.care.conftest import World
from tests.care.conftest import mvs as mvs  # the region fixture
from tests.care.conftest import world as world  # one real case
from tests.factories import UserFactory

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "docs" / "openapi.yaml"
EXAMPLES = int(os.environ.get("FUZZ_API_EXAMPLES", "3"))  # per operation and role


def _users(world: World, region: Region) -> dict[Role, User]:
    """One user per role; the care roles are the people around the real case."""
    users: dict[Role, User] = {
        Role.WIJKTEAM_PROFESSIONAL: world.coordinator,
        Role.TEAM_LEAD: world.lead,
        Role.FLEX_SPECIALIST: world.specialist,
        Role.MUNICIPALITY: UserFactory(
            role=Role.MUNICIPALITY.value,
            municipality=Municipality.objects.filter(region=region).first(),
        ),
    }
    for role in Role:
        users.setdefault(role, UserFactory(role=role.value))
    functional_admin_grant(user=users[Role.FUNCTIONAL_ADMIN])
    return users


def _send(client: Client, token: str, case: Any) -> Any:
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    headers = {
        key: value
        for key, value in (kwargs.get("headers") or {}).items()
        if key.lower() not in {"authorization", "user-agent", "content-length", "host"}
    }
    headers["Authorization"] = f"Token {token}"
    path = case.formatted_path
    query = urlencode(kwargs.get("params") or {}, doseq=True)
    if "json" in kwargs:
        data: Any = json.dumps(kwargs["json"])
        content_type = "application/json"
    elif kwargs.get("data") is not None:
        data = kwargs["data"]
        content_type = headers.pop("Content-Type", case.media_type or "application/octet-stream")
    else:
        data, content_type = "", "application/json"
    return client.generic(
        case.method.upper(),
        path + (f"?{query}" if query else ""),
        data=data,
        content_type=content_type,
        headers=headers,
    )


def _checker(client: Client, token: str, cases: st.SearchStrategy[Any]) -> Any:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    @given(case=cases)
    def run(case: Any) -> None:
        response = _send(client, token, case)
        where = f"{case.method.upper()} {case.formatted_path} {case.query} {case.body!r}"
        if os.environ.get("FUZZ_DEBUG"):
            print(response.status_code, response["Content-Type"], where[:150])
        assert response.status_code < 500, f"{response.status_code} {where}"
        if response.status_code >= 400:
            assert response["Content-Type"] == PROBLEM_CONTENT_TYPE, (
                f"{response.status_code} {response['Content-Type']} {where}"
            )
            problem = json.loads(response.content)
            assert problem["status"] == response.status_code, where
            assert problem["title"], where
            assert "detail" in problem, where

    return run


@pytest.mark.django_db
def test_the_api_answers_every_role_without_a_server_error(world: World, mvs: Region) -> None:
    schema = schemathesis.openapi.from_path(str(SCHEMA_FILE))
    users = _users(world, mvs)
    tokens = {role: api_token_create(actor=None, user=user).key for role, user in users.items()}
    client = Client()
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10, "het API-schema heeft te weinig operaties"

    for operation in operations:
        fixed: dict[str, Any] = {}
        names = {p.name for p in operation.path_parameters}
        if "case_id" in names:
            fixed = {"case_id": str(world.case.public_id)}
        strategies = [
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
        ]
        if fixed:
            strategies.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters=fixed))
        cases = st.one_of(*strategies)

        for role, token in tokens.items():
            run = _checker(client, token, cases)
            try:
                run()
            except Exception as exc:  # collect them all, then report
                failures.append(f"{operation.label} as {role.value}: {exc}"[:1500])

    assert not failures, "\n".join(failures)
