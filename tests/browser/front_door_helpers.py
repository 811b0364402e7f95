"""Data for the front-door browser journeys (tests/browser/test_front_door_journeys.py).

Everything is built in the live server's database per test: the MVS region
(regions/mvs.yaml), and around the wijkteam that serves `POSTCODE` a team lead, a
professional whose expertise matches `TOPIC`, a second professional, and a GP (legal
referrer at a GP practice of the region). Each user has a confirmed TOTP device, so the
journeys log in through the real login pages with the `log_in` fixture."""

from __future__ import annotations

import functools
import re
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from playwright.sync_api import Locator, Page

from jeugdmodel.accounts.models import TeamRole, User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.families.services import PersonInput
from jeugdmodel.intake.models import AccessPoint, Request, Urgency
from jeugdmodel.intake.services import RequestInput, request_submit
from jeugdmodel.region.models import Organisation, OrganisationKind, Team
from jeugdmodel.region.regionfile import RegionFile, parse_region_file, shipped_region_file
from jeugdmodel.region.selectors import teams_covering_postcode
from jeugdmodel.region.services import region_load
from tests.factories import TeamMembershipFactory, UserFactory, totp_device

#: Schiedam; regions/mvs.yaml gives 3111 to WOT Centrum-West (call back within 5 working days).
POSTCODE = "3111 AB"
#: A topic of jeugdmodel.intake.topics.TOPICS; the professional has it as expertise.
TOPIC = "adhd"
#: What the receipt and the my-referrals page show as a request's reference.
REFERENCE = re.compile(r"AM-\d{4}-[A-Z0-9]{6}")


@functools.cache
def _mvs_file() -> RegionFile:
    return parse_region_file(shipped_region_file("mvs"))


def years_ago(years: int) -> date:
    """The date of birth of someone who turned `years` half a year ago (no birthday today)."""
    today = timezone.localdate()
    return date.fromordinal(today.replace(year=today.year - years, day=1).toordinal() - 180)


def dmy(day: date) -> str:
    """A date as people type it in the forms (dag-maand-jaar)."""
    return day.strftime("%d-%m-%Y")


@dataclass(frozen=True)
class FrontDoor:
    """The region, the team of `POSTCODE` and the people around it."""

    team: Team
    gp_practice: Organisation
    lead: User
    professional: User
    colleague: User
    gp: User

    def submit(
        self,
        *,
        given_name: str = "Sanne",
        family_name: str = "Mulder",
        age: int = 8,
        consent: bool = True,
        urgency: Urgency = Urgency.NORMAL,
        safety_concern: bool = False,
        by_gp: bool = True,
    ) -> Request:
        """A request through the service, as the GP's form (or the public form) sends it."""
        child = PersonInput(
            given_name=given_name,
            family_name=family_name,
            date_of_birth=years_ago(age),
            postcode=POSTCODE,
            house_number="12",
        )
        parent = PersonInput(
            given_name="Ilse",
            family_name=family_name,
            date_of_birth=None,
            postcode=POSTCODE,
            house_number="12",
        )
        extra: dict[str, Any] = (
            {
                "referrer_organisation": self.gp_practice,
                "referrer_agb": self.gp_practice.agb_code,
                "consent_parent": consent,
            }
            if by_gp
            else {"referrer_name": f"Ilse {family_name}"}
        )
        data = RequestInput(
            access_point=AccessPoint.LEGAL_GP if by_gp else AccessPoint.FAMILY,
            question=f"{given_name} kan zich op school slecht concentreren en is thuis onrustig.",
            children=[child],
            parents=[parent],
            urgency=urgency,
            safety_concern=safety_concern,
            topics=[TOPIC],
            contact_phone="06 12345678",
            **extra,
        )
        return request_submit(
            actor=self.gp if by_gp else None, data=data, idempotency_key=str(uuid.uuid4())
        )


def front_door() -> FrontDoor:
    """Load the MVS region and create the team lead, two professionals and the GP."""
    region_load(data=_mvs_file())
    today = timezone.localdate()
    team = teams_covering_postcode(POSTCODE[:4], today, kind="wijkteam").order_by("code").first()
    assert team is not None, f"no wijkteam serves {POSTCODE} in regions/mvs.yaml"
    gp_practice = (
        Organisation.objects.filter(region=team.region, kind=OrganisationKind.GP_PRACTICE)
        .order_by("code")
        .first()
    )
    assert gp_practice is not None, "regions/mvs.yaml has no GP practice"

    lead = UserFactory.create(role=Role.TEAM_LEAD.value, first_name="Lotte", last_name="de Wit")
    TeamMembershipFactory(user=lead, team=team, role_in_team=TeamRole.LEAD)
    professional = UserFactory.create(
        role=Role.WIJKTEAM_PROFESSIONAL.value,
        first_name="Noor",
        last_name="Bakker",
        caseload_capacity=20,
        expertise=[TOPIC, "opvoedondersteuning"],
        languages=["nl"],
    )
    TeamMembershipFactory(user=professional, team=team)
    # A second professional with little room and other expertise: a lower suggestion.
    colleague = UserFactory.create(
        role=Role.WIJKTEAM_PROFESSIONAL.value,
        first_name="Daan",
        last_name="Visser",
        caseload_capacity=3,
        expertise=["scheiding"],
        languages=["nl"],
    )
    TeamMembershipFactory(user=colleague, team=team)
    gp = UserFactory.create(
        role=Role.LEGAL_REFERRER.value,
        first_name="Pieter",
        last_name="Jansen",
        organisation=gp_practice,
    )
    for user in (lead, professional, colleague, gp):
        totp_device(user)
    return FrontDoor(
        team=team,
        gp_practice=gp_practice,
        lead=lead,
        professional=professional,
        colleague=colleague,
        gp=gp,
    )


def main_nav_link(page: Page, label: str) -> Locator:
    return page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name=label, exact=True
    )


def horizontal_overflow(page: Page) -> dict[str, int]:
    """The document's width against the window's (WCAG 1.4.10 reflow: no sideways scroll)."""
    sizes: dict[str, int] = page.evaluate(
        """() => ({
            scrollWidth: document.documentElement.scrollWidth,
            innerWidth: window.innerWidth,
        })"""
    )
    return sizes
