"""The consent flags move onto consent records and back (decision 0079): forward, every
request whose referrer could follow the status gets a share-status record and every plan
agreement a plan record; backward, the request flag is filled from the newest record
(so a withdrawal recorded after the move survives the way back) and the records go."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from jeugdmodel.cases.models import ConsentKind, ConsentRecord
from jeugdmodel.cases.services import consent_give, consent_withdraw, plan_save
from jeugdmodel.intake.models import Request
from jeugdmodel.intake.selectors import request_status_shared
from tests.cases.helpers import new_case, plan_body

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("mvs")]

BEFORE = [("intake", "0006_requestescalation"), ("cases", "0007_emergencyaccess")]


def _migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _latest() -> list[tuple[str, str]]:
    graph = MigrationExecutor(connection).loader.graph
    return [node for node in graph.leaf_nodes() if node[0] in ("intake", "cases")]


def _flags() -> dict[int, bool]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, consent_share_status FROM intake_request")
        return {pk: bool(flag) for pk, flag in cursor.fetchall()}


def test_consent_moves_onto_records_and_back() -> None:
    kept = new_case(ages=(9,))
    withdrawn = new_case(ages=(9,))
    for story in (kept, withdrawn):
        consent_give(
            actor=story.coordinator,
            case=story.case,
            kind=ConsentKind.SHARE_STATUS,
            by_parent=True,
            by_youth=False,
            on=timezone.localdate(),
        )
    consent_withdraw(
        actor=withdrawn.coordinator,
        case=withdrawn.case,
        kind=ConsentKind.SHARE_STATUS,
        by_parent=True,
        by_youth=False,
        on=timezone.localdate(),
    )
    plan_save(
        actor=kept.coordinator,
        case=kept.case,
        base_version=0,
        content=plan_body(),
        agreed_on=timezone.localdate(),
        agreed_by="moeder",
        consent_parent=True,
    )
    shared_before = {r.pk: request_status_shared(r) for r in Request.objects.all()}
    assert shared_before == {kept.request.pk: True, withdrawn.request.pk: False}
    latest = _latest()
    try:
        _migrate(BEFORE)
        assert _flags() == shared_before

        _migrate(latest)
        for request in Request.objects.all():
            assert request_status_shared(request) is shared_before[request.pk]
        share = ConsentRecord.objects.filter(kind=ConsentKind.SHARE_STATUS)
        assert list(share.values_list("request_key", "case_id", "by_parent", "action")) == [
            (kept.request.public_id, kept.case.pk, True, "given")
        ]
        plan = ConsentRecord.objects.get(kind=ConsentKind.PLAN)
        assert (plan.case_id, plan.by_parent, plan.given_by_name) == (
            kept.case.pk,
            True,
            "moeder",
        )
    finally:
        _migrate(latest)
