"""The two trend charts of the report, as reportlab drawings (drawn into the PDF, and
written as SVG into the ODT). Suppressed quarters are left out of the chart (a gap); the
table next to each chart gives every quarter with its display value."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from .content import TrendPoint
from .explain import shown_number
from .fonts import FONT

WIDTH = 440
HEIGHT = 190
BLUE = colors.HexColor("#1f4e8c")
ORANGE = colors.HexColor("#b35900")
GREY = colors.HexColor("#595959")


def _axes_style(chart: VerticalBarChart | HorizontalLineChart) -> None:
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.strokeColor = GREY
    chart.categoryAxis.strokeColor = GREY
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#d9d9d9")


def children_chart(points: list[TrendPoint], title: str) -> Drawing:
    """Bars: children in care per quarter."""
    drawing = Drawing(WIDTH, HEIGHT)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, WIDTH - 60, HEIGHT - 60
    values = [shown_number(p.values.get("children_in_care")) for p in points]
    chart.data = [values]
    chart.categoryAxis.categoryNames = [p.short for p in points]
    chart.bars[0].fillColor = BLUE
    chart.bars[0].strokeColor = None
    chart.valueAxis.valueMin = 0
    shown = [v for v in values if v is not None]
    if not shown:
        chart.valueAxis.valueMax = 10
    _axes_style(chart)
    drawing.add(chart)
    drawing.add(String(0, HEIGHT - 14, title, fontName=FONT, fontSize=9, fillColor=GREY))
    return drawing


def share_chart(points: list[TrendPoint], title: str, target: float = 80.0) -> Drawing:
    """A line: the share basis (80/20) per quarter, 0–100%, with the 80% target."""
    drawing = Drawing(WIDTH, HEIGHT)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, WIDTH - 60, HEIGHT - 60
    values = [shown_number(p.values.get("share_basis")) for p in points]
    chart.data = [values]
    chart.categoryAxis.categoryNames = [p.short for p in points]
    chart.lines[0].strokeColor = BLUE
    chart.lines[0].strokeWidth = 2
    # The line joins the shown quarters (over a hidden one); reportlab needs two points.
    chart.joinedLines = 1 if sum(v is not None for v in values) >= 2 else 0
    chart.lines[0].symbol = makeMarker("FilledCircle", size=4, fillColor=BLUE)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 20
    chart.valueAxis.labelTextFormat = "%d%%"
    _axes_style(chart)
    drawing.add(chart)
    y = chart.y + chart.height * target / 100
    drawing.add(
        Line(chart.x, y, chart.x + chart.width, y, strokeColor=ORANGE, strokeDashArray=[4, 3])
    )
    drawing.add(String(0, HEIGHT - 14, title, fontName=FONT, fontSize=9, fillColor=GREY))
    return drawing
