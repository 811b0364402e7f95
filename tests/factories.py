"""Shared factories (factory_boy). App-specific ones live next to their tests."""

from __future__ import annotations

from datetime import date

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from jeugdmodel.accounts.models import TeamMembership, TeamRole, User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.region.models import (
    Municipality,
    Organisation,
    OrganisationKind,
    Region,
    Team,
    TeamKind,
)


class RegionFactory(factory.django.DjangoModelFactory[Region]):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "testregio"
    name = "Testregio"


class MunicipalityFactory(factory.django.DjangoModelFactory[Municipality]):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    region = factory.SubFactory(RegionFactory)
    code = factory.Sequence(lambda n: f"GM9{n:03d}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    region = factory.SubFactory(RegionFactory)
    code = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.MEMBER


class TeamFactory(factory.django.DjangoModelFactory[Team]):
    class Meta:
        model = Team

    region = factory.SubFactory(RegionFactory)
    code = factory.Sequence(lambda n: f"team-{n}")
    name = factory.Sequence(lambda n: f"Team {n}")
    kind = TeamKind.WIJKTEAM
    municipality = factory.SubFactory(MunicipalityFactory)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    role = Role.WIJKTEAM_PROFESSIONAL.value
    password = factory.django.Password("een-goed-wachtwoord-123")

    class Params:
        municipality_user = factory.Trait(
            role=Role.MUNICIPALITY.value, municipality=factory.SubFactory(MunicipalityFactory)
        )


class TeamMembershipFactory(factory.django.DjangoModelFactory[TeamMembership]):
    class Meta:
        model = TeamMembership

    user = factory.SubFactory(UserFactory)
    team = factory.SubFactory(TeamFactory)
    role_in_team = TeamRole.MEMBER
    valid_from = date(2023, 1, 1)


def totp_device(user: User) -> TOTPDevice:
    device: TOTPDevice = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return device
