"""The region as data: municipalities, districts, postcode areas, teams and organisations.

Everything here is loaded from a region file (see docs/region-file.md); no region fact
lives in code. Natural keys (codes) make loading idempotent; public ids are UUIDs.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

GM_CODE = RegexValidator(r"^GM\d{4}$", _("Een gemeentecode is GM gevolgd door 4 cijfers."))
WK_CODE = RegexValidator(r"^WK\d{6}$", _("Een wijkcode is WK gevolgd door 6 cijfers."))
PC4 = RegexValidator(r"^[1-9]\d{3}$", _("Een postcodegebied is 4 cijfers, niet beginnend met 0."))
AGB_CODE = RegexValidator(r"^\d{8}$", _("Een AGB-code is 8 cijfers."))
BRIN_CODE = RegexValidator(
    r"^\d{2}[A-Z]{2}(\d{2})?$", _("Een BRIN-code is 2 cijfers en 2 letters.")
)
SLUG = RegexValidator(
    r"^[a-z0-9][a-z0-9_-]*$", _("Een code bestaat uit kleine letters, cijfers, - en _.")
)


class Provenance(models.Model):
    """Where a fact comes from: `synthetic` marks invented data so nobody takes it for fact."""

    synthetic = models.BooleanField(_("synthetisch"), default=False)
    source = models.CharField(_("bron"), max_length=500, blank=True)

    class Meta:
        abstract = True


class Region(Provenance):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("code"), max_length=40, unique=True, validators=[SLUG])
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    crisis_response_hours = models.PositiveSmallIntegerField(
        _("termijn crisis en veiligheid (uren)"), null=True, blank=True
    )
    crisis_phone = models.CharField(_("crisisnummer"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Municipality(Provenance):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")
    code = models.CharField(_("CBS-gemeentecode"), max_length=6, unique=True, validators=[GM_CODE])
    name = models.CharField(_("naam"), max_length=200)

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class District(Provenance):
    """A CBS wijk."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="districts"
    )
    code = models.CharField(_("CBS-wijkcode"), max_length=8, unique=True, validators=[WK_CODE])
    name = models.CharField(_("naam"), max_length=200)
    inhabitants = models.PositiveIntegerField(_("inwoners"), null=True, blank=True)

    class Meta:
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PostcodeArea(Provenance):
    """A 4-digit postcode area in one municipality for a period (validity dates)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pc4 = models.CharField(_("postcodegebied"), max_length=4, validators=[PC4])
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="postcode_areas"
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="postcode_areas", null=True, blank=True
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True)
    residential = models.BooleanField(_("met woonadressen"), default=True)

    class Meta:
        verbose_name = _("postcodegebied")
        verbose_name_plural = _("postcodegebieden")
        ordering = ["pc4", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["pc4", "valid_from"], name="postcode_unique_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="postcode_valid_period",
            ),
        ]
        indexes = [models.Index(fields=["pc4", "valid_from", "valid_to"])]

    def __str__(self) -> str:
        return self.pc4

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class OrganisationKind(models.TextChoices):
    CONTRACTED_PARTY = "contracted_party", _("opdrachtnemer (consortium)")
    MEMBER = "member", _("lid van het consortium")
    SUBCONTRACTOR = "subcontractor", _("onderaannemer")
    SCHOOL = "school", _("school")
    GP_PRACTICE = "gp_practice", _("huisartsenpraktijk")
    WELFARE = "welfare", _("welzijnsorganisatie")
    MUNICIPALITY = "municipality", _("gemeente")
    CONTRACT_MANAGEMENT = "contract_management", _("contractmanagement")
    OTHER = "other", _("overig")


class Organisation(Provenance):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="organisations")
    code = models.CharField(_("code"), max_length=60, validators=[SLUG])
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=30, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("hoort bij"),
    )
    agb_code = models.CharField(_("AGB-code"), max_length=8, blank=True, validators=[AGB_CODE])
    brin_code = models.CharField(_("BRIN-code"), max_length=6, blank=True, validators=[BRIN_CODE])
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("gemeente (vestiging)"),
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="organisation_code_per_region"),
        ]

    def __str__(self) -> str:
        return self.name


class TeamKind(models.TextChoices):
    WIJKTEAM = "wijkteam", _("wijkteam")
    POH_JEUGD = "poh_jeugd", _("POH-jeugd")
    ONDERWIJS = "onderwijs", _("gezinsspecialisten onderwijs")
    FLEX_NETWERK = "flex_netwerk", _("flexibel netwerk")
    SPECIALISTISCH = "specialistisch", _("specialistische jeugdhulp")


class Team(Provenance):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="teams")
    code = models.CharField(_("code"), max_length=60, validators=[SLUG])
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=TeamKind.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="teams"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="teams"
    )
    covers_whole_region = models.BooleanField(_("werkt voor de hele regio"), default=False)
    districts = models.ManyToManyField(District, blank=True, related_name="teams")
    gp_practices = models.ManyToManyField(
        Organisation, blank=True, related_name="poh_teams", verbose_name=_("huisartsenpraktijken")
    )
    schools = models.ManyToManyField(
        Organisation, blank=True, related_name="school_teams", verbose_name=_("scholen")
    )
    callback_working_days = models.PositiveSmallIntegerField(
        _("terugbelbelofte (werkdagen)"), null=True, blank=True
    )
    phone = models.CharField(_("telefoon"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="team_code_per_region"),
        ]

    def __str__(self) -> str:
        return self.name


class TeamPostcode(models.Model):
    """A postcode area a team covers (by 4-digit code; validity lives on PostcodeArea)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="postcodes")
    pc4 = models.CharField(_("postcodegebied"), max_length=4, validators=[PC4])

    class Meta:
        verbose_name = _("postcodegebied van team")
        verbose_name_plural = _("postcodegebieden van teams")
        ordering = ["pc4"]
        constraints = [models.UniqueConstraint(fields=["team", "pc4"], name="team_pc4_unique")]

    def __str__(self) -> str:
        return f"{self.team.code}:{self.pc4}"


