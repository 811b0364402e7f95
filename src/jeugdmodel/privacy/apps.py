from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "jeugdmodel.privacy"
    label = "privacy"
    verbose_name = _("Privacy: inzage")

    def ready(self) -> None:
        from jeugdmodel.jobs.api import schedule

        from .jobs import inzage_reminders

        schedule(name="privacy.inzage_reminders", task=inzage_reminders, cron="0 7 * * *")
