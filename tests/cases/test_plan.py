"""The plan: every save a new version, optimistic locking, scores 1–10, the family's
agreement by the right people, old versions readable and compared, overdue agreements."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.cases.models import PlanVersion
from jeugdmodel.cases.plan_content import FAMILY, plan_content_load
from jeugdmodel.cases.services import PlanConflict, plan_save
from jeugdmodel.core.errors import DomainError
from tests.cases.helpers import Story, new_case, plan_body

pytestmark = pytest.mark.usefixtures("mvs")

TODAY = timezone.localdate


def _goal(text: str = "Sam slaapt weer door", score: Any = 4, **extra: Any) -> dict[str, Any]:
    goal = {
        "subject": FAMILY,
        "text": text,
        "scores": [{"date": TODAY().isoformat(), "score": score, "kind": "start"}],
    }
    goal.update(extra)
    return goal


def _save(story: Story, base: int, **kwargs: Any) -> PlanVersion:
    content = kwargs.pop("content", None) or plan_body(goals=[_goal()])
    return plan_save(
        actor=story.coordinator, case=story.case, base_version=base, content=content, **kwargs
    )


def test_every_save_is_a_new_version_with_stable_goal_ids() -> None:
    story = new_case()
    first = _save(story, 0)
    goal_id = first.content["goals"][0]["id"]
    changed = plan_body(goals=[_goal(text="Sam slaapt vijf nachten door", id=goal_id)])
    second = _save(story, 1, content=changed)
    assert (first.number, second.number) == (1, 2)
    assert second.content["goals"][0]["id"] == goal_id
    first.refresh_from_db()
    assert first.content["goals"][0]["text"] == "Sam slaapt weer door"  # unchanged


def test_two_saves_from_the_same_base_the_second_is_refused_and_stores_nothing() -> None:
    story = new_case()
    _save(story, 0)
    _save(story, 1, content=plan_body(goals=[_goal(text="Eerste wijziging")]))
    with pytest.raises(PlanConflict) as exc:
        _save(story, 1, content=plan_body(goals=[_goal(text="Tweede wijziging")]))
    assert str(exc.value) == (
        "Iemand anders heeft het plan intussen gewijzigd (versie 2). Bekijk de nieuwe versie "
        "en voer uw wijziging opnieuw in."
    )
    assert list(story.case.plan_versions.values_list("number", flat=True)) == [1, 2]
    latest = story.case.plan_versions.get(number=2)
    assert latest.content["goals"][0]["text"] == "Eerste wijziging"


@pytest.mark.parametrize("score", [0, 11, "zeven", None, 4.5])
def test_a_score_outside_one_to_ten_is_refused(score: Any) -> None:
    story = new_case()
    with pytest.raises(DomainError) as exc:
        _save(story, 0, content=plan_body(goals=[_goal(score=score)]))
    assert ("goals[0].scores[0].score", "Een score is een getal van 1 tot en met 10.") in (
        exc.value.field_errors
    )
    assert not PlanVersion.objects.exists()


def test_a_goal_is_for_the_family_or_one_of_its_children() -> None:
    story = new_case()
    other = new_case()
    stranger = other.case.family.members.filter(relation="child").first().person
    with pytest.raises(DomainError) as exc:
        _save(story, 0, content=plan_body(goals=[_goal(subject=str(stranger.public_id))]))
    assert exc.value.field == "goals[0].subject"
    own = story.case.family.members.filter(relation="child").first().person
    version = _save(story, 0, content=plan_body(goals=[_goal(subject=str(own.public_id))]))
    assert version.content["goals"][0]["subject"] == str(own.public_id)


@pytest.mark.parametrize(
    ("ages", "parent", "youth", "ok", "message"),
    [
        ((9,), True, False, True, ""),
        ((9,), False, True, False, "jonger dan 12 stemt de ouder"),
        ((13,), True, True, True, ""),
        ((13,), True, False, False, "ouder én jongere allebei"),
        ((13, 8), False, True, False, "ouder én jongere allebei"),
        ((17, 9), False, True, True, ""),
        ((17,), True, False, False, "Vanaf 16 jaar stemt de jongere zelf in"),
    ],
)
def test_agreement_by_the_right_people(
    ages: tuple[int, ...], parent: bool, youth: bool, ok: bool, message: str
) -> None:
    story = new_case(ages=ages)
    kwargs = {
        "agreed_on": TODAY(),
        "agreed_by": "moeder en jongere",
        "consent_parent": parent,
        "consent_youth": youth,
    }
    if ok:
        version = _save(story, 0, **kwargs)
        assert version.agreed_on == TODAY()
        return
    with pytest.raises(DomainError) as exc:
        _save(story, 0, **kwargs)
    assert exc.value.field == "consent"
    assert message in str(exc.value)
    assert not PlanVersion.objects.exists()


def test_agreement_needs_a_date_and_who() -> None:
    story = new_case()
    with pytest.raises(DomainError) as exc:
        _save(story, 0, agreed_by="moeder", consent_parent=True)
    assert exc.value.field == "agreed_on"
    with pytest.raises(DomainError) as exc:
        _save(story, 0, agreed_on=TODAY(), consent_parent=True)
    assert exc.value.field == "agreed_by"
    assert not PlanVersion.objects.exists()


def test_overdue_agreements_are_shown_on_the_plan(login: Callable[[User], Client]) -> None:
    story = new_case()
    yesterday = TODAY() - timedelta(days=1)
    _save(
        story,
        0,
        content=plan_body(
            agreements=[
                {"who": "Moeder", "what": "Belt de school", "due": yesterday.isoformat()},
                {
                    "who": "Vader",
                    "what": "Meldt Sam aan bij voetbal",
                    "due": yesterday,
                    "done": True,
                },
                {"who": "Sam", "what": "Houdt een slaapdagboek bij", "due": TODAY()},
            ]
        ),
    )
    content = plan_content_load(story.case.plan_versions.get().content)
    assert [a.what for a in content.overdue_agreements(TODAY())] == ["Belt de school"]
    body = login(story.coordinator).get(f"/casussen/{story.case.public_id}/plan/").content.decode()
    assert "1 afspraak is over de datum en nog niet gedaan." in body
    assert body.count("te laat") == 1


def test_versions_stay_readable_and_the_difference_is_marked_in_text(
    login: Callable[[User], Client],
) -> None:
    story = new_case()
    first = _save(story, 0, content=plan_body(goals=[_goal(text="Sam slaapt weer door")]))
    goal_id = first.content["goals"][0]["id"]
    _save(
        story,
        1,
        content=plan_body(
            goals=[_goal(text="Sam slaapt vijf nachten per week door", id=goal_id)],
            network=[{"name": "Oma Jansen", "relation": "family", "contact": "woont om de hoek"}],
        ),
    )
    client = login(story.coordinator)
    base = f"/casussen/{story.case.public_id}/plan/versies/"
    old = client.get(base + "1/").content.decode()
    assert "Sam slaapt weer door" in old
    diff = client.get(base, {"van": 1, "naar": 2}).content.decode()
    assert "− verwijderd:" in diff
    assert "<del>Doel voor het hele gezin: Sam slaapt weer door</del>" in diff
    assert "+ toegevoegd:" in diff
    assert "<ins>Netwerk: Oma Jansen (familie) – woont om de hoek</ins>" in diff
    assert "2 regels veranderd" not in diff  # three: goal removed, goal added, network added
    assert "3 regels veranderd" in diff
    # Unknown version numbers fall back to the latest two; an unknown single version is 404.
    assert client.get(base, {"van": "x", "naar": 99}).status_code == 200
    assert client.get(base + "7/").status_code == 404


# -- through the page ---------------------------------------------------------------------------


def _form(base: int, **rows: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"plan-base_version": str(base)}
    for prefix in ("goals", "agreements", "network"):
        items = rows.get(prefix, [])
        data[f"{prefix}-TOTAL_FORMS"] = str(len(items))
        data[f"{prefix}-INITIAL_FORMS"] = str(rows.get(f"{prefix}_initial", 0))
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        for i, item in enumerate(items):
            for key, value in item.items():
                data[f"{prefix}-{i}-{key}"] = value
    data.update(rows.get("plan", {}))
    return data


def _new_goal(text: str, score: str = "") -> dict[str, str]:
    return {
        "subject": FAMILY,
        "text": text,
        "new_score": score,
        "new_score_kind": "start",
        "new_score_date": TODAY().isoformat(),
    }


def test_the_plan_page_saves_a_version_and_refuses_a_stale_one(
    login: Callable[[User], Client],
) -> None:
    story = new_case()
    client = login(story.coordinator)
    url = f"/casussen/{story.case.public_id}/plan/"
    page = client.get(url).content.decode()
    assert 'name="plan-base_version" value="0"' in page
    response = client.post(
        url + "opslaan/",
        _form(
            0,
            goals=[_new_goal("Sam gaat weer graag naar school", "4")],
            agreements=[{"who": "Moeder", "what": "Belt de leerkracht", "due": ""}],
            plan={"plan-next_evaluation": (TODAY() + timedelta(days=42)).isoformat()},
        ),
        follow=True,
    )
    body = response.content.decode()
    assert "Het plan is opgeslagen als versie 1." in body
    assert "Sam gaat weer graag naar school" in body
    version = story.case.plan_versions.get()
    assert version.content["goals"][0]["scores"][0]["score"] == 4
    assert version.content["agreements"][0]["who"] == "Moeder"

    # Someone else saves version 2 from version 1 …
    _save(story, 1, content=plan_body(goals=[_goal(text="Andere tekst")]))
    # … and this page, still on version 1, is refused.
    stale = client.post(url + "opslaan/", _form(1, goals=[_new_goal("Mijn wijziging")]))
    assert stale.status_code == 400
    assert "Iemand anders heeft het plan intussen gewijzigd (versie 2)" in stale.content.decode()
    assert story.case.plan_versions.count() == 2


def test_the_plan_page_shows_a_wrong_score_at_the_field(login: Callable[[User], Client]) -> None:
    story = new_case()
    client = login(story.coordinator)
    response = client.post(
        f"/casussen/{story.case.public_id}/plan/opslaan/",
        _form(0, goals=[_new_goal("Rust in huis", "11")]),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Een score is een getal van 1 tot en met 10." in body
    assert 'id="id_goals-0-new_score_error"' in body
    assert not PlanVersion.objects.exists()


def test_the_plan_page_puts_a_service_error_on_its_row(login: Callable[[User], Client]) -> None:
    story = new_case()
    client = login(story.coordinator)
    response = client.post(
        f"/casussen/{story.case.public_id}/plan/opslaan/",
        _form(0, goals=[_new_goal("", "5")]),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Beschrijf het doel in een zin." in body
    assert 'id="id_goals-0-text_error"' in body
    assert "Het plan is niet opgeslagen" in body
    assert not PlanVersion.objects.exists()


def test_the_plan_page_refuses_agreement_without_the_youth(
    login: Callable[[User], Client],
) -> None:
    story = new_case(ages=(14,))
    client = login(story.coordinator)
    response = client.post(
        f"/casussen/{story.case.public_id}/plan/opslaan/",
        _form(
            0,
            plan={
                "plan-agreed_on": TODAY().isoformat(),
                "plan-agreed_by": "Eva (moeder)",
                "plan-consent": ["parent"],
            },
        ),
    )
    assert response.status_code == 400
    assert "ouder én jongere allebei" in response.content.decode()
    assert not PlanVersion.objects.exists()
