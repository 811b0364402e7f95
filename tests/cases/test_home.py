"""The professional's home page: my cases with counts, overdue agreements and evaluations
that are due; the read is logged. The cases list and navigation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessLogEntry
from jeugdmodel.cases.models import ClosingReason
from jeugdmodel.cases.services import case_close, plan_save
from tests.cases.helpers import new_case, plan_body
from tests.intake.fixtures_work import lead_of, professional_in, team

pytestmark = pytest.mark.usefixtures("mvs")


def test_home_shows_my_cases_overdue_agreements_and_evaluations(
    login: Callable[[User], Client],
) -> None:
    oost = team("wot-oost")
    lead = lead_of(oost)
    me = professional_in(oost)
    today = timezone.localdate()
    late = new_case(lead=lead, coordinator=me, family="Vos")
    plan_save(
        actor=me,
        case=late.case,
        base_version=0,
        content=plan_body(
            agreements=[
                {"who": "Moeder", "what": "Belt de huisarts", "due": today - timedelta(days=2)},
                {"who": "Vader", "what": "Zoekt een sportclub", "due": today + timedelta(days=9)},
            ],
            next_evaluation=today + timedelta(days=10),
        ),
    )
    later = new_case(lead=lead, coordinator=me, family="Smit")
    plan_save(
        actor=me,
        case=later.case,
        base_version=0,
        content=plan_body(next_evaluation=today + timedelta(days=60)),
    )
    closed = new_case(lead=lead, coordinator=me, family="Bos")
    case_close(actor=me, case=closed.case, reason=ClosingReason.GOALS_REACHED)
    new_case(lead=lead, family="Anders")  # someone else's case

    body = login(me).get("/").content.decode()
    assert "Mijn casussen" in body
    assert "Open casussen (regiehouder of casusteam)</dt><dd>2" in body
    assert "Afspraken over de datum</dt><dd>1<" in body
    assert "Belt de huisarts" in body
    assert "Zoekt een sportclub" not in body
    assert "Evaluaties binnen 2 weken of al over de datum</dt><dd>1<" in body
    assert "Gezin Vos" in body
    assert "Gezin Smit" not in body
    assert "Gezin Anders" not in body
    assert AccessLogEntry.objects.filter(event="case.home_list", user_id=me.pk).exists()


def test_my_cases_page_filters_by_status_and_is_in_the_navigation(
    login: Callable[[User], Client],
) -> None:
    oost = team("wot-oost")
    lead = lead_of(oost)
    me = professional_in(oost)
    new_case(lead=lead, coordinator=me, family="Open")
    closed = new_case(lead=lead, coordinator=me, family="Dicht")
    case_close(actor=me, case=closed.case, reason=ClosingReason.MOVED)
    client = login(me)
    assert 'href="/casussen/"' in client.get("/").content.decode()
    default = client.get("/casussen/").content.decode()
    assert "Gezin Open" in default
    assert "Gezin Dicht" not in default
    everything = client.get("/casussen/", {"status": "all"}).content.decode()
    assert "Gezin Dicht" in everything
    assert "2 casussen" in everything
    only_closed = client.get("/casussen/", {"status": "afgesloten"}).content.decode()
    assert "Gezin Open" not in only_closed
    # An unknown filter value falls back to the open cases.
    assert "Gezin Open" in client.get("/casussen/", {"status": "x"}).content.decode()
