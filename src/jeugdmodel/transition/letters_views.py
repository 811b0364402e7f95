"""Pages of the letters about the switch (functional admin): the template, the bulk runs
with their progress, the zip; and one letter opened from the family's case page."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jeugdmodel.accounts.access import Perm, Relation
from jeugdmodel.accounts.decorators import access_required
from jeugdmodel.accounts.models import User
from jeugdmodel.core.errors import DomainError
from jeugdmodel.jobs.models import Job

from .forms import LetterTemplateForm
from .letters import DEFAULT_BODY, DEFAULT_SUBJECT, PLACEHOLDERS
from .selectors import (
    family_letter_for_case,
    letter_archive_for,
    letter_batch_get_for,
    letter_batches_visible_to,
)
from .services.letters import (
    letter_archive_name,
    letter_batch_request,
    letter_download_name,
    letter_template_current,
    letter_template_save,
)

#: htmx stops polling when the answer has this status (and still swaps it in).
HTMX_STOP_POLLING = 286
#: The case page's readers (cases.views.VIEW_RELATIONS).
CASE_READERS = (Relation.COORDINATOR, Relation.CASE_TEAM, Relation.TEAM_LEAD)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _render(request: HttpRequest, form: LetterTemplateForm, *, status: int = 200) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "transition/letters.html",
        {
            "form": form,
            "template": letter_template_current(),
            "placeholders": [(f"{{{k}}}", v) for k, v in PLACEHOLDERS.items()],
            "batches": letter_batches_visible_to(user=user)[:10],
        },
        status=status,
    )


@access_required(Perm.TRANSITION_LETTERS)
@require_http_methods(["GET", "POST"])
def letters(request: HttpRequest) -> HttpResponse:
    """The template (saving makes a new version) and the list of bulk runs."""
    user = _user(request)
    if request.method == "POST":
        form = LetterTemplateForm(request.POST)
        if form.is_valid():
            try:
                template = letter_template_save(
                    actor=user,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                )
            except DomainError as exc:
                form.add_error("body", str(exc.message))
            else:
                messages.success(
                    request,
                    _("De brief is bewaard als versie %(n)s.") % {"n": template.version},
                )
                return redirect("transition:letters")
        return _render(request, form, status=400)
    current = letter_template_current()
    form = LetterTemplateForm(
        initial={
            "subject": current.subject if current else DEFAULT_SUBJECT,
            "body": current.body if current else DEFAULT_BODY,
        }
    )
    return _render(request, form)


@access_required(Perm.TRANSITION_LETTERS)
@require_POST
def letters_make(request: HttpRequest) -> HttpResponse:
    """Start a bulk run with the template as it is saved now."""
    try:
        batch = letter_batch_request(actor=_user(request))
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("transition:letters")
    return redirect("transition:letters_batch", batch_id=batch.public_id)


def _is_htmx_poll(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


@access_required(Perm.TRANSITION_LETTERS)
@require_GET
def letters_batch(request: HttpRequest, batch_id: UUID) -> HttpResponse:
    """A bulk run's progress (polled by htmx every second while it runs) and its zip."""
    batch = letter_batch_get_for(user=_user(request), public_id=batch_id)
    job = Job.objects.filter(id=batch.job_id).first() if batch.job_id else None
    context = {"batch": batch, "job": job}
    if _is_htmx_poll(request):
        response = render(request, "transition/includes/letters_progress.html", context)
        if not batch.is_active:
            response.status_code = HTMX_STOP_POLLING
    else:
        response = render(request, "transition/letters_batch.html", context)
    response["Cache-Control"] = "no-store"
    response["Vary"] = "HX-Request"
    return response


@access_required(Perm.TRANSITION_LETTERS)
@require_GET
def letters_zip(request: HttpRequest, batch_id: UUID) -> HttpResponse:
    """All letters of a finished run as one zip (an export in the access log)."""
    batch = letter_archive_for(user=_user(request), public_id=batch_id)
    response = FileResponse(
        batch.archive.open("rb"),
        as_attachment=True,
        filename=letter_archive_name(batch),
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response  # type: ignore[return-value]


@access_required(Perm.CASE_VIEW, relations=CASE_READERS)
@require_GET
def case_letter(request: HttpRequest, case_id: UUID, letter_id: UUID) -> HttpResponse:
    """One letter, opened from the case page of its family."""
    letter = family_letter_for_case(user=_user(request), case_id=case_id, letter_id=letter_id)
    response = FileResponse(
        letter.pdf.open("rb"),
        as_attachment=True,
        filename=letter_download_name(letter),
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response  # type: ignore[return-value]
