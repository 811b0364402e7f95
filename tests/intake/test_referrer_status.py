"""The referrer's own list: the status only when the family consented, otherwise only
"ontvangen"; never names or content; never another referrer's requests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.intake.models import AccessPoint, Request
from jeugdmodel.intake.services import request_assign, request_record_first_contact
from tests.factories import UserFactory
from tests.intake.fixtures_work import (
    child,
    lead_of,
    professional_in,
    submit,
    team,
)

# The MVS region: the `mvs` fixture of tests/intake/conftest.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mvs")]

URL = "/aanmeldingen/mijn/"


def _gp() -> User:
    gp: User = UserFactory(role=Role.LEGAL_REFERRER.value)
    return gp


def _referred(gp: User, *, consent: bool, given: str) -> Request:
    return submit(
        actor=gp,
        access_point=AccessPoint.LEGAL_GP,
        consent_parent=consent,
        children=[child(given=given, family="Smit")],
        question=f"Vraag over {given}",
    )


def _progress(request: Request) -> None:
    wot = team("wot-oost")
    professional = professional_in(wot)
    request_assign(actor=lead_of(wot), request=request, professional=professional)
    request.refresh_from_db()
    request_record_first_contact(actor=professional, request=request, on=request.received_on)


def _cells(body: str, reference: str) -> str:
    start = body.index(reference)
    return body[start : body.index("</tr>", start)]


def test_with_consent_the_referrer_follows_the_status(login: Callable[[User], Client]) -> None:
    gp = _gp()
    request = _referred(gp, consent=True, given="Otto")
    client = login(gp)
    assert "ontvangen" in _cells(client.get(URL).content.decode(), request.reference)
    _progress(request)
    row = _cells(client.get(URL).content.decode(), request.reference)
    assert "eerste contact geweest" in row


def test_without_consent_only_received(login: Callable[[User], Client]) -> None:
    gp = _gp()
    request = _referred(gp, consent=False, given="Pim")
    _progress(request)
    body = login(gp).get(URL).content.decode()
    row = _cells(body, request.reference)
    assert "ontvangen" in row
    for hidden in ["toegewezen", "eerste contact", "afgesloten"]:
        assert hidden not in row


def test_no_names_no_content_and_never_another_referrers(
    login: Callable[[User], Client],
) -> None:
    gp, other_gp = _gp(), _gp()
    mine = _referred(gp, consent=True, given="Quinten")
    theirs = _referred(other_gp, consent=True, given="Rosa")
    body = login(gp).get(URL).content.decode()
    assert mine.reference in body
    assert theirs.reference not in body
    for personal in ["Quinten", "Smit", "Vraag over", "WOT Oost", "3112"]:
        assert personal not in body
    assert "1 aanmelding" in body
    assert "<caption" in body


@pytest.mark.parametrize("role", [Role.PARTNER, Role.WIJKTEAM_PROFESSIONAL, Role.TEAM_LEAD])
def test_every_referring_role_may_open_it(
    role: Role, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    response = login(make_user(role)).get(URL)
    assert response.status_code == 200
    assert "U heeft nog geen aanmeldingen gedaan." in response.content.decode()


@pytest.mark.parametrize("role", [Role.MUNICIPALITY, Role.FUNCTIONAL_ADMIN, Role.PRIVACY_OFFICER])
def test_roles_that_do_not_refer_get_not_found(
    role: Role, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    assert login(make_user(role)).get(URL).status_code == 404


def test_anonymous_goes_to_login(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")
