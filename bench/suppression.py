"""Cell suppression (``jeugdmodel.steering.suppression``) on dashboard-sized tables.

A dashboard page calls ``suppress_table`` about 18 times: one table per section and cut,
up to ~30 rows (districts or municipalities) plus a total row, and columns with the
identities ``selectors._columns`` makes for shares and differences: ``whole = part +
(whole - part)``. Districts are small, so many counts are below 5.

This builds such tables (deterministic per --seed): --rows rows plus a total row,
--triples column triples ``(w, p, w - p)`` with the identity ``w = p + (w - p)`` (with
--shares 2 or more, several shares of each whole, so a whole is in several identities)
and --plain columns without identities; per table the share of small counts is drawn
between --small-min and --small-max. Per table it prints the marks, the rounds of
``suppress``, the LP calls and the time of ``suppress_table``: the first call (wall and
CPU time) and the median of --repeat more, each without the module's result cache (its
layout cache, shared by tables of one shape, stays). Then the page total, and the page
once more with the result cache (a repeated request).

    bin/bench suppression [--tables 18] [--rows 29] [--triples 4] [--shares 1] [--plain 0]
                          [--small-min 0.2] [--small-max 0.6] [--repeat 3] [--seed 1]
    bin/bench suppression --check    # also check every result with the LP alone

Benchmarks never assert on time; they print.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from jeugdmodel.steering import suppression  # noqa: E402

Identities = list[tuple[int, tuple[int, ...]]]


def build_table(
    rng: random.Random, n_rows: int, triples: int, plain: int, small: float, shares: int = 1
) -> tuple[list[list[int]], Identities]:
    """``n_rows`` rows plus a total row; per triple the columns ``w, p, w-p`` (with
    ``shares`` > 1: ``w, p1, w-p1, p2, w-p2, ...``, several shares of one whole, so that
    ``w`` is in several identities), then ``plain`` columns without identities.

    A count is below 5 with probability about ``small`` (a part more often than a whole,
    as in the real tables: a whole is the sum of two parts), else 5..60.
    """

    def count(p_small: float) -> int:
        return rng.randint(0, 4) if rng.random() < p_small else rng.randint(5, 60)

    width = 1 + 2 * shares
    identities: Identities = [
        (width * t, (width * t + 2 * s + 1, width * t + 2 * s + 2))
        for t in range(triples)
        for s in range(shares)
    ]
    rows = []
    for _ in range(n_rows):
        row: list[int] = []
        for _t in range(triples):
            part, rest = count(min(1.0, small * 1.3)), count(min(1.0, small * 1.3))
            whole = part + rest
            row += [whole, part, rest]
            for _s in range(1, shares):
                other = rng.randint(0, whole)
                row += [other, whole - other]
        row += [count(small) for _ in range(plain)]
        rows.append(row)
    rows.append([sum(column) for column in zip(*rows, strict=True)])
    return rows, identities


class Counter:
    """Counts the calls of a module attribute (``linprog``, ``_Checker.recoverable``)."""

    def __init__(self) -> None:
        self.calls = 0  # since the last reset
        self.total = 0

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return fn(*args, **kwargs)

        return counted


def clear_cache() -> None:
    clear = getattr(suppression, "clear_suppress_cache", None)
    if clear is not None:
        clear()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tables", type=int, default=18)
    parser.add_argument("--rows", type=int, default=29)
    parser.add_argument("--triples", type=int, default=4)
    parser.add_argument("--shares", type=int, default=1, help="identities per whole column")
    parser.add_argument("--plain", type=int, default=0)
    parser.add_argument("--small-min", type=float, default=0.2)
    parser.add_argument("--small-max", type=float, default=0.6)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="check results with the LP alone")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    lp, rounds = Counter(), Counter()
    suppression.linprog = lp.wrap(suppression.linprog)
    checker = suppression._Checker
    checker.recoverable = rounds.wrap(checker.recoverable)  # type: ignore[method-assign]

    print(
        f"{'table':>5} {'shape':>7} {'<5':>4} {'<5 marks':>8} {'×':>4} {'rounds':>6} "
        f"{'LPs':>5} {'first':>9} {'(cpu)':>9} {'median':>9}"
    )
    tables = []
    firsts, cpus, medians = [], [], []
    for t in range(args.tables):
        small = rng.uniform(args.small_min, args.small_max)
        rows, identities = build_table(rng, args.rows, args.triples, args.plain, small, args.shares)
        tables.append((rows, identities))
        flat = [v for row in rows for v in row]
        clear_cache()
        lp.calls = rounds.calls = 0
        start, cpu_start = time.perf_counter(), time.process_time()
        table = suppression.suppress_table(rows, total_row=True, identities=identities)
        first, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        calls, n_rounds = lp.calls, rounds.calls
        samples = []
        for _ in range(args.repeat):
            clear_cache()
            start = time.perf_counter()
            again = suppression.suppress_table(rows, total_row=True, identities=identities)
            samples.append(time.perf_counter() - start)
            assert again == table, "suppress_table is not deterministic"
        marks = table.suppressed.marks
        median = statistics.median(samples) if samples else first
        firsts.append(first)
        cpus.append(cpu)
        medians.append(median)
        lp.total += calls
        print(
            f"{t:>5} {len(rows):>3}x{len(rows[0]):<3} "
            f"{sum(v < suppression.THRESHOLD for v in flat) / len(flat):>4.0%} "
            f"{sum(m is suppression.Mark.PRIMARY for m in marks):>8} "
            f"{table.suppressed.secondary_count:>4} {n_rounds:>6} {calls:>5} "
            f"{first * 1000:>7.1f}ms {cpu * 1000:>7.1f}ms {median * 1000:>7.1f}ms"
        )
        if args.check:
            constraints = suppression.table_constraints(
                len(rows), len(rows[0]), total_row=True, identities=identities
            )
            kwargs = {"certificates": False} if hasattr(suppression, "_System") else {}
            left = suppression.recoverable_cells(flat, marks, constraints, **kwargs)
            print(f"      LP alone: {'nothing recoverable' if not left else f'RECOVERABLE {left}'}")
    for rows, identities in tables:  # fill the result cache
        suppression.suppress_table(rows, total_row=True, identities=identities)
    start = time.perf_counter()
    for rows, identities in tables:
        suppression.suppress_table(rows, total_row=True, identities=identities)
    cached = time.perf_counter() - start
    print(
        f"\npage of {args.tables} tables: first calls {sum(firsts) * 1000:.1f}ms "
        f"(cpu {sum(cpus) * 1000:.1f}ms), medians {sum(medians) * 1000:.1f}ms, "
        f"{lp.total} LP calls; again from the result cache {cached * 1000:.1f}ms"
    )


if __name__ == "__main__":
    main()
