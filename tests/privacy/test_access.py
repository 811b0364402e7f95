"""The pages of one real inzage request with every role: only the privacy officer opens
them; everyone else gets the answer of a page that does not exist."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jeugdmodel.accounts.roles import Role
from jeugdmodel.privacy.models import InzageRequest
from jeugdmodel.privacy.services import inzage_request_record
from tests.cases.helpers import login_as, new_case
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("mvs")


@pytest.fixture
def inzage() -> InzageRequest:
    story = new_case(ages=(14,))
    person = story.case.family.members.get(relation="child").person
    person.bsn = "111222333"
    person.save(update_fields=["bsn"])
    return inzage_request_record(
        actor=UserFactory(role=Role.PRIVACY_OFFICER.value),
        bsn=person.bsn,
        date_of_birth=person.date_of_birth,
        requester="youth",
        requester_name="Kind0",
        identified_by="digid",
        identification_note="DigiD-inlog op het loket",
        received_on=timezone.localdate(),
    )


@pytest.mark.parametrize("role", list(Role))
def test_only_the_privacy_officer_opens_a_request(inzage: InzageRequest, role: Role) -> None:
    client = login_as(Client(), UserFactory(role=role.value))
    base = f"/inzage/{inzage.public_id}/"
    allowed = role == Role.PRIVACY_OFFICER
    assert client.get(base).status_code == (200 if allowed else 404)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the job runs after the commit
        produce = client.post(base + "maken/")
    assert produce.status_code == (302 if allowed else 404)
    # The package exists only for the officer who had it made.
    assert client.get(base + "pakket.json").status_code == (200 if allowed else 404)


def test_the_list_asks_as_many_queries_for_six_requests_as_for_one(
    inzage: InzageRequest,
) -> None:
    officer = UserFactory(role=Role.PRIVACY_OFFICER.value)
    client = login_as(Client(), officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/inzage/")
        assert response.status_code == 200
        return len(queries)

    one = count()
    for _ in range(5):
        inzage_request_record(
            actor=officer,
            bsn=inzage.person.bsn,
            date_of_birth=inzage.person.date_of_birth,
            requester="parent",
            requester_name="Eva Jansen",
            identified_by="id_document",
            identification_note="paspoort",
            received_on=timezone.localdate(),
        )
    assert InzageRequest.objects.count() == 6
    assert count() == one
