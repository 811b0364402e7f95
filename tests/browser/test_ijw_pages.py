"""The iJw pages in a real browser, at desktop width (1280 px) and on a phone (390 px): the
overview of messages that wait, failed or were rejected, each with its reason in Dutch,
resending a failed message, and a case's message log. Every page is checked with axe-core,
nothing scrolls sideways, and the Content-Security-Policy holds (browser_errors)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.care.services import trajectory_start
from jeugdmodel.ijw.models import InboxMessage, InState, OutboxMessage, OutState
from jeugdmodel.ijw.services import describe_codes
from jeugdmodel.region.models import Organisation
from tests.browser.front_door_helpers import horizontal_overflow
from tests.care.conftest import World, help_form, world  # noqa: F401  (fixture)
from tests.factories import totp_device
from tests.intake.conftest import mvs  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)

AxeCheck = Callable[..., list[dict[str, Any]]]
LogIn = Callable[..., Page]

DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}
SEND_FAILED = "Verzenden is 5 keer mislukt (OSError). Controleer de koppeling."


def _start(world: World, code: str) -> Any:  # noqa: F811
    return trajectory_start(
        actor=world.coordinator,
        case=world.case,
        child=world.sam,
        help_form=help_form(code),
        start_date=timezone.localdate() - timedelta(days=3),
        organisation=Organisation.objects.get(region__code="mvs", code="jeugdhulp-de-haven"),
        specialist_reason="Behandeling nodig.",
    )


@pytest.fixture
def base_help_forms(transactional_db: None) -> None:
    """The national help forms come with a data migration, which the flush between browser
    tests removes; the region's iJw products refer to them, so they go first."""
    from importlib import import_module

    from django.apps import apps

    import_module("jeugdmodel.region.migrations.0004_help_form_base_list").seed(apps, None)


@pytest.fixture
def messages(base_help_forms: None, world: World, live_server: LiveServer) -> World:  # noqa: F811
    """Three JW305s of Sam's trajectories: one waits, one failed to send, one rejected by
    the municipality (9069, with the Dutch text of the retour code list); and a received
    file that was not XML."""
    world.sam.bsn = "999900006"
    world.sam.save(update_fields=["bsn"])
    _start(world, "ambulante-jeugdhulp")
    failed = OutboxMessage.objects.get()
    failed.state, failed.attempts, failed.reason = OutState.FAILED, 5, SEND_FAILED
    failed.save()
    _start(world, "dagbehandeling")
    rejected = OutboxMessage.objects.exclude(pk=failed.pk).get()
    rejected.state, rejected.retour_codes = OutState.REJECTED, "9069"
    rejected.reason = describe_codes(["9069"])
    rejected.save()
    _start(world, "jeugd-ggz-behandeling")
    InboxMessage.objects.create(
        file_name="kapot.xml",
        digest="0" * 64,
        content=b"x",
        state=InState.REJECTED,
        problems=[
            {"line": 1, "code": "XML", "retour": "0001", "message": "Het bestand is geen XML."}
        ],
    )
    return world


def _admin(make_user: Callable[..., User]) -> User:
    admin = make_user(Role.FUNCTIONAL_ADMIN)
    totp_device(admin)
    return admin


def _no_sideways_scroll(page: Page) -> None:
    sizes = horizontal_overflow(page)
    assert sizes["scrollWidth"] <= sizes["innerWidth"], sizes


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_overview_shows_reasons_in_dutch_and_resends_a_failed_message(
    messages: World,
    make_user: Callable[..., User],
    new_page: Callable[..., Page],
    log_in: LogIn,
    axe_check: AxeCheck,
    viewport: ViewportSize,
) -> None:
    page = new_page(viewport)
    log_in(page, _admin(make_user), next_path="/beheer/ijw/")
    expect(page.get_by_role("heading", level=1)).to_have_text("iJw-berichten")
    outgoing = page.get_by_role("table", name="Wachtend, mislukt of afgekeurd; oudste eerst")
    expect(outgoing.get_by_role("row")).to_have_count(4)  # header + 3
    for text in ("wacht op verzenden", "verzenden mislukt (5 pogingen)", "afgekeurd"):
        expect(outgoing).to_contain_text(text)
    expect(outgoing).to_contain_text(SEND_FAILED)
    expect(outgoing).to_contain_text("9069: ")
    expect(outgoing).to_contain_text(describe_codes(["9069"]))
    incoming = page.locator("section[aria-labelledby='in-heading']")
    expect(incoming).to_contain_text("kapot.xml")
    expect(incoming).to_contain_text("regel 1, XML/0001: Het bestand is geen XML.")
    assert "999900006" not in page.content()  # no content (BSN) on the overview
    _no_sideways_scroll(page)
    axe_check(page)

    failed = OutboxMessage.objects.get(state=OutState.FAILED)
    button = page.get_by_role(
        "button", name=re.compile(f"^Opnieuw versturen.*{failed.identification}$")
    )
    button.scroll_into_view_if_needed()
    button.click()
    again = OutboxMessage.objects.get(resend_of=failed)
    done = f"opnieuw klaar om te versturen (identificatie {again.identification})"
    expect(page.get_by_text(done)).to_be_visible()
    expect(outgoing.get_by_role("row")).to_have_count(5)
    expect(outgoing).to_contain_text("opnieuw verstuurd")
    # The rejected one can still be resent; the failed one not a second time.
    expect(button).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Opnieuw versturen"))).to_have_count(1)
    _no_sideways_scroll(page)
    axe_check(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_message_log_of_a_case(
    messages: World,
    new_page: Callable[..., Page],
    log_in: LogIn,
    axe_check: AxeCheck,
    viewport: ViewportSize,
) -> None:
    totp_device(messages.coordinator)
    page = new_page(viewport)
    log_in(page, messages.coordinator, next_path=f"/casussen/{messages.case.public_id}/berichten/")
    main = page.locator("#main")
    expect(main.get_by_role("heading", level=1)).to_contain_text("iJw-berichten")
    expect(main).to_contain_text("JW305")
    expect(main).to_contain_text("verzenden mislukt")
    expect(main).to_contain_text(describe_codes(["9069"]))
    expect(main).to_contain_text("wacht op verzenden")
    _no_sideways_scroll(page)
    axe_check(page)
