"""The journal: contacts and time spent; the first contact with the family also records
the first contact of the case's request (time to first contact)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.cases.models import CaseStatus, CaseTeamRole, JournalEntry
from jeugdmodel.cases.services import case_team_add, journal_add
from jeugdmodel.core.errors import DomainError
from jeugdmodel.intake.models import RequestStatus
from tests.cases.helpers import Story, care_user, new_case

pytestmark = pytest.mark.usefixtures("mvs")


def _add(story: Story, actor: User | None = None, **kwargs: object) -> JournalEntry:
    values: dict[str, object] = {
        "on": timezone.localdate(),
        "kind": "home_visit",
        "duration_minutes": 75,
        "with_whom": "moeder en Sam",
        "note": "Keukentafelgesprek.",
    }
    values.update(kwargs)
    return journal_add(actor=actor or story.coordinator, case=story.case, **values)


def test_first_contact_with_the_family_feeds_the_request() -> None:
    story = new_case()
    assert story.request.status == RequestStatus.ASSIGNED
    _add(story)
    story.request.refresh_from_db()
    story.case.refresh_from_db()
    assert story.request.status == RequestStatus.FIRST_CONTACT
    assert story.request.first_contact_on == timezone.localdate()
    assert story.case.status == CaseStatus.ACTIVE
    assert story.request.events.filter(kind="first_contact").count() == 1
    # A second contact changes nothing at the front door.
    _add(story, kind="phone", duration_minutes=10)
    assert story.request.events.filter(kind="first_contact").count() == 1


def test_a_consultation_is_not_a_contact_with_the_family() -> None:
    story = new_case()
    _add(story, kind="consultation", with_whom="Plusteam")
    story.request.refresh_from_db()
    story.case.refresh_from_db()
    assert story.request.first_contact_on is None
    assert story.case.status == CaseStatus.REGISTERED


def test_a_case_team_member_records_the_contact_but_not_the_requests_first_contact() -> None:
    story = new_case()
    member = care_user(story.team)
    case_team_add(
        actor=story.coordinator,
        case=story.case,
        user=member,
        role=CaseTeamRole.MEMBER,
        valid_from=timezone.localdate(),
    )
    _add(story, actor=member)
    story.request.refresh_from_db()
    story.case.refresh_from_db()
    assert story.request.first_contact_on is None  # only the assigned professional may
    assert story.case.status == CaseStatus.ACTIVE


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"on": timezone.localdate() + timedelta(days=1)}, "on", "niet in de toekomst"),
        ({"on": timezone.localdate() - timedelta(days=1)}, "on", "niet voor de casus begon"),
        ({"duration_minutes": 0}, "duration_minutes", "1 tot en met 600 minuten"),
        ({"duration_minutes": 601}, "duration_minutes", "1 tot en met 600 minuten"),
        ({"with_whom": "  "}, "with_whom", "met wie"),
        ({"note": ""}, "note", "wat er is besproken"),
        ({"kind": "brief"}, "kind", "soort contact"),
    ],
)
def test_wrong_contacts_are_refused_and_nothing_is_stored(
    change: dict[str, object], field: str, message: str
) -> None:
    story = new_case()
    with pytest.raises(DomainError) as exc:
        _add(story, **change)
    assert exc.value.field == field
    assert message in str(exc.value)
    assert not JournalEntry.objects.exists()
    story.request.refresh_from_db()
    assert story.request.first_contact_on is None


def test_journal_page_adds_and_lists(login: Callable[[User], Client]) -> None:
    story = new_case()
    client = login(story.coordinator)
    url = f"/casussen/{story.case.public_id}/journaal/"
    bad = client.post(
        url + "toevoegen/",
        {
            "journal-on": timezone.localdate().isoformat(),
            "journal-kind": "phone",
            "journal-duration_minutes": "900",
            "journal-with_whom": "moeder",
            "journal-note": "Gebeld.",
        },
    )
    assert bad.status_code == 400
    assert "De duur is 1 tot en met 600 minuten." in bad.content.decode()
    assert not JournalEntry.objects.exists()
    done = client.post(
        url + "toevoegen/",
        {
            "journal-on": timezone.localdate().isoformat(),
            "journal-kind": "phone",
            "journal-duration_minutes": "90",
            "journal-with_whom": "moeder",
            "journal-note": "Afspraak gemaakt voor een huisbezoek.",
        },
        follow=True,
    )
    body = done.content.decode()
    assert "Het contact is vastgelegd in het journaal." in body
    assert "Afspraak gemaakt voor een huisbezoek." in body
    assert "1 contact, samen 1 uur en 30 minuten." in body
