from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "jeugdmodel.ops"
    label = "ops"
    verbose_name = _("Beheer en bewaking")

    def ready(self) -> None:
        from . import metrics  # noqa: F401  (login counters and the job collector)
