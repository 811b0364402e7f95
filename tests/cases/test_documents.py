"""Documents: the type is judged by content, not by name; too large or mismatched files
are refused and nothing is stored; a download is access-checked and logged."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessAction, AccessLogEntry
from jeugdmodel.cases.models import Document
from jeugdmodel.cases.services import document_upload
from jeugdmodel.cases.services.documents import document_clean_name
from jeugdmodel.cases.services.filetypes import file_kind_sniff
from jeugdmodel.core.errors import DomainError
from tests.cases.helpers import EXE, JPEG, PDF, PNG, TEXT, docx, new_case, odt, upload_committed

pytestmark = pytest.mark.usefixtures("mvs")


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (PDF, "pdf"),
        (PNG, "png"),
        (JPEG, "jpeg"),
        (docx(), "docx"),
        (odt(), "odt"),
        (TEXT, "text"),
        ("Één café, “aanhalingstekens”\n".encode(), "text"),
    ],
)
def test_allowed_kinds_are_known_by_their_content(content: bytes, code: str) -> None:
    kind = file_kind_sniff(io.BytesIO(content))
    assert kind is not None
    assert kind.code == code


@pytest.mark.parametrize(
    "content",
    [
        EXE,
        b"\x00\x01\x02binary",
        "geen utf-8: caf\xe9".encode("latin-1"),
        docx(main="application/vnd.ms-word.document.macroEnabled.main+xml"),  # .docm
        b"PK\x03\x04 not really a zip",
    ],
)
def test_other_content_is_refused(content: bytes) -> None:
    assert file_kind_sniff(io.BytesIO(content)) is None


def test_names_lose_folders_and_control_characters() -> None:
    assert document_clean_name("C:\\Users\\x\\verslag.pdf") == "verslag.pdf"
    assert document_clean_name("../../etc/passwd") == "passwd"
    assert document_clean_name("a\x00b\nc.txt") == "abc.txt"
    assert document_clean_name("") == "document"


def test_a_real_pdf_is_stored_with_a_random_name() -> None:
    story = new_case()
    doc = upload_committed(
        actor=story.coordinator,
        case=story.case,
        upload=SimpleUploadedFile("Verslag school.pdf", PDF, content_type="image/gif"),
        description="verslag van school",
    )
    assert doc.content_type == "application/pdf"  # sniffed, not what the browser said
    assert doc.original_name == "Verslag school.pdf"
    assert doc.size == len(PDF)
    assert "Verslag" not in doc.file.name
    assert doc.file.name.startswith("documents/")
    with default_storage.open(doc.file.name) as stored:
        assert stored.read() == PDF


def _refused(story_upload: SimpleUploadedFile) -> DomainError:
    story = new_case()
    with pytest.raises(DomainError) as exc:
        document_upload(actor=story.coordinator, case=story.case, upload=story_upload)
    assert exc.value.field == "file"
    assert not Document.objects.exists()
    return exc.value


def test_a_pdf_that_is_really_a_png_is_refused() -> None:
    error = _refused(SimpleUploadedFile("verslag.pdf", PNG, content_type="application/pdf"))
    assert "past niet bij de inhoud: het is een PNG-afbeelding" in str(error)
    assert ".png" in str(error)


def test_an_unknown_kind_is_refused() -> None:
    error = _refused(SimpleUploadedFile("setup.pdf", EXE))
    assert "Dit soort bestand kan niet worden toegevoegd" in str(error)


@override_settings(JEUGDMODEL_DOCUMENT_MAX_BYTES=1024)
def test_a_file_that_is_too_large_is_refused() -> None:
    error = _refused(SimpleUploadedFile("groot.txt", b"a" * 2048))
    assert "hoogstens" in str(error)


def test_an_empty_file_is_refused() -> None:
    error = _refused(SimpleUploadedFile("leeg.txt", b""))
    assert "leeg" in str(error)


def test_upload_page_refuses_a_mismatch_and_accepts_a_real_file(
    login: Callable[[User], Client],
) -> None:
    story = new_case()
    client = login(story.coordinator)
    url = f"/casussen/{story.case.public_id}/documenten/"
    bad = client.post(
        url + "toevoegen/",
        {"document-file": SimpleUploadedFile("foto.jpg", PNG), "document-description": ""},
    )
    assert bad.status_code == 400
    assert "het is een PNG-afbeelding" in bad.content.decode()
    assert not Document.objects.exists()
    good = client.post(
        url + "toevoegen/",
        {"document-file": SimpleUploadedFile("foto.png", PNG), "document-description": "tekening"},
        follow=True,
    )
    assert "Het document foto.png is toegevoegd." in good.content.decode()
    assert Document.objects.count() == 1


def test_download_is_logged_and_only_for_who_may_see_the_case(
    login: Callable[[User], Client], client: Client
) -> None:
    story = new_case()
    other = new_case()  # another professional of the same team, another family
    doc = upload_committed(
        actor=story.coordinator,
        case=story.case,
        upload=SimpleUploadedFile("Plan van aanpak (definitief).docx", docx()),
    )
    url = f"/casussen/{story.case.public_id}/documenten/{doc.public_id}/"
    response = login(story.coordinator).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == docx()  # type: ignore[attr-defined]
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Plan van aanpak (definitief).docx" in response["Content-Disposition"]
    entry = AccessLogEntry.objects.filter(event="document.download").get()
    assert entry.action == AccessAction.EXPORT
    assert entry.record_id == str(doc.public_id)
    assert entry.user_id == story.coordinator.pk

    client.logout()
    login(other.coordinator)
    assert client.get(url).status_code == 404
    # The document under another case (that the user may see) is not found either.
    wrong_case = f"/casussen/{other.case.public_id}/documenten/{doc.public_id}/"
    assert client.get(wrong_case).status_code == 404
    assert AccessLogEntry.objects.filter(event="document.download").count() == 1
