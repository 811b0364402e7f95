"""Reads of the privacy app: the inzage requests (privacy officer only) and the contents of
one person's package. The package gathers what the file holds about the person; it is
plain data (dicts, lists, ISO dates) so the JSON and the PDF say the same."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone

from jeugdmodel.accounts.access import Perm, require
from jeugdmodel.audit.labels import role_label
from jeugdmodel.audit.models import AccessAction, AccessLogEntry, AccessLogSubject
from jeugdmodel.care.models import Trajectory
from jeugdmodel.cases.models import Case, Document, JournalEntry, PlanVersion
from jeugdmodel.core.errors import NotFoundOrNotAllowed
from jeugdmodel.families.models import FamilyMember, Person

from .models import InzageRequest

if TYPE_CHECKING:
    from jeugdmodel.accounts.models import User

PACKAGE_FORMAT = "jeugdmodel-inzage/1"


def inzage_requests_visible_to(*, user: User) -> QuerySet[InzageRequest]:
    require(user, Perm.INZAGE_MANAGE)
    return InzageRequest.objects.select_related("person", "recorded_by").defer(
        "package_pdf", "package_json"
    )


def inzage_request_get_for(*, user: User, public_id: UUID | str) -> InzageRequest:
    found = inzage_requests_visible_to(user=user).filter(public_id=public_id).first()
    if found is None:
        raise NotFoundOrNotAllowed()
    return found


def inzage_package_file(*, user: User, public_id: UUID | str) -> InzageRequest:
    """The request with its package (PDF and JSON) loaded."""
    require(user, Perm.INZAGE_MANAGE)
    found = InzageRequest.objects.select_related("person").filter(public_id=public_id).first()
    if found is None or found.produced_at is None:
        raise NotFoundOrNotAllowed()
    return found


def _day(value: Any) -> str | None:
    return value.isoformat() if value else None


def _moment(value: Any) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _plan(version: PlanVersion, person: Person) -> dict[str, Any]:
    """A plan version; of the goals only the family's and the person's own (a sibling's
    goals are that sibling's data)."""
    content = version.content or {}
    own = {"family", str(person.public_id)}
    return {
        "version": version.number,
        "saved_at": _moment(version.created_at),
        "agreed_on": _day(version.agreed_on),
        "agreed_by": version.agreed_by,
        "goals": [
            {
                "for": "gezin" if goal.get("subject") == "family" else "betrokkene",
                "text": goal.get("text", ""),
                "scores": [
                    {"date": s.get("date"), "score": s.get("score"), "kind": s.get("kind")}
                    for s in goal.get("scores", [])
                ],
            }
            for goal in content.get("goals", [])
            if str(goal.get("subject")) in own
        ],
        "agreements": [
            {
                "who": a.get("who", ""),
                "what": a.get("what", ""),
                "due": a.get("due"),
                "done": bool(a.get("done")),
            }
            for a in content.get("agreements", [])
        ],
        "network": [
            {"name": n.get("name", ""), "relation": n.get("relation", "")}
            for n in content.get("network", [])
        ],
        "next_evaluation": content.get("next_evaluation"),
    }


def _journal(entry: JournalEntry) -> dict[str, Any]:
    return {
        "date": _day(entry.on),
        "kind": str(entry.get_kind_display()),
        "minutes": entry.duration_minutes,
        "with_whom": entry.with_whom,
        "note": entry.note,
        "author": str(entry.author),
    }


def _document(document: Document) -> dict[str, Any]:
    return {
        "name": document.original_name,
        "description": document.description,
        "content_type": document.content_type,
        "size": document.size,
        "sha256": document.sha256,
        "added_at": _moment(document.uploaded_at),
    }


def _trajectory(trajectory: Trajectory) -> dict[str, Any]:
    return {
        "help_form": str(trajectory.help_form),
        "level": str(trajectory.get_level_display()),
        "organisation": str(trajectory.organisation) if trajectory.organisation else "",
        "start": _day(trajectory.start_date),
        "end": _day(trajectory.end_date),
        "end_reason": str(trajectory.get_end_reason_display()) if trajectory.end_reason else "",
    }


def _access(entry: AccessLogEntry) -> dict[str, Any]:
    """Who accessed the file: organisation, role and kind; no employee names (the family
    asks which organisations and roles saw the file; the officer has the names)."""
    return {
        "at": _moment(entry.at),
        "organisation": entry.organisation,
        "role": role_label(entry.role),
        "kind": str(AccessAction(entry.action).label),
        "emergency": entry.action == AccessAction.EMERGENCY,
        "reason": entry.reason if entry.action == AccessAction.EMERGENCY else "",
    }


def inzage_package_data(*, inzage: InzageRequest) -> dict[str, Any]:
    """Everything the package says about `inzage.person`, in a fixed order."""
    person = inzage.person
    memberships = list(
        FamilyMember.objects.filter(person=person).select_related("family").order_by("valid_from")
    )
    family_ids = [m.family_id for m in memberships]
    cases = list(
        Case.objects.filter(family_id__in=family_ids)
        .select_related("team", "coordinator", "family")
        .order_by("opened_on", "id")
    )
    case_ids = [c.pk for c in cases]
    plans: dict[int, list[PlanVersion]] = {}
    for version in PlanVersion.objects.filter(case_id__in=case_ids).order_by("number"):
        plans.setdefault(version.case_id, []).append(version)
    journal: dict[int, list[JournalEntry]] = {}
    for entry in (
        JournalEntry.objects.filter(case_id__in=case_ids)
        .select_related("author")
        .order_by("on", "id")
    ):
        journal.setdefault(entry.case_id, []).append(entry)
    documents: dict[int, list[Document]] = {}
    for document in Document.objects.filter(case_id__in=case_ids).order_by("uploaded_at", "id"):
        documents.setdefault(document.case_id, []).append(document)
    trajectories = (
        Trajectory.objects.filter(child=person)
        .select_related("help_form", "organisation")
        .order_by("start_date", "id")
    )
    accesses = AccessLogEntry.objects.filter(
        pk__in=AccessLogSubject.objects.filter(subject_id=person.pk).values("entry_id")
    ).order_by("at", "id")
    return {
        "format": PACKAGE_FORMAT,
        "request": {
            "id": str(inzage.public_id),
            "requester": str(inzage.get_requester_display()),
            "requester_name": inzage.requester_name,
            "received_on": _day(inzage.received_on),
            "due_on": _day(inzage.due_on),
        },
        "person": {
            "given_name": person.given_name,
            "family_name": person.family_name,
            "bsn": person.bsn,
            "date_of_birth": _day(person.date_of_birth),
            "sex": str(person.get_sex_display()),
            "postcode": person.postcode,
            "house_number": person.house_number,
        },
        "families": [
            {
                "name": m.family.name,
                "relation": str(m.get_relation_display()),
                "from": _day(m.valid_from),
                "to": _day(m.valid_to),
            }
            for m in memberships
        ],
        "cases": [
            {
                "id": str(case.public_id),
                "family": case.family.name,
                "team": str(case.team),
                "coordinator": str(case.coordinator),
                "status": str(case.get_status_display()),
                "opened_on": _day(case.opened_on),
                "closed_on": _day(case.closed_on),
                "plan_versions": [_plan(v, person) for v in plans.get(case.pk, [])],
                "journal": [_journal(e) for e in journal.get(case.pk, [])],
                "documents": [_document(d) for d in documents.get(case.pk, [])],
            }
            for case in cases
        ],
        "trajectories": [_trajectory(t) for t in trajectories],
        "accesses": [_access(e) for e in accesses],
    }
