"""What was imported from a previous system: one row per imported history file.

The fingerprint (SHA-256 of its records, so blank lines, line ends and white space around a
record do not count) makes a second import of the same records a no-op; the counts say what
it wrote (docs/history-format.md)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HistoryImport(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    fingerprint = models.CharField(_("SHA-256 van het bestand"), max_length=64, unique=True)
    file_name = models.CharField(_("bestandsnaam"), max_length=500)
    region_code = models.CharField(_("regio"), max_length=40)
    format_version = models.PositiveSmallIntegerField(_("formaatversie"))
    lines = models.PositiveIntegerField(_("regels"))
    counts = models.JSONField(_("geschreven rijen per soort"), default=dict)
    seconds = models.FloatField(_("duur in seconden"))
    imported_at = models.DateTimeField(_("geïmporteerd op"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geïmporteerd door"),
    )

    class Meta:
        verbose_name = _("historie-import")
        verbose_name_plural = _("historie-imports")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%d-%m-%Y})"

    @property
    def rows(self) -> int:
        return sum(int(v) for v in self.counts.values())
