"""Every form in the product answers wrong input with the linked error summary at the top.

The URL conf is walked as the view fuzz walks it (tests/test_fuzz_views.py): every page is
opened by the first user that may see it (or by nobody, for the public pages), and every
form on it is sent back with wrong input: empty, too long, not a number, not a date. Where
the answer shows a field as invalid (`aria-invalid="true"`), the page must hold the summary
(id="foutmeldingen", focused on load) with a link to that field, and every link in the
summary must lead to an element that is on the page."""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import get_resolver

from jeugdmodel.accounts.models import User
from jeugdmodel.region.models import Region
from tests.care.conftest import World
from tests.care.conftest import mvs as mvs  # the region fixture
from tests.care.conftest import world as world  # one real case
from tests.test_fuzz_views import _patterns, _seen, _Site

#: Pages whose forms are covered elsewhere or are not ours (the Django admin) or end the
#: session (logging out).
SKIPPED_PREFIXES = ("admin:", "api")
SKIPPED = {"accounts:logout", "set_language"}

#: Wrong input per kind of value, sent to every field of a form at once.
WRONG = ["", "x" * 6000, "geen getal", "31-02-2025"]


class _Forms(HTMLParser):
    """The fields of the post forms on a page: visible ones, and hidden ones with their value
    (management forms, versions and kinds are sent back as they came)."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.visible: dict[str, set[str]] = defaultdict(set)
        self.hidden: dict[str, dict[str, str]] = defaultdict(dict)
        self.current: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "form":
            post = values.get("method", "get").lower() == "post"
            self.current = (
                (urlsplit(values.get("action") or self.page).path or self.page) if post else None
            )
            if self.current:
                self.visible[self.current]
        elif tag in {"input", "select", "textarea"} and self.current and values.get("name"):
            name = values["name"]
            if name in {"csrfmiddlewaretoken", "_form_token"}:
                return
            if values.get("type") == "hidden":
                self.hidden[self.current][name] = values.get("value", "")
            elif values.get("type") not in {"submit", "file"}:
                self.visible[self.current].add(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None


class _Page(HTMLParser):
    """The ids on a page, the invalid fields, and the links in the error summary."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.invalid: set[str] = set()
        self.summary_links: list[str] = []
        self.summary_focus = False
        self._depth = 0  # >0 while inside the summary

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if values.get("id"):
            self.ids.add(values["id"])
        if values.get("aria-invalid") == "true" and values.get("id"):
            self.invalid.add(values["id"])
        if values.get("id") == "foutmeldingen":
            self._depth = 1
            self.summary_focus = "autofocus" in values and values.get("tabindex") == "-1"
        elif self._depth:
            self._depth += 1 if tag not in {"input", "br", "img"} else 0
            if tag == "a":
                self.summary_links.append(values.get("href", ""))

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1


def _problems(action: str, html: str) -> list[str]:
    page = _Page()
    page.feed(html)
    if not page.invalid:
        return []
    problems = []
    if not page.summary_focus:
        problems.append(f"{action}: velden {sorted(page.invalid)} fout, maar geen samenvatting")
    linked = {h[1:] for h in page.summary_links if h.startswith("#")}
    for field_id in page.invalid:
        first_option = re.sub(r"_\d+$", "_0", field_id)
        if field_id not in linked and first_option not in linked:
            problems.append(f"{action}: geen link naar #{field_id}")
    for target in linked - page.ids:
        problems.append(f"{action}: link naar #{target} leidt nergens heen")
    return problems


@pytest.mark.django_db
def test_every_form_summarises_its_errors(world: World, mvs: Region) -> None:
    site = _Site(world, mvs)
    anonymous = Client()
    clients: list[tuple[Client, User | None]] = [(anonymous, None)] + [
        (site.client(u), u) for u in site.users
    ]
    fields: dict[str, set[str]] = {}
    hidden: dict[str, dict[str, str]] = {}
    posters: dict[str, Client] = {}
    for name, converters in _patterns(get_resolver().url_patterns):
        if name.startswith(SKIPPED_PREFIXES) or name in SKIPPED:
            continue
        path = site.path(name, converters)
        for client, _user in clients:
            get = client.get(path)
            if not _seen(get.status_code) or "html" not in get.get("Content-Type", ""):
                continue
            parser = _Forms(path)
            parser.feed(get.content.decode(errors="replace"))
            for action, names in parser.visible.items():
                if action not in posters and names:
                    fields[action] = names
                    hidden[action] = parser.hidden[action]
                    posters[action] = client
            break

    # Writes that end something go last, so the other pages still have an open case.
    actions = sorted(posters, key=lambda a: (any(w in a for w in ("sluit", "beeindig")), a))
    problems: list[str] = []
    summarised = 0
    for action in actions:
        for wrong in WRONG:
            data = hidden[action] | dict.fromkeys(fields[action], wrong)
            response = posters[action].post(action, data)
            if "html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode(errors="replace")
            found = _problems(action, html)
            problems.extend(found)
            summarised += 'id="foutmeldingen"' in html
    print(f"{len(posters)} formulieren, {summarised} antwoorden met een samenvatting")
    assert not problems, "\n".join(sorted(set(problems)))
    assert summarised > 15, f"te weinig formulieren met fouten bereikt ({summarised})"
