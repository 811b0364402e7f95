"""Writes of the privacy app: record an inzage request, produce its package (as a job),
send the reminders before the legal term runs out (decision 0083)."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm, require
from jeugdmodel.accounts.roles import Role
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.core.errors import DomainError
from jeugdmodel.core.text import normalise_digits
from jeugdmodel.families.models import Person
from jeugdmodel.notifications.services import notify

from .models import Identification, InzageRequest, InzageStatus, Requester
from .package import package_json, package_pdf
from .selectors import inzage_package_data

if TYPE_CHECKING:
    from jeugdmodel.accounts.models import User

#: From 12 a youth asks inzage in their own file (Jeugdwet 7.3.10); younger, a parent does.
YOUTH_OWN_REQUEST_AGE = 12


class InzageRefused(DomainError):
    """An inzage request that cannot be recorded (nothing was stored)."""


def add_one_month(day: date) -> date:
    """The same day one calendar month later; the month's last day when it has no such day
    (31 January → 28 or 29 February). AVG art. 12(3): within one month of receipt."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _person_identified(*, actor: User, bsn: str, date_of_birth: date | None) -> Person:
    """The one person with this BSN and date of birth; otherwise a refusal, logged as a
    security event (someone asked for a file that could not be matched)."""
    found = (
        list(Person.objects.filter(bsn=bsn, date_of_birth=date_of_birth)[:2])
        if bsn and date_of_birth
        else []
    )
    if len(found) == 1:
        return found[0]
    access_log_write(
        actor=actor,
        action=AccessAction.REFUSED,
        record_type="inzage",
        event="inzage.refused",
        details={"why": "not_identified"},
    )
    raise InzageRefused(
        _(
            "Deze persoon is niet te identificeren: er is niemand bekend met dit BSN en deze "
            "geboortedatum. Controleer beide met het identiteitsbewijs; er is niets vastgelegd."
        ),
        field="bsn",
    )


def inzage_request_record(
    *,
    actor: User,
    bsn: str,
    date_of_birth: date | None,
    requester: str,
    requester_name: str,
    identified_by: str,
    identification_note: str,
    received_on: date | None,
) -> InzageRequest:
    """Record a request for inzage in the file of the person with `bsn`. The term (one
    month) runs from `received_on`."""
    require(actor, Perm.INZAGE_MANAGE)
    bsn = normalise_digits(bsn or "").strip()
    requester_name = (requester_name or "").strip()
    identification_note = (identification_note or "").strip()
    today = timezone.localdate()
    errors: list[tuple[str, str]] = []
    if requester not in Requester.values:
        errors.append(("requester", _("Kies wie het verzoek doet.")))
    if not requester_name:
        errors.append(("requester_name", _("Vul de naam van de verzoeker in.")))
    if identified_by not in Identification.values:
        errors.append(("identified_by", _("Kies hoe de verzoeker is geïdentificeerd.")))
    if not identification_note:
        errors.append(
            (
                "identification_note",
                _("Schrijf op wat u controleerde, bijvoorbeeld soort document en geldig tot."),
            )
        )
    if received_on is None:
        errors.append(("received_on", _("Vul de datum in waarop het verzoek binnenkwam.")))
    elif received_on > today:
        errors.append(("received_on", _("De datum van ontvangst ligt in de toekomst.")))
    if errors:
        raise InzageRefused(errors[0][1], errors=errors)
    assert received_on is not None
    person = _person_identified(actor=actor, bsn=bsn, date_of_birth=date_of_birth)
    if requester == Requester.YOUTH and _age_on(person.date_of_birth, today) < (
        YOUTH_OWN_REQUEST_AGE
    ):
        raise InzageRefused(
            _(
                "Een kind jonger dan 12 jaar vraagt niet zelf om inzage; de ouder met gezag "
                "doet het verzoek. Er is niets vastgelegd."
            ),
            field="requester",
        )
    with transaction.atomic():
        inzage = InzageRequest(
            person=person,
            requester=requester,
            requester_name=requester_name,
            identified_by=identified_by,
            identification_note=identification_note,
            received_on=received_on,
            due_on=add_one_month(received_on),
            recorded_by=actor,
        )
        inzage.full_clean()
        inzage.save()
        access_log_write(
            actor=actor,
            action=AccessAction.CREATE,
            record_type="inzage",
            record_id=inzage.public_id,
            subjects=[person.pk],
            event="inzage.record",
            details={"requester": requester, "identified_by": identified_by},
        )
    return inzage


