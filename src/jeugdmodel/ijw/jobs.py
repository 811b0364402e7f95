"""The iJw background work: the outbox sweep and the inbox poll (docs/ijw.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jeugdmodel.jobs.api import JobContext, job


@job(max_attempts=5, label=_("iJw-berichten versturen"))
def ijw_outbox_sweep(context: JobContext) -> int:
    """Idempotent: only waiting messages are sent; a message sent twice is one file."""
    from .services import outbox_sweep

    return outbox_sweep()


@job(max_attempts=5, label=_("iJw-berichten ophalen en verwerken"))
def ijw_inbox_poll(context: JobContext) -> int:
    """Idempotent: each message is applied once, however often the file is read."""
    from .services import inbox_poll

    return inbox_poll()
