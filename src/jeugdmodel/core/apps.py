from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jeugdmodel.core"
    label = "core"
    verbose_name = _("Kern")

    def ready(self) -> None:
        from django.db.models import IntegerField

        from .lookups import IntegerFieldIn

        IntegerField.register_lookup(IntegerFieldIn)
