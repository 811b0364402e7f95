"""The letters about the switch: the template (one row per version), a batch (one bulk run
as a background job) and each letter as it was sent to a family.

A template version is never changed: saving makes the next version, so every letter
points at the exact text it was made from. Files (each PDF, the batch's zip) live under
MEDIA_ROOT with a random name and leave only through the checked download views.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def letter_storage_name(instance: models.Model, filename: str) -> str:
    """A random name: the readable name is made at download time."""
    return f"letters/{uuid.uuid4().hex}"


class LetterTemplate(models.Model):
    """One version of the letter's text. The newest version is the one in use."""

    version = models.PositiveIntegerField(_("versie"), unique=True)
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("tekst"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bijgewerkt door"),
    )
    created_at = models.DateTimeField(_("bijgewerkt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("briefsjabloon overstap")
        verbose_name_plural = _("briefsjablonen overstap")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"v{self.version}: {self.subject}"


class LetterBatchStatus(models.TextChoices):
    QUEUED = "queued", _("in de wachtrij")
    RUNNING = "running", _("wordt gemaakt")
    DONE = "done", _("klaar")
    FAILED = "failed", _("mislukt")


class LetterBatch(models.Model):
    """One bulk run: a letter for every family with running care, and a zip of them all."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="batches")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("aangevraagd door"),
    )
    letter_date = models.DateField(_("datum van de brieven"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=LetterBatchStatus.choices,
        default=LetterBatchStatus.QUEUED,
    )
    job_id = models.UUIDField(null=True, blank=True, editable=False)
    families_total = models.PositiveIntegerField(_("aantal gezinnen"), default=0)
    archive = models.FileField(_("zip"), upload_to=letter_storage_name, max_length=200, blank=True)
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("reeks brieven overstap")
        verbose_name_plural = _("reeksen brieven overstap")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%d-%m-%Y %H:%M} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in (LetterBatchStatus.QUEUED, LetterBatchStatus.RUNNING)


class FamilyLetter(models.Model):
    """A letter about the switch as made for one family: on the family for good."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    batch = models.ForeignKey(LetterBatch, on_delete=models.PROTECT, related_name="letters")
    family = models.ForeignKey(
        "families.Family", on_delete=models.PROTECT, related_name="transition_letters"
    )
    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("onderwerp"), max_length=300)
    pdf = models.FileField(_("PDF"), upload_to=letter_storage_name, max_length=200)
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("brief overstap")
        verbose_name_plural = _("brieven overstap")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "family"], name="family_letter_once_per_batch")
        ]

    def __str__(self) -> str:
        return self.subject
