from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringConfig(AppConfig):
    name = "jeugdmodel.steering"
    label = "steering"
    verbose_name = _("Sturingsinformatie")

    def ready(self) -> None:
        from jeugdmodel.jobs.api import schedule

        from . import signals  # noqa: F401  (connects the change tracking)
        from .jobs import steering_refresh_daily

        schedule(name="steering.refresh_daily", task=steering_refresh_daily, cron="15 2 * * *")
