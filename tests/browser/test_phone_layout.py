"""The layout at phone width (390 px) and at desktop width: on a phone the header and the
folded navigation leave room for the content, the menu button opens the navigation, the
worklist stacks its rows with urgency and safety visible and nothing scrolls sideways, and
captions are not clipped. At desktop width the navigation and the table stay as they were."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import FloatRect, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from jeugdmodel.intake.models import Urgency
from tests.browser.front_door_helpers import FrontDoor, front_door, horizontal_overflow

pytestmark = pytest.mark.django_db(transaction=True)

AxeCheck = Callable[..., list[dict[str, Any]]]
LogIn = Callable[..., Page]

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
#: Header and folded navigation together, before the content starts (was 590 px).
MAX_HEADER_PX = 160
WORKLIST = "/aanmeldingen/werklijst/"


@pytest.fixture
def door(live_server: LiveServer) -> FrontDoor:
    return front_door()


def _box(page: Page, selector: str) -> FloatRect:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not rendered"
    return box


def _caption_fits(page: Page) -> None:
    caption = _box(page, "#worklist-caption")
    width = page.evaluate("() => window.innerWidth")
    assert caption["x"] >= 0, caption
    assert caption["x"] + caption["width"] <= width, caption
    clipped = page.evaluate(
        """() => { const c = document.getElementById('worklist-caption');
                   return c.scrollWidth > c.clientWidth + 1; }"""
    )
    assert not clipped, "the caption's text is wider than its box"


def test_worklist_on_a_phone(
    door: FrontDoor,
    new_page: Callable[..., Page],
    log_in: LogIn,
    axe_check: AxeCheck,
) -> None:
    unsafe = door.submit(given_name="Bram", family_name="Smit", age=5, safety_concern=True)
    door.submit(given_name="Sanne", urgency=Urgency.HIGH)
    page = new_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, door.lead, next_path=WORKLIST)

    # The header with the folded navigation leaves the screen to the content.
    main_top = _box(page, "#main")["y"]
    assert main_top <= MAX_HEADER_PX, f"content starts at {main_top}px on a 390px phone"
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav).to_be_hidden()
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_have_attribute("aria-controls", "jm-nav jm-header-tools")

    # Urgency and safety are on screen, nothing scrolls sideways, the caption is whole.
    sizes = horizontal_overflow(page)
    assert sizes["scrollWidth"] <= sizes["innerWidth"], sizes
    first = page.locator("#worklist-results tbody tr").first
    expect(first.get_by_role("rowheader")).to_have_text(unsafe.reference)
    for label, text in (("Urgentie", "normaal"), ("Zorg over veiligheid", "ja, nog beoordelen")):
        cell = first.locator(f'td[data-label="{label}"]')
        cell.scroll_into_view_if_needed()
        expect(cell).to_be_in_viewport()
        expect(cell).to_contain_text(text, ignore_case=True)
        box = cell.bounding_box()
        assert box is not None, label
        assert box["x"] + box["width"] <= PHONE["width"], (label, box)
    _caption_fits(page)
    axe_check(page)

    # The menu button opens the navigation and the user's tools, and closes them again.
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    expect(nav.get_by_role("link", name="Werklijst")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    axe_check(page)
    menu.click()
    expect(nav).to_be_hidden()


def test_without_javascript_the_phone_menu_stays_open(
    door: FrontDoor, new_page: Callable[..., Page], log_in: LogIn
) -> None:
    page = new_page(PHONE, is_mobile=True, has_touch=True)
    log_in(page, door.lead, next_path=WORKLIST)
    page.route("**/static/js/jeugdmodel*.js", lambda route: route.abort())
    page.reload()
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()


def test_worklist_at_desktop_width_is_unchanged(
    door: FrontDoor,
    new_page: Callable[..., Page],
    log_in: LogIn,
    axe_check: AxeCheck,
) -> None:
    door.submit(given_name="Bram", family_name="Smit", age=5, safety_concern=True)
    page = new_page(DESKTOP)
    log_in(page, door.lead, next_path=WORKLIST)
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav).to_be_visible()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    # The table is a table: a visible header row, one row per request, cells side by side.
    header = page.locator("#worklist-results thead")
    expect(header.get_by_role("columnheader", name="Urgentie")).to_be_visible()
    row = page.locator("#worklist-results tbody tr").first
    urgency = row.locator('td[data-label="Urgentie"]').bounding_box()
    safety = row.locator('td[data-label="Zorg over veiligheid"]').bounding_box()
    assert urgency is not None
    assert safety is not None
    assert abs(urgency["y"] - safety["y"]) < 2
    assert safety["x"] > urgency["x"]
    assert _box(page, "#main")["y"] < 240  # 214 px measured at 1280 px
    _caption_fits(page)
    axe_check(page)


def test_public_form_asks_for_a_second_child_and_the_parents_only_when_wanted(
    door: FrontDoor,
    live_server: LiveServer,
    new_page: Callable[..., Page],
    axe_check: AxeCheck,
    settings: Any,
) -> None:
    settings.JEUGDMODEL_PUBLIC_FORM_MIN_SECONDS = 0
    page = new_page(PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{live_server.url}/aanmelden/")
    expect(page.get_by_role("group", name="Kind 1", exact=True)).to_be_visible()
    for legend in ("Kind 2", "Ouder of verzorger 1", "Ouder of verzorger 2"):
        expect(page.get_by_role("group", name=legend)).to_be_hidden()
    sizes = horizontal_overflow(page)
    assert sizes["scrollWidth"] <= sizes["innerWidth"], sizes
    axe_check(page)

    # Asked for: the parent's fields open; typed values survive an error in another field.
    page.get_by_text("Ouder of verzorger 1 invullen", exact=True).click()
    parent = page.get_by_role("group", name="Ouder of verzorger 1")
    expect(parent).to_be_visible()
    parent.get_by_label("Voornaam").fill("Eva")
    parent.get_by_label("Achternaam").fill("de Vries")
    page.get_by_role("button", name="Aanmelding versturen").click()
    expect(page.locator("#foutmeldingen")).to_be_visible()
    parent = page.get_by_role("group", name="Ouder of verzorger 1")
    expect(parent).to_be_visible()
    expect(parent.get_by_label("Voornaam")).to_have_value("Eva")
    expect(page.get_by_role("group", name="Kind 2")).to_be_hidden()
    axe_check(page)
