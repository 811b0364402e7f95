"""Browser tests: Playwright's sync API drives Debian's Chromium against pytest-django's
`live_server`. No browser is ever downloaded (never run `playwright install`); see
docs/decisions/0007-browser-tests.md.

Every test under tests/browser/ gets the `browser` marker (`-m "not browser"` leaves them out).
Without a `chromium` on PATH they are skipped, except when the environment variable CI is
set: CI must not pass with the browser tests silently skipped, so there they fail.

Fixtures:
    browser         the Chromium instance (one per test session)
    page            a fresh context and page per test, `viewport` sized (1280×800 by default;
                    override with `@pytest.mark.parametrize("viewport", [{...}])`)
    phone_page      the same at 375×740, a small phone
    new_page        factory for more pages in one test: `new_page({"width": .., "height": ..})`
    browser_errors  what the pages of a test logged as errors, and the uncaught exceptions
    axe_check       `axe_check(page)`: fail on serious/critical axe-core violations
    log_in          `log_in(page, user)`: password and TOTP through the real login pages
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    ViewportSize,
    expect,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError
from pytest_django.live_server_helper import LiveServer

from jeugdmodel.accounts.models import User
from tests.browser.axe import axe_check as _axe_check

# Playwright's sync API keeps an asyncio event loop marked as running in the test thread for
# as long as Playwright is up (it runs the loop in a greenlet next to the test code). Django
# sees that running loop and refuses ORM calls from "async context" with
# SynchronousOnlyOperation: in the tests (factories, reading the TOTP device) and in
# pytest-django's own database setup and flush. The test code is plain synchronous code, so the
# check is a false alarm here. The browser is session-scoped, so the loop stays marked as
# running for the rest of the session and this has to hold process-wide, also for the tests
# collected after tests/browser. The live_server thread has no event loop and is unaffected.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

BROWSER_DIR = Path(__file__).resolve().parent
PASSWORD = "een-goed-wachtwoord-123"  # tests.factories.UserFactory's password
DEFAULT_VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
PHONE_VIEWPORT: ViewportSize = {"width": 375, "height": 740}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Playwright's default wait for `expect` is 5 s; a loaded CI machine may need longer.
expect.set_options(timeout=10_000)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # tryfirst: the marker must be there before `-m` deselects (also in a collection_modifyitems).
    for item in items:
        if BROWSER_DIR in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    # Keeps the outcome of the test body, so that teardown checks stay quiet after a failure.
    report = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed
    return report


_CALL_FAILED = pytest.StashKey[bool]()


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = shutil.which("chromium")
    if path is None:
        reason = (
            "Browser tests need Debian's Chromium (`apt-get install chromium`); no `chromium` "
            "on PATH. Playwright's own browser downloads are not used."
        )
        if _ci():
            pytest.fail(f"{reason} CI is set, so this fails instead of skipping.", pytrace=False)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright, chromium_executable: str) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class BrowserErrors:
    """Errors from the pages of one test: console messages of type "error" (Chromium reports
    each Content-Security-Policy violation there) and uncaught exceptions."""

    console: list[str] = field(default_factory=list)
    uncaught: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", self._on_pageerror)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console.append(f"{message.text} [{message.location.get('url', '')}]")

    def _on_pageerror(self, error: PlaywrightError) -> None:
        self.uncaught.append(f"{error.name}: {error.message}")

    @property
    def csp_violations(self) -> list[str]:
        return [text for text in self.console if "Content Security Policy" in text]

    def assert_no_csp_violations(self) -> None:
        assert not self.csp_violations, "Content-Security-Policy violations:\n" + "\n".join(
            self.csp_violations
        )

    def assert_no_uncaught_errors(self) -> None:
        assert not self.uncaught, "Uncaught JavaScript errors:\n" + "\n".join(self.uncaught)


@pytest.fixture
def browser_errors(request: pytest.FixtureRequest) -> Iterator[BrowserErrors]:
    errors = BrowserErrors()
    yield errors
    # Every browser test keeps to the CSP, also the ones that do not check it themselves.
    if not request.node.stash.get(_CALL_FAILED, False):
        errors.assert_no_csp_violations()


@pytest.fixture
def viewport() -> ViewportSize:
    return DEFAULT_VIEWPORT


@pytest.fixture
def new_page(browser: Browser, browser_errors: BrowserErrors) -> Iterator[Callable[..., Page]]:
    contexts: list[BrowserContext] = []

    def make(viewport: ViewportSize = DEFAULT_VIEWPORT, **context_args: Any) -> Page:
        # Dutch users: Django's LocaleMiddleware reads Accept-Language when no language was
        # chosen yet, and headless Chromium would otherwise send en-US.
        context_args.setdefault("locale", "nl-NL")
        context_args.setdefault("timezone_id", "Europe/Amsterdam")
        context = browser.new_context(viewport=viewport, **context_args)
        contexts.append(context)
        page = context.new_page()
        browser_errors.watch(page)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Page], viewport: ViewportSize) -> Page:
    return new_page(viewport)


@pytest.fixture
def phone_page(new_page: Callable[..., Page]) -> Page:
    return new_page(PHONE_VIEWPORT, is_mobile=True, has_touch=True)


@pytest.fixture
def axe_check() -> Callable[..., list[dict[str, Any]]]:
    """`axe_check(page)`: run axe-core; fail listing rule, impact, help and failing targets
    when a violation is "serious" or "critical". Returns the milder violations."""
    return _axe_check


def totp_code(user: User) -> str:
    """The current code of the user's confirmed TOTP device, as the authenticator app shows."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()
    assert device is not None, f"{user.username} has no confirmed TOTP device"
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    # A code counts once (replay protection): when this user already logged in within the
    # current step (a journey that logs the same person in twice on a fast or a loaded
    # machine), wait for the next code, as a person with the app would. At most one step.
    deadline = time.monotonic() + device.step + 5
    while device.last_t is not None and totp.t() <= device.last_t:
        assert time.monotonic() < deadline, "no fresh TOTP code within one step"
        time.sleep(0.25)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def log_in(live_server: LiveServer) -> Callable[..., Page]:
    """`log_in(page, user)`: through the real login page and second-factor page, in Dutch.
    Ends on the page the login redirects to (the home page unless `next_path` says else)."""

    def do(page: Page, user: User, *, password: str = PASSWORD, next_path: str = "") -> Page:
        query = f"?{urlencode({'next': next_path})}" if next_path else ""
        page.goto(f"{live_server.url}/inloggen/{query}")
        page.get_by_label("Gebruikersnaam", exact=True).fill(user.username)
        page.get_by_label("Wachtwoord", exact=True).fill(password)
        page.get_by_role("button", name="Inloggen", exact=True).click()
        expect(page).to_have_url(re.compile(r"/inloggen/tweede-factor/"))
        page.get_by_label("Code uit uw authenticator-app").fill(totp_code(user))
        page.get_by_role("button", name="Controleren", exact=True).click()
        expect(page).not_to_have_url(re.compile(r"/inloggen/"))
        return page

    return do
