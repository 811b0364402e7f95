"""The plan editor answers a wrong score with the linked error summary, focused, and keeps
what the coordinator typed; at desktop and at phone width, axe-core clean."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from jeugdmodel.cases.models import PlanVersion
from jeugdmodel.intake.services import request_assign
from tests.browser.front_door_helpers import front_door

pytestmark = pytest.mark.django_db(transaction=True)

GOAL = "Sanne gaat weer elke dag naar school."
AGREEMENT = "Maakt een weekschema met vaste bedtijden."


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 800}, {"width": 390, "height": 844}],
    ids=["desktop", "phone"],
)
def test_a_score_of_eleven_is_summarised_and_the_plan_kept(
    live_server: LiveServer,
    new_page: Callable[..., Page],
    viewport: ViewportSize,
    log_in: Callable[..., Page],
    axe_check: Callable[..., list[dict[str, Any]]],
) -> None:
    door = front_door()
    request = door.submit(given_name="Sanne", family_name="Mulder", age=8)
    case = request_assign(actor=door.lead, request=request, professional=door.professional)
    page = new_page(viewport, is_mobile=viewport["width"] < 600)
    log_in(page, door.professional, next_path=f"/casussen/{case.public_id}/plan/")

    goal = page.get_by_role("group", name="Nieuw doel", exact=True).first
    goal.get_by_label("Doel", exact=True).fill(GOAL)
    goal.get_by_label("Nieuwe score (1–10)").fill("11")
    agreement = page.get_by_role("group", name="Nieuwe afspraak", exact=True).first
    agreement.get_by_label("Wie", exact=True).fill("Ilse (moeder)")
    agreement.get_by_label("Wat", exact=True).fill(AGREEMENT)
    person = page.get_by_role("group", name="Nieuw in het netwerk", exact=True).first
    person.get_by_label("Naam", exact=True).fill("Oma Mulder")
    page.get_by_role("button", name="Plan opslaan als nieuwe versie").click()

    summary = page.locator("#foutmeldingen")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Er is 1 ding niet goed")
    link = summary.get_by_role("link", name=re.compile(r"^Nieuw doel – Nieuwe score \(1–10\): "))
    expect(link).to_contain_text("Een score is een getal van 1 tot en met 10.")
    # What was typed is still there, in the same rows.
    goal = page.get_by_role("group", name="Nieuw doel", exact=True).first
    expect(goal.get_by_label("Doel", exact=True)).to_have_value(GOAL)
    expect(goal.get_by_label("Nieuwe score (1–10)")).to_have_value("11")
    agreement = page.get_by_role("group", name="Nieuwe afspraak", exact=True).first
    expect(agreement.get_by_label("Wat", exact=True)).to_have_value(AGREEMENT)
    person = page.get_by_role("group", name="Nieuw in het netwerk", exact=True).first
    expect(person.get_by_label("Naam", exact=True)).to_have_value("Oma Mulder")
    assert not PlanVersion.objects.filter(case=case).exists()
    axe_check(page)

    # The link leads to the field; corrected, the plan is saved.
    link.click()
    score = goal.get_by_label("Nieuwe score (1–10)")
    expect(score).to_be_focused()
    score.fill("3")
    page.get_by_role("button", name="Plan opslaan als nieuwe versie").click()
    expect(page.get_by_text("Het plan is opgeslagen als versie 1.")).to_be_visible()
    assert PlanVersion.objects.filter(case=case).count() == 1
