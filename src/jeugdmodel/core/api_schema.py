"""The problem document (RFC 9457) as an OpenAPI schema, shared by every app's API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ProblemFieldSerializer(serializers.Serializer[Any]):
    field = serializers.CharField(help_text=_("Het veld, bijvoorbeeld children[0].bsn."))
    message = serializers.CharField()


class ProblemSerializer(serializers.Serializer[Any]):
    # A problem document (RFC 9457, application/problem+json), as core/api.py writes it.

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField(required=False)
    errors = ProblemFieldSerializer(many=True, required=False)  # type: ignore[assignment]


PROBLEM_RESPONSE = OpenApiResponse(
    ProblemSerializer, description="Probleemdocument (application/problem+json)."
)
