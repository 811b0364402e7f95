from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The rooms above the domain apps: pages that bring several of them together (the home
    page of every role, the API documentation). Nothing below imports this app."""

    name = "jeugdmodel.workspace"
    label = "workspace"
    verbose_name = _("Werkplek")

    def ready(self) -> None:
        from jeugdmodel.steering.selectors import dashboard_panel_register

        from .continuity import continuity_tables

        dashboard_panel_register("workspace/continuity.html", continuity_tables)
