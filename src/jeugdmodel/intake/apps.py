from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "jeugdmodel.intake"
    label = "intake"
    verbose_name = _("Aanmelden")

    def ready(self) -> None:
        from jeugdmodel.cases.signals import family_contact_recorded

        from .receivers import record_first_contact

        family_contact_recorded.connect(
            record_first_contact, dispatch_uid="intake.record_first_contact"
        )
