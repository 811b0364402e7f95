"""Recurring housekeeping: removing finished jobs after their keep time, and the stored
form tokens and idempotency keys of the core (the core knows no job system; the job system
knows the core)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jeugdmodel.core.idempotency import submissions_expire

from .api import JobContext, job, schedule
from .services import jobs_purge


@job(max_attempts=3, label=_("Oude achtergrondtaken opruimen"))
def jobs_purge_daily(context: JobContext) -> int:
    return jobs_purge()


schedule(name="jobs.purge", task=jobs_purge_daily, cron="40 3 * * *")


@job(max_attempts=3, label=_("Oude formulier- en idempotentiesleutels opruimen"))
def submissions_cleanup(context: JobContext) -> int:
    """Idempotent: a second run finds nothing older than a day."""
    return submissions_expire()


schedule(name="core.submissions_cleanup", task=submissions_cleanup, cron="50 3 * * *")
