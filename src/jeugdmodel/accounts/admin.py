"""Functional-management screens for accounts and team memberships.

Admin power is bounded and visible (decision 0030): nobody changes the role, organisation,
status or teams of their own account, nor sets their own password here; rights follow the
role; a password set by an admin must be replaced at the next login, with the second factor
linked again; and every look at or change of an account goes to the access log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import AdminForm
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_totp.models import TOTPDevice

from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.core.errors import DomainError

from .models import TeamMembership, User
from .services import (
    ACCESS_FIELDS,
    membership_admin_delete,
    membership_admin_save,
    user_admin_delete,
    user_admin_save,
    user_password_reset,
)


def _is_own(request: HttpRequest, obj: object) -> bool:
    return isinstance(obj, User) and obj.pk is not None and obj.pk == request.user.pk


class TeamMembershipInline(admin.TabularInline[TeamMembership, User]):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ["team"]

    # One's own teams are shown, never changed (another admin does that).
    def has_add_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return not _is_own(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return not _is_own(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return not _is_own(request, obj) and super().has_delete_permission(request, obj)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active", "organisation"]
    search_fields = ["username", "first_name", "last_name", "email"]
    inlines = [TeamMembershipInline]
    readonly_fields = ["last_login", "date_joined", "password_change_required"]
    # Rights follow the role: no superuser, staff, group or permission fields here.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Persoonsgegevens"), {"fields": ("first_name", "last_name", "email")}),
        (
            _("Jeugdmodel"),
            {
                "fields": (
                    "role",
                    "organisation",
                    "municipality",
                    "expertise",
                    "languages",
                    "caseload_capacity",
                    "fte",
                )
            },
        ),
        (
            _("Status"),
            {"fields": ("is_active", "password_change_required", "last_login", "date_joined")},
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2"),
            },
        ),
        (
            _("Jeugdmodel"),
            {
                "classes": ("wide",),
                "fields": (
                    "first_name",
                    "last_name",
                    "email",
                    "role",
                    "organisation",
                    "municipality",
                ),
            },
        ),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if _is_own(request, obj):
            fields += sorted(ACCESS_FIELDS & {"role", "organisation", "municipality", "is_active"})
        return fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _is_own(request, obj) and super().has_delete_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: User, form: ModelForm[User], change: bool
    ) -> None:
        try:
            user_admin_save(
                actor=request.user,  # type: ignore[arg-type]
                user=obj,
                changed=form.changed_data,
                adding=not change,
            )
        except DomainError as exc:
            raise PermissionDenied(str(exc.message)) from exc

    def save_formset(
        self,
        request: HttpRequest,
        form: Any,
        formset: BaseInlineFormSet[Any, Any, Any],
        change: bool,
    ) -> None:
        actor: User = request.user  # type: ignore[assignment]
        try:
            for membership in formset.save(commit=False):
                adding = membership.pk is None
                membership_admin_save(actor=actor, membership=membership, adding=adding)
            for membership in formset.deleted_objects:
                membership_admin_delete(actor=actor, membership=membership)
        except DomainError as exc:
            raise PermissionDenied(str(exc.message)) from exc
        formset.save_m2m()

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        try:
            user_admin_delete(actor=request.user, user=obj)  # type: ignore[arg-type]
        except DomainError as exc:
            raise PermissionDenied(str(exc.message)) from exc

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            self.delete_model(request, user)

    # -- reads of personal data (names, e-mail, teams) go to the access log ----------------

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if response.status_code == 200:
            access_log_write(
                actor=request.user,  # type: ignore[arg-type]
                action=AccessAction.READ,
                record_type="user_list",
                event="admin.user.list",
            )
        return response

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: Any = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        user = self.get_object(request, unquote(object_id))
        if request.method == "GET" and response.status_code == 200 and user is not None:
            access_log_write(
                actor=request.user,  # type: ignore[arg-type]
                action=AccessAction.READ,
                record_type="user",
                record_id=user.public_id,
                event="admin.user.view",
            )
        return response

    # -- another user's password ------------------------------------------------------------

    @method_decorator(sensitive_post_parameters())
    @method_decorator(csrf_protect)
    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Set another user's password through `user_password_reset`: they choose a new
        one at the next login, link their second factor again and lose their sessions."""
        user = self.get_object(request, unquote(id))
        if user is None or _is_own(request, user) or not self.has_change_permission(request, user):
            raise Http404
        form = AdminPasswordChangeForm(user, request.POST or None)
        if request.method == "POST" and form.is_valid():
            usable = bool(form.cleaned_data.get("set_usable_password", True))
            user_password_reset(
                actor=request.user,  # type: ignore[arg-type]
                user=user,
                password=form.cleaned_data["password1"] if usable else None,
            )
            messages.success(
                request,
                gettext(
                    "Het wachtwoord is ingesteld. De gebruiker kiest bij de volgende keer "
                    "inloggen een nieuw wachtwoord en koppelt de authenticator-app opnieuw; "
                    "alle sessies van de gebruiker zijn beëindigd."
                ),
            )
            return HttpResponseRedirect(
                reverse(f"{self.admin_site.name}:accounts_user_change", args=(user.pk,))
            )
        fieldsets = [(None, {"fields": list(form.base_fields)})]
        admin_form = AdminForm(form, fieldsets, {})  # type: ignore[arg-type]  # as Django does
        context = {
            "title": gettext("Wachtwoord instellen: %s") % escape(user.get_username()),
            "adminForm": admin_form,
            "form_url": form_url,
            "form": form,
            "is_popup": IS_POPUP_VAR in request.POST or IS_POPUP_VAR in request.GET,
            "is_popup_var": IS_POPUP_VAR,
            "add": True,
            "change": False,
            "has_delete_permission": False,
            "has_change_permission": True,
            "has_absolute_url": False,
            "opts": self.opts,
            "original": user,
            "save_as": False,
            "show_save": True,
            **self.admin_site.each_context(request),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/auth/user/change_password.html", context)


# Rights follow the role (accounts/access.py): groups with raw permissions are not used, and
# a second factor is wiped on the user list (`second_factor_reset`, logged), not by editing
# authenticator devices and their secret keys.
for _model in (Group, TOTPDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
