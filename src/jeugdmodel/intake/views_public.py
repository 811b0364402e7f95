"""The front door's forms: the public form for families (no account), the form for
professionals and partners, and the receipt both lead to (Post/Redirect/Get)."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.decorators import access_required
from jeugdmodel.accounts.models import User
from jeugdmodel.core.errors import DomainError
from jeugdmodel.core.views import public

from . import spam
from .forms import ProRequestForm, PublicRequestForm
from .models import AccessPoint, Request
from .referrers import referrer_details_for
from .services import request_submit

logger = logging.getLogger(__name__)

#: The session key of the receipt: what the receipt page shows, nothing more (no names).
RECEIPT_SESSION_KEY = "intake_receipt"


def _remember_receipt(http_request: HttpRequest, request: Request | None, *, pro: bool) -> None:
    """Keep what the receipt shows in the session. Deliberately the same whether or not the
    family was already known: the receipt must not tell who has a case."""
    team = request.team if request is not None else None
    http_request.session[RECEIPT_SESSION_KEY] = {
        "reference": request.reference if request is not None else "",
        "team": team.name if team is not None else "",
        "callback_days": team.callback_working_days if team is not None else None,
        "forwarded_to": request.forwarded_to if request is not None else "",
        "pro": pro,
    }


@public
@never_cache
@require_http_methods(["GET", "POST"])
def public_form(request: HttpRequest) -> HttpResponse:
    """Ask for help without an account. Spam protection in spam.py (ADR 0012)."""
    if request.method != "POST":
        form = PublicRequestForm(form_session=spam.form_session_token(request))
        return _render_public(request, form)
    if spam.honeypot_filled(request.POST.get(spam.HONEYPOT_FIELD)):
        # Answer as if it was received; store nothing.
        logger.info("public form: honeypot filled, nothing stored")
        _remember_receipt(request, None, pro=False)
        return redirect("intake:receipt")
    form = PublicRequestForm(request.POST)
    if form.is_valid():
        check = spam.form_token_check(form.cleaned_data.get("started") or "")
        if check != spam.TokenCheck.OK:
            logger.info("public form: time check %s", check.value)
            form.add_error(
                None,
                _("Controleer uw gegevens en klik daarna nog een keer op 'Aanmelding versturen'."),
            )
            form.renew_started()
        else:
            return _submit_public(request, form)
    return _render_public(request, form)


def _submit_public(request: HttpRequest, form: PublicRequestForm) -> HttpResponse:
    """Store a complete and correct form, unless its form session or its address is over
    the limit: then the form stays on the page as typed (ADR 0063)."""
    client = spam.client_hash(request)
    session = spam.form_session_hash(request, form.cleaned_data.get("form_session"))
    key = str(form.cleaned_data["idempotency_key"])
    if spam.over_limit(client_hash=client, form_session_hash=session, idempotency_key=key):
        logger.info("public form: limit per hour reached")
        return _render_public(request, form, limited=True)
    try:
        submitted = request_submit(
            actor=None,
            data=form.request_input(AccessPoint.FAMILY),
            idempotency_key=key,
            client_hash=client,
            form_session_hash=session,
        )
    except DomainError as exc:
        form.add_domain_error(exc)
        return _render_public(request, form)
    _remember_receipt(request, submitted, pro=False)
    return redirect("intake:receipt")


def _render_public(
    request: HttpRequest, form: PublicRequestForm, *, limited: bool = False
) -> HttpResponse:
    return render(
        request,
        "intake/public_form.html",
        {"form": form, "limited": limited},
        status=429 if limited else 200,
    )


@public
@never_cache
@require_http_methods(["GET"])
def receipt(request: HttpRequest) -> HttpResponse:
    """What happens next, after a request was sent (from the session; nothing else)."""
    data = request.session.get(RECEIPT_SESSION_KEY)
    return render(request, "intake/receipt.html", {"receipt": data})


@access_required(Perm.REQUEST_CREATE)
@never_cache
@require_http_methods(["GET", "POST"])
def pro_form(request: HttpRequest) -> HttpResponse:
    """A request by a professional, partner or legal referrer: referrer and access point
    follow from the account."""
    user = request.user
    assert isinstance(user, User)
    referrer = referrer_details_for(user)
    if request.method != "POST":
        form = ProRequestForm(referrer=referrer, user=user)
    else:
        form = ProRequestForm(request.POST, referrer=referrer, user=user)
        if form.is_valid():
            try:
                submitted = request_submit(
                    actor=user,
                    data=form.request_input(form.access_point_value(form.cleaned_data)),
                    idempotency_key=str(form.cleaned_data["idempotency_key"]),
                )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                _remember_receipt(request, submitted, pro=True)
                return redirect("intake:receipt")
    return render(request, "intake/pro_form.html", {"form": form, "referrer": referrer})
