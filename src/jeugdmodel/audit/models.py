"""The access log (NEN 7513-style): who, in which role and organisation, did what with whose
record, when, why, from where. Append-only: the model refuses update and delete, and on
PostgreSQL a trigger enforces the same (migration 0002)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    READ = "read", _("inzien")
    CREATE = "create", _("aanmaken")
    UPDATE = "update", _("wijzigen")
    DELETE = "delete", _("verwijderen")
    EXPORT = "export", _("exporteren")
    EMERGENCY = "emergency", _("noodtoegang")
    # A security event: something was asked and refused (an emergency access without a
    # reason, a search that found nothing to open). Nothing was shown or changed.
    REFUSED = "refused", _("geweigerd")


class AppendOnlyError(Exception):
    """The access log cannot be changed or deleted."""


class AccessLogQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Het toegangslog kan niet worden gewijzigd.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Het toegangslog kan niet worden verwijderd.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AppendOnlyError("Het toegangslog kan niet worden gewijzigd.")


class AppendOnlyModel(models.Model):
    """Rows can be added, never changed or deleted (the database enforces it too)."""

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Het toegangslog kan niet worden gewijzigd.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Het toegangslog kan niet worden verwijderd.")


class AccessLogEntry(AppendOnlyModel):
    # Plain copies, no foreign keys: the log must outlive users, records and organisations.
    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    user_id = models.BigIntegerField(_("gebruiker-id"), null=True, blank=True, db_index=True)
    username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    role = models.CharField(_("rol"), max_length=40, blank=True)
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    action = models.CharField(_("handeling"), max_length=12, choices=AccessAction.choices)
    event = models.CharField(_("gebeurtenis"), max_length=80, blank=True)
    record_type = models.CharField(_("soort gegeven"), max_length=60)
    record_id = models.CharField(_("kenmerk gegeven"), max_length=64, blank=True, db_index=True)
    reason = models.TextField(_("reden"), blank=True)
    request_id = models.CharField(_("verzoek-id"), max_length=64, blank=True)
    client_request_id = models.CharField(
        _("verzoek-id van de afzender"),
        max_length=64,
        blank=True,
        help_text=_("Wat de afzender als X-Request-ID meestuurde; niet door ons gemaakt."),
    )
    client_address = models.GenericIPAddressField(_("adres"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("regel in het toegangslog")
        verbose_name_plural = _("toegangslog")
        ordering = ["-at", "-id"]
        # One index per search the privacy officer's review offers (decision 0078): each
        # filter narrows to its rows, newest first, without reading the table.
        indexes = [
            models.Index(fields=["record_type", "record_id"]),
            models.Index(fields=["username", "-at"], name="log_username_at"),
            models.Index(fields=["organisation", "-at"], name="log_organisation_at"),
            models.Index(fields=["action", "-at"], name="log_action_at"),
            models.Index(fields=["record_id", "-at"], name="log_record_at"),
        ]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.record_type}"


class AccessLogSubject(AppendOnlyModel):
    """A person a log row is about (internal id), one row each, so "who saw the file of
    person X" is an indexed query. Append-only like its entry."""

    entry = models.ForeignKey(
        AccessLogEntry, on_delete=models.DO_NOTHING, related_name="subjects", db_constraint=True
    )
    subject_id = models.BigIntegerField(_("betrokkene (interne id)"), db_index=True)

    class Meta:
        verbose_name = _("betrokkene in het toegangslog")
        verbose_name_plural = _("betrokkenen in het toegangslog")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(fields=["entry", "subject_id"], name="log_subject_unique")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}:{self.subject_id}"
