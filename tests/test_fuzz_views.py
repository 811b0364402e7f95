"""No input gives a server error: generated query strings and form data for every page.

The URL conf is walked as in test_access.py. Each URL is filled in with records of one real
case (a family with two children, a trajectory, a consultation, a journal entry and a
document), and opened as the first of a set of users that may see it. The field names come
from the forms on the pages themselves, so a new form is fuzzed without being listed here.
A bounded number of examples per URL keeps this fast enough for every run of the suite."""

from __future__ import annotations

import os
import uuid
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.accounts.services import functional_admin_grant
from jeugdmodel.care.services import consultation_ask, trajectory_start
from jeugdmodel.cases.models import CaseTeamMember
from jeugdmodel.cases.services import journal_add
from jeugdmodel.region.models import Municipality, Region
from tests.care.conftest import World, help_form
from tests.care.conftest import mvs as mvs  # the region fixture
from tests.care.conftest import world as world  # one real case
from tests.cases.helpers import upload_committed
from tests.conftest import verify_second_factor
from tests.factories import UserFactory
from tests.intake.fixtures_work import child, submit
from tests.test_access import UNKNOWN

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
ADMIN_EXAMPLES = max(1, EXAMPLES // 2)  # the admin's forms are Django's own, and large

#: Pages that change the session itself; their forms have their own fuzz tests
#: (tests/core/test_bad_input.py).
SKIPPED = {"accounts:login", "accounts:logout", "accounts:otp_verify", "accounts:otp_setup"}

#: Values that once broke something somewhere, next to generated text and numbers.
EDGE = [
    "",
    "0",
    "-1",
    "9223372036854775808",
    "-9223372036854775809",
    "1e309",
    "NaN",
    "0001-01-01",
    "9999-12-31",
    "2025-02-30",
    "31-12-2025",
    "\x00",
    "a\x00b",
    "' OR '1'='1",
    "<script>alert(1)</script>",
    "１２３４５６７８２",
    "\u200b",
    "x" * 6000,
    UNKNOWN,
    "on",
    "//evil.example/",
    "../../etc/passwd",
]


DATE_EDGES = ["0001-01-01", "9999-12-31"]
NUMBER_EDGES = ["9223372036854775808", "-9223372036854775809"]
TEXT_EDGES = ["a\x00b", "x" * 6000]
_DATE_WORDS = ("date", "_on", "-on", "from", "_to", "-to", "since", "until", "due", "birth")
_NUMBER_WORDS = ("minutes", "number", "cents", "year", "limit", "offset", "pagina", "amount")


def _kind(name: str) -> str:
    lowered = name.lower()
    if lowered in {"on", "from", "to"} or any(w in lowered for w in _DATE_WORDS):
        return "date"
    if any(w in lowered for w in _NUMBER_WORDS) or lowered in {"van", "naar", "page"}:
        return "number"
    return "text"


def _edges(name: str) -> list[str]:
    return {"date": DATE_EDGES, "number": NUMBER_EDGES}.get(_kind(name), TEXT_EDGES)


def _values(name: str, real: list[str]) -> st.SearchStrategy[str]:
    """Generated values for one field, leaning to what its name says it holds."""
    general = st.one_of(
        st.sampled_from(EDGE + real),
        st.text(max_size=40),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
    )
    kind = _kind(name)
    if kind == "date":
        return st.one_of(
            st.sampled_from([*DATE_EDGES, "2025-02-30", "1899-12-31", "31-12-2025"]),
            st.dates(min_value=date(1, 1, 1)).map(date.isoformat),
            st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31)).map(date.isoformat),
            general,
        )
    if kind == "number":
        return st.one_of(
            st.sampled_from([*NUMBER_EDGES, "0", "-1", "1e309", "NaN"]),
            st.integers(min_value=0, max_value=1000).map(str),
            general,
        )
    return general


