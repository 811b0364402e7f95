"""Change tracking for the steering cells.

Saving or deleting a record that a figure counts (a trajectory, a request's child, a
closing, a consultation, an address, a person's birth date or sex) notes the child and the
earliest date involved. When the transaction commits, the child's partitions are marked
dirty and, unless `JM_STEERING_REFRESH_SYNC` is off, refreshed at once, so a trajectory
recorded now shows in the figures straight away. Bulk writes (`bulk_create`, the history
import) send no signals: they rebuild the cells themselves."""

from __future__ import annotations

import threading
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from jeugdmodel.care.models import Consultation, Trajectory
from jeugdmodel.cases.models import CaseClosing
from jeugdmodel.families.models import FamilyMember, Person, Residence
from jeugdmodel.families.models import Relation as FamilyRelation
from jeugdmodel.intake.models import PersonRole, Request, RequestPerson

_pending = threading.local()


def _as_date(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def note_change(child_ids: set[int], *dates: date | datetime | None) -> None:
    """Remember children whose figures changed; handled once when the transaction commits."""
    if not child_ids or getattr(_pending, "paused", False):
        return
    connection = transaction.get_connection()
    registered = connection.in_atomic_block and any(
        item[1] is _flush for item in connection.run_on_commit
    )
    state = getattr(_pending, "state", None)
    if state is None or not registered:
        # Nothing pending, or what was pending belonged to a transaction rolled back.
        state = _pending.state = {"ids": set(), "dates": set()}
    state["ids"].update(child_ids)
    state["dates"].update(d for d in map(_as_date, dates) if d is not None)
    if not registered:
        transaction.on_commit(_flush)


class tracking_paused:
    """Within this block changes are not tracked (bulk generators rebuild afterwards)."""

    def __enter__(self) -> None:
        self._before = getattr(_pending, "paused", False)
        _pending.paused = True

    def __exit__(self, *exc: object) -> None:
        _pending.paused = self._before


def _flush() -> None:
    state = getattr(_pending, "state", None)
    _pending.state = None
    if not state:
        return
    from .services import refresh_is_synchronous, steering_mark_dirty, steering_refresh

    if steering_mark_dirty(child_ids=state["ids"], since=state["dates"]) and (
        refresh_is_synchronous()
    ):
        steering_refresh()


def _case_children(case_id: int) -> set[int]:
    return set(
        FamilyMember.objects.filter(
            family__cases__id=case_id, relation=FamilyRelation.CHILD
        ).values_list("person_id", flat=True)
    )


@receiver(pre_save, sender=Trajectory)
def _trajectory_before(sender: Any, instance: Trajectory, **kwargs: Any) -> None:
    if instance.pk:
        old = Trajectory.objects.filter(pk=instance.pk).values_list("start_date", flat=True).first()
        if old is not None:
            note_change({instance.child_id}, old)


@receiver(post_save, sender=Trajectory)
@receiver(post_delete, sender=Trajectory)
def _trajectory(sender: Any, instance: Trajectory, **kwargs: Any) -> None:
    note_change({instance.child_id}, instance.start_date, instance.end_date)


@receiver(post_save, sender=RequestPerson)
@receiver(post_delete, sender=RequestPerson)
def _request_person(sender: Any, instance: RequestPerson, **kwargs: Any) -> None:
    if instance.role == PersonRole.CHILD and instance.person_id:
        note_change({instance.person_id}, instance.request.received_at)


@receiver(post_save, sender=Request)
def _request(sender: Any, instance: Request, created: bool, **kwargs: Any) -> None:
    if created:
        return  # its children arrive as RequestPerson rows
    ids = set(
        instance.people.filter(role=PersonRole.CHILD, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    note_change(ids, instance.received_at)


@receiver(post_save, sender=CaseClosing)
@receiver(post_delete, sender=CaseClosing)
def _closing(sender: Any, instance: CaseClosing, **kwargs: Any) -> None:
    note_change(_case_children(instance.case_id), instance.closed_on)


@receiver(post_save, sender=Consultation)
def _consultation(sender: Any, instance: Consultation, **kwargs: Any) -> None:
    if instance.closed_at is not None:
        note_change(_case_children(instance.case_id), instance.closed_at)


@receiver(post_save, sender=Residence)
@receiver(post_delete, sender=Residence)
def _residence(sender: Any, instance: Residence, **kwargs: Any) -> None:
    note_change({instance.person_id}, instance.valid_from)


@receiver(post_save, sender=Person)
def _person(
    sender: Any, instance: Person, created: bool, update_fields: Any = None, **kwargs: Any
) -> None:
    if created or (update_fields is not None and not {"date_of_birth", "sex"} & set(update_fields)):
        return
    note_change({instance.pk}, instance.date_of_birth)
