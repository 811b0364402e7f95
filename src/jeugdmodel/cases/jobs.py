"""The cases' background work: finishing or removing document files a crash left."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jeugdmodel.jobs.api import JobContext, job


@job(max_attempts=3, label=_("Achtergebleven documentbestanden opruimen"))
def documents_cleanup(context: JobContext) -> int:
    """Idempotent: a second run finds nothing left to do."""
    from .services.documents import document_files_clean

    return document_files_clean()
