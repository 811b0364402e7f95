"""Published youth figures (CBS, and sources citing CBS) next to our own figure in CBS
definition: the dashboard's CBS section and the council report show them, clearly apart
from our figures (docs/decisions/0098). They are region reference data, loaded with
``published_figures_load``; nothing here is computed from them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jeugdmodel.region.models import Municipality, PublishedFigure
from jeugdmodel.region.published import published_value_display, unit_qualifier

from .figures import BY_KEY, Figure
from .periods import Period
from .selectors import Filters, Reads, Scope, Value, figure_table

#: Our figure in CBS definition that each published measure is set next to.
COMPARED_WITH = "cbs_youths_in_care"

#: The measures of the file shown next to our figure, with their Dutch names. Other
#: measures (population, households, national totals) are kept as reference data only.
MEASURES: dict[str, str | Promise] = {
    "share of youths with jeugdhulp": _("Aandeel jongeren met jeugdhulp"),
    "share of youths with jeugdzorg": _("Aandeel jongeren met jeugdzorg"),
    "youths with jeugdzorg (jeugdhulp+JB+JR)": _(
        "Jongeren met jeugdzorg (jeugdhulp, jeugdbescherming en jeugdreclassering)"
    ),
    "youths with jeugdzorg": _("Jongeren met jeugdzorg"),
    "boys with jeugdzorg": _("Jongens met jeugdzorg"),
    "children with a Jeugdwet beschikking during (part of) the year": _(
        "Kinderen met een beschikking Jeugdwet in (een deel van) het jaar"
    ),
}


_AGES = re.compile(r"^(\d{1,2})-(\d{1,2})$")


def age_group_display(age_group: str) -> str:
    """The file's age group in Dutch: "0-22" → "0–22 jaar"."""
    match = _AGES.match(age_group)
    if match:
        return str(_("%(low)s–%(high)s jaar") % {"low": match[1], "high": match[2]})
    names: dict[str, str | Promise] = {
        "youths (CBS definition)": _("jongeren (CBS-definitie)"),
        "all": _("alle leeftijden"),
    }
    return str(names.get(age_group, age_group))


@dataclass(frozen=True)
class PublishedLine:
    municipality: str
    year: str
    measure: str
    age_group: str
    published: str  # the value in Dutch with its unit: "ongeveer 5%"
    #: What the source says about the unit ("lower bound: 'ruim veertienhonderd'").
    unit_note: str
    note: str  # the caveat of the file, as written there (English)
    source: str
    source_site: str  # "schiedam24.nl"
    ours: Value  # our figure in CBS definition, same municipality, the chosen period
    compared_with: Figure

    @property
    def is_cbs(self) -> bool:
        """Published by CBS itself (its own site), not a news item or municipality."""
        return self.source_site in {"cbs.nl", "longreads.cbs.nl"}


def published_lines(
    scope: Scope, filters: Filters, period: Period, *, reads: Reads | None = None
) -> list[PublishedLine]:
    """Every published figure of a municipality the page shows whose measure we can set
    our own figure next to, newest year first per municipality."""
    municipalities = [m for m in scope.municipalities if m > 0]
    if filters.municipality is not None:
        municipalities = [m for m in municipalities if m == filters.municipality]
    shown = Municipality.objects.filter(id__in=municipalities)
    # One query when nothing is published for these municipalities (the usual case).
    figures = list(
        PublishedFigure.objects.filter(
            municipality_code__in=shown.values("code"), measure__in=list(MEASURES)
        ).order_by("municipality_name", "-year", "measure", "age_group")
    )
    if not figures:
        return []
    codes = dict(shown.values_list("code", "id"))
    # Our figure for the whole municipality (published figures have no district, team,
    # age or sex cut).
    table = figure_table(
        scope,
        Filters(municipality=filters.municipality),
        period,
        figures=[COMPARED_WITH],
        by="municipality",
        table_id="gepubliceerd",
        reads=reads,
    )
    ours = {row.key: row.values[COMPARED_WITH] for row in table.rows if not row.is_total}
    compared_with = BY_KEY[COMPARED_WITH]
    lines = []
    for f in figures:
        value = ours.get(str(codes[f.municipality_code]))
        if value is None:
            continue
        site = (urlsplit(f.source).hostname or "").removeprefix("www.")
        lines.append(
            PublishedLine(
                municipality=f.municipality_name,
                year=f.year,
                measure=str(MEASURES[f.measure]),
                age_group=age_group_display(f.age_group),
                published=published_value_display(f.value, f.approximate, f.unit),
                unit_note=unit_qualifier(f.unit),
                note=f.note,
                source=f.source,
                source_site=site,
                ours=value,
                compared_with=compared_with,
            )
        )
    return lines
