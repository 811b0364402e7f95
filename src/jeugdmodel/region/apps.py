from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RegionConfig(AppConfig):
    name = "jeugdmodel.region"
    label = "region"
    verbose_name = _("Regio")

    def ready(self) -> None:
        post_migrate.connect(_ensure_base_list, sender=self, dispatch_uid="region.base_list")


def _ensure_base_list(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """The national base list of help forms is reference data (a region file's
    ``ijw_products`` may name it): put back what is missing after a flush, as Django does
    for content types. Normally a no-op (migration 0004 seeded it)."""
    import importlib

    from .models import HelpForm

    base = importlib.import_module("jeugdmodel.region.migrations.0004_help_form_base_list")
    present = set(
        HelpForm.objects.using(using).filter(region__isnull=True).values_list("code", flat=True)
    )
    HelpForm.objects.using(using).bulk_create(
        HelpForm(
            region=None,
            code=code,
            name=name,
            level=level,
            with_stay=with_stay,
            active=True,
            source=base.SOURCE,
        )
        for code, name, level, with_stay in base.BASE_LIST
        if code not in present
    )
