"""A case as the front door makes it: a request for a family, assigned by the lead of the
neighbourhood team to a professional, who becomes the coordinator. Tests read as a story:
a lead, a coordinator, a case."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.test import Client
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.cases.models import Case
from jeugdmodel.families.services import PersonInput
from jeugdmodel.intake.models import Request
from jeugdmodel.intake.services import request_assign
from jeugdmodel.region.models import Team
from tests.intake.fixtures_work import (
    PC_SCHIEDAM_OOST,
    PC_SCHIEDAM_ZUID,
    child,
    lead_of,
    professional_in,
    submit,
    team,
)

_counter = iter(range(1, 1_000_000))
#: A postcode each team serves, so the request is routed to that team.
POSTCODES = {"wot-oost": PC_SCHIEDAM_OOST, "wot-zuid": PC_SCHIEDAM_ZUID}


@dataclass
class Story:
    case: Case
    request: Request
    lead: User
    coordinator: User
    team: Team


def born_years_ago(years: int) -> date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def parent(
    given: str = "Eva", family: str = "Jansen", postcode: str = PC_SCHIEDAM_OOST
) -> PersonInput:
    return PersonInput(
        given_name=given, family_name=family, date_of_birth=date(1985, 5, 5), postcode=postcode
    )


def new_case(
    *,
    team_code: str = "wot-oost",
    ages: tuple[int, ...] = (9,),
    family: str | None = None,
    with_parent: bool = True,
    lead: User | None = None,
    coordinator: User | None = None,
) -> Story:
    """A fresh family (unique name) with children of `ages`, assigned to a coordinator."""
    t = team(team_code)
    lead = lead or lead_of(t)
    coordinator = coordinator or professional_in(t)
    name = family or f"Familie{next(_counter)}"
    postcode = POSTCODES[team_code]
    children = [
        child(given=f"Kind{i}", family=name, born=born_years_ago(age), postcode=postcode)
        for i, age in enumerate(ages)
    ]
    parents = [parent(family=name, postcode=postcode)] if with_parent else []
    request = submit(children=children, parents=parents)
    case = request_assign(actor=lead, request=request, professional=coordinator)
    request.refresh_from_db()
    return Story(case=case, request=request, lead=lead, coordinator=coordinator, team=t)


def care_user(t: Team, role: Role = Role.WIJKTEAM_PROFESSIONAL) -> User:
    return professional_in(t, role=role)


def plan_body(**content: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"goals": [], "agreements": [], "network": [], "next_evaluation": None}
    body.update(content)
    return body


def login_as(client: Client, user: User) -> Client:
    from tests.conftest import verify_second_factor

    verify_second_factor(client, user)
    return client


# -- sample files -------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
TEXT = b"Verslag van het gesprek met school.\nAlles goed.\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"


def docx(
    main: str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'content-types"><Override PartName="/word/document.xml" ContentType="{main}"/>'
            "</Types>",
        )
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def upload_committed(**kwargs: Any) -> Any:
    """`document_upload` as a request does it: the file reaches its own name when the
    transaction commits (the test's transaction never does, so its callbacks run here)."""
    from django.test import TestCase

    from jeugdmodel.cases.services import document_upload

    with TestCase.captureOnCommitCallbacks(execute=True):
        return document_upload(**kwargs)
