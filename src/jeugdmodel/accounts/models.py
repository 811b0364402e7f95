"""Users (custom model from the first migration) and team memberships."""

from __future__ import annotations

import uuid
from datetime import date

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jeugdmodel.region.models import Municipality, Organisation, Team

from .roles import CARE_ROLES, Role


class User(AbstractUser):
    """A person who logs in: a professional, partner, referrer, civil servant or admin."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    role = models.CharField(_("rol"), max_length=40, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisatie"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("gemeente"),
        help_text=_("Alleen voor gemeentegebruikers: de gemeente waarvoor zij sturen."),
    )
    expertise = models.JSONField(_("expertise"), default=list, blank=True)
    languages = models.JSONField(_("talen"), default=list, blank=True)
    caseload_capacity = models.PositiveSmallIntegerField(
        _("maximale caseload"), null=True, blank=True
    )
    fte = models.DecimalField(_("fte"), max_digits=3, decimal_places=2, null=True, blank=True)
    is_demo = models.BooleanField(_("demogebruiker"), default=False)
    password_change_required = models.BooleanField(
        _("moet wachtwoord wijzigen"),
        default=False,
        help_text=_(
            "Gezet als een beheerder het wachtwoord instelt: de gebruiker kiest bij de "
            "volgende keer inloggen zelf een nieuw wachtwoord."
        ),
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in Role]) | Q(is_superuser=True),
                name="user_role_known",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_enum(self) -> Role | None:
        try:
            return Role(self.role)
        except ValueError:
            return None

    @property
    def role_label(self) -> str:
        """The role as a person reads it: a municipality account without one municipality
        is the region's contract management (all municipalities), not "Gemeente"."""
        if self.role_enum == Role.MUNICIPALITY:
            if self.municipality_id is None:
                return str(_("Contractmanagement (alle gemeenten)"))
            return str(_("Gemeente %(name)s") % {"name": self.municipality})
        return str(self.get_role_display()) if self.role else ""

    @property
    def gives_care(self) -> bool:
        return self.role_enum in CARE_ROLES

    def active_memberships(self, on: date | None = None) -> models.QuerySet[TeamMembership]:
        day = on or timezone.localdate()
        return self.memberships.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def active_team_ids(self, on: date | None = None) -> set[int]:
        return set(self.active_memberships(on).values_list("team_id", flat=True))


class TeamRole(models.TextChoices):
    MEMBER = "member", _("teamlid")
    LEAD = "lead", _("teamleider")
    #: Stands in for the lead at the front door (worklist, triage) and hears of every
    #: escalated crisis or safety request with the lead (docs/decisions/0066).
    DEPUTY = "deputy", _("plaatsvervangend teamleider")
    CONSULTANT = "consultant", _("consulent / adviseur")


class TeamMembership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="memberships")
    role_in_team = models.CharField(
        _("rol in het team"), max_length=20, choices=TeamRole.choices, default=TeamRole.MEMBER
    )
    valid_from = models.DateField(_("vanaf"))
    valid_to = models.DateField(_("tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("teamlidmaatschap")
        verbose_name_plural = _("teamlidmaatschappen")
        ordering = ["team__name", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="membership_valid_period",
            ),
            models.UniqueConstraint(
                fields=["user", "team", "valid_from"], name="membership_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.team} ({self.get_role_in_team_display()})"
