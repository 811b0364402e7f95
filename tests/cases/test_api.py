"""The cases API: list, one case, the plan (current or a version) and the journal."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.cases.models import ClosingReason, JournalEntry
from jeugdmodel.cases.services import case_close, plan_save
from jeugdmodel.intake.models import RequestStatus
from tests.cases.helpers import new_case, plan_body

pytestmark = pytest.mark.usefixtures("mvs")


def test_case_list_and_detail(login: Callable[[User], Client]) -> None:
    story = new_case(ages=(9, 13))
    client = login(story.coordinator)
    listed = client.get("/api/v1/cases/").json()
    assert listed["count"] == 1
    row = listed["results"][0]
    assert row["id"] == str(story.case.public_id)
    assert row["status"] == "aangemeld"
    assert [c["age"] for c in row["children"]] == [13, 9]
    detail = client.get(f"/api/v1/cases/{story.case.public_id}/").json()
    assert detail["coordinator"]["id"] == str(story.coordinator.public_id)
    assert [m["relation"] for m in detail["members"]] == ["child", "child", "parent"]
    assert detail["case_team"][0]["role"] == "coordinator"
    assert detail["requests"][0]["reference"] == story.request.reference
    assert detail["plan_version"] is None
    assert "bsn" not in detail["members"][0]
    assert client.get("/api/v1/cases/", {"status": "afgesloten"}).json()["count"] == 0


def test_plan_current_and_by_version(login: Callable[[User], Client]) -> None:
    story = new_case()
    for base, text in ((0, "eerste"), (1, "tweede")):
        plan_save(
            actor=story.coordinator,
            case=story.case,
            base_version=base,
            content=plan_body(
                goals=[{"subject": "family", "text": text, "scores": []}],
                agreements=[{"who": "moeder", "what": "bellen", "due": "2020-01-01"}],
            ),
        )
    client = login(story.coordinator)
    url = f"/api/v1/cases/{story.case.public_id}/plan/"
    current = client.get(url).json()
    assert (current["version"], current["latest_version"]) == (2, 2)
    assert current["content"]["goals"][0]["text"] == "tweede"
    assert current["content"]["agreements"][0]["overdue"] is True
    first = client.get(url, {"version": 1}).json()
    assert first["content"]["goals"][0]["text"] == "eerste"
    missing = client.get(url, {"version": 9})
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
    assert client.get(url, {"version": "abc"}).status_code == 404


def test_journal_read_and_write(login: Callable[[User], Client]) -> None:
    story = new_case()
    client = login(story.coordinator)
    url = f"/api/v1/cases/{story.case.public_id}/journal/"
    body = {
        "on": timezone.localdate().isoformat(),
        "kind": "face_to_face",
        "duration_minutes": 45,
        "with_whom": "moeder",
        "note": "Kennismaking op kantoor.",
    }
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["author"]["id"] == str(story.coordinator.public_id)
    story.request.refresh_from_db()
    assert story.request.status == RequestStatus.FIRST_CONTACT
    listed = client.get(url).json()
    assert listed["count"] == 1
    assert listed["results"][0]["note"] == "Kennismaking op kantoor."

    wrong = client.post(url, {**body, "duration_minutes": 0}, content_type="application/json")
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0]["field"] == "duration_minutes"
    future = client.post(url, {**body, "on": "2999-01-01"}, content_type="application/json")
    assert future.status_code == 400
    assert future.json()["errors"][0] == {
        "field": "on",
        "message": "De datum van het contact ligt niet in de toekomst.",
    }
    assert JournalEntry.objects.count() == 1


def test_journal_write_on_a_closed_case_is_refused(login: Callable[[User], Client]) -> None:
    story = new_case()
    case_close(actor=story.coordinator, case=story.case, reason=ClosingReason.MOVED)
    client = login(story.coordinator)
    response = client.post(
        f"/api/v1/cases/{story.case.public_id}/journal/",
        {
            "on": timezone.localdate().isoformat(),
            "kind": "phone",
            "duration_minutes": 5,
            "with_whom": "moeder",
            "note": "x",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Deze casus is afgesloten" in response.json()["detail"]
    assert not JournalEntry.objects.exists()


def test_the_lead_reads_but_may_not_write_the_journal(login: Callable[[User], Client]) -> None:
    story = new_case()
    client = login(story.lead)
    url = f"/api/v1/cases/{story.case.public_id}/journal/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "on": timezone.localdate().isoformat(),
            "kind": "phone",
            "duration_minutes": 5,
            "with_whom": "moeder",
            "note": "x",
        },
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not JournalEntry.objects.exists()


def test_anonymous_gets_401(client: Client) -> None:
    assert client.get("/api/v1/cases/").status_code == 401
