"""Letters about the switch: the template and its placeholders, the tagged PDF, the bulk
run as a job with its zip, and each letter on the family's case page."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.audit.models import AccessLogEntry
from jeugdmodel.core.errors import NotAllowed
from jeugdmodel.jobs.models import Job
from jeugdmodel.transition.letter_models import (
    FamilyLetter,
    LetterBatch,
    LetterBatchStatus,
    LetterTemplate,
)
from jeugdmodel.transition.letters import (
    DEFAULT_BODY,
    DEFAULT_SUBJECT,
    ChildCare,
    LetterFacts,
    TemplateError,
    letter_blocks,
    template_check,
)
from jeugdmodel.transition.letters_pdf import letter_pdf
from jeugdmodel.transition.models import HandoverStatus, RunningClient
from jeugdmodel.transition.services.caseload import caseload_import
from jeugdmodel.transition.services.letters import (
    LetterError,
    letter_batch_build,
    letter_batch_request,
    letter_template_save,
)

from .conftest import caseload_csv, good_row

URL = "/overstap/brieven/"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def admin(make_user: Callable[..., User]) -> User:
    return make_user(Role.FUNCTIONAL_ADMIN, first_name="Fien", last_name="Beheer")


@pytest.fixture
def admin_client(admin: User, login: Callable[[User], Client]) -> Client:
    return login(admin)


def facts(**over: Any) -> LetterFacts:
    values: dict[str, Any] = {
        "family_name": "gezin Jansen",
        "children": (
            ChildCare("Sam", "Oud & Co", "Scala", date(2023, 6, 30), False),
            ChildCare("Noor", "Oud & Co", "Scala", None, True),
        ),
        "contact": "Anne de Vries van Wijkteam Noord",
        "team": "Wijkteam Noord",
        "switch_date": date(2023, 1, 1),
        "letter_date": date(2022, 12, 1),
        "address_lines": ("Aan de ouders of verzorgers van Sam, Noor Jansen", "3141AB 12"),
    }
    values.update(over)
    return LetterFacts(**values)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# -- the template --------------------------------------------------------------------------


def test_known_placeholders_pass_and_are_listed_in_order() -> None:
    assert template_check("Beste {kinderen}, vanaf {overstapdatum}: {kinderen}") == [
        "kinderen",
        "overstapdatum",
        "kinderen",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Beste {voornaam}", "Onbekend invulveld: {voornaam}"),
        ("Beste {kinderen} en {Gezin} en {x}", "Onbekend invulveld: {Gezin}, {x}"),
        ("Beste {kinderen", "accolade"),
        ("Beste kinderen}", "accolade"),
        ("Beste {kinderen:>20}", "niet goed geschreven"),
        ("Beste {kinderen!r}", "niet goed geschreven"),
        ("Beste {kinderen.__class__}", "niet goed geschreven"),
        ("Beste {kinderen[0]}", "niet goed geschreven"),
        ("Beste {}", "niet goed geschreven"),
    ],
)
def test_a_bad_placeholder_is_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(TemplateError, match=re.escape(message)):
        template_check(text)


@pytest.mark.django_db
def test_saving_makes_a_new_version_and_an_unchanged_text_does_not(admin: User) -> None:
    first = letter_template_save(actor=admin, subject="Onderwerp", body="Tekst {gezin}")
    same = letter_template_save(actor=admin, subject="Onderwerp", body="Tekst {gezin}\n")
    second = letter_template_save(actor=admin, subject="Onderwerp", body="Andere {gezin}")
    assert (first.version, same.pk, second.version) == (1, first.pk, 2)
    assert second.created_by == admin
    assert AccessLogEntry.objects.filter(event="transition.letter_template_saved").count() == 2


@pytest.mark.django_db
def test_only_the_functional_admin_may_save_the_template(
    make_user: Callable[..., User],
) -> None:
    with pytest.raises(NotAllowed):
        letter_template_save(actor=make_user(Role.TEAM_LEAD), subject="a", body="b")
    assert not LetterTemplate.objects.exists()


@pytest.mark.django_db
def test_the_page_refuses_an_unknown_placeholder_and_keeps_what_was_typed(
    admin_client: Client,
) -> None:
    body = "Beste {ouders},\n\nDe hulp gaat door."
    response = admin_client.post(URL, {"sjabloon-subject": "Over {gezin}", "sjabloon-body": body})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Onbekend invulveld: {ouders}" in page
    assert 'href="#id_sjabloon-body"' in page  # the summary links to the field
    assert "Beste {ouders}," in page  # what was typed is kept
    assert not LetterTemplate.objects.exists()


@pytest.mark.django_db
def test_the_page_saves_a_version_with_who_and_when(admin_client: Client, admin: User) -> None:
    response = admin_client.post(
        URL, {"sjabloon-subject": "Over {gezin}", "sjabloon-body": "Beste {kinderen}."}
    )
    assert response.status_code == 302
    template = LetterTemplate.objects.get()
    assert (template.version, template.created_by) == (1, admin)
    page = admin_client.get(URL).content.decode()
    assert "versie 1, bijgewerkt door Fien Beheer" in page
    assert "Beste {kinderen}." in page


# -- the PDF -------------------------------------------------------------------------------


def test_the_letter_reads_back_as_text_with_accents_and_every_child() -> None:
    blocks = letter_blocks(
        subject=DEFAULT_SUBJECT,
        body=DEFAULT_BODY,
        facts=facts(family_name="gezin Çelik-Élise"),
    )
    text = pdf_text(letter_pdf(blocks, title="Brief"))
    flat = " ".join(text.split())
    assert "Uw jeugdhulp gaat over naar Scala" in flat
    assert "Beste ouder of verzorger van Sam en Noor," in flat
    assert "Die hulp mag doorgaan tot en met 30 juni 2023" in flat
    assert "Vanaf 1 januari 2023 krijgt Noor deze hulp van Scala" in flat
    assert "Uw contactpersoon is Anne de Vries van Wijkteam Noord" in flat
    assert "{" not in text


def test_the_pdf_is_tagged_every_text_is_in_a_tagged_block_and_headings_are_headings() -> None:
    blocks = letter_blocks(subject="Over {gezin}", body="## Kop\n\nEen alinea.", facts=facts())
    reader = PdfReader(io.BytesIO(letter_pdf(blocks, title="Over gezin Jansen")))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712  (a pypdf BooleanObject)
    assert root["/Lang"] == "nl-NL"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.metadata is not None
    assert reader.metadata.title == "Over gezin Jansen"
    document = root["/StructTreeRoot"]["/K"][0].get_object()
    assert document["/S"] == "/Document"
    elements = [kid.get_object() for kid in document["/K"]]
    assert [e["/S"] for e in elements] == ["/P", "/P", "/P", "/H1", "/H2", "/P"]
    page = reader.pages[0]
    assert page["/StructParents"] == 0
    parents = root["/StructTreeRoot"]["/ParentTree"]["/Nums"][1].get_object()
    assert [p.get_object()["/K"] for p in parents] == list(range(6))
    # In the content stream every text object that shows text lies inside a marked-content
    # sequence whose MCID the structure tree names (or inside an artifact: the page number).
    content = page.get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
    pattern = r"/\w+ <</(?:MCID (\d+)|Type /Pagination)>> BDC|\bEMC\b|\bBT\b.*?\bET\b"
    depth, shown_outside, mcids = 0, 0, []
    for token in re.finditer(pattern, content, flags=re.S):
        if token.group(0) == "EMC":
            depth -= 1
        elif token.group(0).startswith("BT"):
            shown_outside += depth == 0 and bool(re.search(r"\)\s*Tj|\]\s*TJ", token.group(0)))
        else:
            depth += 1
            if token.group(1) is not None:
                mcids.append(int(token.group(1)))
    assert depth == 0
    assert shown_outside == 0
    assert mcids == list(range(6))


def test_a_long_letter_runs_onto_a_second_page_with_its_own_structure() -> None:
    body = "\n\n".join(f"Alinea {i} " + "met wat tekst " * 30 for i in range(20))
    blocks = letter_blocks(subject="Lang", body=body, facts=facts())
    reader = PdfReader(io.BytesIO(letter_pdf(blocks, title="Lang")))
    assert len(reader.pages) >= 2
    assert reader.pages[1]["/StructParents"] == 1
    assert "Alinea 19" in pdf_text(letter_pdf(blocks, title="Lang"))


# -- the bulk run --------------------------------------------------------------------------


def _import(rows: list[dict[str, str]]) -> None:
    caseload_import(actor=None, data=caseload_csv(rows), file_name="a.csv")


def _three_families() -> list[dict[str, str]]:
    """Two children at one address (one family) and two single children."""
    first, second, third = good_row(0), good_row(1), good_row(2)
    second.update(postcode=first["postcode"], huisnummer=first["huisnummer"])
    second.update(gemeentecode=first["gemeentecode"], achternaam=first["achternaam"])
    fourth = good_row(3)
    return [first, second, third, fourth]


@pytest.mark.django_db(transaction=True)
def test_the_bulk_run_makes_one_letter_per_family_records_it_and_zips_them(
    mapped: None, admin: User, admin_client: Client
) -> None:
    _import(_three_families())
    families = set(RunningClient.objects.values_list("family_id", flat=True))
    assert len(families) == 3
    closed = RunningClient.objects.get(row_number=5)  # the fourth row: its care was closed
    RunningClient.objects.filter(pk=closed.pk).update(
        status=HandoverStatus.CLOSED, closed_reason="completed", closed_on=date(2023, 1, 5)
    )
    response = admin_client.post(URL + "maken/")
    batch = LetterBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{URL}{batch.public_id}/"
    assert batch.status == LetterBatchStatus.DONE  # the job ran on commit (tests)
    assert batch.families_total == 2
    job = Job.objects.get(id=batch.job_id)
    assert (job.state, job.progress_done, job.progress_total) == ("succeeded", 2, 2)
    letters = FamilyLetter.objects.order_by("family__name")
    assert {letter.family_id for letter in letters} == families - {closed.family_id}
    assert all(letter.template.version == 1 for letter in letters)  # the default, saved
    made = AccessLogEntry.objects.filter(event="transition.letter_made")
    assert made.count() == 2
    # The family of two children: both in the letter, both in the log row.
    pair = RunningClient.objects.get(row_number=2).family_id
    pair_letter = FamilyLetter.objects.get(family_id=pair)
    with pair_letter.pdf.open("rb") as handle:
        flat = " ".join(pdf_text(handle.read()).split())
    assert "Anouk en Daan" in flat or "Daan en Anouk" in flat
    entry = made.get(record_id=str(pair_letter.public_id))
    assert set(entry.subjects.values_list("subject_id", flat=True)) == set(  # type: ignore[attr-defined]
        RunningClient.objects.filter(family_id=pair).values_list("person_id", flat=True)
    )

    page = admin_client.get(f"{URL}{batch.public_id}/").content.decode()
    assert "De brieven zijn gemaakt voor 2 gezinnen." in page
    download = admin_client.get(f"{URL}{batch.public_id}/zip/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))  # type: ignore[attr-defined]
    names = archive.namelist()
    assert len(names) == 2
    assert all(n.endswith(".pdf") for n in names)
    assert names == sorted(names)
    texts = [" ".join(pdf_text(archive.read(n)).split()) for n in names]
    assert all("Uw jeugdhulp gaat over naar" in t for t in texts)
    assert AccessLogEntry.objects.filter(event="transition.letters_downloaded").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_second_run_after_a_crash_makes_only_the_missing_letters(
    mapped: None, admin: User
) -> None:
    _import(_three_families())
    template = letter_template_save(actor=admin, subject=DEFAULT_SUBJECT, body=DEFAULT_BODY)
    batch = LetterBatch.objects.create(
        template=template, requested_by=admin, letter_date=date(2022, 12, 1)
    )
    calls: list[tuple[int, int]] = []
    letter_batch_build(batch, progress=lambda done, total, message: calls.append((done, total)))
    first = list(FamilyLetter.objects.order_by("id").values_list("id", "pdf"))
    FamilyLetter.objects.filter(pk=first[-1][0]).delete()  # as if killed before the last
    letter_batch_build(batch)
    after = list(FamilyLetter.objects.order_by("id").values_list("id", "pdf"))
    assert after[: len(first) - 1] == first[:-1]  # the letters already made are kept
    assert len(after) == len(first) == 3
    assert calls[-1] == (3, 3)
    batch.refresh_from_db()
    assert len(zipfile.ZipFile(batch.archive.open("rb")).namelist()) == 3


@pytest.mark.django_db
def test_no_run_without_families_or_while_one_runs(
    mapped: None, admin: User, admin_client: Client
) -> None:
    with pytest.raises(LetterError, match="geen gezinnen met lopende zorg"):
        letter_batch_request(actor=admin)
    _import([good_row(0)])
    template = letter_template_save(actor=admin, subject="a", body="b")
    LetterBatch.objects.create(template=template, requested_by=admin, letter_date=date.today())
    response = admin_client.post(URL + "maken/", follow=True)
    assert "Er wordt al een reeks brieven gemaakt" in response.content.decode()
    assert LetterBatch.objects.count() == 1


@pytest.mark.django_db
def test_other_roles_cannot_reach_the_letters(
    make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    client = login(make_user(Role.TEAM_LEAD))
    assert client.get(URL).status_code == 404
    assert client.post(URL + "maken/").status_code == 404


# -- on the family's case page -------------------------------------------------------------


@pytest.mark.django_db
def test_the_letter_shows_on_the_case_page_and_opens_for_its_readers_only(
    mvs: None, admin: User, client: Client
) -> None:
    from tests.cases.helpers import login_as, new_case

    story = new_case()
    other = new_case(coordinator=story.coordinator)
    template = letter_template_save(actor=admin, subject="Over {gezin}", body="Tekst")
    batch = LetterBatch.objects.create(
        template=template, requested_by=admin, letter_date=date(2022, 12, 1)
    )
    blocks = letter_blocks(subject="Over {gezin}", body="Tekst", facts=facts())
    letter = FamilyLetter(
        batch=batch, family=story.case.family, template=template, subject="Over gezin Jansen"
    )
    from django.core.files.base import ContentFile

    letter.pdf.save("brief.pdf", ContentFile(letter_pdf(blocks, title="x")), save=False)
    letter.save()

    login_as(client, story.coordinator)
    page = client.get(f"/casussen/{story.case.public_id}/").content.decode()
    assert "Brieven over de overstap" in page
    link = f"/overstap/brieven/casus/{story.case.public_id}/{letter.public_id}/"
    assert link in page
    response = client.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert AccessLogEntry.objects.filter(
        event="transition.letter_downloaded", record_id=str(letter.public_id)
    ).exists()
    # Through a case of another family the letter is not there (same answer as unknown).
    assert (
        client.get(
            f"/overstap/brieven/casus/{other.case.public_id}/{letter.public_id}/"
        ).status_code
        == 404
    )
    other_page = client.get(f"/casussen/{other.case.public_id}/").content.decode()
    assert "Brieven over de overstap" not in other_page
