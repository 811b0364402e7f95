"""The admin screens for functional admins, behind the same login and access rules as
every other page: no admin login of its own, and "not found" for everyone else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from .access import Perm, can


class JeugdmodelAdminSite(AdminSite):
    site_header = "Jeugdmodel – functioneel beheer"
    site_title = "Jeugdmodel beheer"
    index_title = "Functioneel beheer"

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_staff) and can(request.user, Perm.ADMIN_SITE)

    def admin_view(self, view: Callable[..., Any], cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not self.has_permission(request):
                raise Http404
            response: HttpResponse = inner(request, *args, **kwargs)
            return response

        return guarded

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        if request.user.is_authenticated:
            raise Http404
        return redirect_to_login(request.GET.get("next", "/"))
