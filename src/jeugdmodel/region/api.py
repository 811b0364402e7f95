"""Read-only region API for functional admins and their systems."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.api_permissions import perm_required

from .models import Municipality, Region, Team
from .serializers import MunicipalitySerializer, RegionSerializer, TeamSerializer

_READ = [perm_required(Perm.REGION_API)]


@extend_schema_view(get=extend_schema(summary="Regio's", tags=["regio"]))
class RegionList(generics.ListAPIView):
    permission_classes = _READ
    serializer_class = RegionSerializer
    queryset = Region.objects.order_by("code")


@extend_schema_view(get=extend_schema(summary="Gemeenten met hun wijken", tags=["regio"]))
class MunicipalityList(generics.ListAPIView):
    permission_classes = _READ
    serializer_class = MunicipalitySerializer

    def get_queryset(self) -> QuerySet[Municipality]:
        return Municipality.objects.prefetch_related("districts").order_by("code")


@extend_schema_view(get=extend_schema(summary="Teams met wat zij dekken", tags=["regio"]))
class TeamList(generics.ListAPIView):
    permission_classes = _READ
    serializer_class = TeamSerializer

    def get_queryset(self) -> QuerySet[Team]:
        return (
            Team.objects.select_related("municipality", "organisation")
            .prefetch_related("districts", "postcodes")
            .order_by("code")
        )
