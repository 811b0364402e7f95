"""Reads of the region app: routing look-ups, lists and the export of a region file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from jeugdmodel.core.errors import DomainError, NotFoundOrNotAllowed

from .models import (
    CareLevel,
    District,
    HelpForm,
    IjwProduct,
    Municipality,
    Organisation,
    OutsideRegionArea,
    PostcodeArea,
    Region,
    RegionSwitch,
    Team,
)
from .regionfile import (
    DistrictEntry,
    HelpFormEntry,
    IjwProductEntry,
    MunicipalityEntry,
    OrganisationEntry,
    OutsideRegionEntry,
    PostcodeEntry,
    RegionFile,
    RegionInfo,
    TeamCoverage,
    TeamEntry,
    TransitionalProduct,
    TransitionEntry,
    region_file_to_data,
)


def postcode_area_on(pc4: str, day: date) -> PostcodeArea | None:
    """The postcode area with this 4-digit code on ``day``, or None outside every region."""
    return (
        PostcodeArea.objects.filter(pc4=pc4, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("municipality__region", "district")
        .order_by("-valid_from")
        .first()
    )


def postcode_area_for_residence(pc4: str, day: date) -> PostcodeArea | None:
    """The postcode area an address from ``day`` on belongs to: the one valid that day,
    else (an address from before the region file's first version) the first version
    after it. None outside every region."""
    area = postcode_area_on(pc4, day)
    if area is not None:
        return area
    return (
        PostcodeArea.objects.filter(pc4=pc4, valid_from__gt=day)
        .select_related("municipality__region", "district")
        .order_by("valid_from")
        .first()
    )


def outside_region_lookup(pc4: str) -> OutsideRegionArea | None:
    """The known neighbour for an address in ``pc4`` just outside a region, or None.

    From the region files' ``outside_region`` sections (any region). The front door uses it
    to name the municipality an address belongs to, or to forward it when ``forward`` is
    set. Entries that name only a municipality have no pc4 and are never found here. Call
    it for a pc4 that ``postcode_area_on`` does not find.
    """
    if not pc4:
        return None
    return (
        OutsideRegionArea.objects.filter(pc4=pc4)
        .select_related("region")
        .order_by("region__code", "municipality_code")
        .first()
    )


def teams_covering_postcode(pc4: str, day: date, *, kind: str | None = None) -> QuerySet[Team]:
    """Teams serving an address in ``pc4`` on ``day``.

    A team serves it when it covers the postcode area, its district, or the whole region
    the area lies in. A team bound to a municipality only serves areas in that
    municipality on that day (a postcode area can move between municipalities).
    """
    area = postcode_area_on(pc4, day)
    if area is None:
        return Team.objects.none()
    reach = Q(postcodes__pc4=pc4) | Q(covers_whole_region=True)
    if area.district_id is not None:
        reach |= Q(districts=area.district_id)
    teams = (
        Team.objects.filter(region_id=area.municipality.region_id)
        .filter(reach)
        .filter(Q(municipality__isnull=True) | Q(municipality_id=area.municipality_id))
    )
    if kind is not None:
        teams = teams.filter(kind=kind)
    ids = teams.values("pk")
    return Team.objects.filter(pk__in=ids).select_related("municipality", "organisation")


def municipalities_list() -> QuerySet[Municipality]:
    return Municipality.objects.select_related("region").order_by("name")


def teams_list(kind: str | None = None) -> QuerySet[Team]:
    teams = Team.objects.select_related("region", "municipality", "organisation").order_by("name")
    return teams.filter(kind=kind) if kind is not None else teams


def region_export_data(*, region_code: str | None = None) -> dict[str, Any]:
    """The region in the database as region-file data (the inverse of ``region_load``).

    Without ``region_code`` the database must hold exactly one region.
    """
    return region_file_to_data(region_file_from_database(region_code=region_code))


def region_file_from_database(*, region_code: str | None = None) -> RegionFile:
    region = _region_to_export(region_code)
    return RegionFile(
        region=RegionInfo(
            code=region.code,
            name=region.name,
            description=region.description,
            crisis_response_hours=region.crisis_response_hours,
            crisis_phone=region.crisis_phone,
            synthetic=region.synthetic,
            source=region.source,
        ),
        municipalities=tuple(
            MunicipalityEntry(code=m.code, name=m.name, synthetic=m.synthetic, source=m.source)
            for m in Municipality.objects.filter(region=region).order_by("code")
        ),
        districts=tuple(_district_entries(region)),
        postcodes=tuple(_postcode_entries(region)),
        organisations=tuple(_organisation_entries(region)),
        teams=tuple(_team_entries(region)),
        outside_region=tuple(_outside_region_entries(region)),
        help_forms=tuple(_help_form_entries(region)),
        ijw_products=tuple(
            IjwProductEntry(
                help_form=p.help_form.code,
                category=p.category,
                code=p.code,
                variant=p.variant,
                synthetic=p.synthetic,
                source=p.source,
            )
            for p in IjwProduct.objects.filter(region=region)
            .select_related("help_form")
            .order_by("help_form__code")
        ),
        transition=_transition_entry(region),
    )


def _region_to_export(region_code: str | None) -> Region:
    if region_code is not None:
        region = Region.objects.filter(code=region_code).first()
        if region is None:
            raise DomainError(_("Er is geen regio met code '%(code)s'.") % {"code": region_code})
        return region
    regions = list(Region.objects.order_by("code")[:2])
    if not regions:
        raise DomainError(_("Er is nog geen regio geladen."))
    if len(regions) > 1:
        raise DomainError(_("Er zijn meerdere regio's; kies er een met zijn code."))
    return regions[0]


def _district_entries(region: Region) -> list[DistrictEntry]:
    rows = District.objects.filter(municipality__region=region).select_related("municipality")
    return [
        DistrictEntry(
            code=d.code,
            name=d.name,
            municipality=d.municipality.code,
            inhabitants=d.inhabitants,
            synthetic=d.synthetic,
            source=d.source,
        )
        for d in rows.order_by("code")
    ]


def _postcode_entries(region: Region) -> list[PostcodeEntry]:
    rows = PostcodeArea.objects.filter(municipality__region=region).select_related(
        "municipality", "district"
    )
    return [
        PostcodeEntry(
            pc4=p.pc4,
            municipality=p.municipality.code,
            district=p.district.code if p.district else None,
            valid_from=p.valid_from,
            valid_to=p.valid_to,
            residential=p.residential,
            synthetic=p.synthetic,
            source=p.source,
        )
        for p in rows.order_by("pc4", "valid_from")
    ]


def _organisation_entries(region: Region) -> list[OrganisationEntry]:
    rows = Organisation.objects.filter(region=region).select_related("parent", "municipality")
    return [
        OrganisationEntry(
            code=o.code,
            name=o.name,
            kind=o.kind,
            parent=o.parent.code if o.parent else None,
            agb_code=o.agb_code,
            brin_code=o.brin_code,
            municipality=o.municipality.code if o.municipality else None,
            synthetic=o.synthetic,
            source=o.source,
        )
        for o in rows.order_by("code")
    ]


def _team_entries(region: Region) -> list[TeamEntry]:
    rows = (
        Team.objects.filter(region=region)
        .select_related("organisation", "municipality")
        .prefetch_related("districts", "postcodes", "gp_practices", "schools")
    )
    return [
        TeamEntry(
            code=t.code,
            name=t.name,
            kind=t.kind,
            organisation=t.organisation.code if t.organisation else None,
            municipality=t.municipality.code if t.municipality else None,
            covers=TeamCoverage(
                districts=tuple(sorted(d.code for d in t.districts.all())),
                postcodes=tuple(sorted(p.pc4 for p in t.postcodes.all())),
                gp_practices=tuple(sorted(o.code for o in t.gp_practices.all())),
                schools=tuple(sorted(o.code for o in t.schools.all())),
                whole_region=t.covers_whole_region,
            ),
            callback_working_days=t.callback_working_days,
            phone=t.phone,
            synthetic=t.synthetic,
            source=t.source,
        )
        for t in rows.order_by("code")
    ]


def _outside_region_entries(region: Region) -> list[OutsideRegionEntry]:
    return [
        OutsideRegionEntry(
            pc4=o.pc4 or None,
            municipality_code=o.municipality_code,
            municipality_name=o.municipality_name,
            forward=o.forward,
            forward_to=o.forward_to,
            synthetic=o.synthetic,
            source=o.source,
        )
        for o in OutsideRegionArea.objects.filter(region=region).order_by(
            "municipality_code", "pc4"
        )
    ]


def _transition_entry(region: Region) -> TransitionEntry | None:
    switch = RegionSwitch.objects.filter(region=region).first()
    if switch is None:
        return None
    return TransitionEntry(
        switch_date=switch.switch_date,
        transitional_right_months=switch.transitional_right_months,
        products=tuple(
            TransitionalProduct(productcode=code, until=date.fromisoformat(until))
            for code, until in sorted(switch.products.items())
        ),
        synthetic=switch.synthetic,
        source=switch.source,
    )


def region_switch(*, region_id: int | None = None) -> RegionSwitch | None:
    """The switch of a region (or of the only region that has one), or None."""
    rows = RegionSwitch.objects.select_related("region")
    if region_id is not None:
        rows = rows.filter(region_id=region_id)
    return rows.order_by("region__code").first()


def _help_form_entries(region: Region) -> list[HelpFormEntry]:
    """The region's own active help forms (the national base list is not in a region file;
    a retired one stays in the database for history only)."""
    return [
        HelpFormEntry(
            code=h.code,
            name=h.name,
            level=h.level,
            with_stay=h.with_stay,
            synthetic=h.synthetic,
            source=h.source,
        )
        for h in HelpForm.objects.filter(region=region, active=True).order_by("code")
    ]


def ijw_product_for(*, region_id: int | None, help_form_id: int) -> IjwProduct | None:
    """The iJw product and variant of a help form in a region (None: not in the file)."""
    if region_id is None:
        return None
    return IjwProduct.objects.filter(region_id=region_id, help_form_id=help_form_id).first()


def help_forms_for_region(
    *, region_id: int | None, level: CareLevel | str | None = None
) -> QuerySet[HelpForm]:
    """The help forms a trajectory in ``region_id`` may use: the active national base list
    and the region's own active ones, basis first, by name."""
    forms = HelpForm.objects.filter(Q(region__isnull=True) | Q(region_id=region_id), active=True)
    if level:
        forms = forms.filter(level=level)
    return forms.order_by("level", "name")


