"""A case from start to close in a real browser: the coordinator of a case made at the front
door opens it from the home page, writes the plan, records a contact and asks the flexible
network; a Plusteam specialist (another browser) takes the question and advises; the
coordinator steps the child up and later down, evaluates the plan, compares two versions
and closes the case. Every page visited is checked with axe-core, and no page may break the
Content-Security-Policy (the `browser_errors` fixture fails the test on a violation)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.care.models import (
    Consultation,
    ConsultationStatus,
    EndReason,
    LevelChange,
    Trajectory,
)
from jeugdmodel.cases.models import Case, CaseStatus, ClosingReason, JournalEntry, PlanVersion
from jeugdmodel.intake.models import Request, RequestStatus
from jeugdmodel.intake.services import request_assign
from jeugdmodel.region.models import Team, TeamKind
from tests.browser.conftest import BrowserErrors
from tests.browser.front_door_helpers import FrontDoor, front_door, main_nav_link
from tests.factories import TeamMembershipFactory, UserFactory, totp_device

pytestmark = pytest.mark.django_db(transaction=True)

AxeCheck = Callable[..., list[dict[str, Any]]]
LogIn = Callable[..., Page]

FAMILY = "Gezin Mulder"
QUESTION = "Sanne is erg angstig en wil niet meer naar school. Is specialistische hulp nodig?"
ADVICE = "Specialistische diagnostiek is passend: meld Sanne aan bij de jeugd-ggz."
STEP_UP = "De angst neemt toe ondanks de hulp van het wijkteam; behandeling is nodig."
STEP_DOWN = "Behandeldoelen bereikt; het wijkteam ondersteunt het gezin verder."


@dataclass(frozen=True)
class CaseWorld:
    door: FrontDoor
    request: Request
    case: Case
    specialist: User  # a member of the region's flexible network (the Plusteam)


@pytest.fixture
def world(live_server: LiveServer) -> CaseWorld:
    """The MVS region, a request through the front door (request_submit) that the team
    lead assigned (request_assign): a case with Noor Bakker as coordinator."""
    door = front_door()
    request = door.submit(given_name="Sanne", family_name="Mulder", age=8)
    case = request_assign(actor=door.lead, request=request, professional=door.professional)
    plusteam = Team.objects.get(region=door.team.region, kind=TeamKind.FLEX_NETWERK)
    specialist = UserFactory.create(
        role=Role.FLEX_SPECIALIST.value,
        first_name="Fenna",
        last_name="de Groot",
        expertise=["angst", "trauma"],
        languages=["nl"],
    )
    TeamMembershipFactory(user=specialist, team=plusteam)
    totp_device(specialist)
    return CaseWorld(door=door, request=request, case=case, specialist=specialist)


def case_nav(page: Page, label: str) -> Locator:
    return page.get_by_role("navigation", name="Onderdelen van de casus").get_by_role(
        "link", name=label, exact=True
    )


def iso(day: date) -> str:
    """A date as a date input takes it."""
    return day.isoformat()


def test_a_case_from_plan_to_close(
    world: CaseWorld,
    page: Page,
    new_page: Callable[..., Page],
    log_in: LogIn,
    axe_check: AxeCheck,
    browser_errors: BrowserErrors,
) -> None:
    today = timezone.localdate()
    case = world.case
    sanne = f"Sanne ({case.family.members.get().person.age_on(today)} jaar)"

    # -- the coordinator opens the case from the home page --------------------------------
    log_in(page, world.door.professional)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom, Noor Bakker")
    new_cases = page.get_by_role("region", name="Nieuwe casussen en vragen")
    expect(new_cases.get_by_role("link", name=world.request.reference)).to_be_visible()
    my_cases = page.get_by_role("region", name="Mijn casussen")
    expect(my_cases).to_contain_text("Open casussen (regiehouder of casusteam)")
    axe_check(page)

    my_cases.get_by_role("link", name="naar mijn casussen").click()
    expect(page.get_by_role("heading", name="Mijn casussen", level=1)).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=FAMILY))
    expect(row).to_contain_text("regiehouder")
    expect(row).to_contain_text("aangemeld")
    axe_check(page)

    row.get_by_role("link", name=FAMILY).click()
    expect(page.get_by_role("heading", name=f"Casus {FAMILY}", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="nog geen plan: maak het plan")).to_be_visible()
    expect(page.get_by_role("link", name=world.request.reference)).to_be_visible()
    axe_check(page)

    # -- a plan with two goals and their start scores --------------------------------------
    case_nav(page, "Plan").click()
    expect(page.get_by_role("heading", name=f"Plan van {FAMILY}", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Er is nog geen plan")).to_be_visible()
    axe_check(page)

    goal = page.get_by_role("group", name="Nieuw doel", exact=True)
    first, second = goal.nth(0), goal.nth(1)
    first.get_by_label("Voor wie").select_option(label=sanne)
    first.get_by_label("Doel", exact=True).fill("Sanne gaat weer elke dag naar school.")
    first.get_by_label("Nieuwe score (1–10)").fill("3")
    expect(first.get_by_label("Soort score")).to_have_value("start")
    second.get_by_label("Voor wie").select_option(label="het hele gezin")
    second.get_by_label("Doel", exact=True).fill("Er is een vast ritme thuis.")
    second.get_by_label("Nieuwe score (1–10)").fill("5")
    agreement = page.get_by_role("group", name="Nieuwe afspraak", exact=True).first
    agreement.get_by_label("Wie", exact=True).fill("Ilse (moeder)")
    agreement.get_by_label("Wat", exact=True).fill("Maakt een weekschema met vaste bedtijden.")
    agreement.get_by_label("Uiterlijk op").fill(iso(today))
    person = page.get_by_role("group", name="Nieuw in het netwerk", exact=True).first
    person.get_by_label("Naam", exact=True).fill("Oma Mulder")
    person.get_by_label("Relatie tot het gezin").select_option(label="familie")
    page.get_by_label("Volgende evaluatie").fill(iso(today + timedelta(days=42)))
    page.get_by_label("Het gezin stemde in op").fill(iso(today))
    page.get_by_label("Ingestemd door").fill("Ilse Mulder (moeder)")
    page.get_by_role("checkbox", name="de ouder of verzorger stemt in").check()
    page.get_by_role("button", name="Plan opslaan als nieuwe versie").click()

    expect(page.get_by_text("Het plan is opgeslagen als versie 1.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"^Het plan nu: versie 1 "))).to_be_visible()
    goals = page.get_by_role("table").filter(has_text="Scores (1–10)")
    expect(goals.get_by_role("row", name=re.compile("Sanne gaat weer elke dag"))).to_contain_text(
        "3 (startmeting"
    )
    expect(goals.get_by_role("row", name=re.compile("vast ritme thuis"))).to_contain_text(
        "5 (startmeting"
    )
    expect(page.get_by_text("Oma Mulder (familie)")).to_be_visible()
    axe_check(page)

    # -- a contact in the journal -------------------------------------------------------------
    case_nav(page, "Journaal").click()
    expect(page.get_by_role("heading", name=f"Journaal van {FAMILY}", level=1)).to_be_visible()
    axe_check(page)
    contact = page.get_by_role("form", name="Contact vastleggen")
    expect(contact.get_by_label("Datum", exact=True)).to_have_value(iso(today))
    contact.get_by_label("Soort contact").select_option(label="huisbezoek")
    contact.get_by_label("Duur in minuten").fill("60")
    contact.get_by_label("Met wie").fill("Ilse en Sanne")
    contact.get_by_label("Verslag").fill("Eerste huisbezoek: de ochtenden lopen vast.")
    contact.get_by_role("button", name="Vastleggen").click()

    expect(page.get_by_text("Het contact is vastgelegd in het journaal.")).to_be_visible()
    expect(page.get_by_text("1 contact, samen 1 uur en 0 minuten.")).to_be_visible()
    entry = page.get_by_role("row").filter(has_text="Eerste huisbezoek")
    expect(entry).to_contain_text("huisbezoek")
    expect(entry).to_contain_text("Noor Bakker")
    # The first contact with the family makes the case "in behandeling".
    expect(
        page.get_by_text(re.compile(r"regiehouder Noor Bakker \(in behandeling\)"))
    ).to_be_visible()
    axe_check(page)

    # -- a question to the flexible network -------------------------------------------------
    case_nav(page, "Consultaties").click()
    expect(
        page.get_by_role("heading", name="Consultaties van het flexibel netwerk", level=1)
    ).to_be_visible()
    axe_check(page)
    ask = page.get_by_role("form", name="Het flexibel netwerk om consultatie vragen")
    ask.get_by_label("Uw vraag").fill(QUESTION)
    ask.get_by_role("checkbox", name="angst", exact=True).check()
    ask.get_by_role("button", name="Vraag versturen").click()

    expect(
        page.get_by_text("Uw vraag staat in de wachtrij van het flexibel netwerk.")
    ).to_be_visible()
    asked = page.get_by_role("article").filter(has_text=QUESTION)
    expect(asked).to_contain_text("wacht op een specialist")
    expect(asked).to_contain_text("Plusteam")
    axe_check(page)

    # -- the Plusteam specialist takes it, in another browser -------------------------------
    flex = new_page()
    log_in(flex, world.specialist)
    expect(flex.get_by_role("region", name="Consultaties")).to_contain_text(
        "Wachten op een specialist"
    )
    axe_check(flex)
    main_nav_link(flex, "Consultaties").click()
    expect(flex.get_by_role("heading", name="Consultaties: de wachtrij", level=1)).to_be_visible()
    waiting = flex.get_by_role("row").filter(has_text=QUESTION[:60])
    expect(waiting).to_contain_text("wacht op een specialist")
    expect(waiting).to_contain_text(world.door.team.name)
    axe_check(flex)

    waiting.get_by_role("link").click()
    expect(
        flex.get_by_role("heading", name=re.compile(r"^Consultatie van "), level=1)
    ).to_be_visible()
    expect(flex.get_by_text(QUESTION)).to_be_visible()
    axe_check(flex)
    flex.get_by_role("button", name="Consultatie aannemen").click()

    expect(
        flex.get_by_text("U heeft de consultatie aangenomen en zit nu in het casusteam.")
    ).to_be_visible()
    expect(flex.get_by_role("region", name="De vraag")).to_contain_text("aangenomen")
    axe_check(flex)
    flex.get_by_label("Advies", exact=True).fill(ADVICE)
    flex.get_by_role("button", name="Advies vastleggen").click()

    expect(
        flex.get_by_text("Het advies is vastgelegd. De regiehouder krijgt een melding.")
    ).to_be_visible()
    expect(flex.get_by_role("region", name="Aangenomen en advies")).to_contain_text(ADVICE)
    expect(flex.get_by_role("region", name="De vraag")).to_contain_text("advies gegeven")
    axe_check(flex)

    # -- the coordinator reads the advice and steps Sanne up ------------------------------
    page.reload()
    expect(asked).to_contain_text("advies gegeven")
    expect(asked).to_contain_text(ADVICE)
    expect(asked).to_contain_text("Fenna de Groot")
    axe_check(page)

    case_nav(page, "Trajecten").click()
    expect(page.get_by_role("heading", name="Trajecten", level=1)).to_be_visible()
    expect(page.get_by_text("Er is nog geen traject vastgelegd.")).to_be_visible()
    axe_check(page)
    child = re.compile(r"^Sanne Mulder \(")
    start = page.get_by_role("form", name="Traject starten")
    choose(start.get_by_label("Kind", exact=True), child)
    start.get_by_label("Hulpvorm").select_option(label="Ondersteuning door het wijkteam")
    start.get_by_label("Intensiteit").fill("2 uur per week")
    start.get_by_role("button", name="Traject starten").click()
    expect(page.get_by_text("Het traject is gestart.")).to_be_visible()
    expect(page.get_by_text("Lopend: 1 basis, 0 specialistisch.")).to_be_visible()
    axe_check(page)

    up = page.get_by_role("form", name="Opschalen naar specialistische hulp")
    choose(up.get_by_label("Kind", exact=True), child)
    choose(up.get_by_label("Van traject"), re.compile(r"^Sanne: Ondersteuning door het wijkteam"))
    expect(up.get_by_label("Dat traject eindigt op de datum van de overgang")).to_be_checked()
    up.get_by_label("Nieuwe hulpvorm").select_option(label="Jeugd-GGZ behandeling")
    up.get_by_label("Reden", exact=True).fill(STEP_UP)
    up.get_by_role("button", name="Opschalen").click()

    expect(
        page.get_by_text("Opschalen is vastgelegd en het specialistische traject is gestart.")
    ).to_be_visible()
    expect(page.get_by_text("Lopend: 0 basis, 1 specialistisch.")).to_be_visible()
    specialist_row = page.get_by_role("row").filter(has_text="Jeugd-GGZ behandeling").first
    expect(specialist_row).to_contain_text("specialistisch")
    expect(specialist_row).to_contain_text(STEP_UP)
    changes = page.get_by_role(
        "table", name="Elke overgang tussen basis en specialistische hulp, met de reden"
    )
    expect(changes.get_by_role("row").filter(has_text="opschalen")).to_contain_text(STEP_UP)
    axe_check(page)

    # -- and later down -------------------------------------------------------------------------
    down = page.get_by_role("form", name="Afschalen naar basishulp")
    choose(down.get_by_label("Kind", exact=True), child)
    choose(down.get_by_label("Van traject"), re.compile(r"^Sanne: Jeugd-GGZ behandeling"))
    down.get_by_label("Nieuwe hulpvorm").select_option(label="Ondersteuning door het wijkteam")
    down.get_by_label("Reden", exact=True).fill(STEP_DOWN)
    down.get_by_role("button", name="Afschalen").click()

    expect(
        page.get_by_text("Afschalen is vastgelegd en het basistraject is gestart.")
    ).to_be_visible()
    expect(page.get_by_text("Lopend: 1 basis, 0 specialistisch.")).to_be_visible()
    expect(changes.get_by_role("row").filter(has_text="afschalen")).to_contain_text(STEP_DOWN)
    expect(specialist_row).to_contain_text("volgens plan")
    axe_check(page)

    # -- the plan is evaluated: version 2, the versions and what changed -------------------
    case_nav(page, "Overzicht").click()
    expect(page.get_by_role("heading", name=f"Casus {FAMILY}", level=1)).to_be_visible()
    # The specialist is in the case team now, for the period of the consultation.
    member = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Fenna de Groot")
    )
    expect(member).to_contain_text("specialist flexibel netwerk")
    axe_check(page)
    case_nav(page, "Plan").click()
    first_goal = page.get_by_role("group", name="Doel 1", exact=True)
    expect(first_goal).to_contain_text("Scores tot nu toe: 3 (startmeting")
    axe_check(page)
    expect(first_goal.get_by_label("Soort score")).to_have_value("evaluation")
    first_goal.get_by_label("Nieuwe score (1–10)").fill("6")
    page.get_by_role("group", name="Afspraak 1", exact=True).get_by_label("Gedaan").check()
    page.get_by_role("button", name="Plan opslaan als nieuwe versie").click()

    expect(page.get_by_text("Het plan is opgeslagen als versie 2.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"^Het plan nu: versie 2 "))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Sanne gaat weer elke dag"))).to_contain_text(
        "6 (evaluatie"
    )
    axe_check(page)

    page.get_by_role("link", name="Alle versies en wat er veranderde").click()
    expect(
        page.get_by_role("heading", name=f"Versies van het plan van {FAMILY}", level=1)
    ).to_be_visible()
    versions = page.get_by_role("table", name="Nieuwste eerst")
    expect(versions.get_by_role("row")).to_have_count(3)  # the header and two versions
    expect(versions.get_by_role("rowheader").first).to_have_text("versie 2")
    axe_check(page)
    page.get_by_label("Van versie").select_option("1")
    page.get_by_label("Naar versie").select_option("2")
    page.get_by_role("button", name="Vergelijken").click()
    expect(page).to_have_url(re.compile(r"[?&]van=1&naar=2"))
    diff = page.get_by_role("table", name="Verschil tussen versie 1 en versie 2")
    added = diff.get_by_role("row").filter(has_text="toegevoegd:")
    expect(added.filter(has_text="score 6 (evaluatie")).to_have_count(1)
    expect(added.filter(has_text="Maakt een weekschema met vaste bedtijden.")).to_contain_text(
        "gedaan"
    )
    expect(diff.get_by_role("row").filter(has_text="verwijderd:").first).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"Van versie 1 naar versie 2: \d+ regels veranderd"))
    ).to_be_visible()
    axe_check(page)

    # -- the case closes with a reason --------------------------------------------------------
    case_nav(page, "Overzicht").click()
    close = page.get_by_role("form", name="Casus afsluiten")
    expect(close).to_be_visible()
    axe_check(page)
    close.get_by_label("Reden van afsluiten").select_option(label="doelen bereikt")
    expect(close.get_by_label("Afgesloten op")).to_have_value(iso(today))
    close.get_by_role("button", name="Casus afsluiten").click()

    expect(
        page.get_by_text(
            "De casus is afgesloten. Alle lopende periodes in het casusteam zijn beëindigd."
        )
    ).to_be_visible()
    summary = page.get_by_role("region", name="In het kort")
    expect(summary).to_contain_text("afgesloten")
    expect(summary).to_contain_text("doelen bereikt")
    expect(
        page.get_by_text(re.compile(r"Deze casus is afgesloten op .*doelen bereikt"))
    ).to_be_visible()
    expect(page.get_by_role("form", name="Casus afsluiten")).to_have_count(0)
    axe_check(page)

    # What the pages showed is what was stored.
    case.refresh_from_db()
    assert (case.status, case.closing_reason) == (CaseStatus.CLOSED, ClosingReason.GOALS_REACHED)
    assert list(PlanVersion.objects.filter(case=case).values_list("number", flat=True)) == [1, 2]
    assert JournalEntry.objects.filter(case=case).count() == 1
    consultation = Consultation.objects.get(case=case)
    assert consultation.status == ConsultationStatus.ADVISED
    assert consultation.accepted_by == world.specialist
    assert list(LevelChange.objects.filter(case=case).values_list("kind", flat=True)) == [
        "step_up",
        "step_down",
    ]
    levels = list(Trajectory.objects.filter(case=case).values_list("level", "end_reason"))
    assert levels == [
        ("basis", EndReason.PREMATURE),
        ("specialistisch", EndReason.ACCORDING_TO_PLAN),
        ("basis", ""),
    ]
    world.request.refresh_from_db()
    assert world.request.status == RequestStatus.FIRST_CONTACT

    browser_errors.assert_no_uncaught_errors()


def choose(select: Locator, text: re.Pattern[str]) -> None:
    """Select the one option whose label matches `text` (labels with a date in them)."""
    options = select.locator("option").all_inner_texts()
    matching = [o.strip() for o in options if text.search(o.strip())]
    assert len(matching) == 1, (text.pattern, options)
    select.select_option(label=matching[0])
