"""The home page per role, and a health check for the process manager."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.selectors import own_memberships
from jeugdmodel.core.views import access_required, public


@access_required(Perm.HOME_VIEW)
def home(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    context = {
        "memberships": [m for m in own_memberships(user=user) if m.valid_to is None],
        "role": user.role,
    }
    return render(request, "core/home.html", context)


@public
def health(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
