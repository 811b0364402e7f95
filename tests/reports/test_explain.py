"""The generated explanation: a pure function over hand-made values."""

from __future__ import annotations

from jeugdmodel.reports.explain import (
    change_sentence,
    explain_comparison,
    largest_changes,
    not_comparable,
)
from jeugdmodel.steering.figures import BY_KEY
from jeugdmodel.steering.selectors import Value


def shown(key: str, raw: float, display: str) -> Value:
    return Value(key, raw, display, "shown")


def hidden(key: str, display: str = "te weinig") -> Value:
    return Value(key, None, display, "too_few")


FIGURES = [
    BY_KEY[k]
    for k in (
        "children_in_care",
        "share_basis",
        "inflow",
        "outflow",
        "repeat_requests",
        "children_residential",
        "first_contact_median",
        "waiting_now",
        "cost",
    )
]


def test_the_three_largest_relative_changes_largest_first() -> None:
    then = {
        "children_in_care": shown("children_in_care", 100, "100"),  # +10%
        "share_basis": shown("share_basis", 50.0, "50,0%"),  # +60%
        "inflow": shown("inflow", 40, "40"),  # −50%
        "outflow": shown("outflow", 20, "20"),  # +25%
        "repeat_requests": shown("repeat_requests", 10, "10"),  # 0%
    }
    now = {
        "children_in_care": shown("children_in_care", 110, "110"),
        "share_basis": shown("share_basis", 80.0, "80,0%"),
        "inflow": shown("inflow", 20, "20"),
        "outflow": shown("outflow", 25, "25"),
        "repeat_requests": shown("repeat_requests", 10, "10"),
    }
    changes = largest_changes(FIGURES, now, then)
    assert [c.figure.key for c in changes] == ["share_basis", "inflow", "outflow"]
    assert [round(c.relative, 2) for c in changes] == [0.6, -0.5, 0.25]


def test_only_counts_and_shares_of_the_period_are_compared() -> None:
    # A median, money and a live figure change a lot, but are not counts or shares of the
    # period: they are left out.
    then = {
        "first_contact_median": shown("first_contact_median", 2, "2 werkdagen"),
        "cost": shown("cost", 100.0, "€ 100"),
        "waiting_now": shown("waiting_now", 5, "5"),
        "inflow": shown("inflow", 100, "100"),
    }
    now = {
        "first_contact_median": shown("first_contact_median", 20, "20 werkdagen"),
        "cost": shown("cost", 1000.0, "€ 1.000"),
        "waiting_now": shown("waiting_now", 50, "50"),
        "inflow": shown("inflow", 101, "101"),
    }
    assert [c.figure.key for c in largest_changes(FIGURES, now, then)] == ["inflow"]


def test_suppressed_values_are_never_compared_and_are_named() -> None:
    then = {
        "children_in_care": shown("children_in_care", 100, "100"),
        "children_residential": hidden("children_residential"),
        "share_basis": shown("share_basis", 70.0, "70,0%"),
    }
    now = {
        "children_in_care": hidden("children_in_care"),
        "children_residential": shown("children_residential", 9, "9"),
        "share_basis": shown("share_basis", 72.0, "72,0%"),
    }
    assert [c.figure.key for c in largest_changes(FIGURES, now, then)] == ["share_basis"]
    assert [f.key for f in not_comparable(FIGURES, now, then)] == [
        "children_in_care",
        "children_residential",
    ]
    comparison = explain_comparison(FIGURES, now, then, heading="Vorig kwartaal")
    assert comparison.sentences == [
        "Aandeel basis (80/20): van 70,0% naar 72,0%, een stijging van 2,0 procentpunt (3% hoger).",
        "Niet te vergelijken, omdat een van beide waarden over te weinig kinderen gaat: "
        "Kinderen in zorg, Kinderen met verblijf.",
    ]
    # The text quotes display strings only: no raw value of a hidden cell can slip in.
    assert all("9" not in s for s in comparison.sentences)


def test_sentences_quote_the_display_strings() -> None:
    then = {"children_in_care": shown("children_in_care", 1200, "1.200")}
    now = {"children_in_care": shown("children_in_care", 900, "900")}
    (change,) = largest_changes(FIGURES, now, then)
    assert change_sentence(change) == "Kinderen in zorg: van 1.200 naar 900, een daling van 25%."


def test_nothing_changed_or_nothing_to_compare() -> None:
    same = {"inflow": shown("inflow", 10, "10")}
    assert explain_comparison(FIGURES, same, same, heading="x").sentences == [
        "Geen van de getoonde aantallen en aandelen is veranderd."
    ]
    none = {"inflow": Value("inflow", None, "—", "not_available")}
    assert explain_comparison(FIGURES, none, same, heading="x").sentences == [
        "Er zijn geen getoonde aantallen of aandelen om te vergelijken."
    ]


def test_ties_keep_the_order_of_the_figures() -> None:
    then = {"inflow": shown("inflow", 10, "10"), "outflow": shown("outflow", 10, "10")}
    now = {"inflow": shown("inflow", 12, "12"), "outflow": shown("outflow", 8, "8")}
    assert [c.figure.key for c in largest_changes(FIGURES, now, then)] == ["inflow", "outflow"]
