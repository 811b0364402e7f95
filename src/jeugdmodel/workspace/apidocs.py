"""A plain, accessible documentation page generated from the OpenAPI document.

Swagger UI and Redoc need inline styles or scripts, which our Content-Security-Policy
forbids; this page renders the same document server-side instead."""

from __future__ import annotations

import functools
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.decorators import access_required

_METHODS = ("get", "post", "put", "patch", "delete")


@functools.cache
def _schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    ops = []
    for path, item in sorted(schema.get("paths", {}).items()):
        for method in _METHODS:
            op = item.get(method)
            if op is None:
                continue
            ops.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary") or op.get("operationId", ""),
                    "description": op.get("description", ""),
                    "tags": ", ".join(op.get("tags", [])),
                    "parameters": [
                        {
                            "name": p.get("name"),
                            "in": p.get("in"),
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "responses": sorted(op.get("responses", {}).keys()),
                }
            )
    return ops


@access_required(Perm.API_DOCS_VIEW)
def api_docs(request: HttpRequest) -> HttpResponse:
    schema = _schema()
    return render(
        request,
        "workspace/api_docs.html",
        {"info": schema.get("info", {}), "operations": _operations(schema)},
    )
