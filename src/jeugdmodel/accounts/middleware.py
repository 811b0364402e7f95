"""Second factor required: a logged-in user who has not passed TOTP reaches only the
two-factor pages (and logout, static files, language switch). After that, a user whose
password an admin set reaches only the page to choose their own password."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import user_has_device

_ALWAYS_OPEN_PREFIXES = ("/static/", "/i18n/")


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.REQUIRE_2FA
            and user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]
            and not self._is_open(request.path)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "type": "about:blank",
                        "title": _("Niet ingelogd"),
                        "status": 401,
                        "detail": _("Log in met uw tweede factor, of gebruik een API-token."),
                    },
                    status=401,
                    content_type="application/problem+json",
                )
            target = "accounts:otp_verify" if user_has_device(user) else "accounts:otp_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        if (
            user.is_authenticated
            and getattr(user, "password_change_required", False)
            and not self._is_open(request.path)
            and request.path != reverse("accounts:password_change")
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "type": "about:blank",
                        "title": _("Nieuw wachtwoord nodig"),
                        "status": 403,
                        "detail": _("Kies eerst in Jeugdmodel een nieuw wachtwoord."),
                    },
                    status=403,
                    content_type="application/problem+json",
                )
            target = reverse("accounts:password_change")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _is_open(path: str) -> bool:
        if path.startswith(_ALWAYS_OPEN_PREFIXES):
            return True
        return path in {
            reverse("accounts:otp_verify"),
            reverse("accounts:otp_setup"),
            reverse("accounts:logout"),
            reverse("accounts:login"),
        }
