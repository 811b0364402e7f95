"""Emergency access (break the glass): a professional outside the case team opens a case
only with a reason and an explanation, for a limited time, read-only, with a banner; every
read is marked in the access log; the privacy officer and the coordinator are told; the
privacy officer approves or flags it. A refused attempt is a security event in the log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.audit.models import AccessAction, AccessLogEntry
from jeugdmodel.cases.models import EmergencyAccess, EmergencyReview
from jeugdmodel.families.models import Person
from jeugdmodel.notifications.models import Notification
from tests.cases.helpers import Story, login_as, new_case
from tests.factories import UserFactory
from tests.intake.fixtures_work import professional_in, team

pytestmark = pytest.mark.usefixtures("mvs")

BSN = "111222333"
REASON = "Crisisdienst belt: kind alleen thuis, moeder opgenomen; ik moet het plan zien."


def _story_with_bsn() -> Story:
    story = new_case()
    person_id = story.case.family.members.filter(relation="child").values_list(
        "person_id", flat=True
    )[0]
    Person.objects.filter(pk=person_id).update(bsn=BSN)
    return story


def _outsider() -> User:
    return professional_in(team("wot-zuid"))


def _ask(client: Client, **data: str) -> object:
    body = {"bsn": BSN, "reason": "crisis", "explanation": REASON}
    body.update(data)
    return client.post("/noodtoegang/", body)


def test_outsider_gets_404_before_and_read_only_access_with_a_banner_after(
    client: Client, settings: object
) -> None:
    story = _story_with_bsn()
    officer = UserFactory(role=Role.PRIVACY_OFFICER.value)
    outsider = _outsider()
    login_as(client, outsider)
    case_url = f"/casussen/{story.case.public_id}/"
    assert client.get(case_url).status_code == 404

    response = _ask(client)
    assert response.status_code == 302
    assert response["Location"] == case_url
    access = EmergencyAccess.objects.get(user=outsider, case=story.case)
    assert access.review == EmergencyReview.OPEN
    assert access.ends_at - access.starts_at == timedelta(hours=4)

    for path in ["", "plan/", "journaal/", "documenten/", "trajecten/", "consultaties/"]:
        page = client.get(case_url + path)
        assert page.status_code == 200, path
        assert "Noodtoegang" in page.content.decode(), path
        assert "jm-emergency-banner" in page.content.decode(), path
    # Read-only: the writes stay closed.
    assert client.post(case_url + "journaal/toevoegen/", {}).status_code == 404
    assert client.post(case_url + "afsluiten/", {}).status_code == 404
    # In the list and the API, like every case the user may open.
    assert story.case.family.name in client.get("/casussen/").content.decode()
    assert client.get(f"/api/v1/cases/{story.case.public_id}/").status_code == 200

    reads = AccessLogEntry.objects.filter(user_id=outsider.pk, event="case.view")
    assert reads.count() >= 6
    assert set(reads.values_list("action", flat=True)) == {AccessAction.EMERGENCY}
    assert all(r.reason == REASON for r in reads)
    assert all(r.details["emergency_access"] == str(access.public_id) for r in reads)
    start = AccessLogEntry.objects.get(event="emergency.start")
    assert start.action == AccessAction.EMERGENCY
    assert start.reason == REASON
    assert set(start.subjects.values_list("subject_id", flat=True))

    # The privacy officer and the coordinator are told (no family name in the message).
    told = Notification.objects.filter(
        user__in=[officer, story.coordinator], message__startswith="Noodtoegang"
    )
    assert told.count() == 2
    assert all(story.case.family.name not in n.message for n in told)
    assert Notification.objects.get(user=officer).url == "/noodtoegang/beoordelen/"


def test_emergency_access_expires(client: Client) -> None:
    story = _story_with_bsn()
    outsider = _outsider()
    login_as(client, outsider)
    _ask(client)
    case_url = f"/casussen/{story.case.public_id}/"
    assert client.get(case_url).status_code == 200
    past = timezone.now() - timedelta(minutes=1)
    EmergencyAccess.objects.filter(user=outsider).update(
        starts_at=past - timedelta(hours=4), ends_at=past
    )
    assert client.get(case_url).status_code == 404
    assert client.get(f"/api/v1/cases/{story.case.public_id}/").status_code == 404
    assert story.case.family.name not in client.get("/casussen/").content.decode()


def test_duration_is_a_setting(client: Client, settings: object) -> None:
    settings.JM_EMERGENCY_ACCESS_HOURS = 1  # type: ignore[attr-defined]
    _story_with_bsn()
    outsider = _outsider()
    login_as(client, outsider)
    _ask(client)
    access = EmergencyAccess.objects.get(user=outsider)
    assert access.ends_at - access.starts_at == timedelta(hours=1)


@pytest.mark.parametrize(
    ("data", "field", "message", "why"),
    [
        ({"explanation": ""}, "explanation", "Zonder toelichting krijgt u geen toegang", "empty"),
        (
            {"explanation": "   "},
            "explanation",
            "Zonder toelichting krijgt u geen toegang",
            "empty",
        ),
        ({"explanation": "nood"}, "explanation", "De toelichting is te kort", "short"),
        ({"reason": ""}, "reason", "Kies een reden voor de noodtoegang", "no_reason"),
        ({"bsn": "123456782"}, "bsn", "Bij dit BSN is geen casus gevonden", "no_case"),
    ],
)
def test_refused_attempt_grants_nothing_and_is_a_security_event(
    client: Client, data: dict[str, str], field: str, message: str, why: str
) -> None:
    story = _story_with_bsn()
    outsider = _outsider()
    login_as(client, outsider)
    response = _ask(client, **data)
    body = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert message in body
    assert 'href="#id_' + field in body  # the linked error summary
    assert EmergencyAccess.objects.count() == 0
    assert not Notification.objects.filter(message__startswith="Noodtoegang").exists()
    refused = AccessLogEntry.objects.get(event="emergency.refused")
    assert refused.action == AccessAction.REFUSED
    assert refused.user_id == outsider.pk
    assert why in refused.details["why"]
    # What was typed stays.
    if data.get("explanation", REASON).strip():
        assert (data.get("explanation") or REASON) in body
    assert client.get(f"/casussen/{story.case.public_id}/").status_code == 404


def test_case_team_member_needs_no_emergency_access(client: Client) -> None:
    story = _story_with_bsn()
    login_as(client, story.coordinator)
    response = _ask(client)
    assert response.status_code == 302
    assert EmergencyAccess.objects.count() == 0
    page = client.get(f"/casussen/{story.case.public_id}/")
    assert "jm-emergency-banner" not in page.content.decode()
    assert AccessLogEntry.objects.filter(action=AccessAction.EMERGENCY).count() == 0


def test_asking_twice_keeps_one_access(client: Client) -> None:
    _story_with_bsn()
    login_as(client, _outsider())
    _ask(client)
    _ask(client)
    assert EmergencyAccess.objects.count() == 1


@pytest.mark.parametrize(
    "role", [Role.PARTNER, Role.LEGAL_REFERRER, Role.MUNICIPALITY, Role.PRIVACY_OFFICER]
)
def test_roles_without_care_cannot_break_the_glass(
    client: Client, role: Role, make_user: object
) -> None:
    _story_with_bsn()
    user = make_user(role)  # type: ignore[operator]
    login_as(client, user)
    assert client.get("/noodtoegang/").status_code == 404
    assert _ask(client).status_code == 404  # type: ignore[attr-defined]
    assert EmergencyAccess.objects.count() == 0


def test_privacy_officer_approves_and_flags(client: Client) -> None:
    story = _story_with_bsn()
    outsider = _outsider()
    login_as(client, outsider)
    _ask(client)
    access = EmergencyAccess.objects.get()
    officer = UserFactory(role=Role.PRIVACY_OFFICER.value)
    login_as(client, officer)
    queue = client.get("/noodtoegang/beoordelen/")
    assert queue.status_code == 200
    assert REASON in queue.content.decode()
    assert AccessLogEntry.objects.filter(event="emergency.queue", user_id=officer.pk).exists()

    url = f"/noodtoegang/{access.public_id}/beoordelen/"
    prefix = f"r-{access.public_id}-"
    # Flag without a note: refused, nothing changed.
    refused = client.post(url, {prefix + "decision": "flagged", prefix + "note": ""})
    assert refused.status_code == 400
    assert "Schrijf bij het markeren een notitie" in refused.content.decode()
    access.refresh_from_db()
    assert access.review == EmergencyReview.OPEN

    done = client.post(url, {prefix + "decision": "flagged", prefix + "note": "Navragen bij team."})
    assert done.status_code == 302
    access.refresh_from_db()
    assert access.review == EmergencyReview.FLAGGED
    assert access.reviewed_by == officer
    row = AccessLogEntry.objects.get(event="emergency.flag")
    assert row.reason == "Navragen bij team."
    assert row.record_id == str(access.public_id)
    # A second review of the same access is refused.
    again = client.post(url, {prefix + "decision": "approved"}, follow=True)
    assert "al beoordeeld" in again.content.decode()
    access.refresh_from_db()
    assert access.review == EmergencyReview.FLAGGED
    flagged = client.get("/noodtoegang/beoordelen/", {"status": "flagged"})
    assert "Navragen bij team." in flagged.content.decode()
    assert story.case.team.name in flagged.content.decode()


def test_privacy_officer_approves(client: Client) -> None:
    _story_with_bsn()
    login_as(client, _outsider())
    _ask(client)
    access = EmergencyAccess.objects.get()
    officer = UserFactory(role=Role.PRIVACY_OFFICER.value)
    login_as(client, officer)
    prefix = f"r-{access.public_id}-"
    response = client.post(
        f"/noodtoegang/{access.public_id}/beoordelen/", {prefix + "decision": "approved"}
    )
    assert response.status_code == 302
    access.refresh_from_db()
    assert access.review == EmergencyReview.APPROVED
    assert AccessLogEntry.objects.filter(event="emergency.approve").count() == 1
