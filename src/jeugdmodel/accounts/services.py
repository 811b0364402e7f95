"""Writes for accounts: users, team memberships, second factor, API tokens."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.core.errors import DomainError
from jeugdmodel.region.models import Municipality, Organisation, Team

from .access import Perm, require
from .models import TeamMembership, TeamRole, User
from .roles import Role


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str | None,
    role: Role,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    organisation: Organisation | None = None,
    municipality: Municipality | None = None,
    expertise: Iterable[str] = (),
    languages: Iterable[str] = (),
    caseload_capacity: int | None = None,
    fte: Decimal | None = None,
    is_demo: bool = False,
    validate: bool = True,
) -> User:
    """Create an account. Municipality users need a municipality; others an organisation."""
    if User.objects.filter(username=username).exists():
        raise DomainError(_("Deze gebruikersnaam bestaat al."), field="username")
    if role == Role.MUNICIPALITY and municipality is None:
        raise DomainError(_("Een gemeentegebruiker hoort bij een gemeente."), field="municipality")
    user = User(
        username=username,
        role=role.value,
        first_name=first_name,
        last_name=last_name,
        email=email,
        organisation=organisation,
        municipality=municipality,
        expertise=sorted(set(expertise)),
        languages=sorted(set(languages)),
        caseload_capacity=caseload_capacity,
        fte=fte,
        is_demo=is_demo,
        # Functional admins manage reference data in the admin screens.
        is_staff=role == Role.FUNCTIONAL_ADMIN,
    )
    if password is None:
        user.set_unusable_password()
    else:
        if validate:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise DomainError(" ".join(exc.messages), field="password") from exc
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    if role == Role.FUNCTIONAL_ADMIN:
        functional_admin_grant(user=user)
    access_log_write(
        actor=actor,
        action=AccessAction.CREATE,
        record_type="user",
        record_id=user.public_id,
        event="user.create",
        details={"role": role.value},
    )
    return user


#: Apps whose reference data functional admins manage in the admin screens.
FUNCTIONAL_ADMIN_APPS = ("region", "accounts", "finance")


def functional_admin_grant(*, user: User) -> None:
    """Admin-screen rights for a functional admin: region data, users and memberships,
    budgets, tariffs and contract terms.
    Never case content: those apps are not registered in the admin."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=FUNCTIONAL_ADMIN_APPS)
    )


@transaction.atomic
def membership_add(
    *,
    actor: User | None,
    user: User,
    team: Team,
    role_in_team: TeamRole = TeamRole.MEMBER,
    valid_from: date,
    valid_to: date | None = None,
) -> TeamMembership:
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(_("De einddatum ligt voor de begindatum."), field="valid_to")
    membership, _created = TeamMembership.objects.get_or_create(
        user=user,
        team=team,
        valid_from=valid_from,
        defaults={"role_in_team": role_in_team, "valid_to": valid_to},
    )
    if _created:
        access_log_write(
            actor=actor,
            action=AccessAction.CREATE,
            record_type="team_membership",
            record_id=user.public_id,
            event="membership.add",
            details={"team": team.code, "role_in_team": role_in_team.value},
        )
    return membership


