"""Cases API: the same need-to-know as the pages. Lists start from `cases_visible_to`, one
case from `case_get_for` (coordinator, case team within its period, lead of the case's
team); anyone else gets the same 404 as for a case that does not exist. Every read is
written to the access log."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response
from rest_framework.views import APIView

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.api_permissions import perm_required
from jeugdmodel.accounts.models import User
from jeugdmodel.core.api import PROBLEM_CONTENT_TYPE, Pagination
from jeugdmodel.core.api_schema import PROBLEM_RESPONSE
from jeugdmodel.core.errors import NotFoundOrNotAllowed

from .models import Case, JournalEntry, PlanVersion
from .plan_content import plan_content_load
from .selectors import (
    STATUS_ALL,
    case_get_for,
    case_overview,
    cases_list_for,
    cases_list_log,
    journal_for,
    plan_version_get,
)
from .serializers import (
    CaseDetailSerializer,
    CaseSummarySerializer,
    JournalEntryCreateSerializer,
    JournalEntrySerializer,
    JournalPageSerializer,
    PlanVersionSerializer,
)
from .services import journal_add, plan_latest_number

TAGS = ["casussen"]
_PROBLEM = PROBLEM_RESPONSE
_ERRORS: dict[Any, Any] = {
    (401, PROBLEM_CONTENT_TYPE): _PROBLEM,
    (404, PROBLEM_CONTENT_TYPE): _PROBLEM,
}
_CASE_ID = OpenApiParameter(
    "case_id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="Publieke id van de casus."
)


def _user(request: ApiRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _user_ref(user: User) -> dict[str, Any]:
    return {"id": user.public_id, "name": user.get_full_name() or user.get_username()}


def _summary(case: Case, today: date) -> dict[str, Any]:
    children = getattr(case.family, "current_children", None)
    return {
        "id": case.public_id,
        "family": case.family.name,
        "status": case.status,
        "opened_on": case.opened_on,
        "closed_on": case.closed_on,
        "closing_reason": case.closing_reason,
        "is_repeat": case.is_repeat,
        "team": {"id": case.team.public_id, "name": case.team.name},
        "coordinator": _user_ref(case.coordinator),
        "children": [
            {
                "id": m.person.public_id,
                "given_name": m.person.given_name,
                "age": m.person.age_on(today),
            }
            for m in (children or [])
        ],
    }


def _detail(case: Case) -> dict[str, Any]:
    today = timezone.localdate()
    overview = case_overview(case=case, on=today)
    body = _summary(case, today)
    body["children"] = [
        {"id": m.person.public_id, "given_name": m.person.given_name, "age": m.age}
        for m in overview.children
    ]
    body.update(
        members=[
            {
                "id": m.person.public_id,
                "given_name": m.person.given_name,
                "family_name": m.person.family_name,
                "date_of_birth": m.person.date_of_birth,
                "age": m.age,
                "relation": m.member.relation,
            }
            for m in overview.members
        ],
        case_team=[
            {
                "id": p.member.public_id,
                "user": _user_ref(p.member.user),
                "role": p.member.role,
                "valid_from": p.member.valid_from,
                "valid_to": p.member.valid_to,
            }
            for p in overview.team
        ],
        requests=[
            {
                "reference": r.reference,
                "received_at": r.received_at,
                "status": r.status,
                "first_contact_on": r.first_contact_on,
            }
            for r in overview.requests
        ],
        external_involvements=[
            {
                "person": i.person.public_id,
                "kind": i.kind,
                "organisation": i.organisation,
                "since": i.since,
                "until": i.until,
            }
            for i in overview.involvements
        ],
        adult_service_links=[
            {"person": a.person.public_id, "service": a.service, "since": a.since, "note": a.note}
            for a in overview.adult_links
        ],
        plan_version=overview.plan.number if overview.plan else None,
    )
    return body


def _plan(version: PlanVersion, latest: int) -> dict[str, Any]:
    today = timezone.localdate()
    content = plan_content_load(version.content)
    return {
        "version": version.number,
        "latest_version": latest,
        "created_at": version.created_at,
        "created_by": _user_ref(version.created_by),
        "content": {
            "goals": [
                {
                    "id": g.id,
                    "subject": g.subject,
                    "text": g.text,
                    "scores": [{"date": s.on, "score": s.score, "kind": s.kind} for s in g.scores],
                }
                for g in content.goals
            ],
            "agreements": [
                {
                    "id": a.id,
                    "who": a.who,
                    "what": a.what,
                    "due": a.due,
                    "done": a.done,
                    "overdue": a.is_overdue(today),
                }
                for a in content.agreements
            ],
            "network": [
                {"name": n.name, "relation": n.relation, "contact": n.contact}
                for n in content.network
            ],
            "next_evaluation": content.next_evaluation,
        },
        "agreed_on": version.agreed_on,
        "agreed_by": version.agreed_by,
        "consent_parent": version.consent_parent,
        "consent_youth": version.consent_youth,
    }


def _entry(entry: JournalEntry) -> dict[str, Any]:
    return {
        "id": entry.public_id,
        "on": entry.on,
        "kind": entry.kind,
        "duration_minutes": entry.duration_minutes,
        "with_whom": entry.with_whom,
        "note": entry.note,
        "author": _user_ref(entry.author),
        "created_at": entry.created_at,
    }


class CaseList(generics.ListAPIView[Case]):
    permission_classes = [perm_required(Perm.CASE_LIST)]
    serializer_class = CaseSummarySerializer
    pagination_class = Pagination

    def get_queryset(self) -> QuerySet[Case]:
        status_filter = self.request.query_params.get("status") or STATUS_ALL
        return cases_list_for(user=_user(self.request), status=status_filter)

    @extend_schema(
        summary="Casussen die ik mag zien",
        description=(
            "Dezelfde casussen als de pagina 'Mijn casussen': als regiehouder, als lid van "
            "het casusteam binnen de eigen periode, of als teamleider van het team van de "
            "casus. Nieuwste eerst; met `limit` en `offset` per pagina. Het lezen komt in "
            "het toegangslog."
        ),
        tags=TAGS,
        parameters=[
            OpenApiParameter(
                "status",
                str,
                enum=["open", "all", "aangemeld", "in_behandeling", "afgesloten"],
                description="Filter op status; standaard `all`.",
            )
        ],
        responses={200: CaseSummarySerializer(many=True), **_ERRORS},
    )
    def get(self, request: ApiRequest, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None
        cases_list_log(user=_user(request), cases=page, event="case.api_list")
        today = timezone.localdate()
        data = CaseSummarySerializer([_summary(c, today) for c in page], many=True).data
        return self.get_paginated_response(data)


class CaseDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Eén casus",
        description=(
            "Het gezin (met leeftijden), status, regiehouder, casusteam met periodes, de "
            "aanmeldingen, betrokkenheid buiten het contract en links met volwassenenzorg. "
            "Een casus die u niet mag zien geeft hetzelfde antwoord als een casus die niet "
            "bestaat (404)."
        ),
        tags=TAGS,
        parameters=[_CASE_ID],
        responses={200: CaseDetailSerializer, **_ERRORS},
    )
    def get(self, request: ApiRequest, case_id: UUID) -> Response:
        case = case_get_for(user=_user(request), public_id=case_id, purpose="API: casus")
        return Response(CaseDetailSerializer(_detail(case)).data)


class CasePlan(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Het plan van een casus",
        description=(
            "De laatste versie van het plan, of versie `version`. Oude versies veranderen "
            "nooit. 404 als er (nog) geen plan of geen versie met dat nummer is."
        ),
        tags=TAGS,
        parameters=[
            _CASE_ID,
            OpenApiParameter("version", int, description="Nummer van de versie (1, 2, …)."),
        ],
        responses={200: PlanVersionSerializer, **_ERRORS},
    )
    def get(self, request: ApiRequest, case_id: UUID) -> Response:
        case = case_get_for(user=_user(request), public_id=case_id, purpose="API: plan")
        raw = request.query_params.get("version")
        number = int(raw) if raw and raw.isdigit() else None
        if raw and number is None:
            raise NotFoundOrNotAllowed()
        version = plan_version_get(case=case, number=number)
        if version is None:
            raise NotFoundOrNotAllowed()
        latest = plan_latest_number(case=case)
        return Response(PlanVersionSerializer(_plan(version, latest)).data)


class CaseJournal(APIView):
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination

    @extend_schema(
        summary="Journaal van een casus",
        description="Contacten, nieuwste eerst; met `limit` en `offset` per pagina.",
        tags=TAGS,
        parameters=[
            _CASE_ID,
            OpenApiParameter("limit", int, description="Aantal per pagina."),
            OpenApiParameter("offset", int, description="Beginnen na zoveel contacten."),
        ],
        responses={200: JournalPageSerializer, **_ERRORS},
    )
    def get(self, request: ApiRequest, case_id: UUID) -> Response:
        case = case_get_for(user=_user(request), public_id=case_id, purpose="API: journaal")
        paginator = Pagination()
        page = paginator.paginate_queryset(journal_for(case=case), request, view=self)
        assert page is not None
        data = JournalEntrySerializer([_entry(e) for e in page], many=True).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        summary="Contact vastleggen in het journaal",
        description=(
            "Voor de regiehouder en het casusteam binnen de eigen periode, zolang de casus "
            "open is. Het eerste contact met het gezin telt ook als eerste contact van de "
            "aanmelding(en) van de casus."
        ),
        tags=TAGS,
        parameters=[_CASE_ID],
        request=JournalEntryCreateSerializer,
        responses={
            201: JournalEntrySerializer,
            (400, PROBLEM_CONTENT_TYPE): _PROBLEM,
            **_ERRORS,
        },
    )
    def post(self, request: ApiRequest, case_id: UUID) -> Response:
        user = _user(request)
        case = case_get_for(
            user=user, public_id=case_id, perm=Perm.CASE_EDIT, purpose="API: journaal bijwerken"
        )
        serializer = JournalEntryCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = journal_add(actor=user, case=case, **serializer.validated_data)
        return Response(JournalEntrySerializer(_entry(entry)).data, status=status.HTTP_201_CREATED)
