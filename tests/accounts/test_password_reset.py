""" "Wachtwoord vergeten": an e-mail link with a one-time token (Django's reset views); the
second factor is kept. And the functional admin wipes another user's second factor."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.audit.models import AccessLogEntry
from tests.factories import UserFactory, totp_device

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "een-nieuw-lang-wachtwoord-987"


def _link(message: str) -> str:
    found = re.search(r"https?://[^/\s]+(/wachtwoord-herstellen/[^\s]+/)", message)
    assert found, message
    return found.group(1)


def test_the_login_page_offers_a_forgotten_password_link(client: Client) -> None:
    assert 'href="/wachtwoord-vergeten/"' in client.get("/inloggen/").content.decode()


def test_forgotten_password_sends_a_link_and_keeps_the_second_factor(client: Client) -> None:
    user = UserFactory(email="noor@voorbeeld.nl")
    device = totp_device(user)
    response = client.post(
        "/wachtwoord-vergeten/", {"email": "noor@voorbeeld.nl"}, HTTP_HOST="127.0.0.1:8032"
    )
    assert response.status_code == 302
    assert response["Location"] == "/wachtwoord-vergeten/verstuurd/"
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "http://127.0.0.1:8032/wachtwoord-herstellen/" in body  # the served address
    assert "authenticator-app" in body

    form = client.get(_link(body), follow=True)
    assert "Nieuw wachtwoord kiezen" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert done["Location"] == "/wachtwoord-herstellen/klaar/"

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert TOTPDevice.objects.filter(pk=device.pk).exists()  # second factor kept
    assert (
        AccessLogEntry.objects.filter(event="password.reset_by_email", user_id=user.pk).count() == 1
    )
    # Not logged in by the reset: the login still asks for the code.
    login = client.post("/inloggen/", {"username": user.username, "password": NEW_PASSWORD})
    assert login["Location"].startswith("/inloggen/tweede-factor/")
    assert client.get("/")["Location"].startswith("/inloggen/tweede-factor/")
    # The link works once.
    again = Client().get(_link(body), follow=True).content.decode()
    assert "Deze link werkt niet meer" in again


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client: Client) -> None:
    response = client.post("/wachtwoord-vergeten/", {"email": "niemand@voorbeeld.nl"})
    assert response["Location"] == "/wachtwoord-vergeten/verstuurd/"
    assert mail.outbox == []


def test_a_bad_address_is_named_at_its_field(client: Client) -> None:
    response = client.post("/wachtwoord-vergeten/", {"email": "geen-adres"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Dit e-mailadres klopt niet" in html
    assert 'value="geen-adres"' in html  # what was typed stays
    assert mail.outbox == []


def test_mismatched_new_passwords_change_nothing(client: Client) -> None:
    user = UserFactory(email="sem@voorbeeld.nl")
    client.post("/wachtwoord-vergeten/", {"email": "sem@voorbeeld.nl"})
    form = client.get(_link(mail.outbox[0].body), follow=True)
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"},
    )
    assert response.status_code == 400
    assert "De twee nieuwe wachtwoorden zijn niet gelijk." in response.content.decode()
    user.refresh_from_db()
    assert not user.check_password(NEW_PASSWORD)


# -- the functional admin wipes a second factor -------------------------------------------


def test_the_functional_admin_wipes_another_users_second_factor(
    login: Callable[[User], Client], make_user: Callable[..., User]
) -> None:
    admin = make_user(Role.FUNCTIONAL_ADMIN)
    other = UserFactory(username="noor")
    totp_device(other)
    client = login(admin)
    listing = client.get("/beheer/gebruikers/").content.decode()
    url = f"/beheer/gebruikers/{other.public_id}/tweede-factor/"
    assert f'href="{url}"' in listing
    confirm = client.get(url).content.decode()
    assert "koppelt" in confirm
    response = client.post(url, follow=True)
    assert f"De tweede factor van {other} is gewist." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=other).exists()
    entry = AccessLogEntry.objects.get(event="second_factor.reset_by_admin")
    assert entry.user_id == admin.pk
    assert entry.record_id == str(other.public_id)


def test_the_own_second_factor_is_not_wiped_here(
    login: Callable[[User], Client], make_user: Callable[..., User]
) -> None:
    admin = make_user(Role.FUNCTIONAL_ADMIN)
    client = login(admin)
    response = client.post(f"/beheer/gebruikers/{admin.public_id}/tweede-factor/", follow=True)
    assert "eigen account niet wijzigen" in response.content.decode()
    assert TOTPDevice.objects.filter(user=admin).exists()
    assert not AccessLogEntry.objects.filter(event="second_factor.reset_by_admin").exists()


def test_other_roles_cannot_wipe_a_second_factor(
    login: Callable[[User], Client], make_user: Callable[..., User]
) -> None:
    lead = make_user(Role.TEAM_LEAD)
    other = UserFactory()
    totp_device(other)
    response = login(lead).post(f"/beheer/gebruikers/{other.public_id}/tweede-factor/")
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=other).exists()
