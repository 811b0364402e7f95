"""The case's life: close with a reason, reopen within 12 months as a repeat, one
coordinator at a time, case-team periods; a closed case cannot be edited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.cases.models import (
    Case,
    CaseStatus,
    CaseTeamMember,
    CaseTeamRole,
    ClosingReason,
    JournalEntry,
    PlanVersion,
)
from jeugdmodel.cases.services import (
    CaseClosed,
    adult_service_link_add,
    case_close,
    case_coordinator_change,
    case_reopen,
    case_team_add,
    case_team_end,
    document_upload,
    external_involvement_add,
    journal_add,
    lifecycle,
    plan_save,
)
from jeugdmodel.core.errors import DomainError, NotAllowed
from jeugdmodel.notifications.models import Notification
from tests.cases.helpers import PDF, care_user, new_case, plan_body
from tests.intake.fixtures_work import professional_in

pytestmark = pytest.mark.usefixtures("mvs")


def _members(case: Case) -> list[tuple[int, str, Any, Any]]:
    return list(
        CaseTeamMember.objects.filter(case=case)
        .order_by("id")
        .values_list("user_id", "role", "valid_from", "valid_to")
    )


def test_close_with_reason_ends_every_open_period() -> None:
    story = new_case()
    specialist = care_user(story.team, Role.FLEX_SPECIALIST)
    today = timezone.localdate()
    case_team_add(
        actor=story.coordinator,
        case=story.case,
        user=specialist,
        role=CaseTeamRole.FLEX_SPECIALIST,
        valid_from=today,
    )
    case_close(actor=story.coordinator, case=story.case, reason=ClosingReason.GOALS_REACHED)
    story.case.refresh_from_db()
    assert story.case.status == CaseStatus.CLOSED
    assert story.case.closed_on == today
    assert story.case.closing_reason == ClosingReason.GOALS_REACHED
    assert all(valid_to == today for *_rest, valid_to in _members(story.case))


def test_close_needs_a_known_reason_and_changes_nothing_without_one() -> None:
    story = new_case()
    before = _members(story.case)
    with pytest.raises(DomainError) as exc:
        case_close(actor=story.coordinator, case=story.case, reason="zomaar")
    assert exc.value.field == "reason"
    assert "Kies een reden" in str(exc.value)
    story.case.refresh_from_db()
    assert story.case.status == CaseStatus.REGISTERED
    assert _members(story.case) == before


def test_a_case_team_member_may_not_close() -> None:
    story = new_case()
    member = care_user(story.team)
    case_team_add(
        actor=story.coordinator,
        case=story.case,
        user=member,
        role=CaseTeamRole.MEMBER,
        valid_from=timezone.localdate(),
    )
    with pytest.raises(NotAllowed):
        case_close(actor=member, case=story.case, reason=ClosingReason.OTHER)
    story.case.refresh_from_db()
    assert story.case.is_open


def test_the_team_lead_may_close() -> None:
    story = new_case()
    case_close(actor=story.lead, case=story.case, reason=ClosingReason.MOVED)
    story.case.refresh_from_db()
    assert story.case.status == CaseStatus.CLOSED


def test_reopen_within_twelve_months_is_a_repeat() -> None:
    story = new_case()
    earlier = timezone.localdate() - timedelta(days=300)
    Case.objects.filter(pk=story.case.pk).update(opened_on=earlier - timedelta(days=30))
    story.case.refresh_from_db()
    case_close(
        actor=story.coordinator, case=story.case, reason=ClosingReason.GOALS_REACHED, on=earlier
    )
    case_reopen(actor=story.coordinator, case=story.case)
    story.case.refresh_from_db()
    assert story.case.is_open
    assert story.case.is_repeat
    assert story.case.closed_on is None
    assert story.case.closing_reason == ""
    # Never contacted: back to "aangemeld"; the coordinator has a current period again.
    assert story.case.status == CaseStatus.REGISTERED
    current = CaseTeamMember.objects.filter(
        case=story.case, role=CaseTeamRole.COORDINATOR, valid_to__isnull=True
    )
    assert list(current.values_list("user_id", flat=True)) == [story.coordinator.pk]


def test_reopen_after_contact_is_back_in_treatment() -> None:
    story = new_case()
    journal_add(
        actor=story.coordinator,
        case=story.case,
        on=timezone.localdate(),
        kind="home_visit",
        duration_minutes=60,
        with_whom="moeder",
        note="Kennismaking.",
    )
    case_close(actor=story.coordinator, case=story.case, reason=ClosingReason.GOALS_REACHED)
    case_reopen(actor=story.coordinator, case=story.case)
    story.case.refresh_from_db()
    assert story.case.status == CaseStatus.ACTIVE


def test_reopen_after_twelve_months_is_refused_and_changes_nothing() -> None:
    story = new_case()
    long_ago = timezone.localdate() - timedelta(days=366)
    Case.objects.filter(pk=story.case.pk).update(
        opened_on=long_ago - timedelta(days=10),
        status=CaseStatus.CLOSED,
        closed_on=long_ago,
        closing_reason=ClosingReason.GOALS_REACHED,
    )
    story.case.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        case_reopen(actor=story.coordinator, case=story.case)
    assert "meer dan 12 maanden geleden" in str(exc.value)
    assert "nieuwe aanmelding" in str(exc.value)
    story.case.refresh_from_db()
    assert story.case.status == CaseStatus.CLOSED
    assert not story.case.is_repeat


def test_coordinator_change_ends_one_period_and_starts_the_next() -> None:
    story = new_case()
    new = professional_in(story.team)
    case_coordinator_change(actor=story.lead, case=story.case, new_coordinator=new, reason="verlof")
    story.case.refresh_from_db()
    today = timezone.localdate()
    assert story.case.coordinator == new
    coordinators = CaseTeamMember.objects.filter(
        case=story.case, role=CaseTeamRole.COORDINATOR
    ).order_by("id")
    assert [(m.user_id, m.valid_to) for m in coordinators] == [
        (story.coordinator.pk, today),
        (new.pk, None),
    ]
    assert Notification.objects.filter(user=new).exists()


def test_coordinator_must_be_of_the_case_team() -> None:
    story = new_case()
    outsider = professional_in(story.team.__class__.objects.get(code="wot-zuid"))
    with pytest.raises(DomainError) as exc:
        case_coordinator_change(
            actor=story.lead, case=story.case, new_coordinator=outsider, reason="x"
        )
    assert exc.value.field == "new_coordinator"
    story.case.refresh_from_db()
    assert story.case.coordinator == story.coordinator


def test_the_database_refuses_a_second_current_coordinator() -> None:
    story = new_case()
    other = professional_in(story.team)
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseTeamMember.objects.create(
            case=story.case,
            user=other,
            role=CaseTeamRole.COORDINATOR,
            valid_from=timezone.localdate(),
        )


def test_the_service_turns_the_constraint_into_a_clear_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As if someone else made a change between our check and our write: the old period is
    still open when ours is inserted. Nothing changes."""
    story = new_case()
    other = professional_in(story.team)
    monkeypatch.setattr(lifecycle, "_end_coordinator_periods", lambda case, day: 0)
    before = _members(story.case)
    with pytest.raises(DomainError) as exc:
        case_coordinator_change(
            actor=story.lead, case=story.case, new_coordinator=other, reason="wissel"
        )
    assert str(exc.value).startswith("Deze casus heeft al een regiehouder")
    story.case.refresh_from_db()
    assert story.case.coordinator == story.coordinator
    assert _members(story.case) == before


