"""Requests for inzage (AVG art. 15, Jeugdwet 7.3.10): who asked, for whom, how the
requester was identified, the legal term, and the package that answers it (decision 0083)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jeugdmodel.families.models import Person


class Requester(models.TextChoices):
    PARENT = "parent", _("ouder met gezag")
    YOUTH = "youth", _("de jeugdige zelf")


class Identification(models.TextChoices):
    ID_DOCUMENT = "id_document", _("identiteitsbewijs getoond en vergeleken")
    DIGID = "digid", _("ingelogd met DigiD")
    KNOWN = "known", _("persoonlijk bekend bij de regiehouder, die het bevestigde")


class InzageStatus(models.TextChoices):
    OPEN = "open", _("in behandeling")
    PRODUCING = "producing", _("pakket wordt gemaakt")
    READY = "ready", _("pakket klaar")


class InzageRequest(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="inzage_requests",
        verbose_name=_("betrokkene"),
    )
    requester = models.CharField(_("verzoek van"), max_length=10, choices=Requester.choices)
    requester_name = models.CharField(_("naam van de verzoeker"), max_length=200)
    identified_by = models.CharField(
        _("geïdentificeerd met"), max_length=20, choices=Identification.choices
    )
    identification_note = models.CharField(_("toelichting identificatie"), max_length=300)
    received_on = models.DateField(_("ontvangen op"))
    due_on = models.DateField(_("uiterlijk klaar op"))
    status = models.CharField(
        _("status"), max_length=10, choices=InzageStatus.choices, default=InzageStatus.OPEN
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    reminded_at = models.DateTimeField(_("herinnering gestuurd op"), null=True, blank=True)
    job_id = models.CharField(_("taak"), max_length=64, blank=True)
    produced_at = models.DateTimeField(_("pakket gemaakt op"), null=True, blank=True)
    package_pdf = models.BinaryField(_("pakket (PDF)"), null=True, blank=True)
    package_json = models.TextField(_("pakket (JSON)"), blank=True)

    class Meta:
        verbose_name = _("inzageverzoek")
        verbose_name_plural = _("inzageverzoeken")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="inzage_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gt=models.F("received_on")),
                name="inzage_due_after_received",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.public_id} ({self.get_status_display()})"
