from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamiliesConfig(AppConfig):
    name = "jeugdmodel.families"
    label = "families"
    verbose_name = _("Gezinnen")

    def ready(self) -> None:
        from jeugdmodel.audit.subjects import subject_resolver_register

        subject_resolver_register(_people_with_bsn)


def _people_with_bsn(text: str) -> list[int]:
    """The access-log search finds a person by BSN (audit knows no families)."""
    from .models import Person

    if not (text.isdigit() and len(text) == 9):
        return []
    return list(Person.objects.filter(bsn=text).values_list("pk", flat=True))
