"""The continuity figure of the switch (issue point 6), defined once: name and definition
text here, the choices in docs/figures.md ("Continuïteit bij de overstap"). Counted from
the running clients now; shown on the steering dashboard with the same small-number
protection and display as every other figure (``steering.selectors.count_table``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jeugdmodel.steering.figures import Figure, Kind

CONTINUITY_FIGURES: tuple[Figure, ...] = (
    Figure(
        "switch_clients",
        _("Lopende zorg op de overstapdatum"),
        _(
            "Zorg die op de overstapdatum liep bij een oude aanbieder, volgens de ingelezen "
            "bestanden: één per regel (een kind met twee producten telt twee keer)."
        ),
        Kind.COUNT,
        "switch_clients",
        group="overstap",
    ),
    Figure(
        "switch_warm",
        _("Warm overgedragen"),
        _("Daarvan: overgedragen aan een nieuwe regiehouder, met datum."),
        Kind.COUNT,
        "switch_warm",
        group="overstap",
    ),
    Figure(
        "switch_transitional",
        _("Overgangsrecht"),
        _("Daarvan: de zorg loopt door bij de oude aanbieder onder het overgangsrecht."),
        Kind.COUNT,
        "switch_transitional",
        group="overstap",
    ),
    Figure(
        "switch_closed",
        _("Afgesloten met reden"),
        _("Daarvan: afgesloten met een reden (bijvoorbeeld afgerond of verhuisd)."),
        Kind.COUNT,
        "switch_closed",
        group="overstap",
    ),
    Figure(
        "switch_unknown",
        _("Nog onbekend"),
        _("Daarvan: nog geen overdrachtsstatus."),
        Kind.COUNT,
        "switch_unknown",
        group="overstap",
    ),
    Figure(
        "switch_stopped",
        _("Hulp gestopt zonder overdracht"),
        _(
            "Zorg waarvan de hulp bij de oude aanbieder is gestopt zonder dat er een "
            "overdracht of afsluiting is vastgelegd: status onbekend en de einddatum van de "
            "oude zorg is voorbij, of overgangsrecht dat is verlopen. Dit cijfer hoort nul te "
            "zijn."
        ),
        Kind.COUNT,
        "switch_stopped",
        group="overstap",
    ),
)

#: Lopende zorg = warm + overgangsrecht + afgesloten + onbekend (for the protection).
IDENTITIES: tuple[tuple[int, tuple[int, ...]], ...] = ((0, (1, 2, 3, 4)),)
