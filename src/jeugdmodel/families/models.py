"""Families (households) and the people in them: the unit of a case.

BSN is stored as the standard writes it (9 digits) and validated with the elfproef."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from stdnum.nl import bsn as stdnum_bsn

from jeugdmodel.core.text import normalise_digits, normalise_identifier, normalise_text
from jeugdmodel.region.models import PC4


def validate_bsn(value: str) -> None:
    # ASCII digits only: stdnum accepts fullwidth digits, and a BSN stored in them would
    # be a second person with the same number.
    if value and not (value.isascii() and stdnum_bsn.is_valid(value)):
        raise ValidationError(
            _("Dit is geen geldig BSN: het moet 9 cijfers zijn en de elfproef halen."),
            code="invalid_bsn",
        )


class Family(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("naam"), max_length=200)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    class Meta:
        verbose_name = _("gezin")
        verbose_name_plural = _("gezinnen")

    def __str__(self) -> str:
        return self.name


class Sex(models.TextChoices):
    FEMALE = "v", _("vrouw")
    MALE = "m", _("man")
    OTHER = "x", _("anders / onbekend")


class Person(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bsn = models.CharField(_("BSN"), max_length=9, blank=True, validators=[validate_bsn])
    given_name = models.CharField(_("voornaam"), max_length=100)
    family_name = models.CharField(_("achternaam"), max_length=150)
    date_of_birth = models.DateField(_("geboortedatum"))
    sex = models.CharField(_("geslacht"), max_length=1, choices=Sex.choices, default=Sex.OTHER)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    pc4 = models.CharField(_("postcodegebied"), max_length=4, blank=True, validators=[PC4])
    house_number = models.CharField(_("huisnummer"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        constraints = [
            models.UniqueConstraint(
                fields=["bsn"], condition=~Q(bsn=""), name="person_bsn_unique_when_known"
            ),
        ]
        indexes = [models.Index(fields=["family_name", "date_of_birth", "pc4"])]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Whatever writes a person (a service, the admin, a demo), what is matched on is
        # stored normalised: names as text, BSN as ASCII digits (see core/text.py).
        self.given_name = normalise_text(self.given_name)
        self.family_name = normalise_text(self.family_name)
        if self.bsn:
            self.bsn = normalise_digits(self.bsn) or self.bsn
        self.postcode = normalise_identifier(self.postcode)
        self.house_number = normalise_identifier(self.house_number)
        super().save(*args, **kwargs)

    def age_on(self, day: date) -> int:
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class Relation(models.TextChoices):
    CHILD = "child", _("kind")
    PARENT = "parent", _("ouder")
    CARER = "carer", _("verzorger")
    OTHER = "other", _("ander gezinslid")


class FamilyMember(models.Model):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    relation = models.CharField(_("relatie"), max_length=10, choices=Relation.choices)
    valid_from = models.DateField(_("vanaf"), default=date.today)
    valid_to = models.DateField(_("tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("gezinslid")
        verbose_name_plural = _("gezinsleden")
        constraints = [
            models.UniqueConstraint(fields=["family", "person"], name="family_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relation_display()})"


class Residence(models.Model):
    """Where a person lived from `valid_from` to `valid_to` (inclusive; open while current).

    The figures count a child in the municipality and district they lived in at the time
    (woonplaatsbeginsel), so an address change never rewrites the past. The municipality
    and district are resolved from the postcode area when the row is written and kept, so
    a later region-file change does not move history; both are empty for an address
    outside every loaded region."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="residences")
    pc4 = models.CharField(_("postcodegebied"), max_length=4, validators=[PC4])
    municipality = models.ForeignKey(
        "region.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    district = models.ForeignKey(
        "region.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    valid_from = models.DateField(_("vanaf"))
    valid_to = models.DateField(_("tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("woonadres")
        verbose_name_plural = _("woonadressen")
        ordering = ["person", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="residence_period_ordered",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(valid_to__isnull=True),
                name="residence_one_current",
            ),
        ]
        indexes = [models.Index(fields=["person", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.pc4} {self.valid_from:%d-%m-%Y}"
