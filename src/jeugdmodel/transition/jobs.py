"""Background work of the switch: making the letters to families in bulk."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jeugdmodel.jobs.api import JobContext, JobError, job


@job(max_attempts=3, label=_("Brieven over de overstap maken"))
def letters_build_job(context: JobContext, *, batch_id: int) -> int:
    """Make the letters of one batch. Runs again after a crash: letters already made are
    kept, the rest is made, and the zip is written anew."""
    from .letter_models import LetterBatch
    from .services.letters import letter_batch_build, letter_batch_fail

    batch = LetterBatch.objects.filter(pk=batch_id).select_related("template").first()
    if batch is None:
        raise JobError(_("De reeks brieven bestaat niet meer."))
    try:
        batch = letter_batch_build(batch, progress=context.progress)
    except Exception:
        if context.is_last_attempt:
            letter_batch_fail(batch_id)
        raise
    return batch.letters.count()
