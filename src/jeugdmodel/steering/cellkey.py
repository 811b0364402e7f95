"""The cell-key method: consistent perturbation of counts (docs/decisions/0045).

Statistics offices use it for census tables (ABS TableBuilder, the European census hub of
2021) for exactly the problem of tables a user can combine freely. Every child gets a
secret *record key*, a number in [0, KEYS). The *cell key* of a count is the sum of the
record keys of the children it counts, modulo KEYS: the same children give the same key,
whichever view, filter or cut the count appears in. The published value is the true
count plus a perturbation looked up in a *perturbation table* (`PTable`) by the count and
the cell key. So:

- **consistent**: the same cell always shows the same value (asking again, or in another
  view, gives nothing new);
- **unbiased**: for every true count the perturbation has mean 0, up to the rounding of
  the probabilities to whole keys and the one-key tail (a bias of count² × 2⁻⁴¹: below
  0.005 for a count of 100,000);
- **bounded in practice**: all but a vanishing share of the keys (KEYS⁻¹ per target,
  below 10⁻⁷ for any count under 100,000) move a count by at most `max_change`; a count
  of at most `small` + `max_change` may also be published as 0;
- **never 1 … `small`**: those values are not published; 0 stays 0 (no children, no key);
- **nothing is ever certain**: every allowed value from 0 up to count + `max_change`
  has at least one key, so a published value P only tells an attacker "the true count is
  at least P − `max_change`" (or nothing, for 0). Lower bounds alone never pin a count:
  adding a child to any cell keeps every such bound true, whatever set of views is
  combined. The property test in tests/steering/test_cellkey.py checks this by brute
  force over every assignment of small worlds.

Pure Python (and SciPy for the small table rows); nothing here touches the database.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

#: Record and cell keys are integers in [0, KEYS): 40 bits, so that the database can add
#: up the keys of 8 million cells in a signed 64-bit integer before the modulo (SQLite's
#: SUM has no wider type), and one key is 2⁻⁴⁰ ≈ 10⁻¹² of the probability.
KEY_BITS = 40
KEYS = 1 << KEY_BITS


def record_key(child_id: int, secret: bytes) -> int:
    """The record key of a child: HMAC-SHA256 of its id under a secret, 40 bits. Without
    the secret nobody can compute a cell key, so nobody can look up a perturbation."""
    digest = hmac.new(secret, str(child_id).encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:5], "big")


def cell_key(record_keys: Iterable[int]) -> int:
    """The cell key of a count: the sum of its children's record keys modulo KEYS. Keys of
    disjoint cells add up to the key of their union."""
    return sum(record_keys) % KEYS


@dataclass(frozen=True)
class PTable:
    """A perturbation table. Row `count` maps key ranges to published values.

    `small`: values 1 … small are never published. `max_change`: the perturbation of all
    but KEYS⁻¹ per value is within ±max_change. `variance`: the target variance of the
    perturbation of counts away from the small values."""

    max_change: int = 2
    variance: float = 1.0
    small: int = 2

    def __post_init__(self) -> None:
        if self.max_change < max(self.small, 1):
            # A count of 1 must be able to reach small + 1 to keep its mean.
            raise ValueError("max_change must be at least small (and at least 1)")
        if not 0 < self.variance < self.max_change**2:
            raise ValueError("the variance must lie between 0 and max_change²")

    def allowed(self, value: int) -> bool:
        return value == 0 or value > self.small

    def perturb(self, count: int, key: int) -> int:
        """The published value of a true `count` with cell key `key`."""
        if count < 0:
            raise ValueError(f"a count cannot be negative ({count})")
        if count == 0:
            return 0
        targets, bounds = _row(self, count)
        # Tail: one key per allowed value below the main window, at the top of the keys:
        # 0, then small + 1, small + 2, … (none when the window starts at 0).
        tail = _tail_length(self, count, targets)
        if key >= KEYS - tail:
            index = key - (KEYS - tail)
            return 0 if index == 0 else self.small + index
        return targets[bisect_right(bounds, key)]

    def support(self, count: int) -> frozenset[int]:
        """Every value a true `count` can be published as (for the attacker model)."""
        if count == 0:
            return frozenset({0})
        targets, _bounds = _row(self, count)
        return frozenset(targets) | frozenset(_tail(self, count))

    def could_be(self, published: int, count: int) -> bool:
        """May a true `count` be published as `published`? (Exactly `support`, in O(1).)"""
        if count == 0:
            return published == 0
        return self.allowed(published) and 0 <= published <= count + self.max_change

    def distribution(self, count: int) -> dict[int, float]:
        """Published value → probability, for a true `count` (documentation and tests)."""
        if count == 0:
            return {0: 1.0}
        targets, bounds = _row(self, count)
        tail = _tail(self, count)
        main = KEYS - len(tail)
        out: dict[int, float] = {}
        previous = 0
        for target, bound in zip(targets, [*bounds, main], strict=True):
            out[target] = out.get(target, 0.0) + (bound - previous) / KEYS
            previous = bound
        for target in tail:
            out[target] = out.get(target, 0.0) + 1 / KEYS
        return out


DEFAULT = PTable()


def _targets(table: PTable, count: int) -> list[int]:
    """The values of the main part of row `count`: the allowed values within
    ±max_change; when that window reaches the unpublished small values, from 0 on (a
    count of 3 can only keep mean 3 if it may also become 0)."""
    low = count - table.max_change
    start = 0 if low <= table.small else low
    return [v for v in range(start, count + table.max_change + 1) if table.allowed(v)]


def _tail(table: PTable, count: int) -> tuple[int, ...]:
    """The allowed values from 0 up to the main part: one key each (in key order)."""
    main = set(_targets(table, count))
    return tuple(
        v for v in range(0, count + table.max_change + 1) if table.allowed(v) and v not in main
    )


def _tail_length(table: PTable, count: int, targets: tuple[int, ...]) -> int:
    """len(_tail(table, count)) without building it: 0 and small + 1 … start − 1."""
    start = targets[0]
    return 0 if start == 0 else 1 + max(0, start - table.small - 1)


def _base(table: PTable) -> dict[int, float]:
    """The symmetric perturbation of counts far from the small values: a discretised
    bell on −D … D with the target variance (weights ∝ exp(−v²/2σ²), rescaled)."""
    d = table.max_change
    values = np.arange(-d, d + 1)
    # Find σ so that the variance of the discretised bell is `variance` (bisection).
    lo, hi = 1e-3, 100.0
    for _ in range(200):
        sigma = (lo + hi) / 2
        w = np.exp(-(values**2) / (2 * sigma**2))
        w /= w.sum()
        if float((w * values**2).sum()) < table.variance:
            lo = sigma
        else:
            hi = sigma
    return {int(v): float(p) for v, p in zip(values, w, strict=True)}


@functools.cache
def _row(table: PTable, count: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Row `count` of the main part: the allowed values within ±max_change and, for each,
    the upper end of its key range (cumulative, integers below KEYS − tail)."""
    d = table.max_change
    base = _base(table)
    targets = _targets(table, count)
    if targets == [count + v for v in range(-d, d + 1)]:
        probabilities = [base[t - count] for t in targets]
    else:
        probabilities = _solve(targets, count, base)
    main = KEYS - _tail_length(table, count, tuple(targets))
    bounds: list[int] = []
    running = 0.0
    for p in probabilities[:-1]:
        running += p
        bounds.append(min(main - 1, max(bounds[-1] + 1 if bounds else 1, round(running * main))))
    return tuple(targets), tuple(bounds)


def _solve(targets: list[int], count: int, base: dict[int, float]) -> list[float]:
    """Probabilities on `targets` with mean `count`, as close as possible (sum of
    absolute differences) to the base bell shifted to `count`, each at least 1%: every
    allowed value keeps some keys, so the support stays the whole window."""
    n = len(targets)
    wanted = np.array([base.get(t - count, 0.0) for t in targets])
    floor = 0.01
    # Variables: p (n), e (n) with e >= |p − wanted|. Minimise sum(e).
    c = np.concatenate([np.zeros(n), np.ones(n)])
    a_ub = np.block([[np.eye(n), -np.eye(n)], [-np.eye(n), -np.eye(n)]])
    b_ub = np.concatenate([wanted, -wanted])
    a_eq = np.vstack(
        [
            np.concatenate([np.ones(n), np.zeros(n)]),
            np.concatenate([np.array(targets, dtype=float), np.zeros(n)]),
        ]
    )
    b_eq = np.array([1.0, float(count)])
    bounds = [(floor, 1.0)] * n + [(0.0, None)] * n
    result = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    if not result.success:  # pragma: no cover - the window always allows mean `count`
        raise ValueError(f"no perturbation row for {count} on {targets}")
    return [float(p) for p in result.x[:n]]
