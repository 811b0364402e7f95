"""The admin screens for functional admins, behind the same login and access rules as
every other page: no admin login of its own, and "not found" for everyone else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from .access import Perm, can


class JeugdmodelAdminSite(AdminSite):
    site_header = "Jeugdmodel – functioneel beheer"
    site_title = "Jeugdmodel beheer"
    index_title = "Functioneel beheer"

    #: Dutch names for the apps and models of libraries that ship English (or no) names.
    APP_NAMES: dict[str, Any] = {
        "accounts": _("Gebruikers en teams"),
        "authtoken": _("API-tokens"),
        "axes": _("Inlogpogingen en blokkades"),
    }
    MODEL_NAMES: dict[tuple[str, str], Any] = {
        ("authtoken", "tokenproxy"): _("API-tokens"),
        ("authtoken", "token"): _("API-tokens"),
        ("axes", "accessattempt"): _("mislukte inlogpogingen (blokkades)"),
        ("axes", "accesslog"): _("inloggeschiedenis"),
        ("axes", "accessfailurelog"): _("mislukte logins"),
    }

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[Any]:
        apps = super().get_app_list(request, app_label)
        for app in apps:
            label = app["app_label"]
            app["name"] = str(self.APP_NAMES.get(label, app["name"]))
            for model in app["models"]:
                key = (label, model["object_name"].lower())
                if key in self.MODEL_NAMES:
                    model["name"] = str(self.MODEL_NAMES[key])
        return apps

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
