"""Pages of the switch: the mapping table and the caseload upload (functional admin)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jeugdmodel.accounts.access import Perm, Relation
from jeugdmodel.accounts.decorators import access_required
from jeugdmodel.accounts.models import User
from jeugdmodel.core.errors import DomainError

from .forms import (
    CaseLinkForm,
    CaseloadConfirmForm,
    CaseloadUploadForm,
    HandoverForm,
    ProductMappingForm,
    ProviderMappingForm,
)
from .selectors import (
    caseload_imports,
    handover_teams_for,
    handover_worklist,
    import_job_for,
    product_mappings,
    provider_mappings,
    running_client_get_for,
)
from .services.caseload import (
    CaseloadRefused,
    ImportResult,
    caseload_dry_run,
    caseload_report,
)
from .services.handover import (
    handover_case_link,
    handover_close,
    handover_transitional,
    handover_unknown,
    handover_warm,
)
from .services.mapping import (
    product_mapping_remove,
    product_mapping_set,
    provider_mapping_remove,
    provider_mapping_set,
)
from .services.upload import UploadGone, upload_import, upload_keep, upload_read


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@access_required(Perm.TRANSITION_MAP)
@require_http_methods(["GET", "POST"])
def mapping(request: HttpRequest) -> HttpResponse:
    """The mapping table. ``?agb=…&naam=…`` or ``?product=…&omschrijving=…`` (from the
    dry-run report's "to map" list) fill in the form."""
    user = _user(request)
    provider_form = ProviderMappingForm(
        initial={"agb_code": request.GET.get("agb", ""), "old_name": request.GET.get("naam", "")}
    )
    product_form = ProductMappingForm(
        initial={
            "productcode": request.GET.get("product", ""),
            "old_description": request.GET.get("omschrijving", ""),
        }
    )
    if request.method == "POST":
        kind = request.POST.get("soort")
        if kind == "aanbieder":
            provider_form = ProviderMappingForm(request.POST)
            if provider_form.is_valid():
                data = provider_form.cleaned_data
                provider_mapping_set(
                    actor=user,
                    agb_code=data["agb_code"],
                    old_name=data["old_name"],
                    organisation=data["organisation"],
                )
                messages.success(
                    request,
                    _("Aanbieder %(agb)s is gekoppeld aan %(org)s.")
                    % {"agb": data["agb_code"], "org": data["organisation"]},
                )
                return redirect(_back_to_report(request) or "transition:mapping")
        elif kind == "product":
            product_form = ProductMappingForm(request.POST)
            if product_form.is_valid():
                data = product_form.cleaned_data
                product_mapping_set(
                    actor=user,
                    productcode=data["productcode"],
                    old_description=data["old_description"],
                    help_form=data["help_form"],
                )
                messages.success(
                    request,
                    _("Product %(code)s is gekoppeld aan %(form)s.")
                    % {"code": data["productcode"], "form": data["help_form"]},
                )
                return redirect(_back_to_report(request) or "transition:mapping")
    return render(
        request,
        "transition/mapping.html",
        {
            "provider_form": provider_form,
            "product_form": product_form,
            "providers": provider_mappings(user=user),
            "products": product_mappings(user=user),
            "back": _back_to_report(request),
        },
    )


def _back_to_report(request: HttpRequest) -> str:
    """The dry-run report the user came from (``terug``), only when it is one."""
    back = request.POST.get("terug") or request.GET.get("terug") or ""
    if back.startswith(reverse("transition:report") + "?") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        return back
    return ""


@access_required(Perm.TRANSITION_MAP)
@require_POST
def mapping_remove(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    kind, key = request.POST.get("soort", ""), request.POST.get("code", "")
    if kind == "aanbieder" and provider_mapping_remove(actor=user, agb_code=key):
        messages.success(
            request, _("De koppeling van aanbieder %(code)s is verwijderd.") % {"code": key}
        )
    elif kind == "product" and product_mapping_remove(actor=user, productcode=key):
        messages.success(
            request, _("De koppeling van product %(code)s is verwijderd.") % {"code": key}
        )
    return redirect("transition:mapping")


@access_required(Perm.TRANSITION_IMPORT)
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Upload a caseload file: the dry-run report first, nothing stored in the database."""
    user = _user(request)
    form = CaseloadUploadForm()
    if request.method == "POST":
        form = CaseloadUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload_file = form.cleaned_data["bestand"]
            data = upload_file.read()
            file_name = str(upload_file.name)[:255]
            report = caseload_report(data=data, file_name=file_name)
            if report.file_errors:
                return _report_page(request, report, None)
            token = upload_keep(actor=user, data=data)
            signed = CaseloadConfirmForm.sign(token, file_name, len(report.known))
            # The report has its own address: after mapping a provider it is read again.
            return redirect(f"{reverse('transition:report')}?{urlencode({'upload': signed})}")
    return render(
        request,
        "transition/upload.html",
        {"form": form, "imports": caseload_imports(user=user)},
    )


@access_required(Perm.TRANSITION_IMPORT)
@require_http_methods(["GET"])
def report(request: HttpRequest) -> HttpResponse:
    """The dry-run report of a kept file (``?upload=<signed reference>``), read again now:
    after mapping a provider the "to map" list is shorter."""
    user = _user(request)
    form = CaseloadConfirmForm({"upload": request.GET.get("upload", ""), "mode": "all"})
    form.is_valid()
    upload_ref = form.cleaned_data.get("upload")
    if upload_ref is None:
        messages.error(request, _("Dit bestand is niet (meer) bekend. Upload het opnieuw."))
        return redirect("transition:upload")
    try:
        data = upload_read(upload_ref["t"])
    except UploadGone as exc:
        messages.error(request, str(exc))
        return redirect("transition:upload")
    dry = caseload_dry_run(actor=user, data=data, file_name=upload_ref["n"])
    signed = CaseloadConfirmForm.sign(upload_ref["t"], upload_ref["n"], len(dry.known))
    confirm = CaseloadConfirmForm(initial={"upload": signed, "mode": "all"})
    return _report_page(request, dry, confirm)


def _report_page(
    request: HttpRequest,
    report: object,
    confirm: CaseloadConfirmForm | None,
    refusal: str = "",
) -> HttpResponse:
    back = ""
    if confirm is not None:
        signed = confirm["upload"].value()
        back = f"{reverse('transition:report')}?{urlencode({'upload': signed})}"
    return render(
        request,
        "transition/report.html",
        {"report": report, "confirm": confirm, "refusal": refusal, "back": back},
    )


@access_required(Perm.TRANSITION_IMPORT)
@require_POST
def upload_confirm(request: HttpRequest) -> HttpResponse:
    """Import the file the report was about, all or nothing or only the good rows."""
    user = _user(request)
    form = CaseloadConfirmForm(request.POST)
    form.is_valid()
    upload_ref = form.cleaned_data.get("upload")
    if upload_ref is None:
        messages.error(request, _("Dit bestand is niet (meer) bekend. Upload het opnieuw."))
        return redirect("transition:upload")
    token, file_name = upload_ref["t"], upload_ref["n"]
    try:
        if not form.is_valid():
            report = caseload_dry_run(actor=user, data=upload_read(token), file_name=file_name)
            return _report_page(request, report, form)
        outcome = upload_import(
            actor=user,
            token=token,
            file_name=file_name,
            good_rows_only=form.cleaned_data["mode"] == "good_rows",
        )
    except UploadGone as exc:
        messages.error(request, str(exc))
        return redirect("transition:upload")
    except CaseloadRefused as exc:
        return _report_page(request, exc.report, form, refusal=str(exc))
    if isinstance(outcome, ImportResult):
        messages.success(
            request,
            _("Ingelezen: %(n)d rijen uit %(file)s. Elk kind staat nu op de overdrachtswerklijst.")
            % {"n": outcome.report.good_rows, "file": file_name},
        )
        return redirect("transition:upload")
    return redirect(reverse("transition:upload_job", args=[outcome.id]))


@access_required(Perm.TRANSITION_IMPORT)
@require_http_methods(["GET"])
def upload_job(request: HttpRequest, job_id: UUID) -> HttpResponse:
    """The progress of an import that runs as a job (only for who started it)."""
    job = import_job_for(user=_user(request), job_id=job_id)
    template = (
        "transition/includes/job_progress.html"
        if request.headers.get("HX-Request")
        else "transition/job.html"
    )
    return render(request, template, {"job": job})


@access_required(Perm.TRANSITION_HANDOVER, (Relation.TEAM_MEMBER,))
@require_http_methods(["GET"])
def worklist(request: HttpRequest) -> HttpResponse:
    """The handover worklist of one of the user's teams (``?team=<id>``)."""
    user = _user(request)
    teams = handover_teams_for(user)
    if not teams:
        return render(request, "transition/worklist.html", {"teams": [], "worklist": None})
    wanted = request.GET.get("team", "")
    team = next((t for t in teams if str(t.public_id) == wanted), teams[0])
    return render(
        request,
        "transition/worklist.html",
        {"teams": teams, "worklist": handover_worklist(user=user, team=team)},
    )


@access_required(Perm.TRANSITION_HANDOVER, (Relation.TEAM_MEMBER,))
@require_http_methods(["GET", "POST"])
def client_detail(request: HttpRequest, client_id: UUID) -> HttpResponse:
    """One running client: what the file said, the handover status, and the family case."""
    user = _user(request)
    client = running_client_get_for(user=user, public_id=client_id)
    status_form = HandoverForm(
        team_id=client.team_id,
        initial={
            "status": client.status,
            "coordinator": client.new_coordinator_id,
            "handover_on": client.handover_on,
            "transitional_until": client.transitional_until,
            "closed_reason": client.closed_reason,
            "closed_on": client.closed_on,
        },
    )
    case_form = CaseLinkForm(team_id=client.team_id, was_known=client.was_known)
    if request.method == "POST":
        action = request.POST.get("actie")
        if action == "status":
            status_form = HandoverForm(request.POST, team_id=client.team_id)
            if status_form.is_valid() and _set_status(user, client, status_form):
                messages.success(request, _("De overdrachtsstatus is opgeslagen."))
                return redirect(_worklist_url(client))
        elif action == "casus":
            case_form = CaseLinkForm(
                request.POST, team_id=client.team_id, was_known=client.was_known
            )
            if case_form.is_valid():
                try:
                    handover_case_link(
                        actor=user,
                        client=client,
                        coordinator=case_form.cleaned_data["coordinator"],
                        same_child_confirmed=bool(case_form.cleaned_data.get("same_child")),
                    )
                except DomainError as exc:
                    _form_errors(case_form, exc)
                else:
                    messages.success(request, _("De casus van het gezin is gekoppeld."))
                    return redirect("transition:client", client_id=client.public_id)
        else:
            raise Http404
    return render(
        request,
        "transition/client.html",
        {"client": client, "status_form": status_form, "case_form": case_form},
    )


def _worklist_url(client: object) -> str:
    team = getattr(client, "team", None)
    url = reverse("transition:worklist")
    return f"{url}?team={team.public_id}" if team is not None else url


def _form_errors(form: HandoverForm | CaseLinkForm, exc: DomainError) -> None:
    for field, message in exc.field_errors:
        form.add_error(field if field in form.fields else None, message)


_STATUS_FIELDS = {"on": "handover_on", "until": "transitional_until", "reason": "closed_reason"}


def _set_status(user: User, client: object, form: HandoverForm) -> bool:
    from .models import RunningClient

    assert isinstance(client, RunningClient)
    data = form.cleaned_data
    try:
        if data["status"] == "warm_handover":
            handover_warm(
                actor=user, client=client, coordinator=data["coordinator"], on=data["handover_on"]
            )
        elif data["status"] == "transitional":
            handover_transitional(actor=user, client=client, until=data["transitional_until"])
        elif data["status"] == "closed":
            handover_close(
                actor=user, client=client, reason=data["closed_reason"], on=data["closed_on"]
            )
        else:
            handover_unknown(actor=user, client=client)
    except DomainError as exc:
        for field, message in exc.field_errors:
            if data["status"] == "closed" and field == "on":
                name = "closed_on"
            else:
                name = _STATUS_FIELDS.get(field, field)
            form.add_error(name if name in form.fields else None, message)
        return False
    return True
