"""The inputs that once gave a server error, each at the depth where it is now refused."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.cases.models import Document
from jeugdmodel.cases.services.filetypes import file_kind_sniff
from jeugdmodel.region.models import Region
from tests.cases.helpers import new_case
from tests.conftest import verify_second_factor
from tests.factories import UserFactory
from tests.intake.conftest import mvs as mvs  # the region fixture

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def _client(role: Role) -> Client:
    client = Client()
    verify_second_factor(client, UserFactory(role=role.value))
    return client


@pytest.mark.parametrize("field", ["date_from", "date_to"])
@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_access_log_search_with_a_date_at_the_edge_of_time(field: str, value: str) -> None:
    response = _client(Role.PRIVACY_OFFICER).get("/toegangslog/", {field: value})
    assert response.status_code == 200
    assert "Vul een datum in tussen 1900 en 2999." in response.content.decode()


@pytest.mark.parametrize(("param", "rows"), [("limit", 1), ("offset", 0)])
def test_api_list_with_a_number_too_large_for_the_database(
    mvs: Region, login: Callable[[User], Client], param: str, rows: int
) -> None:
    story = new_case()
    response = login(story.coordinator).get("/api/v1/cases/", {param: "9223372036854775808"})
    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) == rows


def test_a_server_error_under_the_api_is_a_problem_document() -> None:
    from django.test import RequestFactory

    from jeugdmodel.core.views import server_error

    response = server_error(RequestFactory().get("/api/v1/cases/"))
    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM
    assert b"<html" not in response.content


def test_an_unknown_api_address_is_a_problem_document() -> None:
    response = _client(Role.TEAM_LEAD).get("/api/v1/bestaat-niet/")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/intake/requests/AB%00CD/status/",
        "/api/v1/cases/?limit=1%00",
    ],
)
def test_a_nul_character_in_an_api_address_is_a_problem_document(url: str) -> None:
    response = _client(Role.PARTNER).get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM


def test_a_nul_character_in_a_page_query_or_form_is_a_bad_request() -> None:
    client = _client(Role.PRIVACY_OFFICER)
    assert client.get("/toegangslog/", {"record_id": "AB\x00CD"}).status_code == 400
    assert client.post("/uitloggen/", {"next": "\x00"}).status_code == 400


def _corrupt_docx() -> bytes:
    """A DOCX whose directory is fine but whose compressed content is not."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types>" + "x" * 200 + "</Types>")
        archive.writestr("word/document.xml", "<w:document/>")
    data = bytearray(buffer.getvalue())
    name_length, extra_length = struct.unpack("<HH", data[26:30])
    start = 30 + name_length + extra_length
    data[start : start + 8] = b"\xff" * 8
    return bytes(data)


def test_a_docx_with_corrupt_compressed_data_is_no_known_kind() -> None:
    assert file_kind_sniff(io.BytesIO(_corrupt_docx())) is None


def test_uploading_a_corrupt_docx_is_refused_with_a_message(
    mvs: Region, login: Callable[[User], Client]
) -> None:
    story = new_case()
    client = login(story.coordinator)
    response = client.post(
        f"/casussen/{story.case.public_id}/documenten/toevoegen/",
        {
            "document-file": SimpleUploadedFile("verslag.docx", _corrupt_docx()),
            "document-description": "",
        },
    )
    assert response.status_code == 400
    assert "verslag.docx" in response.content.decode() or "soort" in response.content.decode()
    assert not Document.objects.exists()
