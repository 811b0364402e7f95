"""Who refers: the access point and referrer details that follow from a logged-in user.

Used by the professionals' form and the partner API, so both derive the same access point
from the same role and organisation."""

from __future__ import annotations

from dataclasses import dataclass

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.region.models import Organisation, OrganisationKind

from .models import AccessPoint

#: The legal access points in the order a legal referrer chooses from them.
LEGAL_CHOICES: tuple[AccessPoint, ...] = (
    AccessPoint.LEGAL_GP,
    AccessPoint.LEGAL_YOUTH_DOCTOR,
    AccessPoint.LEGAL_MEDICAL_SPECIALIST,
    AccessPoint.LEGAL_CERTIFIED_INSTITUTION,
    AccessPoint.LEGAL_COURT,
)

_BY_ROLE: dict[Role, AccessPoint] = {
    Role.WIJKTEAM_PROFESSIONAL: AccessPoint.WIJKTEAM,
    Role.POH_JEUGD: AccessPoint.POH_JEUGD,
    Role.GEZINSSPECIALIST_ONDERWIJS: AccessPoint.SCHOOL_SPECIALIST,
}

_PARTNER_BY_ORGANISATION: dict[str, AccessPoint] = {
    OrganisationKind.SCHOOL: AccessPoint.PARTNER_SCHOOL,
    OrganisationKind.GP_PRACTICE: AccessPoint.PARTNER_GP,
    OrganisationKind.WELFARE: AccessPoint.PARTNER_WELFARE,
}


@dataclass(frozen=True)
class ReferrerDetails:
    name: str
    organisation: Organisation | None
    agb: str
    brin: str
    #: The access point when it follows from role and organisation; None when the user
    #: must choose (a legal referrer outside a GP practice).
    access_point: AccessPoint | None
    #: The access points this user may choose from (one, except for legal referrers).
    choices: tuple[AccessPoint, ...]

    @property
    def is_legal(self) -> bool:
        return len(self.choices) > 1


def referrer_details_for(user: User) -> ReferrerDetails:
    """Name, organisation, AGB (GP practice) or BRIN (school), and the access point:

    wijkteam professional → wijkteam, POH-jeugd → poh_jeugd, family specialist for
    education → school_specialist, partner → by the kind of organisation (school, GP
    practice, otherwise welfare), legal referrer → a choice among the legal access points
    (legal_gp by default at a GP practice); everyone else who may refer → wijkteam."""
    organisation = user.organisation
    kind = organisation.kind if organisation is not None else ""
    role = user.role_enum
    if role == Role.LEGAL_REFERRER:
        default = AccessPoint.LEGAL_GP if kind == OrganisationKind.GP_PRACTICE else None
        access_point, choices = default, LEGAL_CHOICES
    elif role == Role.PARTNER:
        access_point = _PARTNER_BY_ORGANISATION.get(kind, AccessPoint.PARTNER_WELFARE)
        choices = (access_point,)
    else:
        access_point = _BY_ROLE.get(role, AccessPoint.WIJKTEAM) if role else AccessPoint.WIJKTEAM
        choices = (access_point,)
    return ReferrerDetails(
        name=user.get_full_name() or user.get_username(),
        organisation=organisation,
        agb=organisation.agb_code
        if organisation is not None and kind == OrganisationKind.GP_PRACTICE
        else "",
        brin=organisation.brin_code
        if organisation is not None and kind == OrganisationKind.SCHOOL
        else "",
        access_point=access_point,
        choices=choices,
    )
