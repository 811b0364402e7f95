"""The demo's switch: an old-provider caseload with awkward rows and every handover state."""

from __future__ import annotations

import pytest

from jeugdmodel.accounts.models import TeamRole
from jeugdmodel.accounts.roles import Role
from jeugdmodel.demo.transition_demo import generate_transition
from jeugdmodel.region.models import Team, TeamKind
from jeugdmodel.region.regionfile import parse_region_file, shipped_region_file
from jeugdmodel.region.services import region_load
from jeugdmodel.transition.models import CaseloadImport, HandoverStatus, RunningClient
from tests.factories import TeamMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_switch_has_awkward_rows_and_every_state() -> None:
    region_load(data=parse_region_file(shipped_region_file("mvs")))
    for team in Team.objects.filter(kind=TeamKind.WIJKTEAM):
        lead = UserFactory(role=Role.TEAM_LEAD.value)
        TeamMembershipFactory(user=lead, team=team, role_in_team=TeamRole.LEAD)
        for _i in range(2):
            TeamMembershipFactory(user=UserFactory(), team=team)
    counts = generate_transition(seed=1)
    assert counts["transition_rows"] == 86
    # elfproef, 31-02, end before start, outside the region, an empty field, a duplicate
    assert counts["transition_rejected"] == 6
    imported = CaseloadImport.objects.get()
    assert imported.mode == "good_rows"
    assert imported.rows_rejected == 6
    statuses = set(RunningClient.objects.values_list("status", flat=True))
    assert statuses == set(HandoverStatus.values)
    assert RunningClient.objects.filter(case__isnull=False).exists()
    assert RunningClient.objects.filter(product_description__startswith="=").exists()
    assert generate_transition(seed=1) == {}  # a second run adds nothing
