from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringConfig(AppConfig):
    name = "jeugdmodel.steering"
    label = "steering"
    verbose_name = _("Sturingsinformatie")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the change tracking)
