"""Login with a second factor, lockout, own account and the user list."""

from __future__ import annotations

import base64
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from jeugdmodel.accounts.decorators import access_required
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.core.errors import DomainError
from jeugdmodel.core.views import paginate, public

from .access import Perm, Relation
from .forms import ForgottenPasswordForm, LoginForm, NewPasswordForm, OwnPasswordForm, TokenForm
from .models import User
from .roles import Role
from .selectors import own_memberships, users_visible_to
from .services import (
    totp_device_confirm,
    totp_device_for_setup,
    user_password_change_own,
    user_password_reset_by_email,
    user_second_factor_reset,
)

USERS_PER_PAGE = 50


def _safe_next(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        user = self.request.user
        nxt = self.get_redirect_url() or settings.LOGIN_REDIRECT_URL
        if user_has_device(user):
            return _with_next("accounts:otp_verify", nxt)
        if settings.REQUIRE_2FA:
            return _with_next("accounts:otp_setup", nxt)
        return self.get_redirect_url() or "/"


def _with_next(name: str, nxt: str) -> str:
    if not nxt.startswith("/"):
        nxt = resolve_url(nxt)
    return f"{reverse(name)}?{urlencode({'next': nxt})}"


login_view = public(sensitive_post_parameters("password")(LoginView.as_view()))  # type: ignore[type-var]


@public
@require_http_methods(["POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("U bent uitgelogd."))
    return redirect("accounts:login")


@public
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Step two of login: the TOTP code."""
    user = request.user
    if not user_has_device(user):
        return redirect(_with_next("accounts:otp_setup", _safe_next(request)))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _matching_device(user, form.cleaned_data["token"])  # type: ignore[arg-type]
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error(
            "token",
            _("Deze code klopt niet of is verlopen. Wacht op de volgende code en probeer opnieuw."),
        )
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _safe_next(request)})


def _matching_device(user: User, token: str) -> TOTPDevice | None:
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        allowed, _data = device.verify_is_allowed()
        if allowed and device.verify_token(token):
            return device
    return None


@public
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Link an authenticator app: QR code and key, then confirm with a code."""
    user: User = request.user  # type: ignore[assignment]
    if user_has_device(user):
        return redirect(_with_next("accounts:otp_verify", _safe_next(request)))
    device = totp_device_for_setup(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            confirmed = totp_device_confirm(
                user=user, device=device, token=form.cleaned_data["token"]
            )
        except DomainError as exc:
            form.add_error("token", str(exc.message))
        else:
            otp_login(request, confirmed)
            messages.success(request, _("Uw authenticator-app is gekoppeld."))
            return redirect(_safe_next(request))
    key_b32 = base64.b32encode(device.bin_key).decode().rstrip("=")
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "next": _safe_next(request),
        "qr_data_uri": qr.svg_data_uri(scale=5, title=_("QR-code voor uw authenticator-app")),
        "key_b32": " ".join(key_b32[i : i + 4] for i in range(0, len(key_b32), 4)),
    }
    return render(request, "accounts/otp_setup.html", context)


def lockout_response(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Shown by django-axes after too many failed logins."""
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    return render(
        request,
        "accounts/locked.html",
        {"minutes": minutes, "limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


@access_required(Perm.OWN_ACCOUNT_VIEW, relations=[Relation.SELF])  # own account only
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return render(
        request,
        "accounts/profile.html",
        {
            "profile_user": user,
            "memberships": own_memberships(user=user),
            "has_device": user_has_device(user),
        },
    )


@access_required(Perm.OWN_ACCOUNT_VIEW, relations=[Relation.SELF])  # own account only
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """Choose a new password, with the current one. Required after an admin set it."""
    user: User = request.user  # type: ignore[assignment]
    form = OwnPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_password_change_own(user=user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        messages.success(request, _("Uw nieuwe wachtwoord is opgeslagen."))
        return redirect(_safe_next(request, default=reverse("accounts:profile")))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "next": _safe_next(request), "required": user.password_change_required},
        status=status,
    )


@access_required(Perm.USER_VIEW)
def user_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    role = request.GET.get("rol", "")
    if role not in Role.values:
        role = ""
    page, query = paginate(request, users_visible_to(user=user, role=role), USERS_PER_PAGE)
    access_log_write(
        actor=user,
        action=AccessAction.READ,
        record_type="user_list",
        event="user.list",
        details={"page": page.number, "role": role},
    )
    return render(
        request,
        "accounts/user_list.html",
        {"page": page, "roles": Role.choices, "selected_role": role, "query": query},
    )


# -- "wachtwoord vergeten": Django's password reset views, our templates and service -------
# The link in the e-mail is built from the address the request came in on (host and port).
# A new password never skips the second factor: after the reset the user logs in with the
# new password and is then asked for the code from their authenticator app.


class ForgottenPasswordView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = ForgottenPasswordForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class ForgottenPasswordDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class NewPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    post_reset_login = False
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        user_password_reset_by_email(user=form.user, password=form.cleaned_data["new_password1"])
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return redirect(self.get_success_url())

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class NewPasswordDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


password_reset = public(ForgottenPasswordView.as_view())  # type: ignore[type-var]
password_reset_done = public(ForgottenPasswordDoneView.as_view())
_confirm = sensitive_post_parameters("new_password1", "new_password2")(NewPasswordView.as_view())
password_reset_confirm = public(_confirm)  # type: ignore[type-var]
password_reset_complete = public(NewPasswordDoneView.as_view())


@access_required(Perm.USER_VIEW)
@require_http_methods(["GET", "POST"])
def second_factor_reset(request: HttpRequest, public_id: str) -> HttpResponse:
    """The functional admin removes another user's second factor (lost or new phone),
    after a confirmation page; the user links an authenticator app at the next login."""
    actor: User = request.user  # type: ignore[assignment]
    user = get_object_or_404(User, public_id=public_id)
    if request.method == "POST":
        try:
            removed = user_second_factor_reset(actor=actor, user=user)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return redirect("accounts:user_list")
        if removed:
            messages.success(
                request,
                _(
                    "De tweede factor van %(name)s is gewist. Bij de volgende keer inloggen "
                    "koppelt %(name)s de authenticator-app opnieuw."
                )
                % {"name": user},
            )
        else:
            messages.info(request, _("%(name)s had geen tweede factor gekoppeld.") % {"name": user})
        return redirect("accounts:user_list")
    return render(
        request,
        "accounts/second_factor_reset.html",
        {"subject": user, "own": user.pk == actor.pk, "has_device": user_has_device(user)},
    )
