from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jeugdmodel.jobs"
    label = "jobs"
    verbose_name = _("Achtergrondtaken")

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (the jobs app's own scheduled work)
