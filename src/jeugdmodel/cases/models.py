"""The family case: one family, one coordinator at a time.

This is the part the front door needs (a request becomes a case; a known family's new
question joins its open case). The plan, journal, documents and case team follow."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jeugdmodel.families.models import Family
from jeugdmodel.region.models import Team


class CaseStatus(models.TextChoices):
    REGISTERED = "aangemeld", _("aangemeld")
    ACTIVE = "in_behandeling", _("in behandeling")
    CLOSED = "afgesloten", _("afgesloten")


class ClosingReason(models.TextChoices):
    GOALS_REACHED = "doelen_bereikt", _("doelen bereikt")
    REFERRED_ON = "doorverwezen", _("doorverwezen buiten het contract")
    MOVED = "verhuisd", _("verhuisd buiten de regio")
    FAMILY_STOPPED = "gezin_stopt", _("gezin stopt zelf")
    NO_HELP_NEEDED = "geen_hulp_nodig", _("geen hulp (meer) nodig")
    OTHER = "overig", _("overig")


class Case(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coordinated_cases",
        verbose_name=_("regiehouder"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REGISTERED
    )
    opened_on = models.DateField(_("geopend op"))
    closed_on = models.DateField(_("gesloten op"), null=True, blank=True)
    closing_reason = models.CharField(
        _("reden van afsluiten"), max_length=40, choices=ClosingReason.choices, blank=True
    )
    is_repeat = models.BooleanField(_("herhaalde aanvraag"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="afgesloten", closed_on__isnull=False)
                | (~Q(status="afgesloten") & Q(closed_on__isnull=True)),
                name="case_closed_has_date",
            ),
        ]
        indexes = [models.Index(fields=["coordinator", "status"])]

    def __str__(self) -> str:
        return f"{self.family} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED


class CaseTeamRole(models.TextChoices):
    COORDINATOR = "coordinator", _("regiehouder")
    MEMBER = "member", _("teamlid")
    FLEX_SPECIALIST = "flex_specialist", _("specialist flexibel netwerk")
    SPECIALIST = "specialist", _("specialist jeugdhulp")


class CaseTeamMember(models.Model):
    """Who works on a case, in which role, from when to when. Access to the case follows
    this period: a specialist who joined for a consultation sees the case only then."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team_members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_memberships"
    )
    role = models.CharField(_("rol"), max_length=20, choices=CaseTeamRole.choices)
    valid_from = models.DateField(_("vanaf"))
    valid_to = models.DateField(_("tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("lid van het casusteam")
        verbose_name_plural = _("casusteam")
        ordering = ["valid_from", "id"]
        constraints = [
            # Exactly one coordinator at a time: never two open coordinator periods.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(role="coordinator", valid_to__isnull=True),
                name="case_one_current_coordinator",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="case_team_valid_period",
            ),
        ]
        indexes = [models.Index(fields=["user", "valid_from", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"
