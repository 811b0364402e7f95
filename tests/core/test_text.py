"""The normaliser every matched name and identifier goes through (core/text.py)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from jeugdmodel.core.text import normalise_digits, normalise_identifier, normalise_text

# Text with the characters that make trouble: format characters, other scripts' digits,
# fullwidth forms, odd whitespace and combining marks.
_TRICKY = st.sampled_from(
    list("\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u202e\u00a0\u3000\t\n\u0301\u0308")
    + list("１２３０٣٤۵߁१১")
    + ["ﬁ", "Å", "ǅ", "①", "²", "\ufdfa"]
)
_TEXT = st.lists(st.one_of(st.characters(), _TRICKY), max_size=40).map("".join)


def _no_format_characters(value: str) -> bool:
    return all(unicodedata.category(ch) != "Cf" for ch in value)


@given(_TEXT)
def test_normalise_text_is_idempotent_and_has_no_format_characters(value: str) -> None:
    once = normalise_text(value)
    assert normalise_text(once) == once
    assert _no_format_characters(once)
    assert once == once.strip()
    assert "  " not in once


@given(_TEXT)
def test_normalise_identifier_is_idempotent_with_ascii_digits_only(value: str) -> None:
    once = normalise_identifier(value)
    assert normalise_identifier(once) == once
    assert _no_format_characters(once)
    assert all(ch in "0123456789" for ch in once if ch.isdecimal())


@given(_TEXT)
def test_normalise_digits_gives_ascii_digits(value: str) -> None:
    digits = normalise_digits(value)
    assert digits == "" or (digits.isascii() and digits.isdigit())
    assert normalise_digits(digits) == digits


def test_examples() -> None:
    assert normalise_digits("１１１２２２３３３") == "111222333"
    assert normalise_digits("111.222.333") == "111222333"
    assert normalise_text("  Ja\u200bn\u00a0 de\tVries ") == "Jan de Vries"
    assert normalise_identifier("３１１２\u200bab") == "3112ab"
    assert normalise_text("e\u200d\u0301") == "é"
    assert normalise_text(None) == ""
