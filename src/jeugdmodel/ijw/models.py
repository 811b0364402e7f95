"""The outbox and inbox of iJw messages, and the register of starts and stops received.

Messages hold personal data (BSN, name, birth date): they are read through the pages of
this app only, with the access log.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OutState(models.TextChoices):
    WAITING = "waiting", _("wacht op verzenden")
    SENT = "sent", _("verzonden")
    ANSWERED = "answered", _("beantwoord (goedgekeurd)")
    REJECTED = "rejected", _("afgekeurd")
    FAILED = "failed", _("verzenden mislukt")


class OutboxMessage(models.Model):
    """A message to send. Written in the same transaction as the change that caused it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    message_type = models.CharField(_("berichtsoort"), max_length=5)
    identification = models.CharField(_("identificatie"), max_length=12)
    sender = models.CharField(_("afzender"), max_length=8)
    receiver = models.CharField(_("ontvanger"), max_length=8)
    content = models.BinaryField(_("bericht"))
    state = models.CharField(
        _("status"), max_length=10, choices=OutState.choices, default=OutState.WAITING
    )
    reason = models.TextField(_("reden"), blank=True)
    retour_codes = models.CharField(_("retourcodes"), max_length=200, blank=True)
    trajectory = models.ForeignKey(
        "care.Trajectory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ijw_messages",
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="ijw_messages"
    )
    answers = models.ForeignKey(
        "ijw.InboxMessage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="retours",
        help_text=_("Het binnengekomen bericht waar dit de retour van is."),
    )
    resend_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="resends"
    )
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("uitgaand iJw-bericht")
        verbose_name_plural = _("uitgaande iJw-berichten")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "message_type", "identification"],
                name="ijw_outbox_identification_unique",
            ),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in OutState]), name="ijw_outbox_state_known"
            ),
        ]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.message_type} {self.identification}"

    @property
    def file_name(self) -> str:
        return f"{self.message_type}-{self.sender}-{self.identification}.xml"


class InState(models.TextChoices):
    RECEIVED = "received", _("ontvangen")
    APPLIED = "applied", _("verwerkt")
    REJECTED = "rejected", _("afgekeurd")


class InboxMessage(models.Model):
    """A message received. Its effect and its retour are written in the transaction that
    marks it processed; (sender, type, identification) is applied at most once."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file_name = models.CharField(_("bestandsnaam"), max_length=255)
    digest = models.CharField(_("SHA-256"), max_length=64, unique=True)
    content = models.BinaryField(_("bericht"))
    message_type = models.CharField(_("berichtsoort"), max_length=5, blank=True)
    identification = models.CharField(_("identificatie"), max_length=12, blank=True)
    sender = models.CharField(_("afzender"), max_length=8, blank=True)
    state = models.CharField(
        _("status"), max_length=10, choices=InState.choices, default=InState.RECEIVED
    )
    problems = models.JSONField(_("fouten"), default=list, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("binnengekomen iJw-bericht")
        verbose_name_plural = _("binnengekomen iJw-berichten")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "message_type", "identification"],
                condition=Q(state="applied"),
                name="ijw_inbox_applied_once",
            ),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in InState]), name="ijw_inbox_state_known"
            ),
        ]
        indexes = [models.Index(fields=["sender", "message_type", "identification"])]

    def __str__(self) -> str:
        return f"{self.message_type or '?'} {self.identification or self.file_name}"


class CareNotice(models.Model):
    """One start or stop line applied from the inbox (the effect of JW305/JW307).

    The key is the provider, the client and product + start date (taakgericht) or the
    toewijzing + start date (the other variants). Unique per message and line: a message
    applied twice would fail here rather than count twice.
    """

    class Kind(models.TextChoices):
        START = "start", _("start")
        STOP = "stop", _("stop")

    message = models.ForeignKey(InboxMessage, on_delete=models.CASCADE, related_name="notices")
    line = models.PositiveIntegerField()
    kind = models.CharField(max_length=5, choices=Kind.choices)
    status = models.CharField(_("status aanlevering"), max_length=1)
    provider = models.CharField(_("aanbieder (AGB)"), max_length=8)
    bsn = models.CharField(_("BSN"), max_length=9)
    category = models.CharField(_("productcategorie"), max_length=2, blank=True)
    code = models.CharField(_("productcode"), max_length=5, blank=True)
    start = models.DateField(_("begindatum"))
    assignment_number = models.BigIntegerField(_("toewijzingnummer"), null=True, blank=True)
    end = models.DateField(_("einddatum"), null=True, blank=True)
    end_reason = models.CharField(_("reden beëindiging"), max_length=2, blank=True)

    class Meta:
        verbose_name = _("start- of stopmelding")
        verbose_name_plural = _("start- en stopmeldingen")
        ordering = ["message_id", "line"]
        constraints = [
            models.UniqueConstraint(fields=["message", "line"], name="ijw_notice_once"),
        ]
        indexes = [models.Index(fields=["provider", "bsn", "start"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.category} {self.code} {self.start}"
