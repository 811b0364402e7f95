"""Normalise before you compare: a BSN in fullwidth digits or a name with a zero-width
space in it is the same person, through the service, the public form and the API."""

from __future__ import annotations

import re
import time
import uuid

import pytest
from django.test import Client
from rest_framework.test import APIClient

from jeugdmodel.accounts.services import api_token_create
from jeugdmodel.families.models import Person
from jeugdmodel.intake import spam
from jeugdmodel.intake.models import Request, RequestPerson
from jeugdmodel.intake.services import request_assign, request_person_decide
from tests.intake.conftest import PC_SCHIEDAM, api_body, years_ago
from tests.intake.fixtures_work import child, lead_of, professional_in, submit, team
from tests.intake.test_intake_api import URL as API_URL
from tests.intake.test_intake_api import school_partner

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mvs")]

BSN = "111222333"
FULLWIDTH_BSN = "１１１２２２３３３"
ZWSP = "\u200b"


def test_a_fullwidth_bsn_is_stored_in_ascii_digits() -> None:
    request = submit(children=[child(bsn=FULLWIDTH_BSN)])
    assert Person.objects.get().bsn == BSN
    assert request.people.get().bsn == BSN


def test_a_fullwidth_bsn_finds_the_person_with_that_bsn() -> None:
    submit(children=[child(bsn=BSN)])
    submit(children=[child(bsn=FULLWIDTH_BSN)])
    assert Person.objects.count() == 1
    assert set(Person.objects.values_list("bsn", flat=True)) == {BSN}


def test_a_zero_width_space_in_a_name_is_no_new_person() -> None:
    submit(children=[child(given="Sam", family="Jansen")])
    second = submit(children=[child(given=f"Sa{ZWSP}m", family=f" Jansen{ZWSP}\u2060")])
    assert Person.objects.count() == 1
    assert second.people.get().given_name == "Sam"


def test_a_request_with_a_zero_width_space_finds_the_open_case() -> None:
    wot = team("wot-oost")
    first = submit(children=[child(given="Sam", family="Jansen")])
    lead = lead_of(wot)
    case = request_assign(actor=lead, request=first, professional=professional_in(wot))
    again = submit(children=[child(given=f"S{ZWSP}am", family=f"Jansen{ZWSP}")])
    # The known child is proposed (a claim changes nothing before the lead confirms it) …
    named = again.people.get()
    assert named.proposed_person == first.people.get().person
    # … and once confirmed, the request finds the open case.
    request_person_decide(actor=lead, request=again, request_person=named, confirm=True)
    again.refresh_from_db()
    assert again.case == case
    assert Person.objects.count() == 1


def test_the_public_form_stores_a_fullwidth_bsn_normalised(client: Client) -> None:
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "started": spam.form_token(issued_at=time.time() - 120),
        "child1_given_name": f"Sem{ZWSP}",
        "child1_family_name": "de\u3000Vries",
        "child1_date_of_birth": years_ago(9).strftime("%d-%m-%Y"),
        "child1_bsn": FULLWIDTH_BSN,
        "postcode": "３１１１ ａｂ",
        "house_number": "１２",
        "parental_authority": "both_parents",
        "consent_parent": "yes",
        "question": "Sem slaapt slecht en is vaak boos.",
        "referrer_name": "Eva de Vries",
        "contact_phone": "06 12345678",
        spam.HONEYPOT_FIELD: "",
    }
    response = client.post("/aanmelden/", data)
    errors = re.findall(r"_error\">(.*?)</div>", response.content.decode(), re.S)
    assert response.status_code == 302, errors
    stored = RequestPerson.objects.get()
    assert (stored.given_name, stored.family_name, stored.bsn) == ("Sem", "de Vries", BSN)
    assert (stored.postcode, stored.house_number) == (PC_SCHIEDAM, "12")
    assert Person.objects.get().bsn == BSN


def test_the_api_stores_a_fullwidth_bsn_normalised_and_matches_it() -> None:
    submit(children=[child(given="Sem", family="de Vries", bsn=BSN, postcode=PC_SCHIEDAM)])
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {api_token_create(actor=None, user=school_partner()).key}"
    )
    body = api_body()
    body["children"][0].update(bsn=FULLWIDTH_BSN, given_name=f"Sem{ZWSP}")
    response = client.post(API_URL, body, format="json")
    assert response.status_code == 201, response.json()
    assert Person.objects.count() == 1
    stored = Request.objects.get(reference=response.json()["reference"]).people.get(role="child")
    assert (stored.bsn, stored.given_name) == (BSN, "Sem")
