"""The continuity figure of the switch (issue point 6), defined once: name and definition
text here, the choices in docs/figures.md ("Continuïteit bij de overstap"). Counted by the
transition app (``transition.selectors.continuity_members``); shown on the steering
dashboard with the same protection (each count perturbed by its cell key) and display
as every other figure (``steering.selectors.count_table``). It lives here because steering
and transition are independent neighbours (docs/decisions/0087): this app, above both,
joins them and registers the table with the dashboard (apps.py)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from jeugdmodel.region.models import Municipality, Team
from jeugdmodel.steering.cellkey import cell_key, record_key
from jeugdmodel.steering.figures import Figure, Kind
from jeugdmodel.steering.selectors import Counts, Scope, Table, count_table
from jeugdmodel.transition.selectors import continuity_members

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


def _counts(members: dict[str, list[int]]) -> Counts:
    """Counts with their cell keys: the record key of a running client (one line of the
    old provider's file) under the installation's secret, in a domain of its own."""
    secret = str(settings.JM_CELL_KEY_SECRET).encode() + b":running-client"
    return Counts(
        sums={m: len(ids) for m, ids in members.items()},
        keys={m: cell_key(record_key(i, secret) for i in ids) for m, ids in members.items()},
    )


def continuity_tables(scope: Scope) -> list[Table]:
    """The continuity figure for the steering dashboard: per municipality and per team,
    protected like every other figure. Empty when nothing was imported in the user's scope
    (a region without a switch has no running clients)."""
    # Without running clients in scope (no switch, nothing imported) one query, no table.
    tables: list[Table] = []
    for by, caption in (
        ("municipality", gettext_now("Continuïteit bij de overstap, per gemeente")),
        ("team", gettext_now("Continuïteit bij de overstap, per team")),
    ):
        counts = continuity_members(municipalities=scope.municipalities, teams=scope.teams, by=by)
        if not counts:
            return []
        if by == "municipality":
            ids = [m for m in scope.municipalities if m in counts] if not scope.teams else []
            ids += [k for k in counts if k is not None and k not in ids]
            names = dict(Municipality.objects.filter(id__in=ids).values_list("id", "name"))
        else:
            ids = [k for k in counts if k is not None]
            names = dict(Team.objects.filter(id__in=ids).values_list("id", "name"))
            ids.sort(key=lambda i: names.get(i, ""))
        rows = [(str(i), names.get(i, str(i)), _counts(counts.get(i, {}))) for i in ids]
        if None in counts:
            rows.append(("", gettext_now("geen team"), _counts(counts[None])))
        tables.append(
            count_table(
                table_id=f"tabel-overstap-{by}",
                caption=str(caption),
                figures=CONTINUITY_FIGURES,
                rows=rows,
                cut=by,
            )
        )
    return tables
