"""Shared fixtures: a user per role and a client that passed the second factor."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.accounts.services import functional_admin_grant
from tests.factories import MunicipalityFactory, TeamMembershipFactory, UserFactory, totp_device


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Every test starts with an empty cache: the database is rolled back after a test, a
    cache in the same process is not (the dashboard's cached tables would outlive it)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(role: Role, **kwargs: object) -> User:
        if role == Role.MUNICIPALITY:
            kwargs.setdefault("municipality", MunicipalityFactory())
        user: User = UserFactory(role=role.value, **kwargs)
        if role == Role.FUNCTIONAL_ADMIN:
            functional_admin_grant(user=user)
        if role in {Role.WIJKTEAM_PROFESSIONAL, Role.TEAM_LEAD}:
            TeamMembershipFactory(user=user)
        return user

    return make


def verify_second_factor(client: Client, user: User) -> TOTPDevice:
    """Log `user` in on `client` as if they had passed password and TOTP."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or totp_device(user)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return device


@pytest.fixture
def login(client: Client) -> Callable[[User], Client]:
    def do(user: User) -> Client:
        verify_second_factor(client, user)
        return client

    return do
