"""Continuity during the switch to a new contracted party (product brief §3.8).

The old providers' running caseload on the switch date is imported (``CaseloadImport``);
every imported row is a ``RunningClient``: a child in care with an old provider, with the
old provider and product *as the file claimed them*, and a handover status that says what
happened to that care. ``ProviderMapping`` and ``ProductMapping`` are the table the
functional admin keeps: which new organisation and help form take over an old provider's
AGB code and product code. No region fact lives here; the switch date is region data
(``region.RegionSwitch``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jeugdmodel.region.models import AGB_CODE


class ProviderMapping(models.Model):
    """An old provider (by AGB code) and the new organisation that takes its clients over."""

    agb_code = models.CharField(
        _("AGB-code oude aanbieder"), max_length=8, unique=True, validators=[AGB_CODE]
    )
    old_name = models.CharField(_("naam oude aanbieder"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "region.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("nieuwe organisatie"),
    )
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True)

    class Meta:
        verbose_name = _("koppeling oude aanbieder")
        verbose_name_plural = _("koppelingen oude aanbieders")
        ordering = ["agb_code"]

    def __str__(self) -> str:
        return f"{self.agb_code} {self.old_name} → {self.organisation}"


class ProductMapping(models.Model):
    """An old provider's product code and the help form it continues as."""

    productcode = models.CharField(_("productcode"), max_length=10, unique=True)
    old_description = models.CharField(_("omschrijving oud product"), max_length=200, blank=True)
    help_form = models.ForeignKey(
        "region.HelpForm",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("hulpvorm"),
    )
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True)

    class Meta:
        verbose_name = _("koppeling oud product")
        verbose_name_plural = _("koppelingen oude producten")
        ordering = ["productcode"]

    def __str__(self) -> str:
        return f"{self.productcode} {self.old_description} → {self.help_form}"


class ImportMode(models.TextChoices):
    ALL = "all", _("alles of niets")
    GOOD_ROWS = "good_rows", _("alleen de goede rijen")


class CaseloadImport(models.Model):
    """One imported caseload file. Holds counts and row numbers, never personal data."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    fingerprint = models.CharField(_("SHA-256 van het bestand"), max_length=64, unique=True)
    file_name = models.CharField(_("bestandsnaam"), max_length=255)
    file_format = models.CharField(_("formaat"), max_length=10)
    mode = models.CharField(_("wijze"), max_length=10, choices=ImportMode.choices)
    rows_read = models.PositiveIntegerField(_("rijen gelezen"))
    rows_imported = models.PositiveIntegerField(_("rijen ingelezen"))
    rows_rejected = models.PositiveIntegerField(_("rijen afgewezen"), default=0)
    new_people = models.PositiveIntegerField(_("nieuwe kinderen"), default=0)
    known_people = models.PositiveIntegerField(_("bekende kinderen"), default=0)
    imported_at = models.DateTimeField(_("ingelezen op"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingelezen door"),
    )

    class Meta:
        verbose_name = _("import lopende zorg")
        verbose_name_plural = _("imports lopende zorg")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%d-%m-%Y})"


class HandoverStatus(models.TextChoices):
    UNKNOWN = "unknown", _("onbekend")
    WARM_HANDOVER = "warm_handover", _("warme overdracht gedaan")
    TRANSITIONAL = "transitional", _("blijft bij oude aanbieder (overgangsrecht)")
    CLOSED = "closed", _("afgesloten")


class ClosedReason(models.TextChoices):
    COMPLETED = "completed", _("hulp was afgerond")
    NO_LONGER_NEEDED = "no_longer_needed", _("geen hulp meer nodig volgens gezin")
    MOVED = "moved", _("verhuisd buiten de regio")
    REFUSED = "refused", _("gezin wil geen hulp meer")
    OTHER = "other", _("anders")


class RunningClient(models.Model):
    """A child in care with an old provider on the switch date, and what happens next.

    The old provider, product and dates are what the file claimed. When the child was
    already known, the file's personal details are kept here (``claimed_*``) and the known
    person is left as it is: outside data is a claim, never a silent change.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    caseload_import = models.ForeignKey(
        CaseloadImport, on_delete=models.PROTECT, related_name="clients"
    )
    row_number = models.PositiveIntegerField(_("rij in het bestand"))
    person = models.ForeignKey(
        "families.Person", on_delete=models.PROTECT, related_name="running_care"
    )
    family = models.ForeignKey(
        "families.Family", on_delete=models.PROTECT, related_name="running_care"
    )
    was_known = models.BooleanField(_("kind was al bekend"), default=False)
    claimed_given_names = models.CharField(_("voornamen volgens bestand"), max_length=100)
    claimed_family_name = models.CharField(_("achternaam volgens bestand"), max_length=150)
    claimed_date_of_birth = models.DateField(_("geboortedatum volgens bestand"))
    claimed_postcode = models.CharField(_("postcode volgens bestand"), max_length=7)
    claimed_house_number = models.CharField(_("huisnummer volgens bestand"), max_length=10)
    municipality = models.ForeignKey(
        "region.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        "region.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    provider_agb = models.CharField(_("AGB-code oude aanbieder"), max_length=8)
    provider_name = models.CharField(_("naam oude aanbieder"), max_length=200)
    productcode = models.CharField(_("productcode"), max_length=10)
    product_description = models.CharField(_("productomschrijving"), max_length=200)
    new_organisation = models.ForeignKey(
        "region.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    help_form = models.ForeignKey("region.HelpForm", on_delete=models.PROTECT, related_name="+")
    care_start = models.DateField(_("ingangsdatum"))
    care_end = models.DateField(_("einddatum"), null=True, blank=True)
    decision_number = models.CharField(_("beschikkingnummer"), max_length=40)
    status = models.CharField(
        _("overdrachtsstatus"),
        max_length=20,
        choices=HandoverStatus.choices,
        default=HandoverStatus.UNKNOWN,
    )
    new_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nieuwe regiehouder"),
    )
    handover_on = models.DateField(_("overgedragen op"), null=True, blank=True)
    transitional_until = models.DateField(_("overgangsrecht tot en met"), null=True, blank=True)
    closed_reason = models.CharField(
        _("reden van afsluiten"), max_length=20, choices=ClosedReason.choices, blank=True
    )
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status_changed_at = models.DateTimeField(_("status gewijzigd"), null=True, blank=True)

    class Meta:
        verbose_name = _("lopende cliënt")
        verbose_name_plural = _("lopende cliënten")
        ordering = ["claimed_family_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(care_end__isnull=True) | Q(care_end__gte=models.F("care_start")),
                name="running_client_period_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status="warm_handover")
                | Q(new_coordinator__isnull=False, handover_on__isnull=False),
                name="running_client_handover_complete",
            ),
            models.CheckConstraint(
                condition=~Q(status="transitional") | Q(transitional_until__isnull=False),
                name="running_client_transitional_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | (~Q(closed_reason="") & Q(closed_on__isnull=False)),
                name="running_client_closed_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["team", "status"]),
            models.Index(fields=["municipality", "status"]),
        ]

    def __str__(self) -> str:
        return (
            f"{self.claimed_given_names} {self.claimed_family_name} ({self.get_status_display()})"
        )


# The letters' models live in their own module; Django finds them through this one.
from .letter_models import FamilyLetter, LetterBatch, LetterTemplate  # noqa: E402, F401
