"""The team lead's triage worklist: order, need-to-know columns, waiting time against the
team's promise, filters with htmx, counts, access and a fixed number of queries."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.audit.models import AccessLogEntry
from jeugdmodel.intake.models import AccessPoint, Request, Urgency
from jeugdmodel.intake.services import age_on
from tests.factories import UserFactory
from tests.intake.fixtures_work import (
    PC_SCHIEDAM_ZUID,
    child,
    lead_of,
    submit,
    team,
    working_days_ago,
)

# The MVS region: the `mvs` fixture of tests/intake/conftest.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mvs")]

URL = "/aanmeldingen/werklijst/"
HTMX = {"HX-Request": "true"}


def _rows(body: str) -> list[str]:
    """The references in table order."""
    return re.findall(r">(AM-\d{4}-[A-Z0-9]{6})</a>", body)


def test_ordered_by_safety_then_urgency_then_waiting(login: Callable[[User], Client]) -> None:
    lead = lead_of(team("wot-oost"))
    old_normal = submit(received_at=working_days_ago(4), children=[child(given="Ada")])
    new_normal = submit(received_at=working_days_ago(1), children=[child(given="Bo")])
    high = submit(urgency=Urgency.HIGH, children=[child(given="Cas")])
    unsafe = submit(safety_concern=True, children=[child(given="Dani")])
    body = login(lead).get(URL).content.decode()
    assert _rows(body) == [
        unsafe.reference,
        high.reference,
        old_normal.reference,
        new_normal.reference,
    ]
    assert "ja, nog beoordelen" in body  # in text, not colour alone


def test_shows_first_names_and_ages_only(login: Callable[[User], Client]) -> None:
    lead = lead_of(team("wot-oost"))
    born = date(2014, 6, 1)
    submit(
        children=[child(given="Fleur", family="Vermeulen", born=born, bsn="111222333")],
        question="Een heel persoonlijke vraag",
    )
    response = login(lead).get(URL)
    body = response.content.decode()
    assert f"Fleur ({age_on(born, timezone.localdate())} jaar)" in body
    assert "Vermeulen" not in body
    assert "111222333" not in body
    assert "Een heel persoonlijke vraag" not in body
    assert "<caption" in body


def test_waiting_days_against_the_promise_and_overdue_in_text(
    login: Callable[[User], Client],
) -> None:
    lead = lead_of(team("wot-oost"))  # promise: 5 working days
    submit(received_at=working_days_ago(3), children=[child(given="Ivo")])
    submit(received_at=working_days_ago(7), children=[child(given="Jet")])
    body = login(lead).get(URL).content.decode()
    assert "3 van 5 werkdagen" in body
    assert "7 van 5 werkdagen" in body
    assert body.count(">te laat<") == 1
    assert "1 over de termijn" in body


def test_markers_for_repeat_duplicate_and_specialist(login: Callable[[User], Client]) -> None:
    lead = lead_of(team("wot-oost"))
    submit()
    submit()  # the same child again: a possible duplicate
    submit(
        actor=UserFactory(role=Role.LEGAL_REFERRER.value),
        access_point=AccessPoint.LEGAL_GP,
        specialist_referral=True,
        children=[child(given="Lin")],
    )
    body = login(lead).get(URL).content.decode()
    assert "mogelijk dubbel" in body
    assert "ook op de specialistische werklijst" in body


def test_only_the_teams_the_lead_leads(login: Callable[[User], Client]) -> None:
    lead = lead_of(team("wot-oost"))
    mine = submit()
    other = submit(children=[child(given="Zoë", postcode=PC_SCHIEDAM_ZUID)])
    body = login(lead).get(URL).content.decode()
    assert mine.reference in body
    assert other.reference not in body
    assert 'name="team"' not in body  # one team: nothing to choose


def test_filters_and_the_team_choice_of_a_lead_of_two_teams(
    login: Callable[[User], Client],
) -> None:
    oost, zuid = team("wot-oost"), team("wot-zuid")
    lead = lead_of(oost, zuid)
    a = submit(urgency=Urgency.CRISIS, children=[child(given="Anna")])
    b = submit(safety_concern=True, children=[child(given="Bram", postcode=PC_SCHIEDAM_ZUID)])
    c = submit(children=[child(given="Cato", postcode=PC_SCHIEDAM_ZUID)])
    client = login(lead)

    def refs(**params: str) -> set[str]:
        return set(_rows(client.get(URL, params).content.decode()))

    assert refs() == {a.reference, b.reference, c.reference}
    assert refs(team=str(zuid.public_id)) == {b.reference, c.reference}
    assert refs(team=str(zuid.pk)) == {a.reference, b.reference, c.reference}  # no inner ids
    assert refs(urgency="crisis") == {a.reference}
    assert refs(safety_only="on") == {b.reference}
    assert refs(reference=c.reference[-6:].lower()) == {c.reference}
    Request.objects.filter(pk=a.pk).update(status="closed")
    assert refs() == {b.reference, c.reference}
    assert refs(status="all") == {a.reference, b.reference, c.reference}
    assert refs(status="closed") == {a.reference}
    body = client.get(URL).content.decode()
    assert 'name="team"' in body
    assert "2 aanmeldingen" in body


def test_htmx_gets_only_the_table_with_the_counts_out_of_band(
    login: Callable[[User], Client],
) -> None:
    lead = lead_of(team("wot-oost"))
    a = submit(urgency=Urgency.HIGH)
    client = login(lead)
    page = client.get(URL).content.decode()
    assert "<html" in page
    assert 'hx-get="/aanmeldingen/werklijst/"' in page
    assert 'hx-target="#worklist-results"' in page
    assert 'id="worklist-results"' in page
    partial = client.get(URL, {"urgency": "high"}, headers=HTMX).content.decode()
    assert "<html" not in partial
    assert "<caption" in partial
    assert a.reference in partial
    assert 'hx-swap-oob="innerHTML"' in partial
    assert "1 aanmelding" in partial
    empty = client.get(URL, {"urgency": "crisis"}, headers=HTMX).content.decode()
    assert a.reference not in empty
    assert "Geen aanmeldingen voor dit filter." in empty
    assert "0 aanmeldingen" in empty


def test_the_read_is_logged(login: Callable[[User], Client]) -> None:
    lead = lead_of(team("wot-oost"))
    request = submit()
    login(lead).get(URL)
    entry = AccessLogEntry.objects.get(event="request.worklist")
    assert entry.user_id == lead.pk
    child_person = request.people.get().person_id
    assert list(entry.subjects.values_list("subject_id", flat=True)) == [child_person]


@pytest.mark.parametrize(
    "role", [Role.WIJKTEAM_PROFESSIONAL, Role.PARTNER, Role.MUNICIPALITY, Role.PRIVACY_OFFICER]
)
def test_other_roles_get_not_found(
    role: Role, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    assert login(make_user(role)).get(URL).status_code == 404


def test_anonymous_goes_to_login(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


def test_navigation_shows_the_worklist_to_team_leads_only(
    make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    lead = lead_of(team("wot-oost"))
    assert f'href="{URL}"' in login(lead).get("/").content.decode()
    partner = make_user(Role.PARTNER)
    body = login(partner).get("/").content.decode()
    assert f'href="{URL}"' not in body
    assert 'href="/aanmeldingen/nieuw/"' in body
    assert 'href="/aanmeldingen/mijn/"' in body
    assert 'href="/meldingen/"' in body


def _queries(client: Client, headers: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, {"status": "open"}, headers=headers)
        assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(n: int, start: int) -> None:
    for i in range(start, start + n):
        submit(
            urgency=[Urgency.NORMAL, Urgency.HIGH, Urgency.CRISIS][i % 3],
            safety_concern=i % 4 == 0,
            children=[child(given=f"Kind{i}"), child(given=f"Broer{i}")],
            received_at=working_days_ago(i % 9),
        )


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_query_count_does_not_grow(
    headers: dict[str, str], login: Callable[[User], Client]
) -> None:
    lead = lead_of(team("wot-oost"), team("specialistische-jeugdhulp"))
    client = login(lead)
    _grow(3, 0)
    small = _queries(client, headers)
    _grow(27, 3)
    large = _queries(client, headers)
    assert Request.objects.count() == 30
    assert large == small, f"{small} queries with 3 requests, {large} with 30"