# --- Pages: the region overview and team detail (reference data, no personal data) ---


def regions_list() -> QuerySet[Region]:
    return Region.objects.order_by("name")


def municipalities_overview() -> QuerySet[Municipality]:
    """Municipalities with their number of districts and postcode areas (one query)."""
    return Municipality.objects.annotate(
        district_count=Count("districts", distinct=True),
        postcode_count=Count("postcode_areas__pc4", distinct=True),
    ).order_by("name")


def teams_overview() -> QuerySet[Team]:
    """Teams with everything the coverage column shows, in a fixed number of queries."""
    return (
        Team.objects.select_related("municipality", "organisation")
        .prefetch_related("districts", "postcodes", "gp_practices", "schools")
        .order_by("kind", "name")
    )


def team_get(*, public_id: UUID | str) -> Team:
    team = teams_overview().filter(public_id=public_id).first()
    if team is None:
        raise NotFoundOrNotAllowed()
    return team


@dataclass(frozen=True)
class RegionSummary:
    regions: int
    municipalities: int
    districts: int
    postcode_areas: int
    teams: int
    organisations: int


def region_summary() -> RegionSummary:
    return RegionSummary(
        regions=Region.objects.count(),
        municipalities=Municipality.objects.count(),
        districts=District.objects.count(),
        postcode_areas=PostcodeArea.objects.count(),
        teams=Team.objects.count(),
        organisations=Organisation.objects.count(),
    )


def municipality_summary(*, municipality_id: int) -> Municipality:
    """A municipality with its districts and teams, for a municipality user's home page."""
    municipality = (
        municipalities_overview()
        .prefetch_related("districts", "teams")
        .filter(pk=municipality_id)
        .first()
    )
    if municipality is None:
        raise NotFoundOrNotAllowed()
    return municipality
