"""Background work of the switch: making the letters to families in bulk, and importing
a large caseload file with progress."""

from __future__ import annotations

from typing import Any

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


@job(max_attempts=2, label=_("Lopende zorg inlezen"))
def caseload_import_job(
    context: JobContext, *, token: str, file_name: str, good_rows_only: bool, actor_id: int
) -> dict[str, Any]:
    """Import a kept file. Safe to run again: the import is one transaction, and a file that
    was imported already is refused by its fingerprint (the kept file is then removed)."""
    from jeugdmodel.accounts.models import User

    from .models import CaseloadImport
    from .services.caseload import CaseloadRefused, _fingerprint, caseload_import
    from .services.upload import UploadGone, upload_discard, upload_read

    actor = User.objects.filter(pk=actor_id, is_active=True).first()
    if actor is None:
        raise JobError(_("De gebruiker die de import startte bestaat niet meer of is geblokkeerd."))
    try:
        data = upload_read(token)
    except UploadGone as exc:
        done = CaseloadImport.objects.filter(fingerprint=token).first()
        if done is not None:  # a previous attempt committed and then lost its worker
            return {"import": str(done.public_id), "rows": done.rows_imported}
        raise JobError(str(exc)) from exc
    steps = iter(range(1, 4))
    context.progress(done=0, total=3, message=_("Bestand controleren"))

    def progress(message: str) -> None:
        context.progress(done=next(steps, 3), total=3, message=message)

    try:
        result = caseload_import(
            actor=actor,
            data=data,
            file_name=file_name,
            good_rows_only=good_rows_only,
            progress=progress,
        )
    except CaseloadRefused as exc:
        if CaseloadImport.objects.filter(fingerprint=_fingerprint(data)).exists():
            upload_discard(token)
        raise JobError(str(exc)) from exc
    upload_discard(token)
    return {"import": str(result.caseload_import.public_id), "rows": result.report.good_rows}
