"""The generated explanation of the largest changes: pure functions over shown values.

Only values the dashboard shows are compared (status "shown", the counts perturbed by
their cell keys): a value over too few children ("te weinig") is never used, not even to
compute a difference, so the text cannot reveal it. The sentences quote the display
strings of the figure tables, so the text uses exactly the numbers printed in the tables
next to it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from jeugdmodel.steering.figures import Figure, Kind
from jeugdmodel.steering.selectors import Value

#: How many changes the text names per comparison.
LARGEST = 3
#: Kinds that are compared: counts and shares (not medians, money or rates per 1,000).
COMPARED_KINDS = frozenset({Kind.COUNT, Kind.DIFFERENCE, Kind.SHARE})


@dataclass(frozen=True)
class Change:
    figure: Figure
    old: Value
    new: Value
    #: (new − old) / old; old is never 0 here.
    relative: float

    @property
    def is_share(self) -> bool:
        return self.figure.kind == Kind.SHARE


def shown_number(value: Value | None) -> float | None:
    """The raw value of a shown value; None for a missing, suppressed or empty one (the
    charts use it too, so they never draw a hidden value)."""
    if value is None or value.status != "shown" or value.raw is None:
        return None
    return float(value.raw)


def comparable_figures(figures: Sequence[Figure]) -> list[Figure]:
    """The figures the explanation looks at: counts and shares of the period (no live
    figures: they are a state of today, the same for every period)."""
    return [f for f in figures if f.kind in COMPARED_KINDS and not f.live]


def largest_changes(
    figures: Sequence[Figure],
    now: Mapping[str, Value],
    then: Mapping[str, Value],
    *,
    limit: int = LARGEST,
) -> list[Change]:
    """The `limit` largest relative changes between two periods, largest first; ties keep
    the order of `figures`. Both values must be shown and the old one must not be 0 (no
    relative change from nothing); unchanged figures are not changes."""
    changes: list[Change] = []
    for f in comparable_figures(figures):
        if f.key not in now or f.key not in then:
            continue
        new, old = shown_number(now[f.key]), shown_number(then[f.key])
        if new is None or old is None or old == 0 or new == old:
            continue
        changes.append(Change(f, then[f.key], now[f.key], (new - old) / abs(old)))
    changes.sort(key=lambda c: -abs(c.relative))  # stable: ties keep the figure order
    return changes[:limit]


def not_comparable(
    figures: Sequence[Figure], now: Mapping[str, Value], then: Mapping[str, Value]
) -> list[Figure]:
    """Figures that cannot be compared because one of the two values is suppressed."""
    out = []
    for f in comparable_figures(figures):
        a, b = now.get(f.key), then.get(f.key)
        if a is None or b is None:
            continue
        if a.suppressed or b.suppressed:
            out.append(f)
    return out


def _pct(x: float, digits: int = 0) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def change_sentence(change: Change) -> str:
    """One Dutch sentence, e.g. "Kinderen in zorg: van 40 naar 52, een stijging van 30%"."""
    label = str(change.figure.label)
    up = change.relative > 0
    relative = _pct(abs(change.relative) * 100)
    if change.is_share:
        points = abs(float(change.new.raw or 0) - float(change.old.raw or 0))
        params = {
            "label": label,
            "old": change.old.display,
            "new": change.new.display,
            "points": _pct(points, 1),
            "relative": relative,
        }
        if up:
            return (
                _(
                    "%(label)s: van %(old)s naar %(new)s, een stijging van %(points)s "
                    "procentpunt (%(relative)s%% hoger)."
                )
                % params
            )
        return (
            _(
                "%(label)s: van %(old)s naar %(new)s, een daling van %(points)s "
                "procentpunt (%(relative)s%% lager)."
            )
            % params
        )
    params = {
        "label": label,
        "old": change.old.display,
        "new": change.new.display,
        "relative": relative,
    }
    if up:
        return _("%(label)s: van %(old)s naar %(new)s, een stijging van %(relative)s%%.") % params
    return _("%(label)s: van %(old)s naar %(new)s, een daling van %(relative)s%%.") % params


@dataclass(frozen=True)
class Comparison:
    """The explanation against one earlier period."""

    heading: str
    sentences: list[str]


def explain_comparison(
    figures: Sequence[Figure],
    now: Mapping[str, Value],
    then: Mapping[str, Value],
    *,
    heading: str,
) -> Comparison:
    """The sentences for one comparison: the largest changes, or that nothing changed,
    and which figures could not be compared because a value is suppressed."""
    changes = largest_changes(figures, now, then)
    sentences: list[str] = [change_sentence(c) for c in changes]
    if not changes:
        both_shown = any(
            shown_number(now[f.key]) is not None and shown_number(then[f.key]) is not None
            for f in comparable_figures(figures)
            if f.key in now and f.key in then
        )
        sentences.append(
            _("Geen van de getoonde aantallen en aandelen is veranderd.")
            if both_shown
            else _("Er zijn geen getoonde aantallen of aandelen om te vergelijken.")
        )
    hidden = not_comparable(figures, now, then)
    if hidden:
        names = ", ".join(str(f.label) for f in hidden)
        sentences.append(
            _(
                "Niet te vergelijken, omdat een van beide waarden over te weinig kinderen "
                "gaat: %(names)s."
            )
            % {"names": names}
        )
    return Comparison(heading, sentences)
