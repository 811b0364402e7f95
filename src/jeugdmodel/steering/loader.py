"""Reads the operational records of a set of children into `compute.Child` values.

A fixed number of queries per chunk of children, whatever their history holds."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from django.conf import settings as django_settings
from django.utils import timezone

from jeugdmodel.care.models import (
    CBS_END_CODES,
    Consultation,
    ConsultationStatus,
    EndReason,
    Trajectory,
)
from jeugdmodel.cases.models import CaseClosing
from jeugdmodel.cases.plan_content import FAMILY
from jeugdmodel.families.models import FamilyMember, Person, Residence
from jeugdmodel.families.models import Relation as FamilyRelation
from jeugdmodel.intake.models import PersonRole, RequestPerson

from .compute import Child, Closing, Consult, Req, Stay, Traj

CHUNK = 2000


def _local_date(value: object) -> date:
    return timezone.localtime(value).date()  # type: ignore[arg-type]


def active_child_ids() -> set[int]:
    """Every person with a trajectory, named as a child in a request, or a child of a
    family whose case was closed or had a consultation (a child can count in the
    consultation figures without ever being in care)."""
    ids = set(Trajectory.objects.values_list("child_id", flat=True).distinct())
    ids.update(
        RequestPerson.objects.filter(role=PersonRole.CHILD, person__isnull=False)
        .values_list("person_id", flat=True)
        .distinct()
    )
    families = set(CaseClosing.objects.order_by().values_list("case__family_id", flat=True))
    families.update(
        Consultation.objects.filter(status=ConsultationStatus.CLOSED)
        .order_by()
        .values_list("case__family_id", flat=True)
    )
    ids.update(
        FamilyMember.objects.filter(relation=FamilyRelation.CHILD, family_id__in=families)
        .values_list("person_id", flat=True)
        .distinct()
    )
    return ids


def child_ids_for_municipality(municipality_id: int | None) -> set[int]:
    """Active children who ever lived in the municipality (None: outside every region or
    without a known address)."""
    active = active_child_ids()
    if municipality_id is None:
        with_known = set(
            Residence.objects.filter(municipality__isnull=False)
            .values_list("person_id", flat=True)
            .distinct()
        )
        outside = set(
            Residence.objects.filter(municipality__isnull=True)
            .values_list("person_id", flat=True)
            .distinct()
        )
        return {pid for pid in active if pid not in with_known or pid in outside}
    lived = set(
        Residence.objects.filter(municipality_id=municipality_id)
        .values_list("person_id", flat=True)
        .distinct()
    )
    return active & lived


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def children_load(ids: Iterable[int]) -> Iterator[Child]:
    """The children with these person ids, chunk by chunk."""
    for chunk in _chunks(sorted(ids)):
        yield from _load_chunk(chunk)


def _load_chunk(ids: Sequence[int]) -> list[Child]:
    people = {
        pid: (born, sex, str(public_id))
        for pid, born, sex, public_id in Person.objects.filter(id__in=ids).values_list(
            "id", "date_of_birth", "sex", "public_id"
        )
    }
    stays: dict[int, list[Stay]] = defaultdict(list)
    for pid, start, end, muni, district in (
        Residence.objects.filter(person_id__in=ids)
        .order_by("person_id", "valid_from")
        .values_list("person_id", "valid_from", "valid_to", "municipality_id", "district_id")
    ):
        stays[pid].append(Stay(start, end, muni, district))

    trajectories: dict[int, list[Traj]] = defaultdict(list)
    for row in (
        Trajectory.objects.filter(child_id__in=ids)
        .order_by("child_id", "start_date", "id")
        .values_list(
            "child_id",
            "start_date",
            "end_date",
            "level",
            "with_stay",
            "crisis_start",
            "end_reason",
            "end_subreason",
            "help_form_id",
            "organisation_id",
            "case__team_id",
        )
    ):
        pid, start, end, level, stay, crisis, reason, subreason, form, org, team = row
        code = None
        if reason:
            code = CBS_END_CODES.get(reason if reason == EndReason.ACCORDING_TO_PLAN else subreason)
        trajectories[pid].append(Traj(start, end, level, stay, crisis, code, form, org, team))

    requests: dict[int, list[Req]] = defaultdict(list)
    for pid, received, first_contact, access_point, team in (
        RequestPerson.objects.filter(person_id__in=ids, role=PersonRole.CHILD)
        .order_by("person_id", "request__received_at", "request_id")
        .values_list(
            "person_id",
            "request__received_at",
            "request__first_contact_on",
            "request__access_point",
            "request__team_id",
        )
        .distinct()
    ):
        requests[pid].append(Req(_local_date(received), first_contact, access_point, team))

    family_children: dict[int, set[int]] = defaultdict(set)
    for pid, family in FamilyMember.objects.filter(
        person_id__in=ids, relation=FamilyRelation.CHILD
    ).values_list("person_id", "family_id"):
        family_children[family].add(pid)

    closings: dict[int, list[Closing]] = defaultdict(list)
    for family, closed, reopened, team, scores in (
        CaseClosing.objects.filter(case__family_id__in=list(family_children))
        .order_by("closed_on", "id")
        .values_list("case__family_id", "closed_on", "reopened_on", "case__team_id", "goal_scores")
    ):
        for pid in family_children[family]:
            subject = people[pid][2]
            own = tuple(
                g.get("score") for g in (scores or []) if g.get("subject") in (subject, FAMILY)
            )
            closings[pid].append(Closing(closed, reopened, team, own))

    consults: dict[int, list[Consult]] = defaultdict(list)
    for family, closed_at, outcome, team in (
        Consultation.objects.filter(
            case__family_id__in=list(family_children),
            status=ConsultationStatus.CLOSED,
            closed_at__isnull=False,
        )
        .order_by("closed_at", "id")
        .values_list("case__family_id", "closed_at", "outcome", "case__team_id")
    ):
        for pid in family_children[family]:
            consults[pid].append(Consult(_local_date(closed_at), outcome, team))

    return [
        Child(
            id=pid,
            born=born,
            sex=sex,
            stays=stays.get(pid, []),
            trajectories=trajectories.get(pid, []),
            requests=requests.get(pid, []),  # nosec B113
            closings=closings.get(pid, []),
            consultations=consults.get(pid, []),
        )
        for pid, (born, sex, _public) in people.items()
    ]


def municipalities_of(ids: Iterable[int]) -> set[int | None]:
    """Every municipality the children ever lived in (None when one has no known one)."""
    ids = list(ids)
    found: set[int | None] = set()
    with_rows: set[int] = set()
    for chunk in _chunks(sorted(ids)):
        for pid, muni in Residence.objects.filter(person_id__in=chunk).values_list(
            "person_id", "municipality_id"
        ):
            found.add(muni)
            with_rows.add(pid)
    if len(with_rows) < len(set(ids)):
        found.add(None)
    return found


def goal_reached_score() -> int:
    return int(django_settings.JM_GOAL_REACHED_SCORE)
