"""The consent to show the referrer the status moves from the request onto consent records
(decision 0079). Backwards the flag is filled from the records again, so nothing is lost
either way; `Request.consent_share_status` itself goes in the next migration."""

from typing import Any

from django.db import migrations
from django.utils import timezone

SHARE_STATUS = "share_status"


def _age(born: Any, day: Any) -> int:
    return int(day.year - born.year - ((day.month, day.day) < (born.month, born.day)))


def requests_to_records(apps: Any, schema_editor: Any) -> None:
    Request = apps.get_model("intake", "Request")
    RequestPerson = apps.get_model("intake", "RequestPerson")
    ConsentRecord = apps.get_model("cases", "ConsentRecord")
    shared = Request.objects.filter(consent_share_status=True).order_by("pk")
    births: dict[int, list[Any]] = {}
    for request_id, born in RequestPerson.objects.filter(
        request__consent_share_status=True, role="child", date_of_birth__isnull=False
    ).values_list("request_id", "date_of_birth"):
        births.setdefault(request_id, []).append(born)
    batch = []
    for request in shared.iterator(chunk_size=2000):
        on = timezone.localtime(request.received_at).date()
        ages = [_age(born, on) for born in births.get(request.pk, [])]
        by_parent, by_youth = bool(request.consent_parent), bool(request.consent_youth)
        batch.append(
            ConsentRecord(
                kind=SHARE_STATUS,
                action="given",
                case_id=request.case_id,
                request_key=request.public_id,
                # A flag set without saying by whom (older rows): the parent, as the form
                # asked it first.
                by_parent=by_parent or not by_youth,
                by_youth=by_youth,
                oldest_age=max(ages, default=None),
                on=on,
                recorded_by_id=request.referrer_id,
            )
        )
        if len(batch) >= 2000:
            ConsentRecord.objects.bulk_create(batch)
            batch = []
    ConsentRecord.objects.bulk_create(batch)


def records_to_requests(apps: Any, schema_editor: Any) -> None:
    """The flag is set where the newest share-status record of the request (or recorded
    on its case for every request) gives consent; the request records are removed."""
    Request = apps.get_model("intake", "Request")
    ConsentRecord = apps.get_model("cases", "ConsentRecord")
    newest: dict[Any, tuple[Any, int, str]] = {}
    case_newest: dict[int, tuple[Any, int, str]] = {}
    records = ConsentRecord.objects.filter(kind=SHARE_STATUS).values_list(
        "request_key", "case_id", "recorded_at", "id", "action"
    )
    for key, case_id, at, pk, action in records.iterator(chunk_size=2000):
        target, slot = (newest, key) if key is not None else (case_newest, case_id)
        if slot not in target or target[slot][:2] < (at, pk):
            target[slot] = (at, pk, action)
    shared = []
    for pk, key, case_id in Request.objects.values_list("pk", "public_id", "case_id").iterator(
        chunk_size=2000
    ):
        candidates = [c for c in (newest.get(key), case_newest.get(case_id)) if c is not None]
        if candidates and max(candidates)[2] == "given":
            shared.append(pk)
    for start in range(0, len(shared), 2000):
        Request.objects.filter(pk__in=shared[start : start + 2000]).update(
            consent_share_status=True
        )
    ConsentRecord.objects.filter(kind=SHARE_STATUS, request_key__isnull=False).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0006_requestescalation"),
        ("cases", "0008_consentrecord"),
    ]

    operations = [migrations.RunPython(requests_to_records, records_to_requests)]
