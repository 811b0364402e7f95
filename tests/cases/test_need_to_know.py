"""Need-to-know on every case page and the API: only the coordinator, the case team
within its period and the lead of the case's team; anyone else gets the same 404 as for a
case that does not exist. Every read of a case is written to the access log."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.audit.models import AccessAction, AccessLogEntry
from jeugdmodel.cases.models import CaseTeamMember, CaseTeamRole
from jeugdmodel.cases.selectors import cases_visible_to
from jeugdmodel.cases.services import plan_save
from tests.cases.helpers import PDF, Story, care_user, new_case, plan_body, upload_committed
from tests.factories import UserFactory
from tests.intake.fixtures_work import lead_of, professional_in, team

pytestmark = pytest.mark.usefixtures("mvs")

GET_PAGES = ["", "plan/", "plan/versies/", "plan/versies/1/", "journaal/", "documenten/"]
POST_ACTIONS = [
    "afsluiten/",
    "heropenen/",
    "regiehouder/",
    "casusteam/",
    "volwassenenzorg/",
    "betrokkenheid/",
    "plan/opslaan/",
    "journaal/toevoegen/",
    "documenten/toevoegen/",
]


def _story_with_everything() -> tuple[Story, str, str]:
    story = new_case()
    plan_save(actor=story.coordinator, case=story.case, base_version=0, content=plan_body())
    doc = upload_committed(
        actor=story.coordinator, case=story.case, upload=SimpleUploadedFile("a.pdf", PDF)
    )
    member = CaseTeamMember.objects.get(case=story.case)
    return story, str(doc.public_id), str(member.public_id)


def _every_url(case_id: object, doc_id: str, member_id: str) -> list[tuple[str, str]]:
    base = f"/casussen/{case_id}/"
    urls = [("get", base + p) for p in GET_PAGES]
    urls.append(("get", f"{base}documenten/{doc_id}/"))
    urls += [("post", base + p) for p in POST_ACTIONS]
    urls.append(("post", f"{base}casusteam/{member_id}/beeindigen/"))
    return urls


def _statuses(client: Client, urls: list[tuple[str, str]]) -> list[int]:
    return [getattr(client, method)(url).status_code for method, url in urls]


def test_another_teams_professional_and_lead_get_not_found_everywhere(
    client: Client, login: Callable[[User], Client]
) -> None:
    story, doc_id, member_id = _story_with_everything()
    logged = AccessLogEntry.objects.filter(record_id=str(story.case.public_id)).count()
    zuid = team("wot-zuid")
    for outsider in (professional_in(zuid), lead_of(zuid), UserFactory(role=Role.MUNICIPALITY)):
        client.logout()
        login(outsider)
        urls = _every_url(story.case.public_id, doc_id, member_id)
        assert set(_statuses(client, urls)) == {404}, outsider.role
        # Exactly the answer for a case that does not exist.
        unknown = _every_url(uuid.uuid4(), doc_id, member_id)
        assert set(_statuses(client, unknown)) == {404}
    # Nothing was read, so nothing was logged about this case.
    assert AccessLogEntry.objects.filter(record_id=str(story.case.public_id)).count() == logged


def test_the_coordinator_and_the_lead_of_the_team_see_every_page(
    client: Client, login: Callable[[User], Client]
) -> None:
    story, doc_id, member_id = _story_with_everything()
    for user in (story.coordinator, story.lead):
        client.logout()
        login(user)
        gets = [u for u in _every_url(story.case.public_id, doc_id, member_id) if u[0] == "get"]
        assert set(_statuses(client, gets)) == {200}


@pytest.mark.parametrize(
    ("start", "end", "sees"),
    [
        (-10, 10, True),  # during the period
        (-10, 0, True),  # last day
        (1, 30, False),  # not started yet
        (-30, -1, False),  # ended yesterday
    ],
)
def test_a_specialist_sees_the_case_only_during_the_period(
    start: int, end: int, sees: bool, login: Callable[[User], Client]
) -> None:
    story, doc_id, member_id = _story_with_everything()
    specialist = care_user(team("wot-zuid"), Role.FLEX_SPECIALIST)
    today = timezone.localdate()
    CaseTeamMember.objects.create(
        case=story.case,
        user=specialist,
        role=CaseTeamRole.FLEX_SPECIALIST,
        valid_from=today + timedelta(days=start),
        valid_to=today + timedelta(days=end),
    )
    client = login(specialist)
    gets = [u for u in _every_url(story.case.public_id, doc_id, member_id) if u[0] == "get"]
    assert set(_statuses(client, gets)) == ({200} if sees else {404})
    api = client.get(f"/api/v1/cases/{story.case.public_id}/")
    assert api.status_code == (200 if sees else 404)
    listed = client.get("/casussen/").content.decode()
    assert (str(story.case.public_id) in listed) is sees


def test_every_read_of_a_case_is_logged(login: Callable[[User], Client]) -> None:
    story, _doc, _member = _story_with_everything()
    client = login(story.coordinator)
    case_id = str(story.case.public_id)
    subjects = set(story.case.family.members.values_list("person_id", flat=True))
    paths = [f"/casussen/{case_id}/{p}" for p in GET_PAGES] + [
        f"/api/v1/cases/{case_id}/",
        f"/api/v1/cases/{case_id}/plan/",
        f"/api/v1/cases/{case_id}/journal/",
    ]
    for path in paths:
        before = AccessLogEntry.objects.count()
        assert client.get(path).status_code == 200, path
        rows = AccessLogEntry.objects.order_by("-id")[: AccessLogEntry.objects.count() - before]
        reads = [r for r in rows if r.action == AccessAction.READ and r.record_id == case_id]
        assert reads, f"geen leesregel voor {path}"
        assert {s.subject_id for s in reads[0].subjects.all()} == subjects
        assert reads[0].user_id == story.coordinator.pk
    # Lists log the children they show.
    children = set(
        story.case.family.members.filter(relation="child").values_list("person_id", flat=True)
    )
    for path, event in (("/casussen/", "case.list"), ("/api/v1/cases/", "case.api_list")):
        assert client.get(path).status_code == 200
        entry = AccessLogEntry.objects.order_by("-id").first()
        assert entry is not None
        assert (entry.event, entry.action) == (event, AccessAction.READ)
        assert {s.subject_id for s in entry.subjects.all()} == children


def test_the_api_knows_exactly_what_the_pages_know(
    client: Client, login: Callable[[User], Client]
) -> None:
    oost = team("wot-oost")
    lead = lead_of(oost)
    first = new_case(lead=lead)
    second = new_case(lead=lead)
    third = new_case(team_code="wot-zuid")
    member = care_user(oost)
    CaseTeamMember.objects.create(
        case=second.case,
        user=member,
        role=CaseTeamRole.MEMBER,
        valid_from=timezone.localdate(),
    )
    users = [
        first.coordinator,
        second.coordinator,
        third.coordinator,
        lead,
        third.lead,
        member,
        UserFactory(role=Role.PRIVACY_OFFICER),
        UserFactory(role=Role.FLEX_SPECIALIST),
    ]
    cases = [first.case, second.case, third.case]
    for user in users:
        client.logout()
        login(user)
        visible = {str(c.public_id) for c in cases_visible_to(user=user)}
        api_list = client.get("/api/v1/cases/", {"limit": 50})
        page_list = client.get("/casussen/", {"status": "all"})
        if user.gives_care:
            ids = {row["id"] for row in api_list.json()["results"]}
            assert ids == visible, user.role
            body = page_list.content.decode()
            assert {str(c.public_id) for c in cases if str(c.public_id) in body} == visible
        else:
            assert api_list.status_code == page_list.status_code == 404
        for case in cases:
            page = client.get(f"/casussen/{case.public_id}/").status_code
            api = client.get(f"/api/v1/cases/{case.public_id}/").status_code
            plan = client.get(f"/api/v1/cases/{case.public_id}/plan/").status_code
            journal = client.get(f"/api/v1/cases/{case.public_id}/journal/").status_code
            expected = 200 if str(case.public_id) in visible else 404
            assert (page, api, journal) == (expected, expected, expected), user.role
            assert plan == 404  # no plan yet: the same answer for everyone
