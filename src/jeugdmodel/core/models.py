"""What core stores: the one-time form tokens and API idempotency keys (core/idempotency.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionKind(models.TextChoices):
    FORM = "form", _("formulier")
    API = "api", _("API")


class Submission(models.Model):
    """One write request that was let through once. A second request with the same form
    token or Idempotency-Key gets the first one's answer instead of writing again.

    `key` is a hash of the scope (user or API credential) and the client's token: the
    client's value itself is not kept. `fingerprint` is a hash of method, path and body
    (API only): the same key with another body is refused. `finished_at` is empty while the
    first request is still being handled. Rows are removed after a day."""

    key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=4, choices=SubmissionKind.choices)
    fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    location = models.CharField(max_length=2000, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(blank=True, default=b"")

    class Meta:
        verbose_name = _("verzending")
        verbose_name_plural = _("verzendingen")

    def __str__(self) -> str:
        return f"{self.kind} {self.key[:12]}"
