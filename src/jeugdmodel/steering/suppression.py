"""Cell suppression for the aggregate tables municipalities see.

Every count below ``THRESHOLD`` (0, 1, 2, 3, 4) is shown as "<5" (primary suppression),
and no suppressed cell may be recoverable from what is published (secondary suppression).

A table is a flat list of cell values plus a list of ``Constraint`` objects, each saying
``values[total] == sum(values[parts])``: row totals, column totals, identities between
columns such as ``in_care = basis + specialist``. ``suppress`` decides per cell whether it
is shown, primary-suppressed or secondary-suppressed; ``suppress_table`` does the same
for a 2-D table with a total row and column identities.

The attacker (what ``recoverable_cells`` assumes): sees every shown value, knows every
constraint, knows that a PRIMARY cell is an integer in [0, 4] and that a SECONDARY cell is
an integer >= 5 and no larger than any published total it is a part of. A suppressed cell
is recoverable when these facts leave exactly one integer value for it. The checker finds
the smallest and largest value of each suppressed cell with linear programming (HiGHS via
SciPy, see ``docs/decisions/0020-scipy-for-suppression.md``).

Pure Python and SciPy; nothing here touches the database.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from scipy.optimize import linprog

THRESHOLD = 5

# Tolerance for reading LP bounds as integers: ceil(min - EPS) == floor(max + EPS).
_EPS = 1e-9


class SuppressionError(ValueError):
    """The table cannot be protected, or its values and constraints do not agree."""


@dataclass(frozen=True)
class Constraint:
    """``values[total] == sum(values[i] for i in parts)``: indices into the flat cell list."""

    total: int
    parts: tuple[int, ...]


class Mark(StrEnum):
    SHOWN = "shown"
    PRIMARY = "primary"  # value 0..4, displayed "<5"
    SECONDARY = "secondary"  # value >= 5 hidden to protect a primary cell, displayed "×"


_DISPLAY = {Mark.PRIMARY: f"<{THRESHOLD}", Mark.SECONDARY: "×"}


@dataclass(frozen=True)
class Suppressed:
    """The true values with a mark per cell. Publish only through ``display``/``published``."""

    values: tuple[int, ...]  # the true values (never publish these for non-SHOWN cells)
    marks: tuple[Mark, ...]

    def __post_init__(self) -> None:
        if len(self.values) != len(self.marks):
            raise ValueError("values and marks differ in length")

    def display(self, i: int) -> str:
        """The text to publish: "<5" when PRIMARY, "×" when SECONDARY, else the number."""
        return _DISPLAY.get(self.marks[i], str(self.values[i]))

    def published(self, i: int) -> int | None:
        """The value when shown, ``None`` when suppressed."""
        return self.values[i] if self.marks[i] is Mark.SHOWN else None

    @property
    def secondary_count(self) -> int:
        return sum(1 for mark in self.marks if mark is Mark.SECONDARY)


def suppress(values: Sequence[int], constraints: Sequence[Constraint]) -> Suppressed:
    """Mark small counts PRIMARY, then add SECONDARY cells until nothing is recoverable.

    Each round asks the checker which suppressed cells are recoverable:

    1. A constraint in which a recoverable cell is the only suppressed cell pins it by
       itself, so each such constraint gets one of its SHOWN cells as SECONDARY (cells in
       index order). If anything was marked, the next round starts.
    2. Otherwise the cells are pinned by bounds (8 = 4 + 4 with both parts "<5") or by
       several constraints together. The first recoverable cell of each linked group of
       suppressed cells gets one SECONDARY cell from one of its constraints: the one
       tried least often for this cell, so that a cell takes turns over its constraints.
       One per group, because one new cell often frees the whole group.

    Within a constraint the SHOWN cell chosen is the total of as few constraints as
    possible (a part rather than a total; a grand total last), then the one that is in the
    fewest constraints without any suppressed cell yet (so it is not pinned at once, and
    suppressions close up in rectangles), then the smallest value, then the lowest index.
    When a constraint has no SHOWN cell left, the search widens to the constraints
    reachable through suppressed cells.

    Every round marks at least one more cell, so this terminates; iteration is in index
    order throughout, so the result is deterministic. Raises ``SuppressionError`` when the
    values do not satisfy the constraints, a value is negative, or a cell stays
    recoverable with nothing left to suppress (the constraints alone pin it, as in
    ``a == b`` and ``a == b + c``, which make ``c`` zero).
    """
    checker = _Checker(values, constraints)
    marks = [Mark.PRIMARY if v < THRESHOLD else Mark.SHOWN for v in checker.values]
    attempts: dict[int, dict[int, int]] = {}  # cell -> constraint -> rounds widened there
    while recoverable := checker.recoverable(marks):
        marked = False
        for cell in sorted(recoverable):
            # Each constraint in which the cell is the only suppressed one pins it by
            # itself: it needs a second suppressed cell, whatever else happens.
            while lonely := checker.lonely_constraints(cell, marks):
                marks[checker.pick_secondary(lonely[:1], marks)] = Mark.SECONDARY
                marked = True
        if marked:
            continue  # see what is left before guessing further
        # Pinned by bounds (8 = 4 + 4 with both parts "<5") or by several constraints
        # together: one more cell per linked group, from the constraint of the cell that
        # was tried least often for it, so that the cells take turns over their constraints.
        done: set[int] = set()
        for cell in sorted(recoverable):
            group = checker.component_of[cell]
            if group in done:
                continue
            done.add(group)
            tried = attempts.setdefault(cell, {})
            within = checker.constraint_to_widen(cell, marks, tried)
            for ci in within:
                tried[ci] = tried.get(ci, 0) + 1
            marks[checker.pick_secondary(within, marks)] = Mark.SECONDARY
    return Suppressed(values=checker.values, marks=tuple(marks))


def recoverable_cells(
    values: Sequence[int], marks: Sequence[Mark], constraints: Sequence[Constraint]
) -> set[int]:
    """The suppressed cells an attacker can pin to exactly one integer (see module doc).

    For each suppressed cell, minimise and maximise it with linear programming subject to
    the constraints (shown cells as constants) and the bounds [0, 4] for PRIMARY and
    [5, smallest published total it is a part of] for SECONDARY cells; the cell is
    recoverable when ``ceil(min - 1e-9) == floor(max + 1e-9)``.
    """
    checker = _Checker(values, constraints)
    if len(marks) != len(checker.values):
        raise ValueError("values and marks differ in length")
    return checker.recoverable(list(marks))


# --- 2-D tables -------------------------------------------------------------------------


@dataclass(frozen=True)
class SuppressedTable:
    """A suppressed 2-D table: cell (row, col) is ``suppressed`` index ``row * n_cols + col``."""

    suppressed: Suppressed
    n_rows: int
    n_cols: int

    def index(self, row: int, col: int) -> int:
        if not (0 <= row < self.n_rows and 0 <= col < self.n_cols):
            raise IndexError(f"cell ({row}, {col}) outside a {self.n_rows}×{self.n_cols} table")
        return row * self.n_cols + col

    def mark(self, row: int, col: int) -> Mark:
        return self.suppressed.marks[self.index(row, col)]

    def display(self, row: int, col: int) -> str:
        return self.suppressed.display(self.index(row, col))

    def published(self, row: int, col: int) -> int | None:
        return self.suppressed.published(self.index(row, col))

    def display_rows(self) -> list[list[str]]:
        """The whole table as text, row by row, ready for a template or CSV."""
        return [[self.display(r, c) for c in range(self.n_cols)] for r in range(self.n_rows)]


def table_constraints(
    n_rows: int,
    n_cols: int,
    *,
    total_row: bool,
    identities: Sequence[tuple[int, tuple[int, ...]]] = (),
) -> list[Constraint]:
    """The constraints of a 2-D table laid out row by row (index ``row * n_cols + col``).

    With ``total_row`` the last row is the column sum of the rows above it. Each identity
    ``(col_total, (col_a, col_b, ...))`` says ``col_total == col_a + col_b + ...`` in every
    row, the total row included; a row total is the identity ``(total_col, other_cols)``.
    """
    for col_total, parts in identities:
        cols = (col_total, *parts)
        if not parts:
            raise ValueError(f"identity for column {col_total} has no parts")
        if any(not 0 <= c < n_cols for c in cols):
            raise ValueError(
                f"identity {col_total} = {parts} names a column outside 0..{n_cols - 1}"
            )
        if len(set(cols)) != len(cols):
            raise ValueError(f"identity {col_total} = {parts} repeats a column")
    if total_row and n_rows < 1:
        raise ValueError("a table with a total row needs at least that row")
    constraints: list[Constraint] = []
    if total_row and n_rows > 1:  # a total row with no rows above it has nothing to add up
        last = n_rows - 1
        constraints.extend(
            Constraint(total=last * n_cols + c, parts=tuple(r * n_cols + c for r in range(last)))
            for c in range(n_cols)
        )
    constraints.extend(
        Constraint(total=r * n_cols + col_total, parts=tuple(r * n_cols + c for c in parts))
        for r in range(n_rows)
        for col_total, parts in identities
    )
    return constraints


def suppress_table(
    rows: Sequence[Sequence[int]],
    *,
    total_row: bool,
    identities: Sequence[tuple[int, tuple[int, ...]]] = (),
) -> SuppressedTable:
    """Suppress a 2-D table of counts; see ``table_constraints`` for ``total_row`` and
    ``identities``. ``rows`` holds every row, the total row (last) included; the values
    must already satisfy the constraints (``SuppressionError`` otherwise).

    Example: columns (in_care, basis, specialist) with ``identities=[(0, (1, 2))]``.
    """
    n_rows = len(rows)
    n_cols = len(rows[0]) if rows else 0
    if any(len(row) != n_cols for row in rows):
        raise ValueError("rows differ in length")
    constraints = table_constraints(n_rows, n_cols, total_row=total_row, identities=identities)
    if total_row and n_rows == 1 and any(rows[0]):
        raise SuppressionError("the total row of a table without rows must be all zeros")
    flat = [value for row in rows for value in row]
    return SuppressedTable(suppressed=suppress(flat, constraints), n_rows=n_rows, n_cols=n_cols)


# --- rates --------------------------------------------------------------------------------


def rate_visible(
    numerator_mark: Mark, denominator_mark: Mark, numerator: int, denominator: int
) -> bool:
    """May a share ``numerator / denominator`` derived from two counts be published?

    Rule: only when

    1. neither count is suppressed (a share of a shown denominator gives the hidden
       numerator back, and vice versa; 0% or 100% gives a hidden one back even when both
       are hidden), and both are at least ``THRESHOLD`` (defensive, for marks that do not
       come from ``suppress``); and
    2. the complement ``denominator - numerator`` is at least ``THRESHOLD``. A share of
       97% points at a group of a few children just as the count "3" would. This includes
       a complement of 0: the tables suppress 0 as well ("<5"), because "nobody" or
       "everybody" in a group is a disclosure about each of its members, so 100% is hidden.

    The rule keeps a share from *adding* a disclosure. When both counts are shown, the
    complement can be computed from them anyway; if the complement is itself a
    meaningful group, put it in the table as a cell with its constraint, so ``suppress``
    protects it.
    """
    if not 0 <= numerator <= denominator:
        raise ValueError(f"{numerator} / {denominator} is not a share")
    return (
        numerator_mark is Mark.SHOWN
        and denominator_mark is Mark.SHOWN
        and numerator >= THRESHOLD
        and denominator >= THRESHOLD
        and denominator - numerator >= THRESHOLD
    )


# --- the checker ------------------------------------------------------------------------


@dataclass
class _Component:
    """Suppressed cells linked through constraints; its LP is independent of the rest."""

    cells: list[int]
    constraints: list[int]


class _Checker:
    """Values and constraints of one table, with a cache of component results.

    Within one ``suppress`` call the values and constraints never change, so a component
    (its cells with their marks) that was checked in an earlier round has the same answer.
    """

    def __init__(self, values: Iterable[int], constraints: Iterable[Constraint]) -> None:
        self.values = tuple(int(v) for v in values)
        self.constraints = tuple(constraints)
        self._cache: dict[tuple[tuple[int, Mark], ...], frozenset[int]] = {}
        # Suppressed cell -> number of its linked group, as of the last ``recoverable``.
        self.component_of: dict[int, int] = {}
        n = len(self.values)
        if any(v < 0 for v in self.values):
            raise SuppressionError("counts cannot be negative")
        per_cell: list[list[int]] = [[] for _ in range(n)]
        total_count = [0] * n
        for ci, con in enumerate(self.constraints):
            cells = (con.total, *con.parts)
            if any(not 0 <= i < n for i in cells):
                raise SuppressionError(f"constraint {ci} names a cell outside 0..{n - 1}")
            if self.values[con.total] != sum(self.values[i] for i in con.parts):
                raise SuppressionError(
                    f"constraint {ci} does not hold: cell {con.total} = "
                    f"{self.values[con.total]}, its parts sum to "
                    f"{sum(self.values[i] for i in con.parts)}"
                )
            total_count[con.total] += 1
            for i in dict.fromkeys(cells):
                per_cell[i].append(ci)
        self.cell_constraints = tuple(tuple(cs) for cs in per_cell)
        self.total_count = tuple(total_count)

    # The attacker's knowledge ---------------------------------------------------------

    def _bounds(self, cell: int, marks: Sequence[Mark]) -> tuple[float, float | None]:
        if marks[cell] is Mark.PRIMARY:
            return 0.0, float(THRESHOLD - 1)
        upper: float | None = None
        for ci in self.cell_constraints[cell]:
            con = self.constraints[ci]
            if marks[con.total] is Mark.SHOWN and cell in con.parts:
                total = float(self.values[con.total])
                upper = total if upper is None else min(upper, total)
        return float(THRESHOLD), upper

    def _check_marks(self, marks: Sequence[Mark]) -> None:
        for i, (value, mark) in enumerate(zip(self.values, marks, strict=True)):
            if mark is Mark.PRIMARY and value >= THRESHOLD:
                raise SuppressionError(f"cell {i} is PRIMARY but {value} >= {THRESHOLD}")
            if mark is not Mark.PRIMARY and value < THRESHOLD:
                raise SuppressionError(f"cell {i} is {mark} but {value} < {THRESHOLD}")

    # Recoverability -------------------------------------------------------------------

    def recoverable(self, marks: Sequence[Mark]) -> set[int]:
        self._check_marks(marks)
        found: set[int] = set()
        self.component_of = {}
        for number, component in enumerate(self._components(marks)):
            self.component_of.update(dict.fromkeys(component.cells, number))
            key = tuple((i, marks[i]) for i in component.cells)
            if key not in self._cache:
                self._cache[key] = self._component_recoverable(component, marks)
            found |= self._cache[key]
        return found

    def _components(self, marks: Sequence[Mark]) -> list[_Component]:
        """Union-find over suppressed cells that share a constraint."""
        parent = {i: i for i, mark in enumerate(marks) if mark is not Mark.SHOWN}

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        constraint_cells: dict[int, list[int]] = {}
        for ci, con in enumerate(self.constraints):
            cells = [i for i in dict.fromkeys((con.total, *con.parts)) if i in parent]
            if not cells:
                continue  # fully published: nothing to learn from it
            constraint_cells[ci] = cells
            first = root(cells[0])
            for other in cells[1:]:
                parent[root(other)] = first
        by_root: dict[int, _Component] = {}
        for i in parent:  # insertion order is index order
            by_root.setdefault(root(i), _Component(cells=[], constraints=[])).cells.append(i)
        for ci, cells in constraint_cells.items():
            by_root[root(cells[0])].constraints.append(ci)
        return list(by_root.values())

    def _component_recoverable(
        self, component: _Component, marks: Sequence[Mark]
    ) -> frozenset[int]:
        cells = component.cells
        position = {cell: k for k, cell in enumerate(cells)}
        matrix = np.zeros((len(component.constraints), len(cells)))
        rhs = np.zeros(len(component.constraints))
        recoverable: set[int] = set()
        for row, ci in enumerate(component.constraints):
            con = self.constraints[ci]
            # total - sum(parts) == 0, shown cells moved to the right-hand side.
            terms = [(con.total, 1.0)] + [(i, -1.0) for i in con.parts]
            for i, coefficient in terms:
                if i in position:
                    matrix[row, position[i]] += coefficient
                else:
                    rhs[row] -= coefficient * self.values[i]
            unknown = np.flatnonzero(matrix[row])
            if len(unknown) == 1:  # alone among published cells: it is their difference
                recoverable.add(cells[int(unknown[0])])
        bounds = [self._bounds(cell, marks) for cell in cells]
        truth = np.array([self.values[cell] for cell in cells], dtype=float)
        undecided = [k for k, cell in enumerate(cells) if cell not in recoverable]
        # A cell is safe once some feasible point puts it at another integer than its
        # true value (the true values are feasible too). Every LP solution is such a point
        # for many cells at once, which spares most of the LP calls.
        safe = np.zeros(len(cells), dtype=bool)

        def witness(point: np.ndarray) -> None:
            safe[np.abs(point - truth) >= 1 - _EPS] = True

        for k in undecided:
            if safe[k]:
                continue
            low = self._optimise(matrix, rhs, bounds, k, sense=1.0)
            witness(low.point)
            if safe[k]:
                continue
            high = self._optimise(matrix, rhs, bounds, k, sense=-1.0)
            if math.isinf(high.value):
                continue  # no published total caps it
            witness(high.point)
            if safe[k]:
                continue
            if math.ceil(low.value - _EPS) == math.floor(high.value + _EPS):
                recoverable.add(cells[k])
        return frozenset(recoverable)

    @staticmethod
    def _optimise(
        matrix: np.ndarray,
        rhs: np.ndarray,
        bounds: list[tuple[float, float | None]],
        k: int,
        *,
        sense: float,
    ) -> _Optimum:
        objective = np.zeros(matrix.shape[1])
        objective[k] = sense
        result = linprog(objective, A_eq=matrix, b_eq=rhs, bounds=bounds, method="highs")
        if result.status == 3:  # unbounded: the cell can grow without limit
            return _Optimum(value=math.inf * -sense, point=np.full(matrix.shape[1], np.nan))
        if result.status != 0:
            raise SuppressionError(f"the suppression check failed: {result.message}")
        point = np.asarray(result.x, dtype=float)
        return _Optimum(value=float(point[k]), point=point)

    # Choosing secondary cells ---------------------------------------------------------

    def _suppressed_in(self, ci: int, marks: Sequence[Mark]) -> list[int]:
        con = self.constraints[ci]
        return [i for i in dict.fromkeys((con.total, *con.parts)) if marks[i] is not Mark.SHOWN]

    def lonely_constraints(self, cell: int, marks: Sequence[Mark]) -> list[int]:
        """The constraints in which ``cell`` is the only suppressed cell (each pins it)."""
        return [
            ci for ci in self.cell_constraints[cell] if self._suppressed_in(ci, marks) == [cell]
        ]

    def constraint_to_widen(
        self, cell: int, marks: Sequence[Mark], tried: dict[int, int]
    ) -> list[int]:
        """The constraint of ``cell`` to take a secondary cell from: the one tried least
        often for this cell, then the one with the best candidate. All of the cell's
        constraints when none of them has a SHOWN cell (``pick_secondary`` widens)."""
        options = []
        for ci in self.cell_constraints[cell]:
            con = self.constraints[ci]
            shown = [i for i in (con.total, *con.parts) if marks[i] is Mark.SHOWN]
            if shown:
                best = min(self._preference(i, marks) for i in shown)
                options.append((tried.get(ci, 0), best, ci))
        if not options:
            return list(self.cell_constraints[cell])
        return [min(options)[2]]

    def pick_secondary(self, within: Sequence[int], marks: Sequence[Mark]) -> int:
        """The SHOWN cell of the constraints ``within`` to suppress next.

        Preference: the total of as few constraints as possible (a part rather than a
        total), then the fewest constraints without any suppressed cell (each of those
        would pin the new cell at once), then the smallest value, then the lowest index.
        Without a SHOWN cell in ``within``, widen to the constraints reachable through
        suppressed cells.
        """
        seen_constraints = set(within)
        frontier = sorted(seen_constraints)
        seen_cells: set[int] = set()
        while frontier:
            candidates: set[int] = set()
            next_cells: set[int] = set()
            for ci in frontier:
                con = self.constraints[ci]
                for i in (con.total, *con.parts):
                    if marks[i] is Mark.SHOWN:
                        candidates.add(i)
                    elif i not in seen_cells:
                        seen_cells.add(i)
                        next_cells.add(i)
            if candidates:
                return min(candidates, key=lambda i: self._preference(i, marks))
            frontier = sorted(
                {ci for i in next_cells for ci in self.cell_constraints[i]} - seen_constraints
            )
            seen_constraints.update(frontier)
        raise SuppressionError(
            f"cells {sorted(seen_cells)} stay recoverable with every linked cell suppressed: "
            "the constraints alone pin them"
        )

    def _preference(self, cell: int, marks: Sequence[Mark]) -> tuple[int, int, int, int]:
        unprotected = sum(
            1 for ci in self.cell_constraints[cell] if not self._suppressed_in(ci, marks)
        )
        return self.total_count[cell], unprotected, self.values[cell], cell


@dataclass(frozen=True)
class _Optimum:
    value: float
    point: np.ndarray
