"""The form for professionals, partners and legal referrers (/aanmeldingen/nieuw/).

The referrer and the access point follow from the account; the form adds urgency, safety
(meldcode), topics, language, consent and, for legal referrers, direct referral to
specialist care."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.intake.models import AccessPoint, MeldcodeStep, Request, Urgency
from jeugdmodel.intake.referrers import LEGAL_CHOICES, referrer_details_for
from jeugdmodel.intake.selectors import request_status_shared
from jeugdmodel.region.models import Organisation, OrganisationKind, Team
from tests.factories import OrganisationFactory, TeamMembershipFactory, UserFactory
from tests.intake.conftest import PC_SCHIEDAM, years_ago

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mvs")]

URL = "/aanmeldingen/nieuw/"
RECEIPT = "/aanmelden/ontvangen/"


def form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "idempotency_key": str(uuid.uuid4()),
        "child1_given_name": "Noor",
        "child1_family_name": "Bakker",
        "child1_date_of_birth": years_ago(10).strftime("%d-%m-%Y"),
        "postcode": PC_SCHIEDAM,
        "house_number": "3",
        "question": "Noor gaat niet meer naar school en zit veel op haar kamer.",
        "urgency": Urgency.NORMAL.value,
    }
    data.update(overrides)
    return data


def organisation(code: str) -> Organisation:
    return Organisation.objects.get(region__code="mvs", code=code)


def user_with(role: Role, organisation_code: str | None = None, **kwargs: Any) -> User:
    org = organisation(organisation_code) if organisation_code else None
    user: User = UserFactory(
        role=role.value, organisation=org, first_name="Fenna", last_name="Verwijs", **kwargs
    )
    return user


# -- who may open it -------------------------------------------------------------------------


def test_anonymous_goes_to_the_login_page(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


@pytest.mark.parametrize(
    "role", [Role.MUNICIPALITY, Role.FUNCTIONAL_ADMIN, Role.PRIVACY_OFFICER], ids=str
)
def test_roles_that_do_not_refer_get_not_found(
    role: Role, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    assert login(make_user(role)).get(URL).status_code == 404


@pytest.mark.parametrize(
    "role",
    [
        Role.WIJKTEAM_PROFESSIONAL,
        Role.POH_JEUGD,
        Role.GEZINSSPECIALIST_ONDERWIJS,
        Role.FLEX_SPECIALIST,
        Role.SPECIALIST_CARE,
        Role.TEAM_LEAD,
        Role.PARTNER,
        Role.LEGAL_REFERRER,
    ],
    ids=str,
)
def test_every_referring_role_sees_the_form(
    role: Role, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    response = login(make_user(role)).get(URL)
    assert response.status_code == 200
    assert "Aanmelding doen" in response.content.decode()


# -- the page --------------------------------------------------------------------------------


def test_the_page_shows_the_referrer_and_the_extra_fields(
    login: Callable[[User], Client],
) -> None:
    user = user_with(Role.PARTNER, "basisschool-schiedam-oost")
    html = login(user).get(URL).content.decode()
    assert "Fenna Verwijs" in html
    assert "Basisschool" in html or "basisschool" in html.lower()
    assert "98AB" in html  # BRIN of the school
    assert str(AccessPoint.PARTNER_SCHOOL.label) in html
    for name in ["urgency", "safety_concern", "meldcode_steps", "topics", "language"]:
        assert f'name="{name}"' in html
    assert 'name="consent_parent"' in html
    assert 'name="consent_youth"' in html
    assert 'name="access_point"' not in html
    assert 'name="specialist_referral"' not in html
    assert "<style" not in html
    assert "style=" not in html


# -- a good request --------------------------------------------------------------------------


def test_a_wijkteam_professional_refers_with_all_extras(login: Callable[[User], Client]) -> None:
    user = user_with(Role.WIJKTEAM_PROFESSIONAL)
    client = login(user)
    response = client.post(
        URL,
        form_data(
            urgency=Urgency.HIGH.value,
            safety_concern="on",
            meldcode_steps=[MeldcodeStep.MAP_SIGNALS.value, MeldcodeStep.CONSULT.value],
            topics=["schoolverzuim", "angst en somberheid"],
            language="ar",
            consent_parent="on",
            contact_phone="010 1234567",
            parent1_given_name="Sara",
            parent1_family_name="Bakker",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == RECEIPT
    request = Request.objects.get()
    assert request.referrer == user
    assert request.referrer_name == "Fenna Verwijs"
    assert request.access_point == AccessPoint.WIJKTEAM
    assert request.urgency == Urgency.HIGH
    assert request.safety_concern is True
    assert request.meldcode_steps == ["1_signals", "2_consult"]
    assert request.topics == ["schoolverzuim", "angst en somberheid"]
    assert request.language == "ar"
    assert request.consent_parent is True
    assert request_status_shared(request) is True
    assert request.team is not None
    assert request.team.code == "wot-centrum-west"

    receipt = client.get(RECEIPT).content.decode()
    assert request.reference in receipt
    # A safety concern gets the same-day answer with the team's phone number.
    assert "De aanmelding staat bij WOT Centrum-West als spoed." in receipt
    assert "vandaag nog contact op met het gezin, binnen 4 uur" in receipt


def test_a_school_partner_refers_with_the_brin_of_the_school(
    login: Callable[[User], Client],
) -> None:
    login(user_with(Role.PARTNER, "basisschool-schiedam-oost")).post(URL, form_data())
    request = Request.objects.get()
    assert request.access_point == AccessPoint.PARTNER_SCHOOL
    assert request.referrer_brin == "98AB"
    assert request.referrer_agb == ""
    assert request.referrer_organisation == organisation("basisschool-schiedam-oost")


def test_a_poh_jeugd_request_stays_with_their_team(login: Callable[[User], Client]) -> None:
    user = user_with(Role.POH_JEUGD)
    poh = Team.objects.get(code="poh-jeugd-schiedam")
    TeamMembershipFactory(user=user, team=poh)
    client = login(user)
    client.post(URL, form_data())
    request = Request.objects.get()
    assert request.access_point == AccessPoint.POH_JEUGD
    assert request.team == poh
    assert "De aanmelding staat bij POH-jeugd Schiedam." in client.get(RECEIPT).content.decode()


def test_a_legal_referrer_at_a_gp_practice_refers_straight_to_specialist_care(
    login: Callable[[User], Client],
) -> None:
    user = user_with(Role.LEGAL_REFERRER, "huisartsen-schiedam-oost")
    client = login(user)
    html = client.get(URL).content.decode()
    assert 'name="access_point"' in html
    assert re.search(r'value="legal_gp"[^>]*checked', html)
    assert 'name="specialist_referral"' in html
    client.post(URL, form_data(access_point="legal_gp", specialist_referral="on"))
    request = Request.objects.get()
    assert request.access_point == AccessPoint.LEGAL_GP
    assert request.referrer_agb == "98100003"
    assert request.specialist_referral is True
    assert request.specialist_team is not None
    assert request.specialist_team.code == "specialistische-jeugdhulp"


def test_a_legal_referrer_outside_a_gp_practice_chooses_and_must_choose(
    login: Callable[[User], Client],
) -> None:
    hospital = OrganisationFactory(kind=OrganisationKind.OTHER)
    user: User = UserFactory(role=Role.LEGAL_REFERRER.value, organisation=hospital)
    client = login(user)
    response = client.post(URL, form_data())
    html = response.content.decode()
    assert "Kies als wie u verwijst." in html
    assert 'href="#id_access_point_0"' in html
    assert Request.objects.count() == 0
    client.post(URL, form_data(access_point=AccessPoint.LEGAL_YOUTH_DOCTOR.value))
    assert Request.objects.get().access_point == AccessPoint.LEGAL_YOUTH_DOCTOR


def test_a_double_submit_stores_one_request(login: Callable[[User], Client]) -> None:
    client = login(user_with(Role.WIJKTEAM_PROFESSIONAL))
    data = form_data()
    assert client.post(URL, data).status_code == 302
    assert client.post(URL, data).status_code == 302
    assert Request.objects.count() == 1


# -- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        pytest.param(
            {"child1_date_of_birth": years_ago(13).strftime("%d-%m-%Y"), "consent_parent": "on"},
            "consent_parent",
            "ouder én jongere",
            id="consent-12-15-needs-both",
        ),
        pytest.param(
            {"child1_date_of_birth": years_ago(17).strftime("%d-%m-%Y"), "consent_parent": "on"},
            "consent_parent",
            "Vanaf 16 jaar geeft de jongere zelf toestemming.",
            id="consent-16-plus-youth",
        ),
        pytest.param(
            {"consent_youth": "on"},
            "consent_parent",
            "jonger dan 12 geeft de ouder",
            id="consent-under-12-parent",
        ),
        pytest.param(
            {"meldcode_steps": [MeldcodeStep.TALK.value]},
            "safety_concern",
            "Meldcodestappen horen bij een zorg over veiligheid",
            id="steps-without-concern",
        ),
        pytest.param({"urgency": "morgen"}, "urgency", "Selecteer een geldige keuze", id="urgency"),
        pytest.param(
            {"topics": ["iets anders"]}, "topics", "Selecteer een geldige keuze", id="topic"
        ),
        pytest.param(
            {"child1_bsn": "12345678"},
            "child1_bsn",
            "Een BSN heeft 9 cijfers; u vulde er 8 in.",
            id="short-bsn",
        ),
    ],
)
def test_bad_input_is_named_at_its_field_and_nothing_is_stored(
    login: Callable[[User], Client], overrides: dict[str, Any], field: str, message: str
) -> None:
    client = login(user_with(Role.WIJKTEAM_PROFESSIONAL))
    response = client.post(URL, form_data(**overrides))
    html = response.content.decode()
    assert response.status_code == 200
    start = html.index(f'id="id_{field}_error"')
    assert message in html[start : html.index("</div>", start)]
    assert Request.objects.count() == 0


def test_a_partner_cannot_refer_straight_to_specialist_care(
    login: Callable[[User], Client],
) -> None:
    client = login(user_with(Role.PARTNER, "huisartsen-schiedam-oost"))
    client.post(URL, form_data(specialist_referral="on", access_point="legal_gp"))
    request = Request.objects.get()  # the fields are not on the partner's form: ignored
    assert request.access_point == AccessPoint.PARTNER_GP
    assert request.specialist_referral is False
    assert request.referrer_agb == "98100003"


# -- the access point per role ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "kind", "expected"),
    [
        (Role.WIJKTEAM_PROFESSIONAL, None, AccessPoint.WIJKTEAM),
        (Role.POH_JEUGD, None, AccessPoint.POH_JEUGD),
        (Role.GEZINSSPECIALIST_ONDERWIJS, None, AccessPoint.SCHOOL_SPECIALIST),
        (Role.FLEX_SPECIALIST, None, AccessPoint.WIJKTEAM),
        (Role.SPECIALIST_CARE, None, AccessPoint.WIJKTEAM),
        (Role.TEAM_LEAD, None, AccessPoint.WIJKTEAM),
        (Role.PARTNER, OrganisationKind.SCHOOL, AccessPoint.PARTNER_SCHOOL),
        (Role.PARTNER, OrganisationKind.GP_PRACTICE, AccessPoint.PARTNER_GP),
        (Role.PARTNER, OrganisationKind.WELFARE, AccessPoint.PARTNER_WELFARE),
        (Role.PARTNER, None, AccessPoint.PARTNER_WELFARE),
        (Role.LEGAL_REFERRER, OrganisationKind.GP_PRACTICE, AccessPoint.LEGAL_GP),
        (Role.LEGAL_REFERRER, OrganisationKind.OTHER, None),
    ],
)
def test_the_access_point_follows_from_role_and_organisation(
    role: Role, kind: str | None, expected: AccessPoint | None
) -> None:
    org = OrganisationFactory(kind=kind, agb_code="12345678", brin_code="12AB") if kind else None
    user: User = UserFactory(role=role.value, organisation=org)
    details = referrer_details_for(user)
    assert details.access_point == expected
    if role == Role.LEGAL_REFERRER:
        assert details.choices == LEGAL_CHOICES
        assert details.is_legal
    else:
        assert details.choices == (expected,)
        assert not details.is_legal
    assert details.agb == ("12345678" if kind == OrganisationKind.GP_PRACTICE else "")
    assert details.brin == ("12AB" if kind == OrganisationKind.SCHOOL else "")
