"""The jobs app's own recurring work: removing finished jobs after their keep time."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .api import JobContext, job, schedule
from .services import jobs_purge


@job(max_attempts=3, label=_("Oude achtergrondtaken opruimen"))
def jobs_purge_daily(context: JobContext) -> int:
    return jobs_purge()


schedule(name="jobs.purge", task=jobs_purge_daily, cron="40 3 * * *")
