from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "jeugdmodel.cases"
    label = "cases"
    verbose_name = _("Casussen")

    def ready(self) -> None:
        from jeugdmodel.jobs.api import schedule

        from .jobs import documents_cleanup

        schedule(name="cases.documents_cleanup", task=documents_cleanup, cron="20 * * * *")
