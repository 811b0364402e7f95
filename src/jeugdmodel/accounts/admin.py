"""Functional-management screens for accounts and team memberships."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import TeamMembership, User


class TeamMembershipInline(admin.TabularInline[TeamMembership, User]):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ["team"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active", "organisation"]
    search_fields = ["username", "first_name", "last_name", "email"]
    inlines = [TeamMembershipInline]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
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
    )
