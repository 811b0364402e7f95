"""Reads for the history import: the region's codes and postcode areas in memory, so that
checking and writing a line needs no query of its own."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from jeugdmodel.region.models import HelpForm, Organisation, PostcodeArea, Region, Team, TeamKind

from .models import HistoryImport

_OPEN_END = date.max.toordinal()


@dataclass(frozen=True)
class Area:
    """A postcode area for a period (ordinals of its first and last day)."""

    start: int
    end: int
    municipality_id: int
    district_id: int | None
    residential: bool
    region_id: int


@dataclass(frozen=True)
class HelpFormInfo:
    pk: int
    level: str
    with_stay: bool


@dataclass
class RegionIndex:
    """The codes of one region (teams, organisations, help forms) and every loaded postcode
    area, for look-ups by code and by postcode area on a day."""

    region_id: int
    code: str
    teams: dict[str, tuple[int, str]] = field(default_factory=dict)  # code → (pk, kind)
    organisations: dict[str, int] = field(default_factory=dict)
    help_forms: dict[str, HelpFormInfo] = field(default_factory=dict)
    flex_team_id: int | None = None
    areas: dict[str, list[Area]] = field(default_factory=dict)  # newest first

    def area_on(self, pc4: str, day: int) -> Area | None:
        """The area with this code on `day` (an ordinal), as `postcode_area_on` finds it:
        in any loaded region, the one that began last."""
        for area in self.areas.get(pc4, ()):
            if area.start <= day <= area.end:
                return area
        return None

    def area_in(self, pc4: str, start: int, end: int | None = None) -> Area | None:
        """The area of an address lived in from `start` to `end` (ordinals; None: open):
        the area on `start`, else the first one that begins within the period. An address
        older than the region file's postcode areas (MVS: from 2023) so gets the area it
        lies in once the region knows it, instead of none at all."""
        found = self.area_on(pc4, start)
        if found is not None:
            return found
        later = [
            a
            for a in self.areas.get(pc4, ())
            if start < a.start and (end is None or a.start <= end)
        ]
        return min(later, key=lambda a: a.start) if later else None


def region_index_load(code: str) -> RegionIndex | None:
    """The index of the region with this code, or None when it is not loaded."""
    region = Region.objects.filter(code=code).first()
    if region is None:
        return None
    index = RegionIndex(region_id=region.pk, code=region.code)
    for pk, team_code, kind in (
        Team.objects.filter(region=region).order_by("code").values_list("pk", "code", "kind")
    ):
        index.teams[team_code] = (pk, kind)
        if kind == TeamKind.FLEX_NETWERK and index.flex_team_id is None:
            index.flex_team_id = pk
    index.organisations = dict(Organisation.objects.filter(region=region).values_list("code", "pk"))
    # The national list first, so that a region's own form with the same code wins. A
    # retired form (active false) stays usable here: it is history.
    for forms in (
        HelpForm.objects.filter(region__isnull=True),
        HelpForm.objects.filter(region=region),
    ):
        for pk, form_code, level, with_stay in forms.order_by("code").values_list(
            "pk", "code", "level", "with_stay"
        ):
            index.help_forms[form_code] = HelpFormInfo(pk=pk, level=level, with_stay=with_stay)
    rows = PostcodeArea.objects.order_by("pc4", "-valid_from").values_list(
        "pc4",
        "valid_from",
        "valid_to",
        "municipality_id",
        "district_id",
        "residential",
        "municipality__region_id",
    )
    for pc4, start, end, municipality, district, residential, region_id in rows:
        index.areas.setdefault(pc4, []).append(
            Area(
                start=start.toordinal(),
                end=end.toordinal() if end else _OPEN_END,
                municipality_id=municipality,
                district_id=district,
                residential=residential,
                region_id=region_id,
            )
        )
    return index


def history_import_find(*, fingerprint: str) -> HistoryImport | None:
    return HistoryImport.objects.filter(fingerprint=fingerprint).first()
