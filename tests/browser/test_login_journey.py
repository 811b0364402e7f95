"""Login journeys in a real browser: password and TOTP, a wrong password, linking an
authenticator app on first login, and the language switch. Each page is checked with
axe-core, and no page may break the Content-Security-Policy (no inline script or style)."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from jeugdmodel.accounts.models import User
from tests.browser.conftest import PASSWORD, BrowserErrors, totp_code
from tests.factories import TeamMembershipFactory, UserFactory, totp_device

pytestmark = pytest.mark.django_db(transaction=True)

AxeCheck = Callable[..., list[dict[str, Any]]]
LogIn = Callable[..., Page]

WRONG_LOGIN = "Deze combinatie van gebruikersnaam en wachtwoord kennen we niet"


def _professional(*, with_device: bool = True) -> User:
    user = UserFactory.create(role="wijkteam_professional")
    TeamMembershipFactory(user=user)
    if with_device:
        totp_device(user)
    return user


def _fill_login(page: Page, username: str, password: str) -> None:
    page.get_by_label("Gebruikersnaam", exact=True).fill(username)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Inloggen", exact=True).click()


def _active_element(page: Page) -> dict[str, str]:
    result: dict[str, str] = page.evaluate(
        """() => {
            const el = document.activeElement;
            return {
                tag: el ? el.tagName.toLowerCase() : "",
                id: (el && el.id) || "",
                text: el ? el.textContent.trim() : "",
                href: (el && el.getAttribute("href")) || "",
            };
        }"""
    )
    return result


def test_login_with_password_and_totp(
    live_server: LiveServer,
    page: Page,
    axe_check: AxeCheck,
    browser_errors: BrowserErrors,
) -> None:
    user = _professional()

    page.goto(f"{live_server.url}/inloggen/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", name="Inloggen", level=1)).to_be_visible()
    axe_check(page)

    _fill_login(page, user.username, PASSWORD)

    expect(page).to_have_url(re.compile(r"/inloggen/tweede-factor/\?next=%2F$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tweede stap")
    axe_check(page)

    page.get_by_label("Code uit uw authenticator-app").fill(totp_code(user))
    page.get_by_role("button", name="Controleren", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    axe_check(page)

    browser_errors.assert_no_csp_violations()
    browser_errors.assert_no_uncaught_errors()


def test_first_tab_on_login_page_reaches_skip_link(
    live_server: LiveServer,
    page: Page,
    axe_check: AxeCheck,
) -> None:
    """Keyboard users: the first Tab focuses the skip link, which moves focus to <main>."""
    page.goto(f"{live_server.url}/inloggen/")
    expect(page.get_by_role("heading", name="Inloggen", level=1)).to_be_visible()

    page.keyboard.press("Tab")

    focused = _active_element(page)
    assert (focused["tag"], focused["text"], focused["href"]) == ("a", "Naar de inhoud", "#main"), (
        f"the first Tab focused {focused}, not the skip link"
    )
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_visible()
    axe_check(page)  # the skip link, now shown, needs enough contrast too
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_wrong_password_shows_a_dutch_error(
    live_server: LiveServer,
    page: Page,
    axe_check: AxeCheck,
    browser_errors: BrowserErrors,
) -> None:
    user = _professional()

    page.goto(f"{live_server.url}/inloggen/")
    _fill_login(page, user.username, "niet-het-goede-wachtwoord")

    expect(page).to_have_url(re.compile(r"/inloggen/$"))
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(WRONG_LOGIN)
    expect(page.get_by_label("Gebruikersnaam", exact=True)).to_have_value(user.username)
    axe_check(page)

    browser_errors.assert_no_csp_violations()
    browser_errors.assert_no_uncaught_errors()


def test_first_login_links_an_authenticator_app(
    live_server: LiveServer,
    page: Page,
    axe_check: AxeCheck,
    browser_errors: BrowserErrors,
) -> None:
    user = _professional(with_device=False)

    page.goto(f"{live_server.url}/inloggen/")
    _fill_login(page, user.username, PASSWORD)

    expect(page).to_have_url(re.compile(r"/tweede-factor/koppelen/"))
    qr = page.get_by_role("img", name=re.compile("QR-code"))
    expect(qr).to_be_visible()
    # The QR code is an SVG data: URI; the CSP (img-src 'self' data:) must let it load.
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    key_text = page.get_by_test_id("totp-key").inner_text()
    axe_check(page)

    key = re.sub(r"\s", "", key_text).upper()
    key_bytes = base64.b32decode(key + "=" * (-len(key) % 8))
    page.get_by_label("Code uit uw authenticator-app").fill(f"{totp(key_bytes):06d}")
    page.get_by_role("button", name="Koppelen", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")
    expect(page.get_by_text("Uw authenticator-app is gekoppeld.")).to_be_visible()
    axe_check(page)
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1

    browser_errors.assert_no_csp_violations()
    browser_errors.assert_no_uncaught_errors()


def test_language_switch_to_english(
    page: Page,
    log_in: LogIn,
    axe_check: AxeCheck,
    browser_errors: BrowserErrors,
) -> None:
    log_in(page, _professional())
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    page.get_by_label("Taal", exact=True).select_option("en")
    page.get_by_role("button", name="Taal wijzigen", exact=True).click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.locator("#jm-language-select")).to_have_value("en")
    axe_check(page)

    browser_errors.assert_no_csp_violations()
    browser_errors.assert_no_uncaught_errors()


def test_login_page_fits_a_phone(
    live_server: LiveServer,
    phone_page: Page,
    axe_check: AxeCheck,
) -> None:
    """WCAG 1.4.10 reflow: at 375 px wide nothing scrolls sideways."""
    phone_page.goto(f"{live_server.url}/inloggen/")
    expect(phone_page.get_by_role("button", name="Inloggen", exact=True)).to_be_visible()
    overflow = phone_page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the login page is {overflow}px wider than a 375px phone screen"
    axe_check(phone_page)


def test_a_password_set_by_an_admin_is_replaced_at_login(
    live_server: LiveServer,
    page: Page,
    axe_check: AxeCheck,
    browser_errors: BrowserErrors,
) -> None:
    user = _professional()
    User.objects.filter(pk=user.pk).update(password_change_required=True)

    page.goto(f"{live_server.url}/inloggen/")
    _fill_login(page, user.username, PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(totp_code(user))
    page.get_by_role("button", name="Controleren", exact=True).click()

    expect(page).to_have_url(re.compile(r"/account/wachtwoord/\?next="))
    expect(page.get_by_role("heading", name="Wachtwoord wijzigen", level=1)).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name="Wachtwoord opslaan", exact=True).click()
    expect(page.get_by_text("Vul dit veld in.").first).to_be_visible()
    axe_check(page)

    new = "Zomer-in-Schiedam-2026!"
    page.get_by_label("Huidig wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(new)
    page.get_by_label("Nieuw wachtwoord (nog een keer)", exact=True).fill(new)
    page.get_by_role("button", name="Wachtwoord opslaan", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/")
    user.refresh_from_db()
    assert not user.password_change_required
    browser_errors.assert_no_csp_violations()
