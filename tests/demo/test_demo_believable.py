"""Demo data a professional believes: texts that fit the child's age and family, and
consultation expertise that matches the question. Checked over the generated demo (the MVS
region, seed SEED), so any new text or generator path is held to the same invariants."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction
from django.db.models import F
from django.test import Client
from django.utils import timezone

from jeugdmodel.accounts.models import TeamMembership, TeamRole, User
from jeugdmodel.care.models import Consultation
from jeugdmodel.cases.models import Case, PlanVersion
from jeugdmodel.cases.plan_content import FAMILY
from jeugdmodel.demo.case_demo import QUESTIONS as CONSULTATION_QUESTIONS
from jeugdmodel.demo.generator import DEMO_ACCOUNTS, demo_data_generate
from jeugdmodel.families.models import Person
from jeugdmodel.intake.models import AccessPoint, Request, RequestEvent, RequestStatus, Urgency
from jeugdmodel.intake.selectors import (
    assignment_suggestions,
    crisis_terms_for,
    escalation_level_due,
    urgent_open_requests,
)
from jeugdmodel.notifications.models import Notification
from jeugdmodel.region.regionfile import parse_region_file, shipped_region_file
from jeugdmodel.region.services import region_load
from jeugdmodel.steering.periods import age_on

SEED = 5

#: Words that do not fit a child younger than the age given (a two-year-old does not cycle
#: to the sports club, keep a diary or have a school mentor).
MIN_AGE = {
    r"\bfiets": 6,
    r"\bdagboek": 8,
    r"\bmentor\b": 11,
    r"\bsportclub\b": 5,
    r"\btiener\b": 12,
    r"\bdrugs\b|middelengebruik": 11,
    r"\bschool\b": 4,
}


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        region_load(data=parse_region_file(shipped_region_file("mvs")))
        demo_data_generate(seed=SEED, scale="mvs")
        yield
        transaction.set_rollback(True)


pytestmark = pytest.mark.usefixtures("demo", "db")


def _too_young(text: str, age: int) -> list[str]:
    return [word for word, low in MIN_AGE.items() if age < low and re.search(word, text, re.I)]


def test_plan_texts_fit_the_age_of_the_child_they_are_about() -> None:
    people = {str(p.public_id): p for p in Person.objects.all()}
    checked = 0
    for version in PlanVersion.objects.select_related("case__family"):
        content: dict[str, Any] = version.content
        children = [
            m.person
            for m in version.case.family.members.select_related("person")
            if m.relation == "child"
        ]
        youngest = min(
            (c.age_on(version.created_at.date()) for c in children if c.date_of_birth),
            default=None,
        )
        for goal in content.get("goals", []):
            if goal["subject"] == FAMILY:
                continue
            child = people[goal["subject"]]
            age = child.age_on(version.created_at.date())
            assert not _too_young(goal["text"], age), (goal["text"], age)
            checked += 1
        names = {c.given_name: c for c in children}
        for agreement in content.get("agreements", []):
            text = f"{agreement['who']} {agreement['what']}"
            about = [c for n, c in names.items() if re.search(rf"\b{re.escape(n)}\b", text)]
            for child in about:
                age = child.age_on(version.created_at.date())
                assert not _too_young(agreement["what"], age), (text, age)
        if youngest is not None and len(children) == 1:
            for entry in content.get("network", []):
                assert not _too_young(entry["contact"], youngest), (entry, youngest)
        for entry in content.get("network", []):
            assert "van de moeder" not in entry["contact"], entry
    assert checked > 20, "the demo has too few plans to check"


def test_intake_questions_fit_the_child() -> None:
    checked = 0
    for request in Request.objects.prefetch_related("people"):
        ages = [
            age_on(rp.date_of_birth, request.received_on)
            for rp in request.people.all()
            if rp.role == "child" and rp.date_of_birth
        ]
        if not ages:
            continue
        assert not _too_young(request.question, max(ages)), (request.question, ages)
        if re.search(r"\bpeuter\b", request.question):
            assert any(1 <= a <= 4 for a in ages), (request.question, ages)
        checked += 1
    assert checked > 20


def test_consultation_expertise_matches_the_question() -> None:
    expected = dict(CONSULTATION_QUESTIONS)
    consultations = list(Consultation.objects.all())
    assert consultations
    for consultation in consultations:
        assert consultation.question in expected, consultation.question
        assert set(consultation.wanted_expertise) <= set(expected[consultation.question]), (
            consultation.question,
            consultation.wanted_expertise,
        )
    assert any(c.wanted_expertise for c in consultations)


def test_subjects_are_children_of_the_family() -> None:
    for version in PlanVersion.objects.select_related("case__family")[:200]:
        children = {
            str(m.person.public_id)
            for m in version.case.family.members.select_related("person")
            if m.relation == "child"
        }
        for goal in version.content.get("goals", []):
            assert goal["subject"] == FAMILY or goal["subject"] in children


def test_no_crisis_waits_silently() -> None:
    """A crisis or safety request past its term is either handled or visibly escalated
    (notice to lead and deputy, banner on the worklist); none sits there unseen."""
    now = timezone.now()
    urgent = [r for r in urgent_open_requests() if r.team is not None]
    overdue = [
        r
        for r in urgent
        if escalation_level_due(r, hours=crisis_terms_for(r.team).hours, now=now) > 0
    ]
    for request in overdue:
        assert request.escalations.exists(), request.reference
        lead_and_deputy = TeamMembership.objects.filter(
            team=request.team, role_in_team__in=[TeamRole.LEAD, TeamRole.DEPUTY]
        ).values("user_id")
        notified = Notification.objects.filter(
            user_id__in=lead_and_deputy, message__contains=request.reference
        )
        assert notified.count() >= 2, request.reference
    # Most are picked up the same day; the demo shows a few escalated ones.
    assert 0 < len(overdue) < Request.objects.filter(urgency=Urgency.CRISIS).count()


def test_one_timeline_per_case_and_request() -> None:
    """A case opens on the day its request was assigned, after the request came in; the
    first contact is not before the case opened; the request's history is dated when it
    happened, not when the demo was made."""
    cases = 0
    for request in Request.objects.filter(case__isnull=False, assigned_at__isnull=False):
        case = request.case
        assert case is not None
        assigned_on = timezone.localtime(request.assigned_at).date()
        assert request.received_at <= request.assigned_at, request.reference
        assert case.opened_on <= assigned_on, request.reference
        if request.first_contact_on is not None:
            assert request.first_contact_on >= case.opened_on, request.reference
        first_entry = case.journal.order_by("on").values_list("on", flat=True).first()
        if first_entry is not None:
            assert first_entry >= case.opened_on
        cases += 1
    assert cases > 20
    opened_today = Case.objects.filter(opened_on=timezone.localdate()).count()
    assert opened_today < Case.objects.count() / 4, "most cases must have opened earlier"
    for event in RequestEvent.objects.filter(kind="received").select_related("request"):
        assert event.at == event.request.received_at, event.request.reference


def test_the_referring_colleague_is_not_suggested_as_coordinator() -> None:
    referred = Request.objects.filter(
        status=RequestStatus.RECEIVED, referrer__isnull=False, team__isnull=False
    )
    assert referred.exists()
    for request in referred:
        suggested = {s.professional.pk for s in assignment_suggestions(request=request)}
        assert request.referrer_id not in suggested, request.reference
    # In the demo a wijkteam referral goes to a colleague, not the referrer.
    wijkteam = Request.objects.filter(access_point=AccessPoint.WIJKTEAM, assigned_to__isnull=False)
    assert wijkteam.exists()
    assert not wijkteam.filter(assigned_to=F("referrer")).exists()


def _home_has_work(username: str, context: Any) -> bool:
    if username in {"wijkteam", "poh", "onderwijs", "flex", "specialist"}:
        consultations = context["consultation_home"]
        queue = consultations.queue if consultations else None
        return bool(
            context["open_requests"]
            or context["case_work"].open_cases
            or (queue and (queue.waiting or queue.mine))
            or (consultations and consultations.asked_waiting)
        )
    if username in {"partner", "verwijzer"}:
        return bool(context["referrals"] and context["referrals"].sent)
    keys = {
        "teamleider": "staffing",
        "gemeente": "municipality",
        "contractmanagement": "perms_steering",
        "beheerder": "region_summary",
        "privacy": "log_summary",
    }
    return bool(context.get(keys[username]))


@pytest.mark.parametrize("username", [u for u, _role, _kind in DEMO_ACCOUNTS])
def test_every_demo_login_has_work_on_its_home_page(
    username: str, login: Callable[[User], Client]
) -> None:
    response = login(User.objects.get(username=username)).get("/")
    assert response.status_code == 200
    assert _home_has_work(username, response.context), username
