"""The notifications inbox: what happened for me, with a link to it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.decorators import access_required
from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.core.views import paginate

from .selectors import notifications_for, notifications_unread_count
from .services import notifications_mark_read

PER_PAGE = 25


@access_required(Perm.HOME_VIEW)
def inbox(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    page, query = paginate(request, notifications_for(user=user), PER_PAGE)
    shown = [n.pk for n in page.object_list]
    if shown:
        # Messages name families and children: showing them is a read of personal data.
        access_log_write(
            actor=user,
            action=AccessAction.READ,
            record_type="notification",
            event="notification.list",
            details={"page": page.number, "notifications": shown},
        )
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "query": query, "unread": notifications_unread_count(user=user)},
    )


@access_required(Perm.HOME_VIEW)
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    count = notifications_mark_read(user=user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d melding gemarkeerd als gelezen.",
                "%(count)d meldingen gemarkeerd als gelezen.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("Er waren geen ongelezen meldingen."))
    return redirect("notifications:inbox")
