"""The intake API for partner systems: POST /api/v1/intake/requests/ and the referrer's
GET /api/v1/intake/requests/{reference}/status/. Same checks as the forms, through the same
service; every error is a problem document naming its field."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from jeugdmodel.accounts.models import TeamRole, User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.accounts.services import api_token_create
from jeugdmodel.intake.models import AccessPoint, Request, RequestStatus
from jeugdmodel.intake.services import request_assign
from jeugdmodel.region.models import Organisation, Team
from tests.factories import TeamMembershipFactory, UserFactory
from tests.intake.conftest import PC_ROTTERDAM, PC_UNKNOWN, api_body, years_ago

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mvs")]

URL = "/api/v1/intake/requests/"


def status_url(reference: str) -> str:
    return f"/api/v1/intake/requests/{reference}/status/"


def token_client(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(actor=None, user=user).key}")
    return client


def school_partner() -> User:
    org = Organisation.objects.get(region__code="mvs", code="basisschool-schiedam-oost")
    user: User = UserFactory(
        role=Role.PARTNER.value, organisation=org, first_name="Meester", last_name="Jansen"
    )
    return user


def post(client: APIClient, body: dict[str, Any]) -> Any:
    return client.post(URL, body, format="json")


def child(**overrides: Any) -> dict[str, Any]:
    data = dict(api_body()["children"][0])
    data.update(overrides)
    return data


# -- a good request ------------------------------------------------------------------------


def test_a_request_is_created_with_the_referrer_of_the_token() -> None:
    user = school_partner()
    response = post(token_client(user), api_body())
    assert response.status_code == 201
    body = response.json()
    request = Request.objects.get()
    assert body == {
        "reference": request.reference,
        "status": "received",
        "status_label": "ontvangen",
        "team": "WOT Centrum-West",
        "received_at": body["received_at"],
    }
    assert body["received_at"].startswith(str(timezone.localdate().year))
    assert request.referrer == user
    assert request.referrer_name == "Meester Jansen"
    assert request.access_point == AccessPoint.PARTNER_SCHOOL
    assert request.referrer_brin == "98AB"
    assert request.people.count() == 2
    assert request.client_hash == ""  # only the public form counts per address


def test_a_repeated_key_answers_200_with_the_same_body_and_stores_nothing_twice() -> None:
    client = token_client(school_partner())
    body = api_body()
    first = post(client, body)
    second = post(client, body)
    assert first.status_code == 201
    assert second.status_code == 200
    assert second.json() == first.json()
    assert Request.objects.count() == 1


def test_a_repeated_key_with_other_data_is_a_409_problem_and_stores_nothing() -> None:
    client = token_client(school_partner())
    body = api_body()
    assert post(client, body).status_code == 201
    before = list(Request.objects.values())
    response = post(client, {**body, "question": "Een andere vraag met dezelfde sleutel."})
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert "met andere gegevens" in problem["detail"]
    assert problem["errors"][0]["field"] == "idempotency_key"
    assert list(Request.objects.values()) == before


def test_the_same_key_from_another_account_is_another_request() -> None:
    body = api_body()
    first = post(token_client(school_partner()), body)
    second = post(token_client(school_partner()), body)
    assert first.status_code == second.status_code == 201
    assert first.json()["reference"] != second.json()["reference"]
    assert Request.objects.count() == 2


def test_an_address_the_region_forwards_is_created_as_forwarded() -> None:
    response = post(
        token_client(school_partner()), api_body(children=[child(postcode=PC_ROTTERDAM)])
    )
    assert response.status_code == 201
    assert response.json()["status"] == "forwarded_outside"
    assert response.json()["team"] == ""


def test_a_legal_referrer_chooses_the_access_point_and_refers_to_specialist_care() -> None:
    user: User = UserFactory(role=Role.LEGAL_REFERRER.value)
    response = post(
        token_client(user),
        api_body(access_point="legal_youth_doctor", specialist_referral=True),
    )
    assert response.status_code == 201
    request = Request.objects.get()
    assert request.access_point == AccessPoint.LEGAL_YOUTH_DOCTOR
    assert request.specialist_team is not None


def test_html_is_stored_as_typed() -> None:
    script = "<script>alert(1)</script>"
    post(token_client(school_partner()), api_body(question=script))
    assert Request.objects.get().question == script


# -- errors: problem documents naming every field, nothing stored --------------------------


def _problem(response: Any, status: int = 400) -> dict[str, Any]:
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


def test_every_domain_problem_is_listed_with_its_field() -> None:
    body = api_body(
        children=[
            child(bsn="123456789"),
            child(
                given_name="Lotte",
                date_of_birth=(timezone.localdate() + timedelta(days=2)).isoformat(),
            ),
            child(given_name="Bram", date_of_birth=years_ago(23).isoformat()),
        ],
        parents=[{"given_name": "Eva", "family_name": "de Vries", "bsn": "111111111"}],
    )
    problem = _problem(post(token_client(school_partner()), body))
    fields = {e["field"]: e["message"] for e in problem["errors"]}
    assert fields["children[0].bsn"].startswith("Dit BSN bestaat niet")
    assert fields["children[1].date_of_birth"] == "De geboortedatum ligt in de toekomst."
    assert fields["children[2].date_of_birth"].startswith("Jeugdhulp is er tot 23 jaar")
    assert fields["parents[0].bsn"].startswith("Dit BSN bestaat niet")
    assert Request.objects.count() == 0


def test_shape_errors_are_listed_with_their_field() -> None:
    body = api_body(urgency="morgen", children=[], question="")
    del body["idempotency_key"]
    problem = _problem(post(token_client(school_partner()), body))
    fields = {e["field"] for e in problem["errors"]}
    assert {"idempotency_key", "urgency", "children", "question"} <= fields
    assert problem["detail"] == "De invoer is niet geldig."
    assert Request.objects.count() == 0


def test_a_nested_shape_error_names_the_child() -> None:
    body = api_body(children=[child(date_of_birth="12-04-2015")])
    problem = _problem(post(token_client(school_partner()), body))
    assert [e["field"] for e in problem["errors"]] == ["children[0].date_of_birth"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        pytest.param(
            {"children": [child(postcode=PC_UNKNOWN)]},
            "children[0].postcode",
            "Postcode 9999 kennen we niet in deze regio.",
            id="unknown-postcode",
        ),
        pytest.param(
            {"children": [child(postcode=PC_UNKNOWN)]},
            "children[0].postcode",
            "Woont het kind in een andere gemeente? Neem dan contact op met het jeugdteam",
            id="unknown-postcode-says-where-else",
        ),
        pytest.param({"question": "x" * 5001}, "question", "5000", id="question-too-long"),
        pytest.param(
            {"consent_youth": True},
            "consent",
            "Voor een kind jonger dan 12 geeft de ouder of verzorger toestemming.",
            id="consent",
        ),
        pytest.param(
            {"specialist_referral": True},
            "specialist_referral",
            "Alleen een wettelijk verwijzer",
            id="specialist-referral-by-a-partner",
        ),
        pytest.param(
            {"access_point": "legal_gp"},
            "access_point",
            "Deze toegang past niet bij uw account",
            id="access-point-not-yours",
        ),
        pytest.param({"topics": ["iets anders"]}, "topics[0]", "", id="unknown-topic"),
    ],
)
def test_bad_input_names_the_field(overrides: dict[str, Any], field: str, message: str) -> None:
    problem = _problem(post(token_client(school_partner()), api_body(**overrides)))
    fields = {e["field"]: e["message"] for e in problem["errors"]}
    assert field in fields
    assert message in fields[field]
    assert Request.objects.count() == 0


def test_a_legal_referrer_without_a_default_must_choose() -> None:
    user: User = UserFactory(role=Role.LEGAL_REFERRER.value)
    problem = _problem(post(token_client(user), api_body()))
    assert problem["errors"][0]["field"] == "access_point"
    assert "legal_gp" in problem["errors"][0]["message"]


def test_without_a_token_is_401_and_a_role_without_the_right_is_404() -> None:
    _problem(APIClient().post(URL, api_body(), format="json"), 401)
    municipality = UserFactory(role=Role.MUNICIPALITY.value)
    _problem(post(token_client(municipality), api_body()), 404)
    assert Request.objects.count() == 0


# -- the referrer's status -----------------------------------------------------------------


def _assign(request: Request) -> None:
    team = Team.objects.get(code="wot-centrum-west")
    lead = UserFactory(role=Role.TEAM_LEAD.value)
    TeamMembershipFactory(user=lead, team=team, role_in_team=TeamRole.LEAD)
    professional = UserFactory(role=Role.WIJKTEAM_PROFESSIONAL.value)
    TeamMembershipFactory(user=professional, team=team)
    request_assign(actor=lead, request=request, professional=professional)


def test_with_consent_the_referrer_sees_the_real_status() -> None:
    user = school_partner()
    client = token_client(user)
    reference = post(client, api_body(consent_parent=True)).json()["reference"]
    _assign(Request.objects.get())
    response = client.get(status_url(reference))
    assert response.status_code == 200
    assert response.json()["status"] == RequestStatus.ASSIGNED
    assert response.json()["status_label"] == "toegewezen"


def test_without_consent_the_referrer_sees_only_received() -> None:
    user = school_partner()
    client = token_client(user)
    reference = post(client, api_body()).json()["reference"]
    _assign(Request.objects.get())
    assert client.get(status_url(reference)).json()["status"] == RequestStatus.RECEIVED


def test_someone_elses_request_answers_like_one_that_does_not_exist() -> None:
    reference = post(token_client(school_partner()), api_body()).json()["reference"]
    other = token_client(school_partner())
    not_mine = other.get(status_url(reference))
    missing = other.get(status_url("AM-2000-XXXXXX"))
    assert _problem(not_mine, 404) == {
        **_problem(missing, 404),
        "instance": not_mine.json()["instance"],
    }
    _problem(APIClient().get(status_url(reference)), 401)
    _problem(
        token_client(UserFactory(role=Role.MUNICIPALITY.value)).get(status_url(reference)), 404
    )


def test_the_endpoints_are_documented_under_aanmelden() -> None:
    admin = token_client(UserFactory(role=Role.FUNCTIONAL_ADMIN.value))
    schema = admin.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/intake/requests/" in schema
    assert "/api/v1/intake/requests/{reference}/status/" in schema
    assert "aanmelden" in schema
