from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.accounts.views import USERS_PER_PAGE
from jeugdmodel.audit.models import AccessLogEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_user_list_pages_filters_and_is_logged(
    make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    admin = make_user(Role.FUNCTIONAL_ADMIN)
    UserFactory.create_batch(USERS_PER_PAGE, role=Role.PARTNER.value)
    client = login(admin)
    first = client.get("/beheer/gebruikers/").content.decode()
    assert "<title>Gebruikers – Jeugdmodel</title>" in first
    assert "Pagina 1 van 2" in first
    assert "pagina=2" in first
    second = client.get("/beheer/gebruikers/", {"pagina": 2}).content.decode()
    assert "Pagina 2 van 2" in second
    only_admins = client.get("/beheer/gebruikers/", {"rol": "functional_admin"}).content.decode()
    assert "1 gebruiker" in only_admins
    assert admin.username in only_admins
    assert AccessLogEntry.objects.filter(event="user.list", user_id=admin.pk).count() == 3
