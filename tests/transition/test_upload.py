"""The upload page: dry-run report in the browser, then the import (at once or as a job)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils.http import urlencode

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.transition.models import CaseloadImport, ProviderMapping, RunningClient
from jeugdmodel.transition.services.caseload import caseload_import
from tests.conftest import verify_second_factor
from tests.transition.conftest import caseload_csv, good_row, rows_of

pytestmark = pytest.mark.django_db
URL = "/overstap/inlezen/"
CONFIRM = "/overstap/inlezen/bevestigen/"


@pytest.fixture
def admin(make_user: Callable[..., User]) -> User:
    return make_user(Role.FUNCTIONAL_ADMIN)


@pytest.fixture
def admin_client(admin: User, login: Callable[[User], Client]) -> Client:
    return login(admin)


def upload(client: Client, data: bytes, name: str = "lopend.csv") -> str:
    response = client.post(
        URL, {"bestand": SimpleUploadedFile(name, data, "text/csv")}, follow=True
    )
    assert response.status_code == 200
    return response.content.decode()


def signed(page: str) -> str:
    match = re.search(r'name="upload" value="([^"]+)"', page)
    assert match, "no confirm form on the page"
    return match.group(1)


def test_the_dry_run_shows_the_report_and_stores_nothing(
    mapped: None, admin_client: Client
) -> None:
    rows = rows_of(4)
    rows[1]["bsn"] = "123456789"  # fails the elfproef
    rows.append(dict(rows[2]))  # a duplicate of row 4 (the header is row 1)
    page = upload(admin_client, caseload_csv(rows))
    assert "Proefrun van lopend.csv" in page
    assert "Dit is geen geldig BSN" in page
    assert ">3</th>" in page  # the rejected row's number, header is row 1
    assert "Rij 6 is dezelfde zorg voor hetzelfde kind als rij 4." in page
    assert 'value="good_rows"' in page  # the explicit choice is offered
    assert not RunningClient.objects.exists()
    assert not CaseloadImport.objects.exists()


def test_unmapped_providers_link_to_the_mapping_page_and_the_import_waits(
    mapped: None, admin_client: Client
) -> None:
    ProviderMapping.objects.filter(agb_code="12340002").delete()
    page = upload(admin_client, caseload_csv(rows_of(4)))
    assert 'href="/overstap/koppelingen/?agb=12340002&amp;naam=' in page
    assert "terug=%2Foverstap%2Finlezen%2Fverslag%2F%3Fupload%3D" in page
    response = admin_client.post(CONFIRM, {"upload": signed(page), "mode": "all"})
    assert response.status_code == 200
    assert "Nog niet alles is gekoppeld" in response.content.decode()
    assert not RunningClient.objects.exists()
    # Mapping from the link goes back to the report, read again: nothing left to map.
    back = "/overstap/inlezen/verslag/?" + urlencode({"upload": signed(page)})
    organisation = ProviderMapping.objects.get().organisation
    response = admin_client.post(
        "/overstap/koppelingen/",
        {
            "soort": "aanbieder",
            "terug": back,
            "aanbieder-agb_code": "12340002",
            "aanbieder-organisation": organisation.pk,
        },
    )
    assert response["Location"] == back
    again = admin_client.get(back).content.decode()
    assert "Te koppelen" not in again
    # Somewhere else than the report is not followed.
    response = admin_client.post(
        "/overstap/koppelingen/",
        {
            "soort": "aanbieder",
            "terug": "https://elders.example/",
            "aanbieder-agb_code": "12340002",
            "aanbieder-organisation": organisation.pk,
        },
    )
    assert response["Location"] == "/overstap/koppelingen/"


def test_all_or_nothing_refuses_a_bad_row_and_good_rows_imports_the_rest(
    mapped: None, admin_client: Client
) -> None:
    rows = rows_of(4)
    rows[0]["geboortedatum"] = "31-02-2012"
    page = upload(admin_client, caseload_csv(rows))
    response = admin_client.post(CONFIRM, {"upload": signed(page), "mode": "all"})
    assert "er is niets ingelezen" in response.content.decode()
    assert not RunningClient.objects.exists()
    response = admin_client.post(CONFIRM, {"upload": signed(page), "mode": "good_rows"})
    assert response.status_code == 302
    assert RunningClient.objects.count() == 3
    follow = admin_client.get(response["Location"]).content.decode()
    assert "Ingelezen: 3 rijen" in follow
    assert "lopend.csv" in follow  # listed under the earlier imports


def test_known_children_must_be_confirmed(mapped: None, admin_client: Client) -> None:
    rows = rows_of(2)
    caseload_import(actor=None, data=caseload_csv(rows[:1]), file_name="eerder.csv")
    rows[0]["beschikkingnummer"] = "B-NIEUW"
    rows[0]["productcode"] = "45A53"
    page = upload(admin_client, caseload_csv(rows))
    assert "Kinderen die al bekend zijn" in page
    response = admin_client.post(CONFIRM, {"upload": signed(page), "mode": "all"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_known_confirmed"' in body  # linked error summary
    assert RunningClient.objects.count() == 1
    response = admin_client.post(
        CONFIRM, {"upload": signed(page), "mode": "all", "known_confirmed": "on"}
    )
    assert response.status_code == 302
    assert RunningClient.objects.count() == 3


def test_a_forged_or_expired_reference_sends_back_to_the_upload(
    mapped: None, admin_client: Client
) -> None:
    response = admin_client.post(CONFIRM, {"upload": "nep", "mode": "all"}, follow=True)
    assert "niet (meer) bekend" in response.content.decode()
    assert not RunningClient.objects.exists()


@override_settings(JM_TRANSITION_MAX_FILE_BYTES=1024)
def test_a_file_over_the_limit_is_refused_on_the_form(mapped: None, admin_client: Client) -> None:
    response = admin_client.post(
        URL, {"bestand": SimpleUploadedFile("groot.csv", b"x" * 4096, "text/csv")}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_bestand"' in page
    assert "het mag hoogstens" in page


def test_an_empty_or_missing_file_is_explained(mapped: None, admin_client: Client) -> None:
    page = admin_client.post(URL, {}).content.decode()
    assert "Kies een bestand." in page
    page = upload(admin_client, b"bsn;achternaam\r\n")
    assert "Het bestand is afgewezen" in page
    assert "mist de kolom" in page


@override_settings(JM_TRANSITION_SYNC_BYTES=10)
def test_a_large_file_is_imported_by_a_job_with_progress(
    mapped: None,
    admin_client: Client,
    make_user: Callable[..., User],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    page = upload(admin_client, caseload_csv([good_row(i) for i in range(5)]))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(CONFIRM, {"upload": signed(page), "mode": "all"})
    assert response.status_code == 302
    assert "/overstap/inlezen/taak/" in response["Location"]
    # Jobs run right after commit in tests; the page shows the outcome.
    done = admin_client.get(response["Location"]).content.decode()
    assert 'data-job-state="succeeded"' in done
    assert "Ingelezen: 5 rijen" in done
    assert RunningClient.objects.count() == 5
    # Another functional admin does not see someone else's job here.
    other = Client()
    verify_second_factor(other, make_user(Role.FUNCTIONAL_ADMIN))
    assert other.get(response["Location"]).status_code == 404
