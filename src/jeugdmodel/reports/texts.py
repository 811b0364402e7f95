"""The fixed texts of the report, shared by the PDF and the ODT so both say the same.
Functions, not constants: gettext runs when the report is built (in Dutch)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jeugdmodel.steering.figures import BY_KEY

from .content import ReportContent, SectionBlock


def aggregates_note() -> str:
    return _(
        "Alleen geaggregeerde cijfers; elk aantal is een klein beetje veranderd (hoogstens 2 "
        "ernaast) zodat kleine aantallen beschermd zijn."
    )


def section_titles() -> dict[str, str]:
    return {
        "figures": _("1. Belangrijkste cijfers"),
        "trend": _("2. Ontwikkeling over acht kwartalen"),
        "explanation": _("3. Toelichting: de grootste veranderingen"),
        "definitions": _("4. Definities"),
        "cbs": _("5. Onze eigen cijfers in CBS-definities (geen StatLine-cijfers)"),
        "published": _("Gepubliceerde cijfers naast de onze"),
    }


def live_note(content: ReportContent) -> str:
    return _(
        "Stand op %(date)s: dit cijfer beschrijft de situatie van vandaag en is daarom "
        "niet per kwartaal te vergelijken."
    ) % {"date": content.made_on_text}


def legend_text() -> str:
    return _(
        "Elk aantal is een klein beetje veranderd, meestal 1 ernaast en nooit meer dan 2; "
        "dezelfde kinderen geven overal hetzelfde getal, ook op het dashboard. 1 en 2 staan er "
        "nooit, 0 blijft 0. —: geen gegevens. te weinig: te weinig kinderen voor een "
        "percentage, bedrag, mediaan of percentiel."
    )


def trend_texts(content: ReportContent) -> dict[str, str]:
    first, last = content.trend[0].period.label, content.trend[-1].period.label
    children = str(BY_KEY["children_in_care"].label)
    share = str(BY_KEY["share_basis"].label)
    return {
        "intro": _(
            "Het aantal kinderen in zorg en het aandeel dat alleen basiszorg kreeg, van "
            "%(first)s tot en met %(last)s. Afgeschermde kwartalen ontbreken in de grafiek; "
            "de tabel eronder geeft elk kwartaal."
        )
        % {"first": first, "last": last},
        "children": children,
        "share": share,
        "children_chart": _("Kinderen in zorg per kwartaal"),
        "share_chart": _("Aandeel basis per kwartaal (stippellijn: doel 80%)"),
        "children_alt": _(
            "Staafgrafiek: kinderen in zorg per kwartaal. De cijfers staan in de tabel hieronder."
        ),
        "share_alt": _(
            "Lijngrafiek: aandeel basis per kwartaal, met het doel van 80%. De cijfers staan "
            "in de tabel hieronder."
        ),
        "table": _("Tabel bij de grafieken"),
    }


def cbs_intro() -> str:
    return _(
        "Het CBS telt jeugdhulp anders dan Jeugdmodel (bijvoorbeeld jongeren tot en met 22 "
        "jaar, en samengevoegde trajecten). Deze tabel zet de CBS-variant naast het eigen "
        "cijfer, zodat verschillen met StatLine te verklaren zijn."
    )


def published_intro(content: ReportContent) -> str:
    """Says what the published figures are, and that they are not ours (0098)."""
    return _(
        "Gepubliceerde cijfers van het CBS, of van een gemeente of nieuwsbericht dat het CBS "
        "aanhaalt, staan hieronder apart. Ze zijn niet door Jeugdmodel geteld en tellen niet "
        "mee in onze cijfers. Ze gelden voor hun eigen jaar, leeftijdsgroep en eenheid; ons "
        "cijfer ernaast is het CBS-cijfer van Jeugdmodel voor %(period)s. Een verschil kan "
        "uit de definitie komen."
    ) % {"period": content.period.label}


def published_rows(content: ReportContent) -> list[list[str]]:
    """Published figure, its value, ours, year and source number (see published_sources)."""
    rows = [
        [
            _("Gepubliceerd cijfer"),
            _("Gepubliceerde waarde"),
            _("Ons cijfer (%(period)s)") % {"period": content.period.label},
            _("Jaar"),
            _("Bron"),
        ]
    ]
    for number, line in enumerate(content.published, start=1):
        label = "CBS" if line.is_cbs else _("gepubliceerd")
        rows.append(
            [
                f"{line.municipality}: {line.measure}, {line.age_group}",
                f"{label}: {line.published}",
                line.ours.display,
                line.year,
                f"[{number}] {line.source_site}",
            ]
        )
    return rows


def published_sources(content: ReportContent) -> list[str]:
    """One line per published figure: its source address and the caveat of the source."""
    out = []
    for number, line in enumerate(content.published, start=1):
        caveats = "; ".join(c for c in (line.unit_note, line.note) if c)
        text = f"[{number}] {line.source}"
        if caveats:
            text += " " + _("Let op (uit de bron): %(caveat)s") % {"caveat": caveats}
        out.append(text)
    return out


def definitions_intro() -> str:
    return _("Zo is elk cijfer in deze rapportage geteld.") + " " + legend_text()


def comparison_note(content: ReportContent) -> str:
    return _(
        "Vergeleken worden dit kwartaal, het vorige kwartaal (%(previous)s) en hetzelfde "
        "kwartaal een jaar eerder (%(last_year)s)."
    ) % {"previous": content.previous.label, "last_year": content.last_year.label}


def made_on(content: ReportContent) -> str:
    return _("Gemaakt op %(date)s") % {"date": content.made_on_text}


def has_live(content: ReportContent) -> bool:
    return any(line.live for block in content.sections for line in block.lines)


def section_rows(content: ReportContent, block: SectionBlock) -> list[list[str]]:
    """The rows of one section of the main table, header first. A live figure (a state
    of today) is shown once, marked with *, and not compared."""
    rows = [[_("Cijfer"), content.period.label, content.previous.label, content.last_year.label]]
    na = _("n.v.t.")
    for line in block.lines:
        if line.live:
            rows.append([line.label + " *", line.now.display, na, na])
        else:
            rows.append(
                [line.label, line.now.display, line.previous.display, line.last_year.display]
            )
    return rows


def trend_rows(content: ReportContent) -> list[list[str]]:
    texts = trend_texts(content)
    rows = [[_("Kwartaal"), texts["children"], texts["share"]]]
    for point in content.trend:
        rows.append(
            [
                point.period.label,
                point.values["children_in_care"].display,
                point.values["share_basis"].display,
            ]
        )
    return rows


def cbs_rows(content: ReportContent) -> list[list[str]]:
    rows = [[_("Cijfer"), _("Definitie"), content.period.label, _("Vergelijk met")]]
    for line in content.cbs:
        rows.append([str(line.figure.label), line.variant, line.value.display, line.counterpart])
    return rows
