"""The report's font: Bitstream Vera, shipped with reportlab, embedded in the PDF (so the
file looks the same everywhere, and its text can be read back: € × – ≥ included)."""

from __future__ import annotations

from pathlib import Path

import reportlab
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT = "JmVera"
FONT_BOLD = "JmVera-Bold"
FONT_ITALIC = "JmVera-Italic"
FONT_BOLD_ITALIC = "JmVera-BoldItalic"

_DIR = Path(reportlab.__file__).parent / "fonts"
_FILES = {
    FONT: "Vera.ttf",
    FONT_BOLD: "VeraBd.ttf",
    FONT_ITALIC: "VeraIt.ttf",
    FONT_BOLD_ITALIC: "VeraBI.ttf",
}


def fonts_register() -> None:
    """Register the fonts once per process (reportlab keeps a global registry)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(_DIR / filename)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT_ITALIC)
    addMapping(FONT, 1, 1, FONT_BOLD_ITALIC)


fonts_register()