class _Forms(HTMLParser):
    """Field names per (method, action) of the forms on one page."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.fields: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.current: tuple[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = urlsplit(values.get("action") or self.page).path or self.page
            self.current = (values.get("method", "get").lower(), action)
            self.fields[self.current]
        elif tag in {"input", "select", "textarea", "button"} and self.current and "name" in values:
            self.fields[self.current].add(values["name"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None


def _patterns(
    patterns: list[URLPattern | URLResolver],
    prefix: str = "",
    converters: dict[str, Any] | None = None,
) -> Iterator[tuple[str, dict[str, Any]]]:
    for p in patterns:
        found = {**(converters or {}), **p.pattern.converters}
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _patterns(p.url_patterns, ns, found)
        elif p.name:
            yield f"{prefix}{p.name}", found


def _wanted(name: str) -> bool:
    only = os.environ.get("FUZZ_ONLY")  # while debugging: one URL name
    if name in SKIPPED or (only and name != only):
        return False
    if name.startswith("admin:"):
        # The admin site: its start page, and each model's list and add form.
        return name == "admin:index" or name.endswith(("_changelist", "_add"))
    return True


class _Site:
    """The real records and the users to open pages as."""

    def __init__(self, world: World, region: Region) -> None:
        trajectory_start(
            actor=world.coordinator,
            case=world.case,
            child=world.sam,
            help_form=help_form("wijkteamondersteuning"),
            start_date=date.today(),
        )
        consultation = consultation_ask(
            actor=world.coordinator,
            case=world.case,
            question="Hoe gaan we om met de angst van Sam?",
            flex_team=world.plusteam,
        )
        journal_add(
            actor=world.coordinator,
            case=world.case,
            on=date.today(),
            kind="phone",
            duration_minutes=10,
            with_whom="moeder",
            note="Gebeld.",
        )
        document = upload_committed(
            actor=world.coordinator,
            case=world.case,
            upload=SimpleUploadedFile("verslag.txt", b"Een verslag."),
        )
        member = CaseTeamMember.objects.filter(case=world.case).first()
        # A request still waiting for the team lead: its page has the triage forms.
        request = submit(children=[child(given="Noor", family="Bakker")])
        self.kwargs: dict[str, Any] = {
            "case_id": world.case.public_id,
            "consultation_id": consultation.public_id,
            "document_id": document.public_id,
            "member_id": member.public_id if member else UNKNOWN,
            "request_id": request.public_id,
            "team_id": world.wot.public_id,
            "number": 1,
            "which": "zorg",
            "section": "overzicht",
            "kind": "pdf",
        }
        self.real = [str(v) for v in self.kwargs.values()] + [
            str(world.sam.public_id),
            str(world.plusteam.public_id),
            str(help_form("ambulante-jeugdhulp").public_id),
        ]
        admin = UserFactory(role=Role.FUNCTIONAL_ADMIN.value)
        functional_admin_grant(user=admin)
        self.users: list[User] = [
            world.coordinator,
            world.lead,
            world.specialist,
            world.flex_lead,
            UserFactory(role=Role.PRIVACY_OFFICER.value),
            admin,
            UserFactory(
                role=Role.MUNICIPALITY.value,
                municipality=Municipality.objects.filter(region=region).first(),
            ),
            UserFactory(role=Role.PARTNER.value),
        ]
        self.clients: dict[int, Client] = {}

    def client(self, user: User) -> Client:
        if user.pk not in self.clients:
            client = Client()
            verify_second_factor(client, user)
            self.clients[user.pk] = client
        return self.clients[user.pk]

    def path(self, name: str, converters: dict[str, Any]) -> str:
        kwargs = {}
        for key, converter in converters.items():
            if key in self.kwargs:
                kwargs[key] = self.kwargs[key]
            elif type(converter).__name__ == "UUIDConverter":
                kwargs[key] = uuid.UUID(UNKNOWN)
            elif type(converter).__name__ == "IntConverter":
                kwargs[key] = 1
            else:
                kwargs[key] = "x"
        return reverse(name, kwargs=kwargs)


def _seen(status: int) -> bool:
    return status not in {301, 302, 401, 403, 404}


def _fuzz(
    client: Client,
    path: str,
    *,
    get_names: list[str] | None,
    post_names: list[str] | None,
    real: list[str],
    examples: int,
) -> None:
    # First a sweep: each query parameter alone at the edges of its kind (the classic
    # failures: year 1, a number past 64 bits, a NUL character, a very long text).
    for name in get_names or []:
        for edge in _edges(name):
            response = client.get(path, {name: edge})
            assert response.status_code < 500, (path, {name: edge})

    def field(name: str) -> st.SearchStrategy[Any]:
        if "file" in name:
            return st.binary(max_size=300).map(lambda b: SimpleUploadedFile("bestand.docx", b))
        values = _values(name, real)
        return st.one_of(values, st.lists(values, min_size=2, max_size=3))

    query_strategy = st.fixed_dictionaries(
        {}, optional={name: field(name) for name in get_names or []}
    )
    # Every field of the form is sent: a failure deep in a service needs the rest to pass.
    form_strategy = st.fixed_dictionaries({name: field(name) for name in post_names or []})

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        # No shrinking: the assertion names the path and the data, and time is bounded.
        phases=[Phase.explicit, Phase.generate],
    )
    @given(query=query_strategy, form=form_strategy)
    def run(query: dict[str, Any], form: dict[str, Any]) -> None:
        if get_names is not None:
            get = client.get(path, query)
            assert get.status_code < 500, (path, query)
        if post_names is not None:
            post = client.post(path, form)
            assert post.status_code < 500, (path, form)

    run()


COMMON_PARAMS = ["pagina", "formaat", "next", "van", "naar", "status", "rol", "limit", "offset"]


@pytest.mark.django_db
def test_no_input_gives_a_server_error(world: World, mvs: Region) -> None:
    site = _Site(world, mvs)
    targets: list[tuple[str, str]] = []
    for name, converters in _patterns(get_resolver().url_patterns):
        if _wanted(name):
            targets.append((name, site.path(name, converters)))
    # Writes that end something go last, so the other pages still have an open case.
    targets.sort(key=lambda t: (any(w in t[0] for w in ("close", "end", "retry")), t[0]))

    # Who may see each page, and the forms on the pages as each of them sees them.
    forms: dict[tuple[str, str], set[str]] = defaultdict(set)
    form_users: dict[str, list[User]] = defaultdict(list)
    readers: dict[str, User] = {}
    post_only: list[str] = []
    for _name, path in targets:
        for user in site.users:
            get = site.client(user).get(path)
            if get.status_code == 405:
                post_only.append(path)
                break
            if not _seen(get.status_code):
                continue
            readers.setdefault(path, user)
            if "html" in get.get("Content-Type", ""):
                parser = _Forms(path)
                parser.feed(get.content.decode(errors="replace"))
                for (method, action), names in parser.fields.items():
                    forms[(method, action)] |= names
                    if method == "post" and user not in form_users[action]:
                        form_users[action].append(user)
    chosen: dict[str, tuple[Client, bool, bool]] = {}
    for path, user in readers.items():
        chosen[path] = (site.client(user), True, ("post", path) in forms)
    for path in post_only:
        for user in form_users[path] + site.users:
            if _seen(site.client(user).post(path, {}).status_code):
                chosen[path] = (site.client(user), False, True)
                break

    failures: list[str] = []
    for name, path in targets:
        if path not in chosen:
            continue
        client, gets, posts = chosen[path]
        if os.environ.get("FUZZ_DEBUG"):
            print(name, path, gets, posts, sorted(forms.get(("post", path), set())))
        get_names = sorted(forms.get(("get", path), set()) | set(COMMON_PARAMS))
        # Without the form token: a repeated token would only replay the first answer.
        post_names = sorted(
            forms.get(("post", path), set()) - {"csrfmiddlewaretoken", "_form_token"}
        )
        try:
            _fuzz(
                client,
                path,
                get_names=get_names if gets else None,
                post_names=post_names if posts else None,
                real=site.real,
                examples=ADMIN_EXAMPLES if name.startswith("admin:") else EXAMPLES,
            )
        except Exception as exc:
            failures.append(f"{name} {path}: {type(exc).__name__}: {exc}"[:2000])
    assert len(chosen) > 50 or os.environ.get("FUZZ_ONLY"), "te weinig pagina's bereikt"
    assert not failures, "\n".join(failures)


def test_the_walk_reaches_the_case_pages() -> None:
    """The URL names the fuzz fills in with real records still exist."""
    names = {name for name, _ in _patterns(get_resolver().url_patterns)}
    assert {"cases:detail", "care:trajectory_start", "cases:document_add"} <= names
