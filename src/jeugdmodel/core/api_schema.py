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


def idempotency_key_header(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular hook: every POST documents the Idempotency-Key header that
    core/idempotency.py honours, and its 409 and 422 answers."""
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for methods in result.get("paths", {}).values():
        post = methods.get("post")
        if post is None:
            continue
        post.setdefault("parameters", []).append(
            {
                "in": "header",
                "name": "Idempotency-Key",
                "required": False,
                "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                "description": str(
                    _(
                        "Optioneel. Hetzelfde verzoek met dezelfde sleutel wordt één keer "
                        "uitgevoerd; een herhaling krijgt het eerste antwoord terug (kop "
                        "Idempotent-Replayed: true). Een andere inhoud met dezelfde sleutel "
                        "geeft 422."
                    )
                ),
            }
        )
        responses = post.setdefault("responses", {})
        responses.setdefault(
            "409",
            {"description": str(_("Een verzoek met deze sleutel loopt nog.")), "content": problem},
        )
        responses.setdefault(
            "422",
            {
                "description": str(_("Deze sleutel is al gebruikt voor een ander verzoek.")),
                "content": problem,
            },
        )
    return result
