"""Inzage (decision 0083): the privacy officer records a request (who asks, for whom,
identified how), the package is made as a job (PDF and JSON, compared here with the data
in the file), downloads and production are logged, the term of one month is tracked with a
reminder, and a person who cannot be identified gives a Dutch message and changes nothing."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.audit.models import AccessAction, AccessLogEntry, AccessLogSubject
from jeugdmodel.care.models import Trajectory
from jeugdmodel.cases.models import Document, JournalEntry, PlanVersion
from jeugdmodel.core.errors import DomainError
from jeugdmodel.jobs.api import schedules
from jeugdmodel.notifications.models import Notification
from jeugdmodel.privacy.models import InzageRequest, InzageStatus
from jeugdmodel.privacy.package import access_line, journal_line
from jeugdmodel.privacy.services import (
    InzageRefused,
    add_one_month,
    inzage_package_request,
    inzage_reminders_send,
    inzage_request_record,
)
from tests.cases.helpers import born_years_ago, login_as
from tests.factories import UserFactory
from tests.privacy.helpers import (
    BSN,
    FAMILY_GOAL,
    NOTE,
    OWN_GOAL,
    SIBLING_GOAL,
    WHY,
    File,
    full_file,
    produce,
)

pytestmark = pytest.mark.usefixtures("mvs")


def _officer() -> User:
    return UserFactory(role=Role.PRIVACY_OFFICER.value)


def _record(officer: User, file: File, **changes: Any) -> InzageRequest:
    values: dict[str, Any] = {
        "bsn": BSN,
        "date_of_birth": file.person.date_of_birth,
        "requester": "youth",
        "requester_name": "Kind0",
        "identified_by": "id_document",
        "identification_note": "identiteitskaart, geldig tot 2031, foto vergeleken",
        "received_on": timezone.localdate(),
    }
    values.update(changes)
    return inzage_request_record(actor=officer, **values)


def _accesses_of(person_id: int) -> list[AccessLogEntry]:
    return list(
        AccessLogEntry.objects.filter(
            pk__in=AccessLogSubject.objects.filter(subject_id=person_id).values("entry_id")
        ).order_by("at", "id")
    )


def test_the_package_says_what_the_file_holds_in_json_and_in_a_tagged_pdf() -> None:
    file = full_file()
    officer = _officer()
    inzage = _record(officer, file)
    assert inzage.due_on == add_one_month(timezone.localdate())
    accesses_before = _accesses_of(file.person.pk)
    produce(inzage, officer)
    inzage.refresh_from_db()
    assert inzage.status == InzageStatus.READY

    data = json.loads(inzage.package_json)
    assert data["person"]["bsn"] == BSN
    assert data["person"]["date_of_birth"] == file.person.date_of_birth.isoformat()
    (case,) = data["cases"]
    assert case["id"] == str(file.case.public_id)
    assert [e["note"] for e in case["journal"]] == list(
        JournalEntry.objects.filter(case=file.case).values_list("note", flat=True)
    )
    assert [v["version"] for v in case["plan_versions"]] == list(
        PlanVersion.objects.filter(case=file.case).values_list("number", flat=True)
    )
    goals = [g["text"] for g in case["plan_versions"][0]["goals"]]
    assert sorted(goals) == sorted([FAMILY_GOAL, OWN_GOAL])  # not the sibling's goal
    assert [d["name"] for d in case["documents"]] == list(
        Document.objects.filter(case=file.case).values_list("original_name", flat=True)
    )
    assert [t["start"] for t in data["trajectories"]] == [
        t.start_date.isoformat() for t in Trajectory.objects.filter(child=file.person)
    ]
    # Who accessed the file: every log row about the person before the package was made.
    assert len(data["accesses"]) == len(accesses_before)
    emergency = [a for a in data["accesses"] if a["emergency"]]
    assert emergency, "the read with emergency access is in the list"
    assert emergency[0]["reason"] == WHY
    assert emergency[0]["organisation"] == str(file.outsider.organisation)
    assert emergency[0]["role"] == "Wijkteamprofessional"
    assert all("username" not in a for a in data["accesses"])

    reader = PdfReader(BytesIO(bytes(inzage.package_pdf)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for line in [journal_line(e) for e in case["journal"]] + [
        access_line(a) for a in data["accesses"]
    ]:
        assert " ".join(line.split()) in text
    assert NOTE in text
    assert OWN_GOAL in text
    assert FAMILY_GOAL in text
    assert SIBLING_GOAL not in text
    assert SIBLING_GOAL not in inzage.package_json
    assert "NOODTOEGANG" in text
    assert "Verslag school.pdf" in text
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl-NL"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root

    produced = AccessLogEntry.objects.get(event="inzage.produce")
    assert produced.action == AccessAction.EXPORT
    assert produced.username == officer.username
    assert list(produced.subjects.values_list("subject_id", flat=True)) == [file.person.pk]


def test_a_person_who_cannot_be_identified_is_refused_in_dutch_and_nothing_is_stored() -> None:
    file = full_file()
    officer = _officer()
    refused_before = AccessLogEntry.objects.filter(event="inzage.refused").count()
    for changes in (
        {"date_of_birth": file.person.date_of_birth - timedelta(days=1)},  # wrong birth date
        {"bsn": "123456782"},  # a valid BSN nobody has
        {"bsn": ""},
    ):
        with pytest.raises(InzageRefused, match="niet te identificeren"):
            _record(officer, file, **changes)
    assert InzageRequest.objects.count() == 0
    refused = AccessLogEntry.objects.filter(event="inzage.refused")
    assert refused.count() == refused_before + 3
    assert {r.action for r in refused} == {AccessAction.REFUSED}


def test_the_rules_of_who_asks_and_how_are_checked_before_anything_is_stored() -> None:
    file = full_file()
    officer = _officer()
    sibling_born = file.sibling.date_of_birth
    from jeugdmodel.families.models import Person

    Person.objects.filter(pk=file.sibling.pk).update(bsn="123456782")
    with pytest.raises(InzageRefused, match="jonger dan 12 jaar"):
        _record(officer, file, bsn="123456782", date_of_birth=sibling_born)
    with pytest.raises(InzageRefused) as missing:
        _record(officer, file, requester_name=" ", identification_note="", requester="x")
    fields = {f for f, _m in missing.value.field_errors}
    assert fields == {"requester", "requester_name", "identification_note"}
    with pytest.raises(InzageRefused, match="toekomst"):
        _record(officer, file, received_on=timezone.localdate() + timedelta(days=1))
    assert InzageRequest.objects.count() == 0
    # A parent may ask for the file of the child of 8.
    made = _record(officer, file, bsn="123456782", date_of_birth=sibling_born, requester="parent")
    assert made.person_id == file.sibling.pk


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 1, 15), date(2026, 2, 15)),
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2026, 12, 20), date(2027, 1, 20)),
    ],
)
def test_the_term_is_one_calendar_month(received: date, due: date) -> None:
    assert add_one_month(received) == due


def test_a_reminder_goes_to_every_officer_once_before_the_term_runs_out(settings: Any) -> None:
    settings.JM_INZAGE_REMINDER_DAYS = 7
    file = full_file()
    officer, other_officer = _officer(), _officer()
    today = timezone.localdate()
    soon = _record(officer, file, received_on=add_one_month_back(today + timedelta(days=5)))
    later = _record(officer, file, received_on=add_one_month_back(today + timedelta(days=20)))
    done = _record(officer, file, received_on=add_one_month_back(today + timedelta(days=2)))
    produce(done, officer)
    assert soon.due_on == today + timedelta(days=5)

    assert inzage_reminders_send() == 1
    for user in (officer, other_officer):
        notes = Notification.objects.filter(user=user)
        assert notes.count() == 1
        assert f"/inzage/{soon.public_id}/" in notes.get().url
        assert "nog 5 dagen" in notes.get().message
    assert inzage_reminders_send() == 0  # once per request
    later.refresh_from_db()
    assert later.reminded_at is None
    # Fifteen days on, the later one is due within the week.
    assert inzage_reminders_send(now=timezone.now() + timedelta(days=15)) == 1
    later.refresh_from_db()
    assert later.reminded_at is not None
    assert "privacy.inzage_reminders" in schedules()


def add_one_month_back(due: date) -> date:
    """A day of receipt whose term ends on `due` (for the dates these tests use)."""
    for back in range(27, 33):
        if add_one_month(due - timedelta(days=back)) == due:
            return due - timedelta(days=back)
    raise AssertionError(due)


def test_a_package_is_not_asked_twice_at_once() -> None:
    file = full_file()
    officer = _officer()
    inzage = _record(officer, file)
    InzageRequest.objects.filter(pk=inzage.pk).update(status=InzageStatus.PRODUCING)
    with pytest.raises(DomainError, match="wordt al gemaakt"):
        inzage_package_request(actor=officer, inzage=inzage)
    care = file.coordinator
    InzageRequest.objects.filter(pk=inzage.pk).update(status=InzageStatus.OPEN)
    with pytest.raises(DomainError):
        inzage_package_request(actor=care, inzage=inzage)
    inzage.refresh_from_db()
    assert inzage.status == InzageStatus.OPEN
    assert inzage.job_id == ""


def test_pages_for_the_officer_only_and_every_download_is_logged(client: Client) -> None:
    file = full_file()
    officer = _officer()
    inzage = _record(officer, file)
    produce(inzage, officer)
    detail = f"/inzage/{inzage.public_id}/"
    for user in (file.coordinator, UserFactory(role=Role.FUNCTIONAL_ADMIN.value)):
        other = login_as(Client(), user)
        assert other.get(detail).status_code == 404
        assert other.get(detail + "pakket.pdf").status_code == 404
    login_as(client, officer)
    page = client.get(detail)
    assert page.status_code == 200
    assert "Pakket als PDF downloaden" in page.content.decode()
    pdf = client.get(detail + "pakket.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    body = client.get(detail + "pakket.json")
    assert json.loads(body.content)["person"]["bsn"] == BSN
    downloads = AccessLogEntry.objects.filter(event="inzage.download").order_by("id")
    assert [d.details["format"] for d in downloads] == ["pdf", "json"]
    assert all(d.username == officer.username for d in downloads)


def test_the_form_shows_the_dutch_message_and_stores_nothing(client: Client) -> None:
    file = full_file()
    officer = _officer()
    login_as(client, officer)
    response = client.post(
        "/inzage/nieuw/",
        {
            "bsn": BSN,
            "date_of_birth": born_years_ago(40).isoformat(),
            "requester": "parent",
            "requester_name": "Eva Jansen",
            "identified_by": "id_document",
            "identification_note": "paspoort",
            "received_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Deze persoon is niet te identificeren" in response.content.decode()
    assert InzageRequest.objects.count() == 0
    good = client.post(
        "/inzage/nieuw/",
        {
            "bsn": BSN,
            "date_of_birth": file.person.date_of_birth.isoformat(),
            "requester": "parent",
            "requester_name": "Eva Jansen",
            "identified_by": "id_document",
            "identification_note": "paspoort",
            "received_on": timezone.localdate().isoformat(),
        },
    )
    assert good.status_code == 302
    assert InzageRequest.objects.get().person_id == file.person.pk