def totp_device_for_setup(*, user: User) -> TOTPDevice:
    """The user's unconfirmed device (made once), to show as a QR code until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator-app"), confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> TOTPDevice:
    if device.user_id != user.pk or device.confirmed:
        raise DomainError(_("Deze koppeling is niet meer geldig. Begin opnieuw."))
    if not device.verify_token(token):
        raise DomainError(
            _("Deze code klopt niet. Controleer de tijd op uw telefoon en probeer het opnieuw."),
            field="token",
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    access_log_write(
        actor=user,
        action=AccessAction.UPDATE,
        record_type="user",
        record_id=user.public_id,
        event="second_factor.enrol",
    )
    return device


def totp_device_set_known_key(*, user: User, key_b32: str) -> TOTPDevice:
    """Demo only: a confirmed device with a published key, so demo users can log in."""
    key_hex = base64.b32decode(key_b32.upper()).hex()
    device, _created = TOTPDevice.objects.update_or_create(
        user=user, name="demo", defaults={"key": key_hex, "confirmed": True}
    )
    return device


@transaction.atomic
def api_token_create(*, actor: User | None, user: User) -> Token:
    """A (new) API token for a system account; an existing one is replaced."""
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    access_log_write(
        actor=actor,
        action=AccessAction.CREATE,
        record_type="api_token",
        record_id=user.public_id,
        event="api_token.create",
    )
    return token


# -- the admin screens: bounded and logged ---------------------------------------------------

#: Fields that decide what an account may see. Nobody changes them on their own account
#: (decision 0030): another functional admin does, and the access log shows who.
ACCESS_FIELDS = frozenset(
    {
        "role",
        "organisation",
        "municipality",
        "is_active",
        "is_staff",
        "is_superuser",
        "groups",
        "user_permissions",
    }
)


def _refuse_own(actor: User, user_id: int | None, what: str) -> None:
    if user_id is not None and actor.pk == user_id:
        raise DomainError(
            _(
                "U kunt %(what)s van uw eigen account niet wijzigen. Vraag een andere "
                "functioneel beheerder; die wijziging komt in het toegangslog."
            )
            % {"what": what}
        )


@transaction.atomic
def user_admin_save(*, actor: User, user: User, changed: Iterable[str], adding: bool) -> User:
    """Save an account from the admin screens. Rights follow the role (staff and admin-screen
    permissions only for functional admins); a password set by an admin must be replaced at
    the next login. Every change is written to the access log, a role change on its own."""
    changed_set = set(changed)
    previous_role = ""
    if not adding:
        if changed_set & ACCESS_FIELDS:
            _refuse_own(actor, user.pk, _("rol, organisatie, gemeente of status"))
        previous_role = User.objects.filter(pk=user.pk).values_list("role", flat=True).first() or ""
    if adding and user.has_usable_password():
        user.password_change_required = True
    if not user.is_superuser:
        user.is_staff = user.role == Role.FUNCTIONAL_ADMIN
    user.save()
    if user.role == Role.FUNCTIONAL_ADMIN and (adding or previous_role != user.role):
        functional_admin_grant(user=user)
    elif previous_role == Role.FUNCTIONAL_ADMIN and user.role != previous_role:
        user.user_permissions.clear()
    if adding:
        access_log_write(
            actor=actor,
            action=AccessAction.CREATE,
            record_type="user",
            record_id=user.public_id,
            event="user.create",
            details={"role": user.role, "password_set": user.has_usable_password()},
        )
        return user
    if previous_role != user.role:
        access_log_write(
            actor=actor,
            action=AccessAction.UPDATE,
            record_type="user",
            record_id=user.public_id,
            event="user.role_change",
            details={"from": previous_role, "to": user.role},
        )
    others = sorted(changed_set - {"role"})
    if others:
        access_log_write(
            actor=actor,
            action=AccessAction.UPDATE,
            record_type="user",
            record_id=user.public_id,
            event="user.change",
            details={"fields": others},
        )
    return user


@transaction.atomic
def user_admin_delete(*, actor: User, user: User) -> None:
    _refuse_own(actor, user.pk, _("het bestaan"))
    public_id = user.public_id
    role = user.role
    user.delete()
    access_log_write(
        actor=actor,
        action=AccessAction.DELETE,
        record_type="user",
        record_id=public_id,
        event="user.delete",
        details={"role": role},
    )


def _membership_details(membership: TeamMembership) -> dict[str, str]:
    return {
        "team": membership.team.code,
        "role_in_team": membership.role_in_team,
        "valid_from": membership.valid_from.isoformat(),
        "valid_to": membership.valid_to.isoformat() if membership.valid_to else "",
    }


@transaction.atomic
def membership_admin_save(
    *, actor: User, membership: TeamMembership, adding: bool
) -> TeamMembership:
    """Add or change a team membership from the admin screens: never one's own."""
    _refuse_own(actor, membership.user_id, _("de teams"))
    if not adding:
        stored = TeamMembership.objects.filter(pk=membership.pk).values_list("user_id", flat=True)
        _refuse_own(actor, stored.first(), _("de teams"))
    membership.save()
    access_log_write(
        actor=actor,
        action=AccessAction.CREATE if adding else AccessAction.UPDATE,
        record_type="team_membership",
        record_id=membership.user.public_id,
        event="membership.add" if adding else "membership.change",
        details=_membership_details(membership),
    )
    return membership


