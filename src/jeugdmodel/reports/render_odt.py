"""The council report as an OpenDocument text (odfpy): the same content as the PDF, with
real headings and tables, so a council clerk can copy from it or edit it. The charts are
embedded as SVG pictures with a title and description; their tables follow them."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from odf import dc
from odf.draw import Frame, Image
from odf.opendocument import OpenDocumentText
from odf.style import (
    FontFace,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TextProperties,
)
from odf.svg import Desc, Title
from odf.table import Table, TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import H, P
from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Drawing

from .charts import HEIGHT, WIDTH, children_chart, share_chart
from .content import ReportContent
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
    published_intro,
    published_rows,
    published_sources,
    section_rows,
    section_titles,
    trend_rows,
    trend_texts,
)

_FONT = "Liberation Sans"


class _Doc:
    """An ODT under construction with the few styles the report needs."""

    def __init__(self, title: str) -> None:
        self.doc = OpenDocumentText()
        self.doc.meta.addElement(dc.Title(text=title))
        self.doc.meta.addElement(dc.Language(text="nl-NL"))
        self.doc.fontfacedecls.addElement(
            FontFace(
                name=_FONT,
                fontfamily=f"'{_FONT}', Arial, sans-serif",
                fontfamilygeneric="swiss",
                fontpitch="variable",
            )
        )
        self.tables = 0
        self.pictures = 0
        self.styles: dict[str, Style] = {}
        self._named_styles()

    def _named_styles(self) -> None:
        standard = Style(name="Standard", family="paragraph")
        standard.addElement(
            TextProperties(fontname=_FONT, fontsize="10pt", language="nl", country="NL")
        )
        standard.addElement(ParagraphProperties(marginbottom="0.15cm"))
        self.doc.styles.addElement(standard)
        sizes = {1: "16pt", 2: "12pt"}
        for level, size in sizes.items():
            style = Style(
                name=f"Heading_20_{level}",
                displayname=f"Heading {level}",
                family="paragraph",
                parentstylename="Standard",
                nextstylename="Standard",
                defaultoutlinelevel=str(level),
            )
            style.addElement(TextProperties(fontsize=size, fontweight="bold", color="#1f4e8c"))
            style.addElement(ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm"))
            self.doc.styles.addElement(style)
            self.styles[f"h{level}"] = style
        title = Style(name="Title", family="paragraph", parentstylename="Standard")
        title.addElement(TextProperties(fontsize="24pt", fontweight="bold", color="#1f4e8c"))
        title.addElement(ParagraphProperties(margintop="5cm", marginbottom="0.5cm"))
        self.doc.styles.addElement(title)
        self.styles["title"] = title
        subtitle = Style(name="Subtitle", family="paragraph", parentstylename="Standard")
        subtitle.addElement(TextProperties(fontsize="15pt"))
        self.doc.styles.addElement(subtitle)
        self.styles["subtitle"] = subtitle
        self.styles["p"] = standard

        small = Style(name="JmSmall", family="paragraph", parentstylename="Standard")
        small.addElement(TextProperties(fontsize="8pt"))
        self.doc.automaticstyles.addElement(small)
        self.styles["small"] = small
        after_break = Style(name="JmBreak", family="paragraph", parentstylename="Heading_20_1")
        after_break.addElement(ParagraphProperties(breakbefore="page"))
        self.doc.automaticstyles.addElement(after_break)
        self.styles["h1-break"] = after_break
        cells = {
            "cell-head": ("JmCellHead", True, False),
            "cell": ("JmCell", False, False),
            "num-head": ("JmNumHead", True, True),
            "num": ("JmNum", False, True),
        }
        for key, (name, bold, numeric) in cells.items():
            style = Style(name=name, family="paragraph", parentstylename="Standard")
            if bold:
                style.addElement(TextProperties(fontweight="bold", fontsize="9pt"))
            else:
                style.addElement(TextProperties(fontsize="9pt"))
            if numeric:
                style.addElement(ParagraphProperties(textalign="end"))
            self.doc.automaticstyles.addElement(style)
            self.styles[key] = style
        grid = Style(name="JmGrid", family="table-cell")
        grid.addElement(TableCellProperties(borderbottom="0.5pt solid #8c8c8c", padding="0.08cm"))
        self.doc.automaticstyles.addElement(grid)
        self.styles["grid"] = grid
        head = Style(name="JmHeadCell", family="table-cell")
        head.addElement(
            TableCellProperties(
                backgroundcolor="#e8eef6", borderbottom="1pt solid #1f4e8c", padding="0.08cm"
            )
        )
        self.doc.automaticstyles.addElement(head)
        self.styles["head"] = head

    # -- building blocks ------------------------------------------------------------------

    def heading(self, text: str, level: int = 1, *, page_break: bool = False) -> None:
        style = self.styles["h1-break"] if page_break else self.styles[f"h{level}"]
        self.doc.text.addElement(H(outlinelevel=level, stylename=style, text=text))

    def para(self, text: str, style: str = "p") -> None:
        self.doc.text.addElement(P(stylename=self.styles[style], text=text))

    def table(
        self, rows: list[list[str]], widths_cm: list[float], numeric: tuple[int, ...] = (1, 2, 3)
    ) -> None:
        self.tables += 1
        name = f"Tabel{self.tables}"
        table_style = Style(name=f"{name}Style", family="table")
        table_style.addElement(TableProperties(width=f"{sum(widths_cm):.2f}cm", align="left"))
        self.doc.automaticstyles.addElement(table_style)
        table = Table(name=name, stylename=table_style)
        for i, width in enumerate(widths_cm):
            col_style = Style(name=f"{name}Col{i}", family="table-column")
            col_style.addElement(TableColumnProperties(columnwidth=f"{width:.2f}cm"))
            self.doc.automaticstyles.addElement(col_style)
            table.addElement(TableColumn(stylename=col_style))
        header = TableHeaderRows()
        table.addElement(header)
        for r, row in enumerate(rows):
            tr = TableRow()
            for c, text in enumerate(row):
                right = c in numeric
                if r == 0:
                    cell = TableCell(stylename=self.styles["head"], valuetype="string")
                    para_style = self.styles["num-head" if right else "cell-head"]
                else:
                    cell = TableCell(stylename=self.styles["grid"], valuetype="string")
                    para_style = self.styles["num" if right else "cell"]
                cell.addElement(P(stylename=para_style, text=text))
                tr.addElement(cell)
            (header if r == 0 else table).addElement(tr)
        self.doc.text.addElement(table)

    def picture(self, drawing: Drawing, title: str, description: str) -> None:
        self.pictures += 1
        svg = renderSVG.drawToString(drawing)
        data = svg.encode("utf-8") if isinstance(svg, str) else svg
        href = self.doc.addPicture(
            f"Pictures/grafiek{self.pictures}.svg", mediatype="image/svg+xml", content=data
        )
        width_cm = 16.0
        height_cm = width_cm * HEIGHT / WIDTH
        frame = Frame(
            name=f"Grafiek{self.pictures}",
            anchortype="as-char",
            width=f"{width_cm:.2f}cm",
            height=f"{height_cm:.2f}cm",
        )
        frame.addElement(Image(href=href, type="simple", show="embed", actuate="onLoad"))
        frame.addElement(Title(text=title))
        frame.addElement(Desc(text=description))
        holder = P(stylename=self.styles["p"])
        holder.addElement(frame)
        self.doc.text.addElement(holder)

    def bytes(self) -> bytes:
        buffer = BytesIO()
        self.doc.write(buffer)
        return buffer.getvalue()


def report_odt(content: ReportContent) -> bytes:
    """The whole report as ODT bytes: the same sections, tables and texts as the PDF."""
    out = _Doc(content.title)
    titles = section_titles()

    out.para(_("Raadsrapportage jeugdhulp"), "title")
    out.para(content.municipality, "subtitle")
    out.para(content.period.label, "subtitle")
    out.para(made_on(content))
    out.para(aggregates_note())
    out.para(comparison_note(content))

    out.heading(titles["figures"], page_break=True)
    for block in content.sections:
        out.heading(block.title, 2)
        out.table(section_rows(content, block), [7.0, 3.3, 3.3, 3.3])
    if has_live(content):
        out.para("* " + live_note(content), "small")
    out.para(legend_text(), "small")

    texts = trend_texts(content)
    out.heading(titles["trend"])
    out.para(texts["intro"])
    out.picture(
        children_chart(content.trend, texts["children_chart"]),
        texts["children_chart"],
        texts["children_alt"],
    )
    out.picture(
        share_chart(content.trend, texts["share_chart"]), texts["share_chart"], texts["share_alt"]
    )
    out.heading(texts["table"], 2)
    out.table(trend_rows(content), [5.0, 4.5, 4.5])

    out.heading(titles["explanation"])
    for comparison in content.explanation:
        out.heading(comparison.heading, 2)
        for sentence in comparison.sentences:
            out.para("• " + sentence)

    out.heading(titles["definitions"])
    out.para(definitions_intro())
    for figure in content.figures_used():
        out.heading(str(figure.label), 2)
        out.para(str(figure.definition))

    out.heading(titles["cbs"])
    out.para(cbs_intro())
    out.table(cbs_rows(content), [6.2, 2.4, 3.0, 5.4], numeric=(2,))
    if content.published:
        out.heading(titles["published"], 2)
        out.para(published_intro(content))
        out.table(published_rows(content), [5.8, 3.4, 2.6, 1.6, 3.6], numeric=(2,))
        for line in published_sources(content):
            out.para(line)
    return out.bytes()
