"""Change tracking for the steering cells: every change applies its own delta.

Saving or deleting a record that a figure counts (a trajectory, a request's child, a
closing, a consultation, an address, a person's birth date or sex) changes what the
children it concerns contribute to the cells. Just before the write (pre_save /
pre_delete) their contributions are computed from the database as it is; just after it
(post_save / post_delete) again; the difference is added to the cells in the same
transaction. A rollback undoes both, a trajectory recorded now is in the figures the moment
its transaction commits, and the work is proportional to one child, not to a municipality.

Within a transaction the children's person rows are locked first, so two transactions
changing the same child take turns and each delta starts from the state the other left.

Bulk writes (`bulk_create`, the history import, the demo) send no signals, or run inside
`tracking_paused()`: they rebuild the cells themselves (`steering_rebuild`)."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from jeugdmodel.care.models import Consultation, Trajectory
from jeugdmodel.cases.models import CaseClosing
from jeugdmodel.families.models import FamilyMember, Person, Residence
from jeugdmodel.families.models import Relation as FamilyRelation
from jeugdmodel.intake.models import PersonRole, Request, RequestPerson
from jeugdmodel.region.models import District, Municipality, PublishedFigure, Team

from .cache import figures_changed
from .compute import Key, Settings

_local = threading.local()


class tracking_paused:
    """Within this block changes are not tracked (bulk writers rebuild afterwards)."""

    def __enter__(self) -> None:
        self._before = getattr(_local, "paused", False)
        _local.paused = True

    def __exit__(self, *exc: object) -> None:
        _local.paused = self._before


def _paused() -> bool:
    return bool(getattr(_local, "paused", False))


#: id(instance) → (the instance, each child's cells before the write, settings).
#: Holding the instance keeps its id from being reused by another object; a write that
#: failed between pre_save and post_save leaves its entry until the thread writes again
#: to the same object.
Pending = dict[int, tuple[Model, dict[int, Counter[Key]], Settings]]


def _pending() -> Pending:
    if not hasattr(_local, "pending"):
        _local.pending = {}
    pending: Pending = _local.pending
    return pending


def _case_children(case_id: int | None) -> set[int]:
    if case_id is None:
        return set()
    return set(
        FamilyMember.objects.filter(
            family__cases__id=case_id, relation=FamilyRelation.CHILD
        ).values_list("person_id", flat=True)
    )


def _children_of(instance: Model) -> set[int]:
    """The children whose figures `instance` feeds."""
    if isinstance(instance, Trajectory):
        return {instance.child_id} if instance.child_id else set()
    if isinstance(instance, RequestPerson):
        if instance.role == PersonRole.CHILD and instance.person_id:
            return {instance.person_id}
        return set()
    if isinstance(instance, Request):
        if not instance.pk:
            return set()  # its children arrive as RequestPerson rows
        return set(
            RequestPerson.objects.filter(
                request_id=instance.pk, role=PersonRole.CHILD, person__isnull=False
            ).values_list("person_id", flat=True)
        )
    if isinstance(instance, CaseClosing | Consultation):
        return _case_children(instance.case_id)
    if isinstance(instance, Residence):
        return {instance.person_id} if instance.person_id else set()
    if isinstance(instance, Person):
        return {instance.pk} if instance.pk else set()
    return set()


def _stored_children(instance: Model) -> set[int]:
    """The children the row fed as stored, before this save changes it: a trajectory,
    address, request child, closing or consultation moved to another child or case must
    leave the first child's figures too."""
    if instance.pk is None or isinstance(instance, Person | Request):
        return set()
    stored = type(instance)._default_manager.filter(pk=instance.pk).first()
    return set() if stored is None else _children_of(stored)


def _before(instance: Model, *, deleting: bool = False) -> None:
    if _paused():
        return
    ids = _children_of(instance)
    if not deleting:
        ids |= _stored_children(instance)
    if not ids:
        return
    from .services import child_cells_each, compute_settings, steering_state

    if transaction.get_connection().in_atomic_block:
        list(Person.objects.select_for_update().filter(id__in=ids).values_list("id", flat=True))
    settings = compute_settings(steering_state().horizon)
    _pending()[id(instance)] = (instance, child_cells_each(ids, settings), settings)


def _after(instance: Model) -> None:
    pending = _pending()
    entry = pending.pop(id(instance), None)
    if entry is None or entry[0] is not instance:
        return
    _instance, before, settings = entry
    from .services import cells_apply, child_cells_each, keys_delta

    now = child_cells_each(set(before) | _children_of(instance), settings)
    delta: Counter[Key] = Counter()
    for child_id, cells in now.items():
        delta.update(cells)
        delta.subtract(before.get(child_id, Counter()))
    cells_apply(delta, keys_delta(before, now))
    # A queryset delete sends every pre_delete before the first post_delete: the writes
    # still waiting for their post signal now start from what this one left.
    for _other, other_before, _settings in pending.values():
        for child_id in other_before.keys() & now.keys():
            other_before[child_id] = now[child_id]


@receiver(pre_save, sender=Trajectory)
@receiver(pre_save, sender=RequestPerson)
@receiver(pre_save, sender=Request)
@receiver(pre_save, sender=CaseClosing)
@receiver(pre_save, sender=Consultation)
@receiver(pre_save, sender=Residence)
@receiver(pre_delete, sender=Trajectory)
@receiver(pre_delete, sender=RequestPerson)
@receiver(pre_delete, sender=CaseClosing)
@receiver(pre_delete, sender=Residence)
def _record_before(sender: Any, instance: Model, **kwargs: Any) -> None:
    _before(instance, deleting=kwargs.get("signal") is pre_delete)


@receiver(post_save, sender=Trajectory)
@receiver(post_save, sender=RequestPerson)
@receiver(post_save, sender=Request)
@receiver(post_save, sender=CaseClosing)
@receiver(post_save, sender=Consultation)
@receiver(post_save, sender=Residence)
@receiver(post_delete, sender=Trajectory)
@receiver(post_delete, sender=RequestPerson)
@receiver(post_delete, sender=CaseClosing)
@receiver(post_delete, sender=Residence)
def _record_after(sender: Any, instance: Model, **kwargs: Any) -> None:
    _after(instance)


@receiver(pre_save, sender=Person)
def _person_before(sender: Any, instance: Person, update_fields: Any = None, **kwargs: Any) -> None:
    # Only the birth date and sex move a child between cells.
    if instance.pk and (update_fields is None or {"date_of_birth", "sex"} & set(update_fields)):
        _before(instance)


@receiver(post_save, sender=Person)
def _person_after(sender: Any, instance: Person, **kwargs: Any) -> None:
    _after(instance)


# The dashboard's cached tables also show names from the region and the published figures
# next to ours: a change there must not leave an old table in the cache (decision 0093).
@receiver(post_save, sender=PublishedFigure)
@receiver(post_delete, sender=PublishedFigure)
@receiver(post_save, sender=Municipality)
@receiver(post_delete, sender=Municipality)
@receiver(post_save, sender=District)
@receiver(post_delete, sender=District)
@receiver(post_save, sender=Team)
@receiver(post_delete, sender=Team)
def _reference_changed(sender: Any, **kwargs: Any) -> None:
    figures_changed()
