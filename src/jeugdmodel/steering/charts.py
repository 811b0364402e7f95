"""Bar charts as data for an inline SVG: geometry only, drawn by the template.

A chart never stands alone: the table with the same numbers sits next to it, the SVG has
a title and a text description, every bar carries its value as text, and a value over
too few children ("te weinig") is drawn as an outlined, hatched bar with its label rather
than by colour."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .selectors import Table

# Drawn at this size in CSS pixels (never scaled), so the text is the body size: the
# labels (up to 28 characters) and values need the room.
WIDTH = 600
BAR_HEIGHT = 22
GAP = 10
LABEL_WIDTH = 260
VALUE_WIDTH = 100


@dataclass(frozen=True)
class Bar:
    label: str
    display: str
    y: int
    width: int
    hidden: bool
    text_y: int


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    bars: list[Bar]
    height: int
    label_x: int = LABEL_WIDTH - 8
    bar_x: int = LABEL_WIDTH
    width: int = WIDTH


def bar_chart(table: Table, figure: str, *, chart_id: str, title: str) -> Chart:
    """Horizontal bars of `figure` per row of `table` (the total row left out when there
    are other rows)."""
    rows = [r for r in table.rows if not r.is_total] or table.rows
    values = [r.values[figure] for r in rows]
    shown = [float(v.raw) for v in values if v.raw is not None and not v.suppressed]
    top = max(shown, default=0.0) or 1.0
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars: list[Bar] = []
    for i, (row, value) in enumerate(zip(rows, values, strict=True)):
        y = GAP + i * (BAR_HEIGHT + GAP)
        # A value over too few children is a short hatched bar; a value that does not
        # exist ("—") gets no bar at all.
        hidden = value.suppressed
        if hidden:
            width = 6
        elif value.raw is None:
            width = 0
        else:
            width = max(1, round(span * float(value.raw) / top))
        bars.append(Bar(row.label, value.display, y, width, hidden, y + BAR_HEIGHT - 6))
    parts = [f"{b.label}: {b.display}" for b in bars]
    description = _("Staafdiagram. %(items)s.") % {"items": "; ".join(parts)}
    return Chart(chart_id, title, description, bars, GAP + len(bars) * (BAR_HEIGHT + GAP) + GAP)
