"""The steering figures' recurring work: the daily refresh (the horizon of running
trajectories moves with the date; dirty partitions are recomputed)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jeugdmodel.jobs.api import JobContext, job


@job(max_attempts=3, label=_("Sturingscijfers bijwerken"))
def steering_refresh_daily(context: JobContext) -> int:
    """Idempotent: a second run finds nothing dirty and the same horizon."""
    from .services import steering_refresh

    return steering_refresh()