@transaction.atomic
def membership_admin_delete(*, actor: User, membership: TeamMembership) -> None:
    _refuse_own(actor, membership.user_id, _("de teams"))
    details = _membership_details(membership)
    user_public_id = membership.user.public_id
    membership.delete()
    access_log_write(
        actor=actor,
        action=AccessAction.DELETE,
        record_type="team_membership",
        record_id=user_public_id,
        event="membership.delete",
        details=details,
    )


@transaction.atomic
def user_password_reset(*, actor: User, user: User, password: str | None) -> None:
    """An admin sets (or switches off) another user's password. The user must choose a new
    password at the next login and link their authenticator app again; every session they
    have ends (the session check of the login compares the password hash) and their API
    tokens are revoked. Never on one's
    own account: that goes through the own password page, with the current password."""
    _refuse_own(actor, user.pk, _("het wachtwoord"))
    if password is None:
        user.set_unusable_password()
        user.password_change_required = False
    else:
        user.set_password(password)
        user.password_change_required = True
    user.save(update_fields=["password", "password_change_required"])
    removed, _by_type = TOTPDevice.objects.filter(user=user).delete()
    access_log_write(
        actor=actor,
        action=AccessAction.UPDATE,
        record_type="user",
        record_id=user.public_id,
        event="password.reset_by_admin",
        details={"usable": password is not None},
    )
    access_log_write(
        actor=actor,
        action=AccessAction.DELETE,
        record_type="user",
        record_id=user.public_id,
        event="second_factor.reset_by_admin",
        details={"devices_removed": removed},
    )
    # An API token outlives sessions: whoever learnt the old password may have made one.
    tokens_removed, _by_type = Token.objects.filter(user=user).delete()
    access_log_write(
        actor=actor,
        action=AccessAction.DELETE,
        record_type="api_token",
        record_id=user.public_id,
        event="api_token.revoke",
        details={"tokens_removed": tokens_removed, "reason": "password.reset_by_admin"},
    )


@transaction.atomic
def user_password_change_own(*, user: User, password: str) -> None:
    """The user chooses a new password (validated by the form with the current one)."""
    _own_password_set(user, password, "password.change")


@transaction.atomic
def user_password_reset_by_email(*, user: User, password: str) -> None:
    """The user chose a new password through the e-mail link ("wachtwoord vergeten"). The
    second factor stays: the next login still asks for the code from the authenticator app."""
    _own_password_set(user, password, "password.reset_by_email")


def _own_password_set(user: User, password: str, event: str) -> None:
    """A password the user chose: no change required any more, and logged as `event`."""
    user.set_password(password)
    user.password_change_required = False
    user.save(update_fields=["password", "password_change_required"])
    access_log_write(
        actor=user,
        action=AccessAction.UPDATE,
        record_type="user",
        record_id=user.public_id,
        event=event,
    )


@transaction.atomic
def user_second_factor_reset(*, actor: User, user: User) -> int:
    """A functional admin removes another user's second factor (a lost or new phone). The
    user links an authenticator app again at the next login; their open sessions are no
    longer verified. Never on one's own account. Returns the number of devices removed."""
    require(actor, Perm.USER_VIEW)
    _refuse_own(actor, user.pk, _("de tweede factor"))
    removed, _by_type = TOTPDevice.objects.filter(user=user).delete()
    access_log_write(
        actor=actor,
        action=AccessAction.DELETE,
        record_type="user",
        record_id=user.public_id,
        event="second_factor.reset_by_admin",
        details={"devices_removed": removed},
    )
    return removed
