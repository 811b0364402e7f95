from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "jeugdmodel.reports"
    label = "reports"
    verbose_name = _("Raadsrapportages")

    def ready(self) -> None:
        from jeugdmodel.jobs.api import schedule

        from .jobs import reports_cleanup

        schedule(name="reports.cleanup", task=reports_cleanup, cron="30 3 * * *")
