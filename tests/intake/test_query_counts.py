"""The referrer's list, the professional's home page and a request's detail page use a
fixed number of queries whatever the amount of data (two sizes each)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.intake.services import request_assign
from tests.factories import UserFactory
from tests.intake.fixtures_work import child, lead_of, professional_in, submit, team

pytestmark = pytest.mark.usefixtures("mvs")


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_referrer_list(login: Callable[[User], Client]) -> None:
    referrer = UserFactory(role=Role.LEGAL_REFERRER.value)
    client = login(referrer)

    def grow(n: int, start: int) -> None:
        for i in range(start, start + n):
            submit(actor=referrer, children=[child(given=f"Kind{i}")], consent_parent=i % 2 == 0)

    grow(2, 0)
    small = _queries(client, "/aanmeldingen/mijn/")
    grow(20, 2)
    assert _queries(client, "/aanmeldingen/mijn/") == small


def test_professional_home_with_new_cases(login: Callable[[User], Client]) -> None:
    wot = team("wot-oost")
    lead = lead_of(wot)
    professional = professional_in(wot)
    client = login(professional)

    def grow(n: int, start: int) -> None:
        for i in range(start, start + n):
            request = submit(children=[child(given=f"Kind{i}", family=f"Fam{i}")])
            request_assign(actor=lead, request=request, professional=professional)

    grow(2, 0)
    small = _queries(client, "/")
    grow(15, 2)
    assert _queries(client, "/") == small


def test_detail_page_with_more_people_and_events(login: Callable[[User], Client]) -> None:
    wot = team("wot-oost")
    lead = lead_of(wot)
    client = login(lead)
    few = submit(children=[child(given="Een")])
    many = submit(
        children=[child(given=f"Kind{i}", family=f"Groot{i}") for i in range(8)],
        safety_concern=True,
    )
    small = _queries(client, f"/aanmeldingen/{few.public_id}/")
    large = _queries(client, f"/aanmeldingen/{many.public_id}/")
    assert large == small
