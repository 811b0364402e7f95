"""Every steering figure, defined once: its name, its definition text (shown next to it in
the pages, the exports and the API) and how it is computed from the cell measures.

docs/figures.md explains each choice with a worked example; compute.py holds the rules
that fill the measures."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from django.utils.functional import Promise, lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Kind(StrEnum):
    COUNT = "count"  # children or trajectories: a sum of one measure
    DIFFERENCE = "difference"  # a count: one measure minus another
    SHARE = "share"  # numerator / denominator, as a percentage
    MEDIAN = "median"  # of a distribution measure
    P90 = "p90"
    PER_1000 = "per_1000"  # a count per 1,000 youths (YouthPopulation)
    MONEY = "money"  # euro cents
    MONEY_PER_CHILD = "money_per_child"


class Variant(StrEnum):
    OURS = "jeugdmodel"
    CBS = "cbs"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str | Promise
    definition: str | Promise
    kind: Kind
    measure: str = ""
    #: SHARE: the denominator; DIFFERENCE: the measure subtracted; PER_1000: unused.
    other: str = ""
    variant: Variant = Variant.OURS
    #: The figure of the other variant that counts the same thing (for reconciling).
    counterpart: str = ""
    #: The dashboard section the figure belongs to.
    group: str = ""
    #: Computed from the records now (waiting, coverage), not from the cells.
    live: bool = False


def _goal_definition() -> str:
    """The definition of goal attainment names the configured score, in the language of
    the moment (JEUGDMODEL_GOAL_REACHED_SCORE)."""
    from django.conf import settings

    return gettext(
        "Van de kinderen van in de periode afgesloten casussen met doelen in het plan: "
        "het aandeel van wie alle eigen en gezinsdoelen een laatste score van "
        "%(score)s of hoger hadden bij het afsluiten."
    ) % {"score": settings.JM_GOAL_REACHED_SCORE}


_goal_definition_lazy = lazy(_goal_definition, str)

FIGURES: tuple[Figure, ...] = (
    Figure(
        "children_in_care",
        _("Kinderen in zorg"),
        _(
            "Verschillende kinderen met minstens één traject (basis of specialistisch) dat "
            "de periode overlapt. Een kind telt één keer, in de gemeente en wijk waar het "
            "woonde op zijn laatste dag in zorg in de periode."
        ),
        Kind.COUNT,
        "in_care",
        counterpart="cbs_youths_in_care",
        group="zorg",
    ),
    Figure(
        "children_basis",
        _("Kinderen alleen in basiszorg"),
        _("Kinderen in zorg van wie alle trajecten in de periode basis zijn."),
        Kind.COUNT,
        "in_care_basis",
        group="zorg",
    ),
    Figure(
        "children_specialist",
        _("Kinderen met specialistische zorg"),
        _("Kinderen in zorg met minstens één specialistisch traject in de periode."),
        Kind.DIFFERENCE,
        "in_care",
        other="in_care_basis",
        group="zorg",
    ),
    Figure(
        "share_basis",
        _("Aandeel basis (80/20)"),
        _(
            "Van de kinderen in zorg het aandeel van wie alle trajecten in de periode basis "
            "zijn; de rest telt als specialistisch. Doel: 80%."
        ),
        Kind.SHARE,
        "in_care_basis",
        other="in_care",
        group="zorg",
    ),
    Figure(
        "inflow",
        _("Instroom: aangemelde kinderen"),
        _(
            "Kinderen in aanmeldingen die in de periode binnenkwamen (een aanmelding voor "
            "twee kinderen telt twee keer; een kind met twee aanmeldingen één keer), naar "
            "woonplaats op de dag van zijn eerste aanmelding in de periode."
        ),
        Kind.COUNT,
        "requests",
        group="stroom",
    ),
    Figure(
        "outflow",
        _("Uitstroom: kinderen van afgesloten casussen"),
        _(
            "Kinderen van wie de gezinscasus in de periode werd afgesloten (ook als die "
            "later werd heropend), elk kind één keer, naar woonplaats op de dag van de "
            "eerste afsluiting in de periode."
        ),
        Kind.COUNT,
        "closed",
        group="stroom",
    ),
    Figure(
        "first_contact_median",
        _("Tijd tot eerste contact (mediaan)"),
        _(
            "Werkdagen (maandag–vrijdag zonder feestdagen; de dagen na de dag van "
            "aanmelding tot en met de dag van contact) van aanmelding tot het eerste "
            "vastgelegde contact, per kind van zijn eerste aanmelding uit de periode met een "
            "eerste contact. Getoond vanaf 5 aanmeldingen."
        ),
        Kind.MEDIAN,
        "first_contact",
        group="stroom",
    ),
    Figure(
        "first_contact_p90",
        _("Tijd tot eerste contact (90e percentiel)"),
        _(
            "Het aantal werkdagen waarbinnen 90% van de aanmeldingen uit de periode een "
            "eerste contact had. Getoond vanaf 10 aanmeldingen."
        ),
        Kind.P90,
        "first_contact",
        group="stroom",
    ),
    Figure(
        "waiting_now",
        _("Wachtend nu"),
        _(
            "Kinderen in open aanmeldingen zonder toegewezen professional, vandaag. De "
            "periode geldt hier niet: het is een stand van nu. Gemeente en team zijn die "
            "van de aanmelding; wijk, leeftijd en geslacht die van het kind vandaag."
        ),
        Kind.COUNT,
        "waiting",
        group="stroom",
        live=True,
    ),
    Figure(
        "waiting_days_median",
        _("Wachttijd nu (mediaan, werkdagen)"),
        _(
            "Werkdagen sinds aanmelding van de kinderen die nu wachten (mediaan); getoond "
            "vanaf 5 wachtenden."
        ),
        Kind.MEDIAN,
        "waiting_days",
        group="stroom",
        live=True,
    ),
    Figure(
        "waiting_days_max",
        _("Langst wachtend nu (werkdagen)"),
        _("Werkdagen sinds de oudste open aanmelding zonder professional; vanaf 5 wachtenden."),
        Kind.P90,
        "waiting_days",
        group="stroom",
        live=True,
    ),
    Figure(
        "stepup_rate",
        _("Opschalen binnen 6 maanden"),
        _(
            "Van de kinderen van wie het eerste traject ooit basis was en in de periode "
            "begon: het aandeel met een specialistisch traject dat begon binnen 182 dagen "
            "na de start (dag 0 tot en met dag 182)."
        ),
        Kind.SHARE,
        "stepup_done",
        other="stepup_cohort",
        group="niveau",
    ),
    Figure(
        "consult_prevented",
        _("Consultatie voorkwam opschalen"),
        _(
            "Van de in de periode afgesloten consultaties van het flexibel netwerk met als "
            "uitkomst 'blijft basis' of 'opschalen': het aandeel 'blijft basis' (per kind "
            "van de casus)."
        ),
        Kind.SHARE,
        "consult_stays_basis",
        other="consult_decided",
        group="niveau",
    ),
    Figure(
        "repeat_requests",
        _("Herhaalde aanvragen"),
        _(
            "Kinderen met een nieuwe aanmelding binnen 365 dagen na het afsluiten van hun "
            "casus (dag 365 telt, dag 366 niet), plus kinderen van een heropende casus, in "
            "de periode van de aanmelding of het heropenen; elk kind één keer per periode."
        ),
        Kind.COUNT,
        "repeat",
        counterpart="cbs_repeat",
        group="stroom",
    ),
    Figure(
        "goal_attainment",
        _("Doelen bereikt"),
        _goal_definition_lazy(),
        Kind.SHARE,
        "goals_reached",
        other="goals_plans",
        group="resultaat",
    ),
    Figure(
        "residential_per_1000",
        _("Jeugdhulp met verblijf per 1.000 jeugdigen"),
        _(
            "Kinderen met een traject met verblijf dat de periode overlapt, per 1.000 "
            "inwoners van 0–17 jaar (jeugdbevolking van het jaar). Alleen per regio, "
            "gemeente of wijk."
        ),
        Kind.PER_1000,
        "residential",
        group="zorg",
    ),
    Figure(
        "children_residential",
        _("Kinderen met verblijf"),
        _("Kinderen met een traject met verblijf dat de periode overlapt."),
        Kind.COUNT,
        "residential",
        group="zorg",
    ),
    Figure(
        "cost",
        _("Kosten"),
        _(
            "Dagen zorg in de periode × het tarief van de hulpvorm in dat jaar. Een lopend "
            "traject telt door tot het einde van de periode (een prognose voor lopende "
            "perioden)."
        ),
        Kind.MONEY,
        "cost_cents",
        group="geld",
    ),
    Figure(
        "cost_per_child",
        _("Kosten per kind in zorg"),
        _("De kosten gedeeld door het aantal kinderen in zorg in de periode."),
        Kind.MONEY_PER_CHILD,
        "cost_cents",
        other="in_care",
        group="geld",
    ),
    Figure(
        "coverage_gp",
        _("Huisartsenpraktijken met POH-jeugd"),
        _(
            "Aandeel van de huisartsenpraktijken in het gebied die aan een team met een "
            "POH-jeugd gekoppeld zijn (regiobestand), nu."
        ),
        Kind.SHARE,
        "gp_with_poh",
        other="gp_all",
        group="bereik",
        live=True,
    ),
    Figure(
        "coverage_school",
        _("Scholen met een gezinsspecialist"),
        _(
            "Aandeel van de scholen in het gebied die aan een team met een gezinsspecialist "
            "onderwijs gekoppeld zijn (regiobestand), nu."
        ),
        Kind.SHARE,
        "school_with_specialist",
        other="school_all",
        group="bereik",
        live=True,
    ),
    Figure(
        "trajectories_started",
        _("Gestarte trajecten"),
        _("Trajecten die in de periode begonnen (elk traject apart)."),
        Kind.COUNT,
        "traj_started",
        counterpart="cbs_trajectories_started",
        group="trajecten",
    ),
    Figure(
        "trajectories_ended",
        _("Beëindigde trajecten"),
        _("Trajecten die in de periode eindigden."),
        Kind.COUNT,
        "traj_ended",
        counterpart="cbs_trajectories_ended",
        group="trajecten",
    ),
    Figure(
        "trajectories_running",
        _("Lopende trajecten"),
        _("Trajecten die op de laatste dag van de periode liepen."),
        Kind.COUNT,
        "traj_running",
        counterpart="cbs_trajectories_running",
        group="trajecten",
    ),
    Figure(
        "ended_according_to_plan",
        _("Beëindigd volgens plan"),
        _("Van de in de periode beëindigde trajecten het aandeel met reden 'volgens plan'."),
        Kind.SHARE,
        "traj_ended_plan",
        other="traj_ended",
        counterpart="cbs_ended_according_to_plan",
        group="resultaat",
    ),
    # -- CBS variants (cbs-figures.md), to reconcile with StatLine ----------------------
    Figure(
        "cbs_youths_in_care",
        _("Jongeren met jeugdhulp (CBS)"),
        _(
            "CBS-definitie: personen van 0 tot en met 22 jaar met jeugdhulp op enig moment "
            "in de periode, ieder één keer, naar woonplaats."
        ),
        Kind.COUNT,
        "cbs_in_care",
        variant=Variant.CBS,
        counterpart="children_in_care",
        group="cbs",
    ),
    Figure(
        "cbs_trajectories_started",
        _("Instroom jeugdhulptrajecten (CBS)"),
        _(
            "CBS-definitie: gestarte jeugdhulptrajecten, waarbij overlappende trajecten van "
            "dezelfde hulpvorm bij dezelfde aanbieder één traject zijn."
        ),
        Kind.COUNT,
        "cbs_started",
        variant=Variant.CBS,
        counterpart="trajectories_started",
        group="cbs",
    ),
    Figure(
        "cbs_trajectories_ended",
        _("Uitstroom jeugdhulptrajecten (CBS)"),
        _("CBS-definitie: beëindigde (samengevoegde) jeugdhulptrajecten in de periode."),
        Kind.COUNT,
        "cbs_ended",
        variant=Variant.CBS,
        counterpart="trajectories_ended",
        group="cbs",
    ),
    Figure(
        "cbs_trajectories_running",
        _("Lopende jeugdhulptrajecten (CBS)"),
        _("CBS-definitie: (samengevoegde) trajecten die op de laatste dag van de periode liepen."),
        Kind.COUNT,
        "cbs_running",
        variant=Variant.CBS,
        counterpart="trajectories_running",
        group="cbs",
    ),
    Figure(
        "cbs_repeat",
        _("Herhaald beroep (CBS)"),
        _(
            "CBS-definitie: gestarte trajecten van jongeren die in de vijf jaar vóór de "
            "periode jeugdhulp hadden, met minstens één hele dag tussen het einde daarvan en "
            "de nieuwe start; die eerdere zorg mag in de periode eindigen."
        ),
        Kind.COUNT,
        "cbs_repeat",
        variant=Variant.CBS,
        counterpart="repeat_requests",
        group="cbs",
    ),
    Figure(
        "cbs_ended_according_to_plan",
        _("Beëindigd volgens plan (CBS)"),
        _(
            "CBS-definitie: van de beëindigde (samengevoegde) trajecten het aandeel met "
            "reden 01 'volgens plan' (tegenover 02–05 en onbekend)."
        ),
        Kind.SHARE,
        "cbs_ended_plan",
        other="cbs_ended",
        variant=Variant.CBS,
        counterpart="ended_according_to_plan",
        group="cbs",
    ),
    Figure(
        "cbs_started_with_stay",
        _("Gestart met verblijf (CBS)"),
        _("CBS-definitie: gestarte (samengevoegde) trajecten met verblijf."),
        Kind.COUNT,
        "cbs_started_stay",
        variant=Variant.CBS,
        group="cbs",
    ),
    Figure(
        "cbs_started_with_crisis",
        _("Gestart met crisis (CBS)"),
        _("CBS-definitie: gestarte (samengevoegde) trajecten met de crisismarkering."),
        Kind.COUNT,
        "cbs_started_crisis",
        variant=Variant.CBS,
        group="cbs",
    ),
)

#: Referrer groups as CBS publishes them; the figure counts children in requests.
REFERRER_LABELS: dict[str, str | Promise] = {
    "gemeente": _("gemeentelijke toegang"),
    "huisarts": _("huisarts"),
    "jeugdarts": _("jeugdarts"),
    "gi": _("gecertificeerde instelling"),
    "medisch": _("medisch specialist"),
    "rechter": _("rechter / officier van justitie"),
    "geen": _("geen verwijzer"),
    "onbekend": _("onbekend"),
}

FIGURES = FIGURES + tuple(
    Figure(
        f"referrer_{code}",
        label,
        _(
            "Kinderen in aanmeldingen uit de periode waarvan de toegang in de CBS-indeling "
            "van verwijzers valt onder deze groep, elk kind één keer per groep. Een gezin "
            "dat zich zelf aanmeldt heeft geen verwijzer."
        ),
        Kind.COUNT,
        f"ref_{code}",
        variant=Variant.CBS,
        group="verwijzer",
    )
    for code, label in REFERRER_LABELS.items()
)

#: How each kind of figure is protected (docs/decisions/0045), said after its definition
#: wherever the definition is shown: the dashboard, the exports, the API and the report.
COUNT_METHOD = _(
    "Hoe beschermd: dit getal is een klein beetje veranderd, meestal 1 ernaast en nooit "
    "meer dan 2. Dezelfde kinderen geven overal hetzelfde getal. 1 en 2 staan er nooit; "
    "0 blijft 0. Zo kan niemand een klein aantal terugrekenen door tabellen van elkaar af "
    "te trekken."
)
METHOD: dict[Kind, Promise] = {
    Kind.COUNT: COUNT_METHOD,
    Kind.DIFFERENCE: COUNT_METHOD,
    Kind.PER_1000: _(
        "Hoe beschermd: berekend uit het aantal kinderen, dat een klein beetje is veranderd "
        "(hoogstens 2 ernaast, altijd hetzelfde voor dezelfde kinderen)."
    ),
    Kind.SHARE: _(
        "Hoe beschermd: berekend uit de aantallen boven en onder de deelstreep, die allebei "
        "een klein beetje zijn veranderd (hoogstens 2 ernaast). Het percentage kan daardoor "
        "een paar procentpunten afwijken. Bij minder dan 10 kinderen staat er 'te weinig'."
    ),
    Kind.MEDIAN: _(
        "Hoe beschermd: berekend uit de aantallen kinderen per aantal werkdagen, die een "
        "klein beetje zijn veranderd. Bij te weinig kinderen staat er 'te weinig'."
    ),
    Kind.MONEY: _(
        "Hoe beschermd: het bedrag zelf is niet veranderd, maar staat er pas vanaf 10 "
        "kinderen in zorg (het veranderde aantal); anders 'te weinig'."
    ),
    Kind.MONEY_PER_CHILD: _(
        "Hoe beschermd: het bedrag gedeeld door het veranderde aantal kinderen in zorg; pas "
        "vanaf 10 kinderen, anders 'te weinig'."
    ),
}
METHOD[Kind.P90] = METHOD[Kind.MEDIAN]


def with_method(figure: Figure) -> Figure:
    """The figure with the protection of its kind said after its definition (nothing for
    figures without children: the coverage of practices and schools)."""
    method = METHOD.get(figure.kind)
    if method is None or figure.group == "bereik":
        return figure
    return replace(figure, definition=format_lazy("{} {}", figure.definition, method))


FIGURES = tuple(with_method(f) for f in FIGURES)
BY_KEY: dict[str, Figure] = {f.key: f for f in FIGURES}
MEASURES: frozenset[str] = frozenset(
    m for f in FIGURES if not f.live for m in (f.measure, f.other) if m
)
