"""Text from outside, made comparable before anything is matched on it.

Two strings that look the same to a person must compare equal in the database: a BSN typed
in fullwidth digits (１２３…) or a name with a zero-width space in it would otherwise be a
different value, so one child could become two people, or a request could miss the open
case of the child it is about. Every name and identifier that is matched on goes through
these functions at the edge (forms, API serializers, imports) and again in the services.

- `normalise_text`: Unicode NFKC, format characters (category Cf: zero-width space and
  joiners, direction marks, soft hyphen, BOM) removed, every run of whitespace one space,
  no whitespace at either end.
- `normalise_identifier`: the same, and every decimal digit of any script as an ASCII digit.
- `normalise_digits`: only the ASCII digits of an identifier (BSN, AGB code).

Each is idempotent: normalising a normalised value changes nothing."""

from __future__ import annotations

import unicodedata

#: Passes of the normalisation before it must have settled (in practice one or two: taking
#: out a format character can let NFKC compose the characters either side of it).
_MAX_PASSES = 5


def _without_format_characters(value: str) -> str:
    return "".join(ch for ch in value if unicodedata.category(ch) != "Cf")


def _ascii_digits(value: str) -> str:
    return "".join(
        str(unicodedata.decimal(ch)) if unicodedata.category(ch) == "Nd" else ch for ch in value
    )


def _settle(value: str, *, digits: bool) -> str:
    for _ in range(_MAX_PASSES):
        text = unicodedata.normalize("NFKC", _without_format_characters(value))
        text = _without_format_characters(text)
        if digits:
            text = _ascii_digits(text)
        text = " ".join(text.split())
        if text == value:
            return text
        value = text
    return value


def normalise_text(value: str | None) -> str:
    """A name or free text as it is compared and stored: NFKC, no format characters,
    whitespace collapsed and trimmed."""
    return _settle(value or "", digits=False)


def normalise_identifier(value: str | None) -> str:
    """An identifier (postcode, house number, reference): as `normalise_text`, with every
    decimal digit as an ASCII digit."""
    return _settle(value or "", digits=True)


def normalise_digits(value: str | None) -> str:
    """Only the ASCII digits of an identifier: '１２３ ４５６ ７８２' → '123456782'."""
    return "".join(ch for ch in normalise_identifier(value) if ch in "0123456789")
