"""One request in detail: what the team lead and the assigned professional see and do.

Each action is one POST calling one service; an error is shown on the page and changes
nothing; not allowed and not found answer the same 404."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.audit.models import AccessLogEntry
from jeugdmodel.cases.models import Case
from jeugdmodel.intake.models import Request, RequestStatus
from jeugdmodel.intake.services import request_assign
from jeugdmodel.notifications.models import Notification
from tests.intake.fixtures_work import (
    child,
    lead_of,
    professional_in,
    submit,
    team,
)

# The MVS region: the `mvs` fixture of tests/intake/conftest.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mvs")]


def url(request: Request, action: str = "") -> str:
    return f"/aanmeldingen/{request.public_id}/{action}"


def snapshot(request: Request) -> dict[str, Any]:
    request.refresh_from_db()
    return {
        "status": request.status,
        "team": request.team_id,
        "assigned_to": request.assigned_to_id,
        "case": request.case_id,
        "safety_checked_at": request.safety_checked_at,
        "first_contact_on": request.first_contact_on,
        "events": request.events.count(),
        "cases": Case.objects.count(),
    }


@pytest.fixture
def oost() -> dict[str, User]:
    wot = team("wot-oost")
    return {
        "lead": lead_of(wot),
        "anna": professional_in(wot, first_name="Anna", last_name="Bakker"),
        "ben": professional_in(wot, first_name="Ben", last_name="Visser"),
    }


# -- reading -----------------------------------------------------------------------------


def test_the_lead_sees_everything_escaped_and_masked(
    oost: dict[str, User], login: Callable[[User], Client]
) -> None:
    request = submit(
        question="Hulp nodig <script>alert('x')</script> & snel",
        children=[child(given="Mila", family="de Wit", bsn="123456782")],
        consent_parent=True,
    )
    response = login(oost["lead"]).get(url(request))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mila de Wit" in body
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; snel" in body
    assert "<script>alert" not in body
    assert "123456782" not in body
    assert "••••••782" in body
    assert "wijkteam van postcode 3112" in body  # routing note
    assert "Geschiedenis" in body
    assert "ontvangen" in body  # the event
    assert "Toestemming ouder" in body
    entry = AccessLogEntry.objects.get(event="request.view", record_id=str(request.public_id))
    assert entry.user_id == oost["lead"].pk


def test_consent_not_asked_reads_as_not_asked_not_as_a_refusal(
    oost: dict[str, User], login: Callable[[User], Client]
) -> None:
    not_asked = submit(consent_parent=None, consent_youth=None)
    body = login(oost["lead"]).get(url(not_asked)).content.decode()
    assert re.search(r"Toestemming ouder</dt><dd>niet gevraagd</dd>", body)
    assert re.search(r"Toestemming jongere</dt><dd>niet gevraagd</dd>", body)
    assert re.search(r"Gezag</dt><dd>niet gevraagd</dd>", body)
    answered = submit(consent_parent=False, consent_youth=False, parental_authority="guardian")
    body = login(oost["lead"]).get(url(answered)).content.decode()
    assert re.search(r"Toestemming ouder</dt><dd>nee</dd>", body)
    assert re.search(r"Toestemming jongere</dt><dd>nee</dd>", body)
    assert re.search(r"Gezag</dt><dd>een voogd</dd>", body)


def test_others_get_the_same_not_found(
    oost: dict[str, User], login: Callable[[User], Client], make_user: Callable[..., User]
) -> None:
    request = submit()
    client = login(oost["anna"])  # in the team, but not assigned
    refused = client.get(url(request))
    missing = client.get("/aanmeldingen/00000000-0000-0000-0000-000000000000/")
    assert refused.status_code == missing.status_code == 404
    assert login(lead_of(team("wot-zuid"))).get(url(request)).status_code == 404
    assert login(make_user(Role.MUNICIPALITY)).get(url(request)).status_code == 404
    assert not AccessLogEntry.objects.filter(event="request.view").exists()


def test_anonymous_goes_to_login(client: Client) -> None:
    request = submit()
    for action in ["", "toewijzen/"]:
        response = client.post(url(request, action)) if action else client.get(url(request))
        assert response.status_code == 302
        assert response["Location"].startswith("/inloggen/")


def test_the_post_urls_refuse_get(oost: dict[str, User], login: Callable[[User], Client]) -> None:
    request = submit()
    client = login(oost["lead"])
    for action in ["veiligheid/", "toewijzen/", "doorsturen/"]:
        assert client.get(url(request, action)).status_code == 405


# -- safety check and assignment ------------------------------------------------------------


def test_assignment_waits_for_the_safety_check(
    oost: dict[str, User], login: Callable[[User], Client]
) -> None:
    request = submit(safety_concern=True)
    client = login(oost["lead"])
    body = client.get(url(request)).content.decode()
    assert "Veiligheidscheck vastleggen" in body
    assert "stap 1: signalen in kaart gebracht" in body
    before = snapshot(request)

    refused = client.post(
        url(request, "toewijzen/"), {"assign-professional": oost["anna"].public_id}
    )
    assert refused.status_code == 400
    assert "Doe eerst de veiligheidscheck" in refused.content.decode()
    assert snapshot(request) == before

    empty = client.post(url(request, "veiligheid/"), {"safety-note": "  "})
    assert empty.status_code == 400
    assert "Schrijf kort op wat u heeft beoordeeld." in empty.content.decode()
    assert snapshot(request) == before

    done = client.post(
        url(request, "veiligheid/"),
        {"safety-note": "Gebeld met moeder; veilig.", "safety-steps": ["1_signals", "2_consult"]},
        follow=True,
    )
    assert "De veiligheidscheck is vastgelegd." in done.content.decode()
    request.refresh_from_db()
    assert request.safety_checked_by == oost["lead"]
    assert request.meldcode_steps == ["1_signals", "2_consult"]
    assert "Veiligheidscheck vastleggen" not in done.content.decode()

    assigned = client.post(
        url(request, "toewijzen/"), {"assign-professional": oost["anna"].public_id}
    )
    assert assigned.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.ASSIGNED


def test_suggestions_with_their_reasons(
    oost: dict[str, User], login: Callable[[User], Client]
) -> None:
    wot = team("wot-oost")
    professional_in(
        wot, first_name="Cem", last_name="Yilmaz", expertise=["slaap"], languages=["tr"]
    )
    request = submit(topics=["slaap"], language="tr")
    body = login(oost["lead"]).get(url(request)).content.decode()
    assert "Voorstellen" in body
    assert "Cem Yilmaz" in body
    assert "expertise: slaap" in body
    assert "spreekt de voorkeurstaal (tr)" in body
    assert "ruimte in caseload: 12" in body
    assert body.index("Toewijzen aan Cem Yilmaz") < body.index("Toewijzen aan Anna Bakker")
    assert body.count("Toewijzen aan ") == 3  # the best three
    assert "Iemand anders kiezen" in body


def test_assigning_makes_a_case_logs_it_and_tells_the_professional(
    oost: dict[str, User],
    login: Callable[[User], Client],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    request = submit(children=[child(given="Mila", family="de Wit")])
    anna = oost["anna"]
    client = login(oost["lead"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(request, "toewijzen/"), {"assign-professional": anna.public_id}, follow=True
        )
    assert "is toegewezen aan Anna Bakker" in response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.ASSIGNED
    assert request.assigned_to == anna
    assert request.case is not None
    assert request.case.coordinator == anna
    assert AccessLogEntry.objects.filter(
        event="request.assign", record_id=str(request.public_id), user_id=oost["lead"].pk
    ).exists()
    note = Notification.objects.get(user=anna)
    assert note.url == url(request)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [anna.email]
    text = message.subject + message.body
    assert request.reference in text
    assert "Mila" not in text
    assert "de Wit" not in text


def test_assigning_someone_outside_the_team_is_refused(
    oost: dict[str, User], login: Callable[[User], Client]
) -> None:
    request = submit()
    outsider = professional_in(team("wot-zuid"))
    before = snapshot(request)
    response = login(oost["lead"]).post(
        url(request, "toewijzen/"), {"assign-professional": outsider.public_id}
    )
    assert response.status_code == 400
    assert "hoort niet (meer) bij het team" in response.content.decode()
    assert snapshot(request) == before
    assert not Notification.objects.filter(user=outsider).exists()


def test_the_select_lists_every_team_professional(
    oost: dict[str, User], login: Callable[[User], Client]
) -> None:
    wot = team("wot-oost")
    for i in range(4):
        professional_in(wot, first_name=f"Extra{i}", last_name="Lid")
    request = submit()
    body = login(oost["lead"]).get(url(request)).content.decode()
    for i in range(4):
        assert f"Extra{i} Lid</option>" in body
    assert "Anna Bakker</option>" in body
    client = login(oost["lead"])
    extra = wot.memberships.get(user__first_name="Extra3").user
    assert (
        client.post(
            url(request, "toewijzen/"), {"assign-professional": extra.public_id}
        ).status_code
        == 302
    )
    request.refresh_from_db()
    assert request.assigned_to == extra


# -- forwarding ----------------------------------------------------------------------------


def test_forward_needs_a_reason_and_moves_the_request(
    oost: dict[str, User], login: Callable[[User], Client]
) -> None:
    request = submit()
    zuid = team("wot-zuid")
    zuid_lead = lead_of(zuid)
    client = login(oost["lead"])
    before = snapshot(request)
    refused = client.post(url(request, "doorsturen/"), {"forward-team": zuid.public_id})
    assert refused.status_code == 400
    assert "Geef een reden voor het doorsturen." in refused.content.decode()
    assert snapshot(request) == before

    done = client.post(
        url(request, "doorsturen/"),
        {"forward-team": zuid.public_id, "forward-reason": "Gezin is verhuisd naar Zuid."},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == "/aanmeldingen/werklijst/"
    assert "is doorgestuurd naar WOT Zuid" in done.content.decode()
    request.refresh_from_db()
    assert request.team == zuid
    assert "Gezin is verhuisd naar Zuid." in request.routing_note
    assert Notification.objects.filter(user=zuid_lead, message__contains=request.reference).exists()
    assert client.get(url(request)).status_code == 404  # no longer this lead's
    assert login(zuid_lead).get(url(request)).status_code == 200


def test_forward_offers_other_teams_of_the_region_only(
    oost: dict[str, User], login: Callable[[User], Client]
) -> None:
    request = submit()
    body = login(oost["lead"]).get(url(request)).content.decode()
    assert f'value="{team("wot-zuid").public_id}"' in body
    assert f'value="{team("vraagraak").public_id}"' in body
    assert f'value="{team("wot-oost").public_id}"' not in body


# -- the assigned professional ---------------------------------------------------------------


def test_the_professional_sees_the_new_case_and_records_first_contact_and_close(
    oost: dict[str, User], login: Callable[[User], Client]
) -> None:
    request = submit(children=[child(given="Mila", family="de Wit")])
    request_assign(actor=oost["lead"], request=request, professional=oost["anna"])
    client = login(oost["anna"])

    home = client.get("/").content.decode()
    assert "Nieuwe casussen en vragen" in home
    assert request.reference in home
    assert f'href="{url(request)}"' in home
    assert "Mila" in home
    assert "de Wit" not in home
    assert "WOT Oost" in home
    assert "U heeft 1 ongelezen melding." in home

    page = client.get(url(request))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Eerste contact vastleggen" in body
    assert "Toewijzen aan" not in body  # triage is the lead's
    assert "Doorsturen" not in body

    before = snapshot(request)
    tomorrow = timezone.localdate() + timedelta(days=1)
    refused = client.post(url(request, "eerste-contact/"), {"contact-on": tomorrow.isoformat()})
    assert refused.status_code == 400
    assert "ligt tussen de aanmelding en vandaag" in refused.content.decode()
    assert snapshot(request) == before

    today = timezone.localdate()
    done = client.post(
        url(request, "eerste-contact/"), {"contact-on": today.isoformat()}, follow=True
    )
    assert "Het eerste contact is vastgelegd." in done.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.FIRST_CONTACT
    assert request.first_contact_on == today
    assert request.reference not in client.get("/").content.decode()  # no longer new

    assert client.post(url(request, "afsluiten/"), {"close-reason": ""}).status_code == 400
    closed = client.post(
        url(request, "afsluiten/"), {"close-reason": "Hulp in het gezin is rond."}, follow=True
    )
    assert "De aanmelding is afgesloten." in closed.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED


def test_the_lead_cannot_record_progress_and_others_cannot_triage(
    oost: dict[str, User], login: Callable[[User], Client]
) -> None:
    request = submit()
    request_assign(actor=oost["lead"], request=request, professional=oost["anna"])
    before = snapshot(request)
    lead = login(oost["lead"])
    today = timezone.localdate().isoformat()
    assert lead.post(url(request, "eerste-contact/"), {"contact-on": today}).status_code == 404
    ben = login(oost["ben"])
    assert ben.post(url(request, "eerste-contact/"), {"contact-on": today}).status_code == 404
    anna = login(oost["anna"])
    assert anna.post(url(request, "doorsturen/"), {"forward-reason": "x"}).status_code == 404
    assert snapshot(request) == before


def test_a_second_assignment_is_refused_with_the_reason(
    oost: dict[str, User], login: Callable[[User], Client]
) -> None:
    request = submit()
    client = login(oost["lead"])
    client.get(url(request))
    request_assign(actor=oost["lead"], request=request, professional=oost["anna"])
    before = snapshot(request)
    response = client.post(
        url(request, "toewijzen/"), {"assign-professional": oost["ben"].public_id}
    )
    assert response.status_code == 400
    assert "Deze aanmelding is al toegewezen" in response.content.decode()
    assert snapshot(request) == before
