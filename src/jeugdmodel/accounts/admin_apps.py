"""The admin app with our own site (kept apart: app configs may not import models)."""

from django.contrib.admin.apps import AdminConfig


class JeugdmodelAdminConfig(AdminConfig):
    default_site = "jeugdmodel.accounts.admin_site.JeugdmodelAdminSite"
