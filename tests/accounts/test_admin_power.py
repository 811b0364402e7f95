"""Admin power is bounded and visible: a functional admin cannot change the role, status or
teams of their own account, nor set their own password in the admin; a password they set
for someone else must be replaced at the next login with the second factor linked again,
and ends that user's sessions; every change and every look at an account is in the access
log; "add user" works."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from jeugdmodel.accounts.models import TeamMembership, TeamRole, User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.audit.models import AccessLogEntry
from tests.conftest import verify_second_factor
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
ADMIN = "/beheer/admin/accounts/user/"
NEW_PASSWORD = "Zomer-in-Schiedam-2026!"


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def _events(**filters: Any) -> list[str]:
    return list(AccessLogEntry.objects.filter(**filters).values_list("event", flat=True))


def _change_data(user: User, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role,
        "organisation": user.organisation_id or "",
        "municipality": user.municipality_id or "",
        "expertise": "[]",
        "languages": "[]",
        "caseload_capacity": "",
        "fte": "",
        "is_active": "on",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def _lead_membership_form(team_id: int) -> dict[str, object]:
    return {
        "memberships-TOTAL_FORMS": "1",
        "memberships-0-team": team_id,
        "memberships-0-role_in_team": TeamRole.LEAD.value,
        "memberships-0-valid_from": "2026-01-01",
        "memberships-0-valid_to": "",
    }


@pytest.fixture
def admin_client(client: Client, make_user: Callable[..., User]) -> tuple[Client, User]:
    admin = make_user(Role.FUNCTIONAL_ADMIN)
    verify_second_factor(client, admin)
    return client, admin


def test_add_user_in_the_admin_works_and_is_logged(admin_client: tuple[Client, User]) -> None:
    client, admin = admin_client
    assert client.get(f"{ADMIN}add/").status_code == 200
    response = client.post(
        f"{ADMIN}add/",
        {
            "username": "nieuwe.collega",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "first_name": "Nieuwe",
            "last_name": "Collega",
            "email": "",
            "role": Role.WIJKTEAM_PROFESSIONAL.value,
            "organisation": "",
            "municipality": "",
            **{k: v for k, v in _change_data(admin).items() if k.startswith("memberships-")},
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="nieuwe.collega")
    assert user.role == Role.WIJKTEAM_PROFESSIONAL.value
    assert not user.is_staff
    assert not user.is_superuser
    assert user.password_change_required  # the admin knows this password: replace it
    row = AccessLogEntry.objects.get(event="user.create", record_id=str(user.public_id))
    assert row.user_id == admin.pk
    assert row.details["role"] == Role.WIJKTEAM_PROFESSIONAL.value


def test_admin_cannot_change_own_role_or_teams(admin_client: tuple[Client, User]) -> None:
    client, admin = admin_client
    team = TeamFactory()
    page = client.get(f"{ADMIN}{admin.pk}/change/").content.decode()
    assert 'name="role"' not in page  # shown, not editable

    response = client.post(
        f"{ADMIN}{admin.pk}/change/",
        _change_data(admin, role=Role.TEAM_LEAD.value, **_lead_membership_form(team.pk)),
    )
    assert response.status_code in {200, 302, 404}
    admin.refresh_from_db()
    assert admin.role == Role.FUNCTIONAL_ADMIN.value
    assert not TeamMembership.objects.filter(user=admin, team=team).exists()
    assert not _events(event__in=["user.role_change", "membership.add"])


def test_admin_changes_another_users_role_and_team_in_the_log(
    admin_client: tuple[Client, User],
) -> None:
    client, admin = admin_client
    other = UserFactory(role=Role.WIJKTEAM_PROFESSIONAL.value)
    team = TeamFactory()
    response = client.post(
        f"{ADMIN}{other.pk}/change/",
        _change_data(other, role=Role.TEAM_LEAD.value, **_lead_membership_form(team.pk)),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    other.refresh_from_db()
    assert other.role == Role.TEAM_LEAD.value
    assert TeamMembership.objects.filter(user=other, team=team, role_in_team="lead").exists()
    role_row = AccessLogEntry.objects.get(event="user.role_change")
    assert (role_row.user_id, role_row.record_id) == (admin.pk, str(other.public_id))
    assert role_row.details == {"from": "wijkteam_professional", "to": "team_lead"}
    team_row = AccessLogEntry.objects.get(event="membership.add")
    assert team_row.details["role_in_team"] == "lead"
    assert team_row.record_id == str(other.public_id)


def test_looking_at_accounts_in_the_admin_is_logged(admin_client: tuple[Client, User]) -> None:
    client, admin = admin_client
    other = UserFactory()
    assert client.get(ADMIN).status_code == 200
    assert client.get(f"{ADMIN}{other.pk}/change/").status_code == 200
    assert _events(user_id=admin.pk, event="admin.user.list")
    assert AccessLogEntry.objects.filter(
        user_id=admin.pk, event="admin.user.view", record_id=str(other.public_id)
    ).exists()


def test_admin_cannot_set_own_password_in_the_admin(admin_client: tuple[Client, User]) -> None:
    client, admin = admin_client
    before = admin.password
    response = client.post(
        f"{ADMIN}{admin.pk}/password/",
        {"set_usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 404
    admin.refresh_from_db()
    assert admin.password == before


def test_password_set_by_admin_forces_new_password_and_second_factor(
    admin_client: tuple[Client, User],
) -> None:
    client, admin = admin_client
    victim = UserFactory(role=Role.WIJKTEAM_PROFESSIONAL.value)
    victim_client = Client()
    verify_second_factor(victim_client, victim)
    assert victim_client.get("/").status_code == 200

    response = client.post(
        f"{ADMIN}{victim.pk}/password/",
        {"set_usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    victim.refresh_from_db()
    assert victim.check_password(NEW_PASSWORD)
    assert victim.password_change_required
    assert not TOTPDevice.objects.filter(user=victim).exists()
    # The victim's session ended.
    assert victim_client.get("/")["Location"].startswith("/inloggen/")
    rows = AccessLogEntry.objects.filter(user_id=admin.pk, record_id=str(victim.public_id))
    assert {"password.reset_by_admin", "second_factor.reset_by_admin"} <= set(
        rows.values_list("event", flat=True)
    )

    # Whoever logs in with that password links a new second factor, then must choose a
    # new password before anything else.
    fresh = Client()
    response = fresh.post("/inloggen/", {"username": victim.username, "password": NEW_PASSWORD})
    assert response["Location"].startswith("/tweede-factor/koppelen/")
    fresh.get("/tweede-factor/koppelen/")
    device = TOTPDevice.objects.get(user=victim, confirmed=False)
    fresh.post("/tweede-factor/koppelen/", {"token": _code(device)})
    assert _events(user_id=victim.pk, event="second_factor.enrol")
    home = fresh.get("/")
    assert home.status_code == 302
    assert home["Location"].startswith("/account/wachtwoord/")
    assert fresh.get("/api/v1/cases/").status_code == 403


def test_own_password_page_checks_the_current_one_and_clears_the_requirement(
    client: Client,
) -> None:
    user = UserFactory(password_change_required=True)
    verify_second_factor(client, user)
    wrong = client.post(
        "/account/wachtwoord/",
        {
            "old_password": "niet-goed",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert wrong.status_code == 400
    assert "Het huidige wachtwoord klopt niet" in wrong.content.decode()
    user.refresh_from_db()
    assert user.password_change_required

    response = client.post(
        "/account/wachtwoord/?next=/",
        {
            "old_password": "een-goed-wachtwoord-123",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not user.password_change_required
    assert client.get("/").status_code == 200  # still logged in
    assert _events(user_id=user.pk, event="password.change")


def test_the_admin_index_is_dutch_and_offers_no_raw_rights(
    admin_client: tuple[Client, User],
) -> None:
    client, _admin = admin_client
    body = client.get("/beheer/admin/").content.decode()
    for english_or_raw in ("Groepen", "TOTP devices", "Otp_Totp", ">Accounts<", "access attempts"):
        assert english_or_raw not in body, english_or_raw
    assert "Gebruikers en teams" in body
    assert client.get("/beheer/admin/auth/group/").status_code == 404
    assert client.get("/beheer/admin/otp_totp/totpdevice/").status_code == 404
    change = client.get(f"{ADMIN}{_admin.pk}/change/").content.decode()
    assert "Supergebruikerstatus" not in change
    assert "Gebruikersrechten" not in change
