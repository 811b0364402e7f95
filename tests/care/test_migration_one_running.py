"""The migration that adds "one running trajectory per help form and child" must also work
on a database that already holds running duplicates (made by a double click before the
rule): it ends all but the oldest, logs each, and the way back opens them again."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from jeugdmodel.audit.models import AccessLogEntry
from jeugdmodel.care.models import Trajectory
from jeugdmodel.care.services import trajectory_start
from jeugdmodel.region.models import HelpForm
from tests.care.conftest import World

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("care", "0001_initial")]
AFTER = [("care", "0002_trajectory_one_running_per_help_form")]


def _migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_running_duplicates_end_before_the_constraint_and_open_again_on_the_way_back(
    world: World,
) -> None:
    start = timezone.localdate() - timedelta(days=30)
    # Its own help form: a transactional test before this one may have emptied the list.
    form, _created = HelpForm.objects.get_or_create(
        region=None, code="ambulant-test", defaults={"name": "Ambulant (test)", "level": "basis"}
    )
    oldest = trajectory_start(
        actor=world.coordinator,
        case=world.case,
        child=world.sam,
        help_form=form,
        start_date=start,
    )
    other_child = trajectory_start(
        actor=world.coordinator,
        case=world.case,
        child=world.lisa,
        help_form=form,
        start_date=start,
    )
    try:
        _migrate(BEFORE)
        # Without the rule, two double clicks: a copy on the same day, one a day later.
        copies = []
        for days in (0, 1):
            values: dict[str, Any] = dict(Trajectory.objects.filter(pk=oldest.pk).values().get())
            values.pop("id")
            values.update(public_id=uuid.uuid4(), start_date=start + timedelta(days=days))
            copies.append(Trajectory.objects.create(**values))

        _migrate(AFTER)

        for copy in copies:
            copy.refresh_from_db()
            assert copy.end_date == copy.start_date
            assert (copy.end_reason, copy.end_subreason) == ("voortijdig", "overig")
        for kept in (oldest, other_child):
            kept.refresh_from_db()
            assert kept.end_date is None
        logged = AccessLogEntry.objects.filter(event="trajectory.duplicate_ended_by_migration")
        assert {(e.record_id, e.details["kept"]) for e in logged} == {
            (str(c.public_id), str(oldest.public_id)) for c in copies
        }
        # The rule holds now: no third running copy.
        assert Trajectory.objects.filter(child=world.sam, end_date__isnull=True).count() == 1

        _migrate(BEFORE)
        for copy in copies:
            copy.refresh_from_db()
            assert (copy.end_date, copy.end_reason, copy.end_subreason) == (None, "", "")
        assert AccessLogEntry.objects.filter(
            event="trajectory.duplicate_reopened_by_migration"
        ).count() == len(copies)
        Trajectory.objects.filter(pk__in=[c.pk for c in copies]).delete()
    finally:
        _migrate(AFTER)
