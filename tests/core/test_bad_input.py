"""No input produces a server error: generated values for every form and query string."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jeugdmodel.accounts.roles import Role
from tests.conftest import verify_second_factor
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

junk = st.text(max_size=300)


def _nul(*values: object) -> bool:
    """A NUL character anywhere is refused at the edge with 400 (core.middleware)."""
    return any("\x00" in str(v) for v in values)


fast = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


def _client(role: Role) -> Client:
    client = Client()
    verify_second_factor(client, UserFactory(role=role.value))
    return client


@fast
@given(username=junk, password=junk)
def test_login_form(username: str, password: str) -> None:
    response = Client().post("/inloggen/", {"username": username, "password": password})
    assert response.status_code in ({400} if _nul(username, password) else {200, 302, 429})


@fast
@given(token=junk, nxt=junk)
def test_second_factor_form(token: str, nxt: str) -> None:
    client = Client()
    user = UserFactory()
    client.force_login(user)
    response = client.post(f"/tweede-factor/koppelen/?next={nxt}", {"token": token})
    assert response.status_code in ({400} if _nul(token, nxt) else {200, 302})


@fast
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "username",
                "action",
                "record_type",
                "record_id",
                "subject_id",
                "date_from",
                "date_to",
                "pagina",
            ]
        ),
        junk,
    )
)
def test_access_log_filter(params: dict[str, str]) -> None:
    response = _client(Role.PRIVACY_OFFICER).get("/toegangslog/", params)
    assert response.status_code == (400 if _nul(*params.keys(), *params.values()) else 200)


@fast
@given(rol=junk, pagina=junk)
def test_user_list_filter(rol: str, pagina: str) -> None:
    response = _client(Role.FUNCTIONAL_ADMIN).get(
        "/beheer/gebruikers/", {"rol": rol, "pagina": pagina}
    )
    assert response.status_code == (400 if _nul(rol, pagina) else 200)


@fast
@given(body=st.binary(max_size=500), limit=junk)
def test_api_with_junk(body: bytes, limit: str) -> None:
    client = _client(Role.FUNCTIONAL_ADMIN)
    get = client.get("/api/v1/region/teams/", {"limit": limit, "offset": limit})
    assert get.status_code == (400 if _nul(limit) else 200)
    assert get.status_code == 200 or get["Content-Type"] == "application/problem+json"
    post = client.post("/api/v1/region/teams/", data=body, content_type="application/json")
    assert post.status_code in {400, 405}
    assert post["Content-Type"] == "application/problem+json"


def test_date_range_backwards_is_a_clear_message() -> None:
    response = _client(Role.PRIVACY_OFFICER).get(
        "/toegangslog/", {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    assert "De einddatum ligt voor de begindatum." in response.content.decode()
