"""Money arithmetic in whole euro cents: rounding, percentages, parsing euro amounts, and
sharing an amount out without losing or inventing a cent. Pure functions, no database."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

CENT = Decimal("0.01")
#: The largest amount the database can hold (``BigIntegerField``).
MAX_CENTS = 2**63 - 1


class MoneyFormatError(ValueError):
    pass


def euros_to_cents(value: object) -> int:
    """An amount in euros (``1234``, ``"1234.50"``, ``1234.5``) → whole cents.

    Refuses negative amounts, more than two decimals, amounts too large to store
    (``MAX_CENTS``), and anything that is not a number (a boolean is not a number here)."""
    if isinstance(value, bool) or value is None:
        raise MoneyFormatError(value)
    try:
        amount = Decimal(str(value).strip().replace("_", ""))
        # quantize raises InvalidOperation for a number too large for the context ("1e30").
        exact = amount.is_finite() and amount >= 0 and amount == amount.quantize(CENT)
    except (InvalidOperation, ValueError) as exc:
        raise MoneyFormatError(value) from exc
    if not exact or amount * 100 > MAX_CENTS:
        raise MoneyFormatError(value)
    return int(amount * 100)


def cents_to_euros(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def div_round(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded half up (both ≥ 0, denominator > 0)."""
    return (2 * numerator + denominator) // (2 * denominator)


def percent_of(cents: int, percent: Decimal) -> int:
    """``percent`` % of ``cents``, rounded half up to a whole cent."""
    return int((Decimal(cents) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def scale(cents: int, numerator: int, denominator: int) -> int:
    """``cents × numerator / denominator`` rounded half up (all ≥ 0, denominator > 0)."""
    return div_round(cents * numerator, denominator)


def share_percent(part: int, whole: int, places: int = 1) -> Decimal | None:
    """``part / whole`` as a percentage rounded half up to ``places`` decimals; None when
    ``whole`` is 0."""
    if whole <= 0:
        return None
    exponent = Decimal(1).scaleb(-places)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(exponent, rounding=ROUND_HALF_UP)


def allocate(total: int, weights: Mapping[K, int]) -> dict[K, int]:
    """Share ``total`` cents out in proportion to ``weights`` (largest remainder method).

    The parts always add up to exactly ``total``. Every key gets a share; a key with a
    larger remainder gets a left-over cent first, ties go to the key that comes first in
    ``weights``. When all weights are zero the total is shared out equally."""
    keys = list(weights)
    if not keys:
        return {}
    if total < 0 or any(w < 0 for w in weights.values()):
        raise ValueError("allocate needs a non-negative total and weights")
    basis = {k: weights[k] for k in keys}
    if sum(basis.values()) == 0:
        basis = dict.fromkeys(keys, 1)
    whole = sum(basis.values())
    parts = {k: total * basis[k] // whole for k in keys}
    remainders = {k: total * basis[k] % whole for k in keys}
    left = total - sum(parts.values())
    order = sorted(range(len(keys)), key=lambda i: (-remainders[keys[i]], i))
    for i in order[:left]:
        parts[keys[i]] += 1
    return parts


def elapsed_days(year: int, as_of: date) -> int:
    """Days of ``year`` up to and including ``as_of`` (0 before the year, all after it)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    if as_of < first:
        return 0
    return (min(as_of, last) - first).days + 1


def days_in_year(year: int) -> int:
    return (date(year, 12, 31) - date(year, 1, 1)).days + 1
