"""The council report as a PDF (reportlab platypus). Everything shown comes from
`ReportContent`; numbers are the display strings of the steering tables."""

from __future__ import annotations

from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape  # nosec B406

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .charts import children_chart, share_chart
from .content import ReportContent
from .fonts import FONT, FONT_BOLD
from .texts import (
    aggregates_note,
    cbs_intro,
    cbs_rows,
    comparison_note,
    definitions_intro,
    has_live,
    legend_text,
    live_note,
    made_on,
    section_rows,
    section_titles,
    trend_rows,
    trend_texts,
)

BLUE = colors.HexColor("#1f4e8c")
LIGHT = colors.HexColor("#e8eef6")
RULE = colors.HexColor("#8c8c8c")

_BASE = ParagraphStyle("jm-base", fontName=FONT, fontSize=9.5, leading=13)
STYLES = {
    "title": ParagraphStyle(
        "jm-title", parent=_BASE, fontName=FONT_BOLD, fontSize=24, leading=30, textColor=BLUE
    ),
    "subtitle": ParagraphStyle("jm-subtitle", parent=_BASE, fontSize=15, leading=20),
    "h1": ParagraphStyle(
        "jm-h1",
        parent=_BASE,
        fontName=FONT_BOLD,
        fontSize=15,
        leading=19,
        spaceBefore=6,
        spaceAfter=6,
        textColor=BLUE,
    ),
    "h2": ParagraphStyle(
        "jm-h2", parent=_BASE, fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=8
    ),
    "p": ParagraphStyle("jm-p", parent=_BASE, spaceAfter=4),
    "small": ParagraphStyle("jm-small", parent=_BASE, fontSize=8, leading=10.5),
    "cell": ParagraphStyle("jm-cell", parent=_BASE, fontSize=8.5, leading=11),
    "cell-bold": ParagraphStyle("jm-cell-bold", parent=_BASE, fontName=FONT_BOLD, fontSize=8.5),
    "num": ParagraphStyle("jm-num", parent=_BASE, fontSize=8.5, leading=11, alignment=TA_RIGHT),
    "num-bold": ParagraphStyle(
        "jm-num-bold", parent=_BASE, fontName=FONT_BOLD, fontSize=8.5, alignment=TA_RIGHT
    ),
}


def _p(text: str, style: str = "p") -> Paragraph:
    """A paragraph of plain text (escaped: "<5" is text, not markup)."""
    return Paragraph(escape(text), STYLES[style])


def _table(
    rows: list[list[str]], widths: list[float], *, numeric: tuple[int, ...] = (1, 2, 3)
) -> Table:
    """A table with one header row (repeated on every page); the `numeric` columns are
    right-aligned."""
    data: list[list[Any]] = []
    for i, row in enumerate(rows):
        cells = []
        for j, text in enumerate(row):
            header = i == 0
            style = ("num" if j in numeric else "cell") + ("-bold" if header else "")
            cells.append(_p(text, style))
        data.append(cells)
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, BLUE),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _footer(content: ReportContent) -> Any:
    text = _("Raadsrapportage jeugdhulp – %(municipality)s – %(period)s") % {
        "municipality": content.municipality,
        "period": content.period.label,
    }

    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(RULE)
        canvas.drawString(doc.leftMargin, 12 * mm, text)
        canvas.drawRightString(
            A4[0] - doc.rightMargin,
            12 * mm,
            _("pagina %(n)s") % {"n": canvas.getPageNumber()},
        )
        canvas.restoreState()

    return draw


def _title_page(content: ReportContent) -> list[Flowable]:
    return [
        Spacer(1, 50 * mm),
        _p(_("Raadsrapportage jeugdhulp"), "title"),
        Spacer(1, 6 * mm),
        _p(content.municipality, "subtitle"),
        _p(content.period.label, "subtitle"),
        Spacer(1, 10 * mm),
        _p(made_on(content)),
        _p(aggregates_note()),
        _p(comparison_note(content)),
        PageBreak(),
    ]


def _main_figures(content: ReportContent) -> list[Flowable]:
    out: list[Flowable] = [_p(section_titles()["figures"], "h1")]
    for block in content.sections:
        table = _table(section_rows(content, block), [70 * mm, 33 * mm, 33 * mm, 33 * mm])
        out.append(KeepTogether([_p(block.title, "h2"), table]))
    out.append(Spacer(1, 3 * mm))
    if has_live(content):
        out.append(_p("* " + live_note(content), "small"))
    out.append(_p(legend_text(), "small"))
    return out


def _trend(content: ReportContent) -> list[Flowable]:
    texts = trend_texts(content)
    return [
        CondPageBreak(120 * mm),
        _p(section_titles()["trend"], "h1"),
        _p(texts["intro"]),
        children_chart(content.trend, texts["children_chart"]),
        _p(texts["children_alt"], "small"),
        share_chart(content.trend, texts["share_chart"]),
        _p(texts["share_alt"], "small"),
        KeepTogether(
            [_p(texts["table"], "h2"), _table(trend_rows(content), [50 * mm, 45 * mm, 45 * mm])]
        ),
    ]


def _explanation(content: ReportContent) -> list[Flowable]:
    out: list[Flowable] = [CondPageBreak(60 * mm), _p(section_titles()["explanation"], "h1")]
    for comparison in content.explanation:
        out.append(_p(comparison.heading, "h2"))
        out.extend(_p("• " + sentence) for sentence in comparison.sentences)
    return out


def _definitions(content: ReportContent) -> list[Flowable]:
    out: list[Flowable] = [CondPageBreak(60 * mm), _p(section_titles()["definitions"], "h1")]
    out.append(_p(definitions_intro()))
    for figure in content.figures_used():
        out.append(KeepTogether([_p(str(figure.label), "h2"), _p(str(figure.definition))]))
    return out


def _cbs(content: ReportContent) -> list[Flowable]:
    return [
        CondPageBreak(60 * mm),
        _p(section_titles()["cbs"], "h1"),
        _p(cbs_intro()),
        _table(cbs_rows(content), [62 * mm, 24 * mm, 30 * mm, 54 * mm], numeric=(2,)),
    ]


def report_pdf(content: ReportContent) -> bytes:
    """The whole report as PDF bytes."""
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=22 * mm,
        title=content.title,
        author="Jeugdmodel",
        subject=aggregates_note(),
        creator="Jeugdmodel",
        lang="nl-NL",
    )
    story: list[Flowable] = []
    story += _title_page(content)
    story += _main_figures(content)
    story += _trend(content)
    story += _explanation(content)
    story += _definitions(content)
    story += _cbs(content)
    footer = _footer(content)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
