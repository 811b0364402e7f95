"""The notifications inbox: own notifications only, newest first, paged, links to the
target, and "alles gelezen"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.audit.models import AccessLogEntry
from jeugdmodel.notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/meldingen/"


def _note(user: User, message: str, *, minutes_ago: int = 0, url: str = "") -> Notification:
    note = Notification.objects.create(user=user, message=message, url=url)
    Notification.objects.filter(pk=note.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return note


def test_own_notifications_newest_first_with_links(login: Callable[[User], Client]) -> None:
    user, other = UserFactory(), UserFactory()
    _note(user, "Oudste melding", minutes_ago=30)
    _note(user, "Nieuwste melding", minutes_ago=1, url="/aanmeldingen/werklijst/")
    _note(other, "Melding van een ander")
    body = login(user).get(URL).content.decode()
    assert body.index("Nieuwste melding") < body.index("Oudste melding")
    assert '<a class="utrecht-link" href="/aanmeldingen/werklijst/">Nieuwste melding</a>' in body
    assert "Melding van een ander" not in body
    assert "2 meldingen, 2 ongelezen" in body
    assert "<caption" in body


def test_only_local_links_are_links(login: Callable[[User], Client]) -> None:
    user = UserFactory()
    _note(user, "Vreemde link", url="https://example.org/")
    body = login(user).get(URL).content.decode()
    assert 'href="https://example.org/"' not in body
    assert "Vreemde link" in body


def test_mark_all_read(login: Callable[[User], Client]) -> None:
    user, other = UserFactory(), UserFactory()
    _note(user, "Een")
    _note(user, "Twee")
    _note(other, "Van een ander")
    client = login(user)
    assert "Alles gelezen" in client.get(URL).content.decode()
    response = client.post("/meldingen/gelezen/", follow=True)
    assert response.redirect_chain == [(URL, 302)]
    body = response.content.decode()
    assert "2 meldingen gemarkeerd als gelezen." in body
    assert "0 ongelezen" in body
    assert "Alles gelezen" not in body
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()
    assert Notification.objects.get(user=other).read_at is None


def test_mark_read_is_post_only(login: Callable[[User], Client]) -> None:
    assert login(UserFactory()).get("/meldingen/gelezen/").status_code == 405


def test_paged(login: Callable[[User], Client]) -> None:
    user = UserFactory()
    for i in range(30):
        _note(user, f"Melding nummer {i:02d}", minutes_ago=i)
    client = login(user)
    first = client.get(URL).content.decode()
    assert "Melding nummer 00" in first
    assert "Melding nummer 29" not in first
    assert "Pagina 1 van 2" in first
    second = client.get(URL, {"pagina": 2}).content.decode()
    assert "Melding nummer 29" in second


@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_an_inbox(
    role: Role, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    client = login(make_user(role))
    assert client.get(URL).status_code == 200
    assert client.post("/meldingen/gelezen/").status_code == 302


def test_anonymous_goes_to_login(client: Client) -> None:
    for response in [client.get(URL), client.post("/meldingen/gelezen/")]:
        assert response.status_code == 302
        assert response["Location"].startswith("/inloggen/")


def test_home_shows_the_unread_count_and_links_to_the_inbox(
    login: Callable[[User], Client],
) -> None:
    user = UserFactory(role=Role.MUNICIPALITY.value)
    _note(user, "Een")
    _note(user, "Twee")
    body = login(user).get("/").content.decode()
    assert "U heeft 2 ongelezen meldingen." in body
    assert f'href="{URL}"' in body


def test_query_count_does_not_grow(login: Callable[[User], Client]) -> None:
    user = UserFactory()
    client = login(user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    for i in range(3):
        _note(user, f"Klein {i}")
    small = queries()
    for i in range(30):
        _note(user, f"Groot {i}")
    large = queries()
    assert large == small


def test_showing_notifications_is_in_the_access_log(login: Callable[[User], Client]) -> None:
    """Messages name families and children: the inbox writes a read to the access log."""
    user = UserFactory()
    note = _note(user, "Familie Jansen: Sam (9) is aan u toegewezen.")
    login(user).get(URL)
    entry = AccessLogEntry.objects.get(event="notification.list")
    assert entry.user_id == user.pk
    assert entry.action == "read"
    assert entry.details["notifications"] == [note.pk]


def test_an_empty_inbox_writes_nothing(login: Callable[[User], Client]) -> None:
    login(UserFactory()).get(URL)
    assert not AccessLogEntry.objects.filter(event="notification.list").exists()
