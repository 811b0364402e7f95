"""The dashboard and the finance page use a wide screen: at 1920 px no table scrolls
sideways, chart text renders at least at the body size and each chart sits next to its
table; at 390 px the page itself never scrolls sideways. axe-core on every page."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from jeugdmodel.accounts.models import User
from tests.browser.test_steering_journey import municipality_user as municipality_user

pytestmark = pytest.mark.django_db(transaction=True)

AxeCheck = Callable[..., list[dict[str, Any]]]
LogIn = Callable[..., Page]

PAGES = (
    "/sturing/?periode=2024-Q2&indeling=district",
    "/sturing/financien/?jaar=2024",
)

MEASURE = """() => {
  const body = parseFloat(getComputedStyle(document.body).fontSize);
  const tables = [...document.querySelectorAll('.jm-table-scroll')].map(box => ({
    id: box.getAttribute('aria-labelledby'),
    scroll: box.scrollWidth, client: box.clientWidth,
    cols: box.scrollWidth > box.clientWidth + 1
      ? [...box.querySelectorAll('thead th')].map(th => [th.textContent.trim().slice(0, 40),
                                                         th.getBoundingClientRect().width])
      : []}));
  const texts = [...document.querySelectorAll('.jm-chart text')].map(t => {
    const svg = t.ownerSVGElement;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return parseFloat(getComputedStyle(t).fontSize) * scale;
  });
  const pairs = [...document.querySelectorAll('.jm-chart-and-table')].map(pair => {
    const chart = pair.querySelector('.jm-chart');
    const table = pair.querySelector('.jm-table-scroll');
    if (!chart || !table) return null;
    const c = chart.getBoundingClientRect(), r = table.getBoundingClientRect();
    return {side_by_side: r.left >= c.right - 1 && r.top < c.bottom,
            below: r.top >= c.bottom - 1 && r.top - c.bottom < 48};
  }).filter(Boolean);
  return {body, tables, texts, pairs,
          content: document.querySelector('.utrecht-page-body__content').clientWidth,
          page_scroll: document.documentElement.scrollWidth - window.innerWidth};
}"""


@pytest.fixture
def finance_loaded(municipality_user: User) -> User:
    call_command("finance_load", "regions/mvs-finance.yaml", verbosity=0)
    # The published figures add a table of long texts and addresses to the CBS section.
    call_command("published_figures_load", "regions/mvs-published-figures.csv", stdout=StringIO())
    return municipality_user


def test_wide_screen_tables_and_charts(
    new_page: Callable[..., Page],
    live_server: LiveServer,
    finance_loaded: User,
    log_in: LogIn,
    axe_check: AxeCheck,
) -> None:
    page = new_page({"width": 1920, "height": 1080})
    log_in(page, finance_loaded)
    for path in PAGES:
        page.goto(f"{live_server.url}{path}")
        axe_check(page)
        m = page.evaluate(MEASURE)
        assert m["content"] > 1600, (path, m["content"])  # not the 1200 px reading column
        assert m["tables"], path
        wide = [t for t in m["tables"] if t["scroll"] > t["client"] + 1]
        assert not wide, (path, wide)
        assert m["texts"], path
        assert min(m["texts"]) >= m["body"], (path, min(m["texts"]), m["body"])
        # Each chart next to its table: beside it, or directly below it when the table
        # needs the full width; beside it wherever the table fits.
        assert m["pairs"], path
        assert all(p["side_by_side"] or p["below"] for p in m["pairs"]), (path, m["pairs"])
        assert sum(p["side_by_side"] for p in m["pairs"]) >= 1, (path, m["pairs"])


def test_phone_has_no_sideways_page_scroll(
    phone_page: Page,
    live_server: LiveServer,
    finance_loaded: User,
    log_in: LogIn,
    axe_check: AxeCheck,
) -> None:
    log_in(phone_page, finance_loaded)
    for path in PAGES:
        phone_page.goto(f"{live_server.url}{path}")
        axe_check(phone_page)
        m = phone_page.evaluate(MEASURE)
        assert m["page_scroll"] <= 0, (path, m["page_scroll"])
        if path.startswith("/sturing/?"):
            # The published figures stack on a phone, each with its source link.
            assert "gepubliceerd-caption" in {t["id"] for t in m["tables"]}, path
            published = phone_page.locator("#tabel-gepubliceerd")
            assert published.get_by_role("link").count() >= 1
        assert min(m["texts"]) >= m["body"], (path, min(m["texts"]), m["body"])
