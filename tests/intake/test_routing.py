"""Routing at the front door (service level): postcode → municipality and team, own teams
of POH-jeugd, specialist referrals, outside the region, known families, safety first."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from jeugdmodel.accounts.models import TeamRole
from jeugdmodel.accounts.roles import Role
from jeugdmodel.cases.models import Case, CaseStatus
from jeugdmodel.core.errors import DomainError
from jeugdmodel.families.models import Person
from jeugdmodel.intake.models import AccessPoint, MatchState, Request, RequestStatus, Urgency
from jeugdmodel.intake.selectors import WorklistFilter, team_professionals, worklist_for
from jeugdmodel.intake.services import (
    RequestInvalid,
    request_assign,
    request_person_decide,
    request_safety_check,
)
from jeugdmodel.notifications.models import Notification
from jeugdmodel.region.models import OutsideRegionArea, Region
from tests.factories import TeamMembershipFactory, UserFactory
from tests.intake.fixtures_work import (
    PC_MAASSLUIS,
    PC_SCHIEDAM_OOST,
    PC_VLAARDINGEN_CENTRUM,
    child,
    lead_of,
    professional_in,
    submit,
    team,
)

# The MVS region: the `mvs` fixture of tests/intake/conftest.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mvs")]


@pytest.mark.parametrize(
    ("postcode", "municipality", "team_code"),
    [
        (PC_SCHIEDAM_OOST, "Schiedam", "wot-oost"),
        ("3117 AB", "Schiedam", "wot-nieuwland"),
        (PC_MAASSLUIS, "Maassluis", "vraagraak"),
        (PC_VLAARDINGEN_CENTRUM, "Vlaardingen", "wijkteam-vlaardingen-centrum"),
        ("3136", "Vlaardingen", "wijkteam-vlaardingen-holy"),
    ],
)
def test_the_postcode_decides_municipality_and_wijkteam(
    postcode: str, municipality: str, team_code: str
) -> None:
    request = submit(children=[child(postcode=postcode)])
    assert request.municipality is not None
    assert request.municipality.name == municipality
    assert request.team == team(team_code)
    assert request.specialist_team is None
    assert request.status == RequestStatus.RECEIVED
    assert request.routing_note


def test_a_poh_jeugd_request_stays_with_their_poh_team() -> None:
    poh_team = team("poh-jeugd-schiedam")
    poh = UserFactory(role=Role.POH_JEUGD.value)
    TeamMembershipFactory(user=poh, team=poh_team)
    request = submit(actor=poh, access_point=AccessPoint.POH_JEUGD)
    assert request.team == poh_team
    assert request.municipality is not None
    assert request.municipality.name == "Schiedam"
    assert "POH-jeugd Schiedam" in request.routing_note
    assert request.referrer == poh


def test_a_legal_referral_to_specialist_care_is_on_both_worklists() -> None:
    gp = UserFactory(role=Role.LEGAL_REFERRER.value)
    wot_lead = lead_of(team("wot-oost"))
    specialist_lead = lead_of(team("specialistische-jeugdhulp"))
    request = submit(actor=gp, access_point=AccessPoint.LEGAL_GP, specialist_referral=True)
    assert request.team == team("wot-oost")
    assert request.specialist_team == team("specialistische-jeugdhulp")

    wot_rows = worklist_for(user=wot_lead, filters=WorklistFilter())
    specialist_rows = worklist_for(user=specialist_lead, filters=WorklistFilter())
    assert [r.request for r in wot_rows] == [request]
    assert [r.request for r in specialist_rows] == [request]
    assert wot_rows[0].role_for_team == "wijkteam"
    assert specialist_rows[0].role_for_team == "specialist"


def test_an_ordinary_request_is_not_on_the_specialist_worklist() -> None:
    specialist_lead = lead_of(team("specialistische-jeugdhulp"))
    submit()
    assert worklist_for(user=specialist_lead, filters=WorklistFilter()) == []


def test_outside_the_region_is_forwarded_when_the_region_file_says_so() -> None:
    request = submit(children=[child(postcode="3011 AB")])  # Rotterdam: forward: true
    assert request.status == RequestStatus.FORWARDED_OUTSIDE
    assert request.forwarded_to == "Gemeente Rotterdam"
    assert request.team is None
    assert "Gemeente Rotterdam" in request.routing_note


def test_outside_the_region_is_refused_naming_the_municipality() -> None:
    OutsideRegionArea.objects.create(
        region=Region.objects.get(code="mvs"),
        pc4="2611",
        municipality_code="GM0503",
        municipality_name="Delft",
    )
    with pytest.raises(RequestInvalid) as caught:
        submit(children=[child(postcode="2611 AB")])
    assert "Delft" in str(caught.value.message)
    assert caught.value.field == "children[0].postcode"
    assert not Request.objects.exists()
    assert not Person.objects.exists()


def test_an_unknown_postcode_gives_a_clear_error_and_stores_nothing() -> None:
    with pytest.raises(RequestInvalid) as caught:
        submit(children=[child(postcode="9999 ZZ")])
    assert "9999" in str(caught.value.message)
    assert "Controleer de postcode" in str(caught.value.message)
    assert not Request.objects.exists()
    assert not Person.objects.exists()


def test_a_po_box_postcode_asks_for_the_home_address() -> None:
    with pytest.raises(RequestInvalid, match="postbusnummer"):
        submit(children=[child(postcode="3100 AA")])
    assert not Request.objects.exists()


def confirm_all(request: Request) -> None:
    """The lead confirms every proposed known person of `request` (taking nothing over)."""
    lead = lead_of(request.team)
    for named in request.people.filter(match=MatchState.PROPOSED):
        request_person_decide(actor=lead, request=request, request_person=named, confirm=True)


def _assigned_case(**kwargs: object) -> tuple[Request, Case]:
    wot = team("wot-oost")
    first = submit(**kwargs)
    case = request_assign(actor=lead_of(wot), request=first, professional=professional_in(wot))
    return first, case


def test_a_child_with_an_open_case_joins_that_case_and_the_coordinator_is_told() -> None:
    _first, case = _assigned_case(children=[child(bsn="111222333")])
    again = submit(children=[child(bsn="111222333")], question="Nieuwe vraag over school.")
    # A claim joins nothing by itself: the lead confirms the known child first.
    assert again.status == RequestStatus.RECEIVED
    assert again.case is None
    confirm_all(again)
    again.refresh_from_db()
    assert again.status == RequestStatus.JOINED_CASE
    assert again.case == case
    assert again.assigned_to == case.coordinator
    note = Notification.objects.get(user=case.coordinator, message__contains=again.reference)
    assert "lopende casus" in note.message
    assert Case.objects.count() == 1


@pytest.mark.parametrize(("days_ago", "repeat"), [(30, True), (365, True), (366, False)])
def test_a_case_closed_within_twelve_months_makes_a_repeat_request(
    days_ago: int, repeat: bool
) -> None:
    _first, case = _assigned_case(children=[child(bsn="123456782")])
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, closed_on=timezone.localdate() - timedelta(days=days_ago)
    )
    again = submit(children=[child(bsn="123456782")])
    confirm_all(again)
    again.refresh_from_db()
    assert again.is_repeat is repeat
    assert again.status == RequestStatus.RECEIVED
    assert again.case is None


def test_an_open_request_for_the_same_child_is_a_possible_duplicate() -> None:
    first = submit()
    second = submit(question="Nog een keer, via de school.")
    assert second.possible_duplicate_of == first
    assert first.possible_duplicate_of is None
    other_child = submit(children=[child(given="Noor", born=first.people.get().date_of_birth)])
    assert other_child.possible_duplicate_of is None


def test_a_safety_concern_goes_first_tells_the_lead_and_blocks_assignment() -> None:
    wot = team("wot-oost")
    lead = lead_of(wot)
    professional = professional_in(wot)
    crisis = submit(urgency=Urgency.CRISIS, children=[child(given="Aya")])
    unsafe = submit(safety_concern=True, children=[child(given="Ben")])

    rows = worklist_for(user=lead, filters=WorklistFilter())
    assert [r.request for r in rows] == [unsafe, crisis]
    assert rows[0].needs_safety_check
    assert Notification.objects.filter(user=lead, message__contains=unsafe.reference).exists()

    with pytest.raises(DomainError, match="veiligheidscheck"):
        request_assign(actor=lead, request=unsafe, professional=professional)
    unsafe.refresh_from_db()
    assert unsafe.status == RequestStatus.RECEIVED
    assert unsafe.case is None

    request_safety_check(actor=lead, request=unsafe, note="Gebeld met moeder.", steps=[])
    case = request_assign(actor=lead, request=unsafe, professional=professional)
    assert case.coordinator == professional


def test_an_ended_membership_elsewhere_does_not_hide_a_lead_or_professional() -> None:
    wot = team("wot-oost")
    lead = lead_of(wot)
    professional = professional_in(wot)
    for user, role in [(lead, TeamRole.LEAD), (professional, TeamRole.MEMBER)]:
        TeamMembershipFactory(
            user=user,
            team=team("wot-zuid"),
            role_in_team=role,
            valid_from=date(2023, 1, 1),
            valid_to=date(2024, 1, 1),
        )
    request = submit(safety_concern=True)
    assert Notification.objects.filter(user=lead, message__contains=request.reference).exists()
    assert professional in team_professionals(request=request)