def test_team_period_end_and_no_double_periods() -> None:
    story = new_case()
    member = care_user(story.team)
    today = timezone.localdate()
    added = case_team_add(
        actor=story.coordinator,
        case=story.case,
        user=member,
        role=CaseTeamRole.MEMBER,
        valid_from=today,
    )
    with pytest.raises(DomainError) as exc:
        case_team_add(
            actor=story.coordinator,
            case=story.case,
            user=member,
            role=CaseTeamRole.MEMBER,
            valid_from=today,
        )
    assert "staat in deze periode al in het casusteam" in str(exc.value)
    case_team_end(actor=story.coordinator, case=story.case, member=added)
    added.refresh_from_db()
    assert added.valid_to == today


def test_the_coordinator_period_is_not_ended_directly() -> None:
    story = new_case()
    period = CaseTeamMember.objects.get(case=story.case, role=CaseTeamRole.COORDINATOR)
    with pytest.raises(DomainError) as exc:
        case_team_end(actor=story.lead, case=story.case, member=period)
    assert "andere regiehouder" in str(exc.value)
    period.refresh_from_db()
    assert period.valid_to is None


def _edits(story: Any, other: User) -> dict[str, Callable[[], object]]:
    today = timezone.localdate()
    child = story.case.family.members.filter(relation="child").first().person
    adult = story.case.family.members.filter(relation="parent").first().person
    return {
        "plan": lambda: plan_save(
            actor=story.coordinator, case=story.case, base_version=0, content=plan_body()
        ),
        "journal": lambda: journal_add(
            actor=story.coordinator,
            case=story.case,
            on=today,
            kind="phone",
            duration_minutes=10,
            with_whom="moeder",
            note="Gebeld.",
        ),
        "document": lambda: document_upload(
            actor=story.coordinator,
            case=story.case,
            upload=SimpleUploadedFile("verslag.pdf", PDF),
        ),
        "team": lambda: case_team_add(
            actor=story.coordinator,
            case=story.case,
            user=other,
            role=CaseTeamRole.MEMBER,
            valid_from=today,
        ),
        "coordinator": lambda: case_coordinator_change(
            actor=story.coordinator, case=story.case, new_coordinator=other, reason="wissel"
        ),
        "adult_link": lambda: adult_service_link_add(
            actor=story.coordinator, case=story.case, person=adult, service="wmo", since=today
        ),
        "involvement": lambda: external_involvement_add(
            actor=story.coordinator,
            case=story.case,
            person=child,
            kind="veilig_thuis",
            organisation="Veilig Thuis Rotterdam-Rijnmond",
            since=today,
        ),
    }


