"""One navigation for the whole case: every page of a case (the care app's trajecten and
consultaties pages too) shows all of the case's tabs, with exactly one marked as the
current page."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from jeugdmodel.accounts.models import User
from jeugdmodel.cases.services import plan_save
from tests.cases.helpers import new_case, plan_body

pytestmark = pytest.mark.usefixtures("mvs")

TABS = [
    "Overzicht",
    "Plan",
    "Journaal",
    "Documenten",
    "Toestemming",
    "Trajecten",
    "Consultaties",
    "iJw-berichten",
]
NAV = re.compile(r'<nav class="jm-case-nav" aria-label="Onderdelen van de casus">(.*?)</nav>', re.S)
LINK = re.compile(r'<a class="jm-case-nav__link" href="([^"]+)"( aria-current="page")?>([^<]+)</a>')


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("", "Overzicht"),
        ("plan/", "Plan"),
        ("plan/versies/", "Plan"),
        ("plan/versies/1/", "Plan"),
        ("journaal/", "Journaal"),
        ("documenten/", "Documenten"),
        ("toestemming/", "Toestemming"),
        ("trajecten/", "Trajecten"),
        ("consultaties/", "Consultaties"),
        ("berichten/", "iJw-berichten"),
    ],
)
def test_every_case_page_has_all_tabs_and_marks_one(
    login: Callable[[User], Client], path: str, current: str
) -> None:
    story = new_case()
    plan_save(
        actor=story.coordinator,
        case=story.case,
        base_version=0,
        content=plan_body(goals=[{"subject": "family", "text": "Rust in huis", "scores": []}]),
    )
    client = login(story.coordinator)
    base = f"/casussen/{story.case.public_id}/"
    response = client.get(base + path)
    assert response.status_code == 200
    html = response.content.decode()
    navs = NAV.findall(html)
    assert len(navs) == 1, "one case navigation per page"
    links = LINK.findall(navs[0])
    assert [label for _href, _cur, label in links] == TABS
    assert html.count('aria-current="page"') - _main_nav_current(html) == 1
    marked = [label for _href, cur, label in links if cur]
    assert marked == [current]
    hrefs = {label: href for href, _cur, label in links}
    assert hrefs["Overzicht"] == base
    assert hrefs["Trajecten"] == base + "trajecten/"
    assert hrefs["Consultaties"] == base + "consultaties/"
    for label in ("Plan", "Journaal", "Documenten", "Toestemming"):
        assert client.get(hrefs[label]).status_code == 200


def _main_nav_current(html: str) -> int:
    """The site's main navigation marks its own current item ("Mijn casussen")."""
    main = re.search(r'<nav class="utrecht-nav-bar jm-nav".*?</nav>', html, re.S)
    return main.group(0).count('aria-current="page"') if main else 0
