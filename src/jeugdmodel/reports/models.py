"""A council report job: who asked for which municipality and quarter, how far the build
is, and the two files it produced. The files live under MEDIA_ROOT with a random name and
are sent only through the checked download view (like case documents)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jeugdmodel.steering.periods import PeriodCodeError, period_parse


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("in de wachtrij")
    RUNNING = "running", _("wordt gemaakt")
    DONE = "done", _("klaar")
    FAILED = "failed", _("mislukt")
    EXPIRED = "expired", _("bestanden verwijderd (te oud)")


class ReportStep(models.TextChoices):
    """What the build is doing now (shown next to the progress bar)."""

    WAITING = "waiting", _("Wacht op zijn beurt")
    FIGURES = "figures", _("Cijfers ophalen")
    PDF = "pdf", _("PDF opmaken")
    ODT = "odt", _("ODT-document opmaken")
    SAVING = "saving", _("Bestanden opslaan")
    DONE = "done", _("Klaar")


#: Statuses of a job that is not finished yet.
ACTIVE_STATUSES = (ReportStatus.QUEUED, ReportStatus.RUNNING)


def report_storage_name(instance: CouncilReport, filename: str) -> str:
    """A random name: the readable name is made at download time."""
    return f"reports/{uuid.uuid4().hex}"


class CouncilReport(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("aangevraagd door"),
    )
    municipality = models.ForeignKey(
        "region.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gemeente"),
    )
    #: The quarter as a period code, e.g. "2025-Q3" (steering.periods).
    period = models.CharField(_("kwartaal"), max_length=7)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    #: The background job that builds it now; only that job may finish it (jobs app).
    job_id = models.UUIDField(null=True, blank=True, editable=False)
    step = models.CharField(
        _("stap"), max_length=10, choices=ReportStep.choices, default=ReportStep.WAITING
    )
    progress = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    #: Why the build failed (Dutch, safe to show); empty otherwise.
    message = models.CharField(_("melding"), max_length=500, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=report_storage_name, max_length=200, blank=True)
    odt = models.FileField(_("ODT"), upload_to=report_storage_name, max_length=200, blank=True)
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    #: Touched at every step: a running job whose heartbeat is old has lost its process.
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("raadsrapportage")
        verbose_name_plural = _("raadsrapportages")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_max"),
            # Both files or none: a report is never left with half its files.
            models.CheckConstraint(
                condition=(Q(status=ReportStatus.DONE) & ~Q(pdf="") & ~Q(odt=""))
                | (~Q(status=ReportStatus.DONE) & Q(pdf="") & Q(odt="")),
                name="report_files_when_done",
            ),
        ]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="report_user_list")]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.period} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def period_label(self) -> str:
        """ "3e kwartaal 2025"; the code itself when it is not a period."""
        try:
            return period_parse(self.period).label
        except PeriodCodeError:
            return self.period
