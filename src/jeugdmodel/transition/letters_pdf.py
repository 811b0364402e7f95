"""A letter as a tagged PDF (decision 0074).

reportlab draws the page; every heading and paragraph is drawn inside a marked-content
sequence (``/H1 <</MCID n>> BDC … EMC``) and the page number is an artifact. pypdf then
adds what reportlab does not write: the structure tree (Document → H1/H2/P, each pointing
at its marked content), the parent tree, ``/MarkInfo``, the page's ``/StructParents`` and
``/Tabs``, and ``/DisplayDocTitle``. The font is embedded (Bitstream Vera), so the text
can be read back exactly, accents included.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape  # nosec B406

import reportlab
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.lib import colors
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from .letters import Block

LANG = "nl-NL"
#: Bitstream Vera, shipped with reportlab, embedded in the PDF (the council report uses the
#: same files; registered here too, because transition sits below reports).
FONT, FONT_BOLD = "JmLetterVera", "JmLetterVera-Bold"


def _fonts_register() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "VeraBd.ttf")))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)


_fonts_register()
_BASE = ParagraphStyle("jm-letter", fontName=FONT, fontSize=11, leading=16, spaceAfter=8)
STYLES = {
    "H1": ParagraphStyle(
        "jm-letter-h1", parent=_BASE, fontName=FONT_BOLD, fontSize=15, leading=20, spaceAfter=10
    ),
    "H2": ParagraphStyle(
        "jm-letter-h2", parent=_BASE, fontName=FONT_BOLD, fontSize=12, leading=17, spaceAfter=4
    ),
    "P": _BASE,
}
MARGIN = 25 * mm
BOTTOM = 25 * mm


def _draw(blocks: Sequence[Block], title: str) -> tuple[bytes, list[list[str]]]:
    """The untagged-tree PDF and, per page, the tag of each marked-content id (0, 1, …)."""
    buffer = BytesIO()
    # The initial font is the embedded one: no unembedded Helvetica in the page resources.
    canvas = Canvas(buffer, pagesize=A4, lang=LANG, pageCompression=1, initialFontName=FONT)
    canvas.setTitle(title)
    canvas.setAuthor("Jeugdmodel")
    canvas.setCreator("Jeugdmodel")
    width, height = A4
    pages: list[list[str]] = [[]]
    y = height - MARGIN

    def page_number() -> None:
        canvas.addLiteral("/Artifact <</Type /Pagination>> BDC")
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.HexColor("#595959"))
        canvas.drawRightString(width - MARGIN, 12 * mm, f"{canvas.getPageNumber()}")
        canvas.addLiteral("EMC")

    for block in blocks:
        style = STYLES[block.tag]
        paragraph = Paragraph(escape(block.text), style)
        _w, h = paragraph.wrap(width - 2 * MARGIN, height - MARGIN - BOTTOM)
        if y - h < BOTTOM and pages[-1]:
            page_number()
            canvas.showPage()
            pages.append([])
            y = height - MARGIN
        mcid = len(pages[-1])
        pages[-1].append(block.tag)
        canvas.addLiteral(f"/{block.tag} <</MCID {mcid}>> BDC")
        paragraph.drawOn(canvas, MARGIN, y - h)
        canvas.addLiteral("EMC")
        y -= h + style.spaceAfter
    page_number()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue(), pages


def _tag(raw: bytes, pages: list[list[str]], title: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(BytesIO(raw)))
    tree = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
    tree_ref = writer._add_object(tree)
    document = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructElem"),
            NameObject("/S"): NameObject("/Document"),
            NameObject("/P"): tree_ref,
            NameObject("/Lang"): TextStringObject(LANG),
        }
    )
    document_ref = writer._add_object(document)
    kids = ArrayObject()
    nums = ArrayObject()
    for index, (page, tags) in enumerate(zip(writer.pages, pages, strict=True)):
        page[NameObject("/StructParents")] = NumberObject(index)
        page[NameObject("/Tabs")] = NameObject("/S")
        on_page = ArrayObject()
        for mcid, tag in enumerate(tags):
            element = DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/StructElem"),
                    NameObject("/S"): NameObject(f"/{tag}"),
                    NameObject("/P"): document_ref,
                    NameObject("/Pg"): page.indirect_reference,
                    NameObject("/K"): NumberObject(mcid),
                }
            )
            ref = writer._add_object(element)
            kids.append(ref)
            on_page.append(ref)
        nums.append(NumberObject(index))
        nums.append(writer._add_object(on_page))
    document[NameObject("/K")] = kids
    tree[NameObject("/K")] = ArrayObject([document_ref])
    tree[NameObject("/ParentTree")] = writer._add_object(
        DictionaryObject({NameObject("/Nums"): nums})
    )
    tree[NameObject("/ParentTreeNextKey")] = NumberObject(len(pages))
    root = writer._root_object
    root[NameObject("/StructTreeRoot")] = tree_ref
    root[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    root[NameObject("/Lang")] = TextStringObject(LANG)
    root[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )
    writer.add_metadata({"/Title": title, "/Author": "Jeugdmodel"})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def letter_pdf(blocks: Sequence[Block], *, title: str) -> bytes:
    """One letter as tagged PDF bytes."""
    raw, pages = _draw(blocks, title)
    return _tag(raw, pages, title)
