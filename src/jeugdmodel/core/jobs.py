"""The core's background work: removing stored form tokens and idempotency keys."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jeugdmodel.jobs.api import JobContext, job


@job(max_attempts=3, label=_("Oude formulier- en idempotentiesleutels opruimen"))
def submissions_cleanup(context: JobContext) -> int:
    """Idempotent: a second run finds nothing older than a day."""
    from .idempotency import submissions_expire

    return submissions_expire()
