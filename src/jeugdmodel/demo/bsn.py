"""Fake citizen service numbers (BSN) that pass the elfproef, for synthetic people only.

Demo BSNs start with 9 so they are recognisable; validity is checked with python-stdnum."""

from __future__ import annotations

import random

from stdnum.nl import bsn as stdnum_bsn


def fake_bsn(rng: random.Random) -> str:
    """A 9-digit number beginning with 9 that passes the elfproef."""
    while True:
        digits = [9] + [rng.randrange(10) for _ in range(7)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last <= 9:
            candidate = "".join(map(str, [*digits, last]))
            if stdnum_bsn.is_valid(candidate):
                return candidate