def inzage_package_request(*, actor: User, inzage: InzageRequest) -> InzageRequest:
    """Start the job that makes the package (again, when one was made: the new one
    replaces it and then also lists the accesses since)."""
    from jeugdmodel.jobs.api import job_enqueue

    from .jobs import inzage_package_job

    require(actor, Perm.INZAGE_MANAGE)
    with transaction.atomic():
        locked = InzageRequest.objects.select_for_update().get(pk=inzage.pk)
        if locked.status == InzageStatus.PRODUCING:
            raise DomainError(_("Het pakket wordt al gemaakt; wacht tot het klaar is."))
        job = job_enqueue(
            inzage_package_job,
            idempotency_key=f"inzage:{locked.pk}",
            inzage_id=locked.pk,
            actor_id=actor.pk,
        )
        locked.status = InzageStatus.PRODUCING
        locked.job_id = str(job.pk)
        locked.save(update_fields=["status", "job_id"])
    inzage.status, inzage.job_id = locked.status, locked.job_id
    return inzage


def inzage_package_build(*, inzage_id: int, actor: User) -> InzageRequest | None:
    """Make the package of one request: the data, as JSON and as a tagged PDF, stored on
    the request, and a row in the access log. Safe to run again (it makes it anew)."""
    inzage = InzageRequest.objects.select_related("person").filter(pk=inzage_id).first()
    if inzage is None:
        return None
    data = inzage_package_data(inzage=inzage)
    data["produced_at"] = timezone.localtime().isoformat(timespec="seconds")
    text = package_json(data)
    pdf = package_pdf(data)
    with transaction.atomic():
        inzage.package_json = text
        inzage.package_pdf = pdf
        inzage.produced_at = timezone.now()
        inzage.status = InzageStatus.READY
        inzage.save(update_fields=["package_json", "package_pdf", "produced_at", "status"])
        access_log_write(
            actor=actor,
            action=AccessAction.EXPORT,
            record_type="inzage",
            record_id=inzage.public_id,
            subjects=[inzage.person_id],
            event="inzage.produce",
            details={
                "cases": len(data["cases"]),
                "accesses": len(data["accesses"]),
                "pdf_bytes": len(pdf),
            },
        )
    return inzage


def inzage_package_failed(*, inzage_id: int) -> None:
    """The job gave up: the request is open again, so the officer can start it anew."""
    InzageRequest.objects.filter(pk=inzage_id, status=InzageStatus.PRODUCING).update(
        status=InzageStatus.OPEN
    )


def inzage_reminders_send(*, now: datetime | None = None) -> int:
    """Tell every privacy officer about each open request whose term ends within
    JM_INZAGE_REMINDER_DAYS (once per request). Returns the number of requests reminded."""
    from jeugdmodel.accounts.models import User

    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon = today + timedelta(days=settings.JM_INZAGE_REMINDER_DAYS)
    due = list(
        InzageRequest.objects.filter(reminded_at__isnull=True, due_on__lte=horizon)
        .exclude(status=InzageStatus.READY)
        .order_by("due_on", "id")
    )
    if not due:
        return 0
    officers = list(User.objects.filter(role=Role.PRIVACY_OFFICER, is_active=True))
    for inzage in due:
        with transaction.atomic():
            claimed = InzageRequest.objects.filter(pk=inzage.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue
            days = (inzage.due_on - today).days
            message = (
                _("Een inzageverzoek is over de termijn (uiterlijk %(due)s).")
                if days < 0
                else _("Een inzageverzoek moet uiterlijk %(due)s klaar zijn (nog %(days)s dagen).")
            ) % {"due": inzage.due_on.strftime("%d-%m-%Y"), "days": days}
            url = reverse("privacy:detail", kwargs={"inzage_id": inzage.public_id})
            for officer in officers:
                notify(user=officer, message=message, url=url)
    return len(due)


def package_json_bytes(inzage: InzageRequest) -> bytes:
    """The stored JSON as bytes (it is kept as text)."""
    return inzage.package_json.encode("utf-8")
