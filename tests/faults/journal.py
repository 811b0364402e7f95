"""The write the database fault tests interrupt: a coordinator records a phone call with the
family in the case journal, over HTTP. In one transaction that writes the journal entry, the
case's status (now "in behandeling"), the request's first contact and the access-log row."""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client
from django.utils import timezone

from jeugdmodel.cases.models import CaseStatus, JournalEntry
from jeugdmodel.intake.models import Request
from tests.cases.helpers import Story, new_case
from tests.conftest import verify_second_factor

from .liveapp import Answer, Browser

SAVED = "Het contact is vastgelegd in het journaal."


@dataclass
class JournalVisit:
    story: Story
    browser: Browser

    @property
    def page(self) -> str:
        return f"/casussen/{self.story.case.public_id}/journaal/"

    @property
    def request_row(self) -> tuple[str, int]:
        """The request's row, written after the journal entry and the case: holding it
        stops the write in the middle of its transaction (the test checks it had written)."""
        return (Request._meta.db_table, self.story.request.pk)

    def open(self) -> Answer:
        return self.browser.get(self.page)

    def record(self, page: Answer) -> Answer:
        return self.browser.post(
            self.page + "toevoegen/",
            page,
            {
                "journal-on": timezone.localdate().isoformat(),
                "journal-kind": "phone",
                "journal-duration_minutes": "20",
                "journal-with_whom": "moeder",
                "journal-note": "Gebeld over de afspraak met school.",
            },
        )

    def written(self) -> dict[str, object]:
        """What the write changes, read fresh from the database."""
        case = self.story.case
        case.refresh_from_db()
        request = Request.objects.get(pk=self.story.request.pk)
        return {
            "journal entries": JournalEntry.objects.filter(case=case).count(),
            "case active": case.status == CaseStatus.ACTIVE,
            "first contact": request.first_contact_on is not None,
        }


def journal_visit(port: int) -> JournalVisit:
    """A fresh case of a coordinator who is logged in (password and second factor)."""
    story = new_case()
    client = Client()
    verify_second_factor(client, story.coordinator)
    return JournalVisit(story, Browser(port, session_from=client))


def nothing_written() -> dict[str, object]:
    return {"journal entries": 0, "case active": False, "first contact": False}


def written_once() -> dict[str, object]:
    return {"journal entries": 1, "case active": True, "first contact": True}


def is_dutch_unavailable_page(answer: Answer) -> bool:
    return (
        answer.status == 503
        and "Tijdelijk niet beschikbaar" in answer.body
        and "Wat u net deed is niet opgeslagen" in answer.body
        and "Traceback" not in answer.body
    )