class OutsideRegionArea(Provenance):
    """A known neighbour just outside a region: a postcode area and/or its municipality.

    From the region file's ``outside_region`` section. The front door uses it to refuse an
    address outside the region with the name of its municipality, or to forward it.
    ``pc4`` is blank when the entry names only a municipality.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="outside_areas")
    pc4 = models.CharField(_("postcodegebied"), max_length=4, blank=True, validators=[PC4])
    municipality_code = models.CharField(_("CBS-gemeentecode"), max_length=6, validators=[GM_CODE])
    municipality_name = models.CharField(_("gemeente"), max_length=200)
    forward = models.BooleanField(_("doorsturen"), default=False)
    forward_to = models.CharField(_("doorsturen naar"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("gebied buiten de regio")
        verbose_name_plural = _("gebieden buiten de regio")
        ordering = ["municipality_code", "pc4"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "pc4", "municipality_code"], name="outside_area_unique"
            ),
            models.CheckConstraint(
                condition=Q(forward=True) | Q(forward_to=""), name="outside_area_forward_to"
            ),
        ]

    def __str__(self) -> str:
        if self.pc4:
            return f"{self.pc4} ({self.municipality_name})"
        return f"{self.municipality_name} ({self.municipality_code})"


class CareLevel(models.TextChoices):
    """The level of help: what the 80/20 figures count (docs/domain.md)."""

    BASIS = "basis", _("basis")
    SPECIALIST = "specialistisch", _("specialistisch")


class HelpForm(Provenance):
    """A form of help (hulpvorm) a trajectory gives: the code list.

    ``region`` empty: the national base list (seeded by a migration). With a region: an
    addition from that region file's ``help_forms`` section, kept in step by
    ``region_load``. ``with_stay`` is the default for a trajectory of this form (CBS: met
    verblijf); ``active`` false means it stays for history but is no longer offered.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="help_forms",
        verbose_name=_("regio"),
        help_text=_("Leeg: de landelijke basislijst."),
    )
    code = models.CharField(_("code"), max_length=60, validators=[SLUG])
    name = models.CharField(_("naam"), max_length=200)
    level = models.CharField(_("niveau"), max_length=20, choices=CareLevel.choices)
    with_stay = models.BooleanField(_("met verblijf"), default=False)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("hulpvorm")
        verbose_name_plural = _("hulpvormen")
        ordering = ["level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="help_form_code_per_region"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(region__isnull=True), name="help_form_code_national"
            ),
            models.CheckConstraint(
                condition=Q(level__in=["basis", "specialistisch"]), name="help_form_level_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class IjwVariant(models.TextChoices):
    """How a product is contracted, which decides the iJw messages (docs/ijw.md)."""

    TASK = "taakgericht", _("taakgericht")
    EFFORT = "inspanningsgericht", _("inspanningsgericht")
    OUTPUT = "outputgericht", _("outputgericht")


class IjwProduct(Provenance):
    """The iJw product of a help form in a region, and its variant (region file
    ``ijw_products``). Taakgericht: start/stop stand alone, keyed on product + start date;
    the other variants assign per client (JW301) and refer to that assignment."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="ijw_products", verbose_name=_("regio")
    )
    help_form = models.ForeignKey(
        HelpForm, on_delete=models.CASCADE, related_name="ijw_products", verbose_name=_("hulpvorm")
    )
    category = models.CharField(
        _("productcategorie"),
        max_length=2,
        validators=[RegexValidator(r"^[0-9]{2}$", _("Twee cijfers, zoals 45."))],
    )
    code = models.CharField(
        _("productcode"),
        max_length=5,
        blank=True,
        validators=[
            RegexValidator(r"^[0-9A-Z]{1,5}$", _("Ten hoogste 5 cijfers of hoofdletters."))
        ],
    )
    variant = models.CharField(_("variant"), max_length=20, choices=IjwVariant.choices)

    class Meta:
        verbose_name = _("iJw-product")
        verbose_name_plural = _("iJw-producten")
        ordering = ["category", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "help_form"], name="ijw_product_per_help_form"
            ),
            models.CheckConstraint(
                condition=Q(variant__in=["taakgericht", "inspanningsgericht", "outputgericht"]),
                name="ijw_product_variant_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}{self.code and ' ' + self.code} ({self.get_variant_display()})"


class RegionSwitch(Provenance):
    """The switch to a new contracted party (the region file's ``transition`` section).

    ``products`` maps an old provider's product code to the last day (ISO date) of the
    transitional right for it; a product not named ends ``transitional_right_months``
    after ``switch_date``. A client's own date, when set, wins over both (transition app).
    """

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="switch")
    switch_date = models.DateField(_("overstapdatum"))
    transitional_right_months = models.PositiveSmallIntegerField(
        _("overgangsrecht (maanden)"), default=6
    )
    products = models.JSONField(_("overgangsrecht per product"), default=dict, blank=True)

    class Meta:
        verbose_name = _("overstap")
        verbose_name_plural = _("overstappen")

    def __str__(self) -> str:
        return f"{self.region.code}: {self.switch_date:%d-%m-%Y}"


class PublishedFigure(models.Model):
    """A youth figure that CBS published, or a news item or municipality citing CBS, as
    reference next to our own figures (docs/decisions/0098). Never mixed into them: it has
    its own year, unit, age group and source. Loaded from a CSV file
    (``published_figures_load``), matched on municipality code, year, measure and age group.
    """

    municipality_code = models.CharField(_("gemeentecode"), max_length=6)  # GMnnnn or NL
    municipality_name = models.CharField(_("gemeente"), max_length=200)
    #: A year ("2022") or a half year ("2023H1"), as published.
    year = models.CharField(_("jaar"), max_length=6)
    measure = models.CharField(_("maat (zoals in het bestand)"), max_length=200)
    #: The value as published ("about 5"); ``value`` is its number, ``approximate`` its "about".
    value_text = models.CharField(_("waarde zoals gepubliceerd"), max_length=40)
    value = models.DecimalField(_("waarde"), max_digits=14, decimal_places=2)
    approximate = models.BooleanField(_("ongeveer"), default=False)
    unit = models.CharField(_("eenheid"), max_length=200)
    age_group = models.CharField(_("leeftijd"), max_length=80)
    note = models.TextField(_("toelichting"), blank=True)
    source = models.URLField(_("bron"), max_length=500)

    class Meta:
        verbose_name = _("gepubliceerd cijfer")
        verbose_name_plural = _("gepubliceerde cijfers")
        ordering = ["municipality_code", "year", "measure", "age_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_code", "year", "measure", "age_group"],
                name="published_figure_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_name} {self.year}: {self.measure} = {self.value_text}"
