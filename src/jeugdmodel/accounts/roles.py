"""The roles of product.md §2. One role per account; what a role may see is in access.py."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    WIJKTEAM_PROFESSIONAL = "wijkteam_professional", _("Wijkteamprofessional")
    POH_JEUGD = "poh_jeugd", _("POH-jeugd")
    GEZINSSPECIALIST_ONDERWIJS = "gezinsspecialist_onderwijs", _("Gezinsspecialist onderwijs")
    FLEX_SPECIALIST = "flex_specialist", _("Specialist flexibel netwerk")
    SPECIALIST_CARE = "specialist_care", _("Medewerker specialistische jeugdhulp")
    TEAM_LEAD = "team_lead", _("Teamleider")
    PARTNER = "partner", _("Partner (school, huisarts, welzijn)")
    LEGAL_REFERRER = "legal_referrer", _("Wettelijk verwijzer")
    MUNICIPALITY = "municipality", _("Gemeente")
    FUNCTIONAL_ADMIN = "functional_admin", _("Functioneel beheerder")
    PRIVACY_OFFICER = "privacy_officer", _("Privacyfunctionaris")


#: Roles of people who give care and so work with case content (need-to-know applies).
CARE_ROLES: frozenset[Role] = frozenset(
    {
        Role.WIJKTEAM_PROFESSIONAL,
        Role.POH_JEUGD,
        Role.GEZINSSPECIALIST_ONDERWIJS,
        Role.FLEX_SPECIALIST,
        Role.SPECIALIST_CARE,
        Role.TEAM_LEAD,
    }
)

#: Every role that logs in is staff in the sense of the two-factor rule: all of them see
#: either personal data or steering data, so all of them need a second factor.
STAFF_ROLES: frozenset[Role] = frozenset(Role)