@pytest.mark.parametrize(
    "edit", ["plan", "journal", "document", "team", "coordinator", "adult_link", "involvement"]
)
def test_a_closed_case_cannot_be_edited(edit: str) -> None:
    story = new_case()
    other = professional_in(story.team)
    case_close(actor=story.coordinator, case=story.case, reason=ClosingReason.FAMILY_STOPPED)
    counts = (
        PlanVersion.objects.count(),
        JournalEntry.objects.count(),
        CaseTeamMember.objects.count(),
        story.case.documents.count(),
    )
    with pytest.raises(CaseClosed) as exc:
        _edits(story, other)[edit]()
    assert "Deze casus is afgesloten" in str(exc.value)
    story.case.refresh_from_db()
    assert story.case.coordinator == story.coordinator
    assert counts == (
        PlanVersion.objects.count(),
        JournalEntry.objects.count(),
        CaseTeamMember.objects.count(),
        story.case.documents.count(),
    )


# -- through the pages ------------------------------------------------------------------------


def test_close_and_reopen_through_the_page(login: Callable[[User], Client]) -> None:
    story = new_case()
    client = login(story.coordinator)
    url = f"/casussen/{story.case.public_id}/"
    refused = client.post(url + "afsluiten/", {"close-reason": "", "close-on": ""})
    assert refused.status_code == 400
    assert "Kies een reden van afsluiten." in refused.content.decode()
    story.case.refresh_from_db()
    assert story.case.is_open
    done = client.post(
        url + "afsluiten/",
        {"close-reason": "doelen_bereikt", "close-on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "De casus is afgesloten." in done.content.decode()
    assert "Casus heropenen" in done.content.decode()
    again = client.post(url + "heropenen/", follow=True)
    assert "De casus is heropend." in again.content.decode()
    story.case.refresh_from_db()
    assert story.case.is_open
    assert story.case.is_repeat


def test_coordinator_change_through_the_page(login: Callable[[User], Client]) -> None:
    story = new_case()
    new = professional_in(story.team, first_name="Noor", last_name="Bakker")
    client = login(story.lead)
    url = f"/casussen/{story.case.public_id}/regiehouder/"
    missing = client.post(url, {"coordinator-new_coordinator": str(new.public_id)})
    assert missing.status_code == 400
    assert "Geef een reden voor de wissel van regiehouder." in missing.content.decode()
    done = client.post(
        url,
        {"coordinator-new_coordinator": str(new.public_id), "coordinator-reason": "verlof"},
        follow=True,
    )
    assert "Noor Bakker is nu de regiehouder" in done.content.decode()
