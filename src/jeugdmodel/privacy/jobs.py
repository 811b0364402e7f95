"""Background work of the privacy app: making an inzage package, and the daily reminder
before the legal term of a request runs out."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jeugdmodel.jobs.api import JobContext, JobError, job


@job(max_attempts=3, label=_("Inzagepakket maken"))
def inzage_package_job(context: JobContext, *, inzage_id: int, actor_id: int) -> dict[str, Any]:
    """Make the package; safe to run again (it is made anew from the file)."""
    from jeugdmodel.accounts.models import User

    from .services import inzage_package_build, inzage_package_failed

    actor = User.objects.filter(pk=actor_id, is_active=True).first()
    if actor is None:
        inzage_package_failed(inzage_id=inzage_id)
        raise JobError(_("De gebruiker die het pakket vroeg bestaat niet meer of is geblokkeerd."))
    context.progress(done=0, total=1, message=_("Dossier verzamelen"))
    try:
        inzage = inzage_package_build(inzage_id=inzage_id, actor=actor)
    except Exception:
        if context.is_last_attempt:
            inzage_package_failed(inzage_id=inzage_id)
        raise
    if inzage is None:
        raise JobError(_("Het inzageverzoek bestaat niet meer."))
    context.progress(done=1, total=1, message=_("Klaar"))
    return {"inzage": str(inzage.public_id)}


@job(max_attempts=3, label=_("Herinneringen voor inzageverzoeken"))
def inzage_reminders(context: JobContext) -> int:
    from .services import inzage_reminders_send

    return inzage_reminders_send()
