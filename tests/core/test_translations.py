"""The English translation is complete, and the committed .mo is the compiled .po.

bin/i18n updates the .po from the code and compiles the .mo with polib
(bin/compile_messages.py); both files are committed, so running Jeugdmodel needs no
gettext tools. These tests fail when someone adds Dutch UI text without translating it,
or edits the .po without compiling it.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.utils import translation

LOCALE_DIR = Path(__file__).resolve().parents[2] / "src" / "jeugdmodel" / "locale"
PO_PATH = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    assert PO_PATH.is_file(), f"{PO_PATH} ontbreekt: draai bin/i18n"
    return polib.pofile(str(PO_PATH))


def test_english_catalogue_has_no_empty_translations(catalogue: polib.POFile) -> None:
    empty = [entry.msgid for entry in catalogue.untranslated_entries()]
    assert not empty, "Nog niet vertaald naar het Engels (vul msgstr in django.po):\n" + "\n".join(
        empty
    )


def test_english_catalogue_has_no_fuzzy_translations(catalogue: polib.POFile) -> None:
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not fuzzy, "Fuzzy vertalingen (controleer en haal '#, fuzzy' weg):\n" + "\n".join(fuzzy)
    assert not catalogue.metadata_is_fuzzy, "De kop van django.po is nog fuzzy: draai bin/i18n"


def test_plural_translations_are_complete(catalogue: polib.POFile) -> None:
    incomplete = [
        entry.msgid
        for entry in catalogue
        if entry.msgid_plural and not entry.obsolete and not all(entry.msgstr_plural.values())
    ]
    assert not incomplete, "Onvolledige meervoudsvormen:\n" + "\n".join(incomplete)


def test_committed_mo_is_compiled_from_po(catalogue: polib.POFile) -> None:
    assert MO_PATH.is_file(), f"{MO_PATH} ontbreekt: draai bin/i18n"
    assert MO_PATH.read_bytes() == catalogue.to_binary(), (
        "django.mo loopt achter op django.po: draai bin/i18n "
        "(of uv run python bin/compile_messages.py) en commit beide bestanden"
    )


def test_django_uses_the_english_catalogue() -> None:
    with translation.override("en"):
        assert translation.gettext("Naar de inhoud") == "Skip to content"
    with translation.override("nl"):
        assert translation.gettext("Naar de inhoud") == "Naar de inhoud"
