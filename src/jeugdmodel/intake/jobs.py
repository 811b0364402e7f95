"""The front door's background work: escalating overdue crisis and safety requests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jeugdmodel.jobs.api import JobContext, job


@job(max_attempts=3, label=_("Te late crisis- en veiligheidsaanmeldingen escaleren"))
def requests_escalate(context: JobContext) -> int:
    """Idempotent: a request is escalated once per level (unique row per level)."""
    from .services import requests_escalate_overdue

    return requests_escalate_overdue()
