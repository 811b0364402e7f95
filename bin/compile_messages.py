"""Compile the gettext catalogues of Jeugdmodel with polib (pure Python, no GNU gettext).

    uv run python bin/compile_messages.py

For every src/jeugdmodel/locale/<lang>/LC_MESSAGES/*.po: give a new catalogue a proper
header (makemessages marks it fuzzy), write the .mo next to it (fuzzy and untranslated
entries are left out, as msgfmt does), and list what still needs a translation. Exits 1
when anything is untranslated or fuzzy, so bin/i18n tells the developer at once.

tests/core/test_translations.py checks that the committed .mo equals polib's compilation
of the committed .po.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "src" / "jeugdmodel" / "locale"

HEADER = (
    "Translations of Jeugdmodel (source language: Dutch).\n"
    "This file is distributed under the same licence as Jeugdmodel (EUPL-1.2).\n"
    "Update with bin/i18n; translate every empty msgstr and remove every fuzzy flag."
)


def normalise_header(po: polib.POFile, language: str) -> bool:
    """Fill in the header makemessages leaves as a template. True when anything changed."""
    changed = False
    if po.metadata_is_fuzzy:
        po.metadata_is_fuzzy = False
        changed = True
    if po.header != HEADER:
        po.header = HEADER
        changed = True
    wanted = {
        "Project-Id-Version": "Jeugdmodel",
        "Report-Msgid-Bugs-To": "",
        "Last-Translator": "Jeugdmodel",
        "Language-Team": language,
        "Language": language,
    }
    if po.metadata.get("PO-Revision-Date", "").startswith("YEAR"):
        wanted["PO-Revision-Date"] = po.metadata.get("POT-Creation-Date", "")
    for key, value in wanted.items():
        if po.metadata.get(key) != value:
            po.metadata[key] = value
            changed = True
    return changed


def compile_catalogue(po_path: Path) -> list[str]:
    """Write the .mo for one .po; return the problems (untranslated or fuzzy msgids)."""
    language = po_path.parent.parent.name
    po = polib.pofile(str(po_path), wrapwidth=79)
    if normalise_header(po, language):
        po.save(str(po_path))
        po = polib.pofile(str(po_path), wrapwidth=79)
    po.save_as_mofile(str(po_path.with_suffix(".mo")))
    problems = [f"niet vertaald: {e.msgid!r}" for e in po.untranslated_entries()]
    problems += [f"fuzzy (controleren): {e.msgid!r}" for e in po.fuzzy_entries()]
    return problems


def main() -> int:
    catalogues = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
    if not catalogues:
        print(f"Geen .po-bestanden gevonden onder {LOCALE_DIR}.", file=sys.stderr)
        return 1
    status = 0
    for po_path in catalogues:
        problems = compile_catalogue(po_path)
        rel = po_path.relative_to(ROOT)
        print(f"{rel} → {rel.with_suffix('.mo')}")
        if problems:
            status = 1
            print(f"  {len(problems)} tekst(en) nog te vertalen in {rel}:", file=sys.stderr)
            for problem in problems:
                print(f"  - {problem}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
