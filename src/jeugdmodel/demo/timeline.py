"""One timeline for the demo: the services stamp "now" on what they write, but a demo
request came in weeks ago. After the real service ran, the demo moves its stamps back to
the day things happened: the request's history to its received time, the assignment
(and so the case's "geopend op") to a working day or two after it, the first contact to
its date. Only demo data is touched."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from jeugdmodel.cases.models import Case, CaseTeamMember
from jeugdmodel.core.workdays import add_working_days
from jeugdmodel.intake.models import Request, RequestEvent

#: Events written when the request came in: they happened at its received time.
AT_RECEIPT = ("received", "match_proposed", "safety_check_needed", "joined_case")


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def date_receipt(request: Request) -> None:
    """The history written at submission carries the received time."""
    RequestEvent.objects.filter(request=request, kind__in=AT_RECEIPT).update(at=request.received_at)


def date_safety_check(request: Request) -> None:
    """The safety check was done the day the request came in, a few hours later."""
    checked = request.received_at + timedelta(hours=2)
    Request.objects.filter(pk=request.pk).update(safety_checked_at=checked)
    request.safety_checked_at = checked
    RequestEvent.objects.filter(request=request, kind="safety_checked").update(at=checked)


def date_assignment(request: Request, rng: random.Random, today: date) -> date:
    """The lead assigned the request on the day it came in (crisis, safety) or one or two
    working days later, never after today; the case opened that day. Returns the day."""
    received = request.received_on
    if request.urgency == "crisis" or request.safety_concern:
        day = received
    else:
        day = add_working_days(received, rng.randint(1, 2))
    day = min(day, today)
    assigned = max(_at(day, rng.randint(9, 16)), request.received_at + timedelta(minutes=30))
    Request.objects.filter(pk=request.pk).update(assigned_at=assigned)
    request.assigned_at = assigned
    RequestEvent.objects.filter(request=request, kind="assigned").update(at=assigned)
    if request.case_id is not None:
        Case.objects.filter(pk=request.case_id, opened_on__gt=day).update(opened_on=day)
        CaseTeamMember.objects.filter(case_id=request.case_id, valid_from__gt=day).update(
            valid_from=day
        )
    return day


def date_first_contact(request: Request, on: date) -> None:
    RequestEvent.objects.filter(request=request, kind="first_contact").update(at=_at(on, 11))


def date_closing(request: Request, on: date) -> None:
    closed = _at(on, 15)
    Request.objects.filter(pk=request.pk).update(closed_at=closed)
    RequestEvent.objects.filter(request=request, kind="closed").update(at=closed)
