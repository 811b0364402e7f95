"""Login with password and TOTP, lockout after failed logins, session expiry."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from jeugdmodel.audit.models import AccessLogEntry
from tests.factories import UserFactory, totp_device

pytestmark = pytest.mark.django_db
PASSWORD = "een-goed-wachtwoord-123"


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_password_then_code_reaches_home(client: Client) -> None:
    user = UserFactory()
    device = totp_device(user)
    response = client.post("/inloggen/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/tweede-factor/")
    # Without the code, pages send back to the second step.
    assert client.get("/")["Location"].startswith("/inloggen/tweede-factor/")
    response = client.post(response["Location"], {"token": _code(device)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_code_is_refused_with_a_clear_message(client: Client) -> None:
    user = UserFactory()
    device = totp_device(user)
    client.post("/inloggen/", {"username": user.username, "password": PASSWORD})
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    response = client.post("/inloggen/tweede-factor/", {"token": wrong})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert client.get("/").status_code == 302
    response = client.post("/inloggen/tweede-factor/", {"token": "12ab"})
    assert "De code bestaat uit 6 cijfers." in response.content.decode()


def test_first_login_links_an_authenticator_app(client: Client) -> None:
    user = UserFactory()
    response = client.post("/inloggen/", {"username": user.username, "password": PASSWORD})
    assert response["Location"].startswith("/tweede-factor/koppelen/")
    page = client.get("/tweede-factor/koppelen/")
    assert page.status_code == 200
    assert "data:image/svg+xml" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/tweede-factor/koppelen/", {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200
    assert AccessLogEntry.objects.filter(event="second_factor.enrol", user_id=user.pk).exists()


def test_wrong_password_names_the_problem_and_logs_nobody_in(client: Client) -> None:
    user = UserFactory()
    response = client.post("/inloggen/", {"username": user.username, "password": "fout"})
    assert response.status_code == 200
    assert (
        "Deze combinatie van gebruikersnaam en wachtwoord kennen we niet"
        in response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_lockout_after_repeated_failures_even_with_right_password(client: Client) -> None:
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/inloggen/", {"username": user.username, "password": "fout"})
    response = client.post("/inloggen/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    body = response.content.decode()
    assert "Inloggen tijdelijk geblokkeerd" in body
    assert "minuten niet inloggen" in body
    assert "_auth_user_id" not in client.session


def test_other_user_is_not_locked_out_by_someone_elses_failures(client: Client) -> None:
    victim, other = UserFactory(), UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/inloggen/", {"username": victim.username, "password": "fout"})
    response = client.post("/inloggen/", {"username": other.username, "password": PASSWORD})
    assert response.status_code == 302


def test_session_expires_after_inactivity() -> None:
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 60 * 60


def test_passwords_are_hashed_with_argon2_outside_tests() -> None:
    from jeugdmodel.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_open_redirect_after_login_is_refused(client: Client) -> None:
    user = UserFactory()
    device = totp_device(user)
    client.post("/inloggen/", {"username": user.username, "password": PASSWORD})
    response = client.post(
        "/inloggen/tweede-factor/?next=https://evil.example/", {"token": _code(device)}
    )
    assert response["Location"] == "/"


def test_logout_is_post_only(client: Client) -> None:
    user = UserFactory()
    totp_device(user)
    client.force_login(user)
    assert client.get("/uitloggen/").status_code == 405
    assert client.post("/uitloggen/").status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_over_long_username_is_a_form_error_not_a_server_error(client: Client) -> None:
    """Django sets the field's max_length without a validator; the name reached the lockout
    log's 255-character column (a DataError on PostgreSQL)."""
    response = client.post("/inloggen/", {"username": "x" * 6000, "password": "iets"})
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
