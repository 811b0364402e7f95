from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransitionConfig(AppConfig):
    name = "jeugdmodel.transition"
    label = "transition"
    verbose_name = _("Overstap en overdracht")
