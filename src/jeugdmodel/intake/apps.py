from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "jeugdmodel.intake"
    label = "intake"
    verbose_name = _("Aanmelden")

    def ready(self) -> None:
        from jeugdmodel.jobs.api import schedule

        from .jobs import requests_escalate

        schedule(name="intake.escalate_overdue", task=requests_escalate, cron="*/15 * * * *")
