"""A family file with something in every part the inzage package shows: two children (13
and 8), a plan with goals for the family and for each child, a journal entry, a trajectory,
a document, and a read with emergency access by a professional of another team."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.care.services import trajectory_start
from jeugdmodel.cases.models import Case
from jeugdmodel.cases.plan_content import FAMILY
from jeugdmodel.cases.services import emergency_access_start, journal_add, plan_save
from jeugdmodel.families.models import Person
from jeugdmodel.region.models import HelpForm, Organisation
from tests.cases.helpers import PDF, login_as, new_case, plan_body, upload_committed
from tests.intake.fixtures_work import professional_in, team

BSN = "111222333"
NOTE = "Gesprek met Kind0 en moeder over school; Kind0 wil weer naar de voetbalclub."
OWN_GOAL = "Kind0 gaat weer elke dag naar school"
SIBLING_GOAL = "Kind1 slaapt zonder nachtlampje"
FAMILY_GOAL = "Rust in huis na schooltijd"
WHY = "Crisisdienst belt 's nachts: kind alleen thuis, regiehouder onbereikbaar."


@dataclass
class File:
    case: Case
    person: Person  # the child of 13, with BSN
    sibling: Person
    coordinator: User
    outsider: User


def _goal(subject: str, text: str) -> dict[str, object]:
    today = timezone.localdate().isoformat()
    return {
        "subject": subject,
        "text": text,
        "scores": [{"date": today, "score": 4, "kind": "start"}],
    }


def full_file(client: Client | None = None) -> File:
    story = new_case(ages=(13, 8))
    members = {
        m.person.given_name: m.person
        for m in story.case.family.members.select_related("person").filter(relation="child")
    }
    person, sibling = members["Kind0"], members["Kind1"]
    Person.objects.filter(pk=person.pk).update(bsn=BSN)
    person.refresh_from_db()
    today = timezone.localdate()
    plan_save(
        actor=story.coordinator,
        case=story.case,
        base_version=0,
        content=plan_body(
            goals=[
                _goal(FAMILY, FAMILY_GOAL),
                _goal(str(person.public_id), OWN_GOAL),
                _goal(str(sibling.public_id), SIBLING_GOAL),
            ],
            agreements=[{"who": "moeder", "what": "belt school op maandag", "due": None}],
        ),
    )
    journal_add(
        actor=story.coordinator,
        case=story.case,
        on=today,
        kind="face_to_face",
        duration_minutes=45,
        with_whom="Kind0 en moeder",
        note=NOTE,
    )
    trajectory_start(
        actor=story.coordinator,
        case=story.case,
        child=person,
        help_form=HelpForm.objects.get(region__isnull=True, code="wijkteamondersteuning"),
        start_date=today,
    )
    upload_committed(
        actor=story.coordinator,
        case=story.case,
        upload=SimpleUploadedFile("Verslag school.pdf", PDF, content_type="application/pdf"),
    )
    outsider = professional_in(team("wot-zuid"))
    outsider.organisation = Organisation.objects.order_by("pk").first()
    outsider.save(update_fields=["organisation"])
    emergency_access_start(actor=outsider, bsn=BSN, reason="crisis", explanation=WHY)
    login_as(client or Client(), outsider).get(f"/casussen/{story.case.public_id}/")
    return File(
        case=story.case,
        person=person,
        sibling=sibling,
        coordinator=story.coordinator,
        outsider=outsider,
    )


def produce(inzage: object, actor: User) -> None:
    """Ask the package as the page does; the job runs when the transaction commits."""
    from jeugdmodel.privacy.services import inzage_package_request

    with TestCase.captureOnCommitCallbacks(execute=True):
        inzage_package_request(actor=actor, inzage=inzage)  # type: ignore[arg-type]
