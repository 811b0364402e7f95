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

The LP is the definition, but few cells need it: most are settled by a certificate that
is checked exactly and implies the LP's answer (``_Checker``): another integer assignment
that meets every constraint and bound and changes the cell ("not recoverable"), or
interval propagation that narrows the cell to its value ("recoverable"). The tests hold
the certificates against the LP alone and against an exhaustive search.

Pure Python and SciPy; nothing here touches the database.
"""

from __future__ import annotations

import functools
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

    The result depends only on ``values`` and ``constraints``, so the last
    ``_CACHE_SIZE`` results are kept (tables repeat between requests); see
    ``clear_suppress_cache``.
    """
    return _suppress_cached(tuple(int(v) for v in values), _hashable(constraints))


def _hashable(constraints: Iterable[Constraint]) -> tuple[Constraint, ...]:
    """The constraints as a tuple, with tuples of parts (a list would do elsewhere)."""
    return tuple(
        c if isinstance(c.parts, tuple) else Constraint(c.total, tuple(c.parts))
        for c in constraints
    )


# Results of ``suppress`` kept per (values, constraints); an entry of a dashboard table
# (30 x 12 cells and its constraints) takes some 20 kB.
_CACHE_SIZE = 128


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _suppress_cached(values: tuple[int, ...], constraints: tuple[Constraint, ...]) -> Suppressed:
    return _suppress(values, constraints)


def clear_suppress_cache() -> None:
    """Forget the results ``suppress`` keeps (for benchmarks and tests)."""
    _suppress_cached.cache_clear()


def _suppress(
    values: Sequence[int], constraints: Sequence[Constraint], *, certificates: bool = True
) -> Suppressed:
    """``suppress`` without the cache; ``certificates=False`` is the reference that decides
    every cell with linear programming in every round (see ``_Checker``)."""
    checker = _Checker(values, constraints, certificates=certificates)
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
        component_of = checker.component_numbers(marks)
        for cell in sorted(recoverable):
            group = component_of[cell]
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
    values: Sequence[int],
    marks: Sequence[Mark],
    constraints: Sequence[Constraint],
    *,
    certificates: bool = True,
) -> set[int]:
    """The suppressed cells an attacker can pin to exactly one integer (see module doc).

    For each suppressed cell, minimise and maximise it with linear programming subject to
    the constraints (shown cells as constants) and the bounds [0, 4] for PRIMARY and
    [5, smallest published total it is a part of] for SECONDARY cells; the cell is
    recoverable when ``ceil(min - 1e-9) == floor(max + 1e-9)``.

    The answer is that of the LP, but most cells skip it (``_Checker``): a cell that is the
    only suppressed cell of a constraint, or that interval propagation narrows to its
    value, is recoverable; a cell that an exactly checked integer *move* (another integer
    assignment that meets every constraint and bound) changes is not.
    ``certificates=False`` sends every other cell to the LP: the reference for the tests.
    """
    checker = _Checker(values, constraints, certificates=certificates)
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


@dataclass(frozen=True)
class _Layout:
    """What the checker needs to know of the constraints alone (see ``_layout``)."""

    # Per constraint its cells, total first, each once.
    constraint_cells: tuple[tuple[int, ...], ...]
    # Per constraint ``total - sum(parts)`` as (cell, coefficient), each cell once and
    # coefficient 0 left out.
    terms: tuple[tuple[tuple[int, int], ...], ...]
    # Per cell the constraints it is in; its (constraint, coefficient); the totals of the
    # constraints it is a part of (its caps when shown); how many it is the total of.
    cell_constraints: tuple[tuple[int, ...], ...]
    cell_terms: tuple[tuple[tuple[int, int], ...], ...]
    part_of: tuple[tuple[int, ...], ...]
    total_count: tuple[int, ...]


@functools.lru_cache(maxsize=32)
def _layout(constraints: tuple[Constraint, ...], n: int) -> _Layout:
    """The layout of ``n`` cells under ``constraints``; kept, as the tables of a page
    share a few layouts."""
    constraint_cells: list[tuple[int, ...]] = []
    terms: list[tuple[tuple[int, int], ...]] = []
    cell_constraints: list[list[int]] = [[] for _ in range(n)]
    cell_terms: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    part_of: list[list[int]] = [[] for _ in range(n)]
    total_count = [0] * n
    for ci, con in enumerate(constraints):
        coefficients = {con.total: 1}
        for i in con.parts:
            coefficients[i] = coefficients.get(i, 0) - 1
        if any(not 0 <= i < n for i in coefficients):
            raise SuppressionError(f"constraint {ci} names a cell outside 0..{n - 1}")
        constraint_cells.append(tuple(coefficients))
        terms.append(tuple((i, a) for i, a in coefficients.items() if a))
        for i in coefficients:
            cell_constraints[i].append(ci)
        for i, a in terms[-1]:
            cell_terms[i].append((ci, a))
        for i in dict.fromkeys(con.parts):
            part_of[i].append(con.total)
        total_count[con.total] += 1
    return _Layout(
        constraint_cells=tuple(constraint_cells),
        terms=tuple(terms),
        cell_constraints=tuple(tuple(cs) for cs in cell_constraints),
        cell_terms=tuple(tuple(ts) for ts in cell_terms),
        part_of=tuple(tuple(totals) for totals in part_of),
        total_count=tuple(total_count),
    )


@dataclass
class _Component:
    """Suppressed cells linked through constraints; its LP is independent of the rest."""

    cells: list[int]
    constraints: list[int]


class _Checker:
    """Values and constraints of one table, with what earlier rounds established.

    Within one ``suppress`` call the values and constraints never change, so a component
    (its cells with their marks) that was checked in an earlier round has the same answer.

    With ``certificates`` (the default) most cells are decided without the LP, each by a
    certificate that the LP would reach the same answer (see ``_System``):

    - *not recoverable*: an integer *move* is found and checked exactly: integers ``d`` on
      suppressed cells with ``sum(coefficient * d) == 0`` in every constraint and every
      ``values + d`` within the attacker's bounds, nonzero on the cell. ``values + d`` is
      then another assignment the attacker cannot rule out (a stronger fact than the LP's:
      an integer one), and the LP, whose feasible set contains it, finds the cell's range
      at least ``[v - 1, v]`` or ``[v, v + 1]`` wide;
    - *recoverable*: the cell is the only suppressed cell of a constraint, or interval
      propagation over the constraints and bounds (sound for every real point, the LP's
      optima included) narrows it to its true value.

    The remaining cells go to the LP, as before. A cell found not recoverable stays so
    while ``suppress`` hides more cells: every feasible point stays feasible (a newly
    hidden cell keeps its true value, which lies within its bounds) and bounds only widen
    (fewer published totals cap a SECONDARY cell). So those cells are remembered and not
    checked again as long as the marks only go from SHOWN to SECONDARY.
    ``certificates=False`` switches all of this off: the LP reference of the tests.
    """

    def __init__(
        self,
        values: Iterable[int],
        constraints: Iterable[Constraint],
        *,
        certificates: bool = True,
    ) -> None:
        self.values = tuple(int(v) for v in values)
        self.constraints = _hashable(constraints)
        self.certificates = certificates
        self._cache: dict[tuple[tuple[int, Mark], ...], frozenset[int]] = {}
        # Cells shown not to be recoverable, under ``_safe_marks`` or fewer hidden cells.
        self._safe: set[int] = set()
        self._safe_marks: tuple[Mark, ...] | None = None
        self._recoverable: set[int] = set()  # as of the last ``recoverable``
        self._lp_cache: dict[tuple[tuple[tuple[int, Mark], ...], tuple[int, ...]], set[int]] = {}
        n = len(self.values)
        if any(v < 0 for v in self.values):
            raise SuppressionError("counts cannot be negative")
        layout = _layout(self.constraints, n)
        for ci, con in enumerate(self.constraints):
            if sum(a * self.values[i] for i, a in layout.terms[ci]):
                raise SuppressionError(
                    f"constraint {ci} does not hold: cell {con.total} = "
                    f"{self.values[con.total]}, its parts sum to "
                    f"{sum(self.values[i] for i in con.parts)}"
                )
        self.constraint_cells = layout.constraint_cells
        self.cell_constraints = layout.cell_constraints
        self.total_count = layout.total_count
        self.terms = layout.terms
        self.cell_terms = layout.cell_terms
        self.part_of = layout.part_of
        self._small = tuple(v < THRESHOLD for v in self.values)

    # The attacker's knowledge ---------------------------------------------------------

    def bounds(self, cell: int, marks: Sequence[Mark]) -> tuple[int, int | None]:
        """The attacker's integer bounds for a suppressed cell (``None``: no upper bound)."""
        if marks[cell] is Mark.PRIMARY:
            return 0, THRESHOLD - 1
        caps = [self.values[total] for total in self.part_of[cell] if marks[total] is Mark.SHOWN]
        return THRESHOLD, min(caps) if caps else None

    def _check_marks(self, marks: Sequence[Mark]) -> None:
        primary = Mark.PRIMARY
        if all((mark is primary) is small for mark, small in zip(marks, self._small, strict=True)):
            return
        for i, (value, mark) in enumerate(zip(self.values, marks, strict=True)):
            if mark is Mark.PRIMARY and value >= THRESHOLD:
                raise SuppressionError(f"cell {i} is PRIMARY but {value} >= {THRESHOLD}")
            if mark is not Mark.PRIMARY and value < THRESHOLD:
                raise SuppressionError(f"cell {i} is {mark} but {value} < {THRESHOLD}")

    # Recoverability -------------------------------------------------------------------

    def recoverable(self, marks: Sequence[Mark]) -> set[int]:
        self._check_marks(marks)
        self._carry_over(marks)
        if self.certificates:
            return self._certified(marks)
        found: set[int] = set()
        for component in self._components(marks):
            key = tuple((i, marks[i]) for i in component.cells)
            if key not in self._cache:
                self._cache[key] = self._component_recoverable(component, marks)
            found |= self._cache[key]
        return found

    def component_numbers(self, marks: Sequence[Mark]) -> dict[int, int]:
        """Suppressed cell -> a number for its linked group (component)."""
        hidden = [mark is not Mark.SHOWN for mark in marks]
        parent = list(range(len(marks)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for all_cells in self.constraint_cells:
            first = -1
            for i in all_cells:
                if hidden[i]:
                    if first < 0:
                        first = root(i)
                    else:
                        parent[root(i)] = first
        return {i: root(i) for i, h in enumerate(hidden) if h}

    def _carry_over(self, marks: Sequence[Mark]) -> None:
        """Keep the safe cells if ``marks`` only hide more cells than when they were found
        safe (see the class doc); forget them otherwise."""
        previous = self._safe_marks
        self._safe_marks = tuple(marks)
        if previous is None or not self.certificates:
            self._safe = set()
            return
        for before, now in zip(previous, marks, strict=True):
            if before is not now and not (before is Mark.SHOWN and now is Mark.SECONDARY):
                self._safe = set()
                return

    def _components(self, marks: Sequence[Mark]) -> list[_Component]:
        """Union-find over suppressed cells that share a constraint."""
        parent = {i: i for i, mark in enumerate(marks) if mark is not Mark.SHOWN}

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        hidden = [mark is not Mark.SHOWN for mark in marks]
        constraint_cells: dict[int, list[int]] = {}
        for ci, all_cells in enumerate(self.constraint_cells):
            cells = [i for i in all_cells if hidden[i]]
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

    def _certified(self, marks: Sequence[Mark]) -> set[int]:
        """``recoverable`` with certificates: the LP only for what they leave. Only the
        cells not yet known to be safe are looked at, and only as far as needed."""
        system = _System(self, marks, self._safe)
        safe = self._safe
        undecided = [i for i, h in enumerate(system.hidden) if h and i not in safe]
        # Alone among published cells in a constraint: it is their difference. (A cell
        # once found safe cannot be alone anywhere, as hiding more keeps it safe.)
        recoverable = {
            cell
            for cell in undecided
            if any(len(system.row(ci)) == 1 for ci, _a in self.cell_terms[cell])
        }
        undecided = [cell for cell in undecided if cell not in recoverable]
        # Those found recoverable last time probably still are: pinned by the bounds
        # around them (8 = 4 + 4)? A search from a pinned cell is in vain.
        recoverable |= system.pinned_locally([c for c in undecided if c in self._recoverable])
        for cell in undecided:
            if cell in safe or cell in recoverable:
                continue
            for sign in (1, -1):
                move = system.find_move(cell, sign)
                if move is not None and move.get(cell) and system.is_move(move):
                    safe.update(move)
                    break
        undecided = [cell for cell in undecided if cell not in safe and cell not in recoverable]
        seen: set[int] = set()
        for cell in undecided:
            if cell in seen:
                continue
            component = self._component(cell, system.hidden)
            seen.update(component.cells)
            within = set(component.cells)
            here = [c for c in undecided if c in within and c not in safe]
            pinned = system.pinned(here, component.constraints)
            recoverable |= pinned
            here = [c for c in here if c not in pinned]
            if here:
                key = (tuple((i, marks[i]) for i in component.cells), tuple(here))
                if key not in self._lp_cache:
                    self._lp_cache[key] = self._lp_recoverable(component, marks, here)
                recoverable |= self._lp_cache[key]
        self._recoverable = recoverable
        return recoverable

    def _component(self, cell: int, hidden: Sequence[bool]) -> _Component:
        """The suppressed cells linked to ``cell`` through constraints, and their
        constraints, both in index order."""
        cells = {cell}
        constraints: set[int] = set()
        todo = [cell]
        while todo:
            for ci in self.cell_constraints[todo.pop()]:
                if ci not in constraints:
                    constraints.add(ci)
                    for i in self.constraint_cells[ci]:
                        if hidden[i] and i not in cells:
                            cells.add(i)
                            todo.append(i)
        return _Component(cells=sorted(cells), constraints=sorted(constraints))

    def _component_recoverable(
        self, component: _Component, marks: Sequence[Mark]
    ) -> frozenset[int]:
        """The recoverable cells of a component, every one decided by the LP except those
        alone among published cells in a constraint (the reference)."""
        recoverable: set[int] = set()
        for ci in component.constraints:
            row = [cell for cell, _a in self.terms[ci] if marks[cell] is not Mark.SHOWN]
            if len(row) == 1:  # alone among published cells: it is their difference
                recoverable.add(row[0])
        undecided = [cell for cell in component.cells if cell not in recoverable]
        return frozenset(recoverable | self._lp_recoverable(component, marks, undecided))

    def _lp_recoverable(
        self, component: _Component, marks: Sequence[Mark], undecided: list[int]
    ) -> set[int]:
        """The cells of ``undecided`` whose LP minimum and maximum round to one integer."""
        cells = component.cells
        position = {cell: k for k, cell in enumerate(cells)}
        # Per constraint: total - sum(parts) == rhs over the suppressed cells, the shown
        # cells moved to the right-hand side.
        matrix = np.zeros((len(component.constraints), len(cells)))
        rhs = np.zeros(len(component.constraints))
        for r, ci in enumerate(component.constraints):
            for i, a in self.terms[ci]:
                if i in position:
                    matrix[r, position[i]] = a
                else:
                    rhs[r] -= a * self.values[i]
        integer_bounds = [self.bounds(cell, marks) for cell in cells]
        bounds = [(float(lo), None if hi is None else float(hi)) for lo, hi in integer_bounds]
        truth = np.array([self.values[cell] for cell in cells], dtype=float)
        recoverable: set[int] = set()
        # A cell is safe once some feasible point puts it at another integer than its
        # true value (the true values are feasible too). Every LP solution is such a point
        # for many cells at once, which spares most of the LP calls.
        safe = np.zeros(len(cells), dtype=bool)

        def witness(point: np.ndarray) -> None:
            safe[np.abs(point - truth) >= 1 - _EPS] = True

        for cell in undecided:
            k = position[cell]
            if safe[k]:
                continue
            lower, upper = integer_bounds[k]
            # With certificates, a cell at its lower bound has that bound as its minimum
            # (the true values are feasible), and likewise at its upper bound.
            if self.certificates and self.values[cell] == lower:
                low_value = float(lower)
            else:
                low = self._optimise(matrix, rhs, bounds, k, sense=1.0)
                witness(low.point)
                if safe[k]:
                    continue
                low_value = low.value
            if self.certificates and self.values[cell] == upper:
                high_value = float(upper)
            else:
                high = self._optimise(matrix, rhs, bounds, k, sense=-1.0)
                if math.isinf(high.value):
                    safe[k] = True
                    continue  # no published total caps it
                witness(high.point)
                if safe[k]:
                    continue
                high_value = high.value
            if math.ceil(low_value - _EPS) == math.floor(high_value + _EPS):
                recoverable.add(cell)
            else:
                safe[k] = True
        if self.certificates:
            self._safe.update(cells[k] for k in np.flatnonzero(safe))
        return recoverable

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

    def lonely_constraints(self, cell: int, marks: Sequence[Mark]) -> list[int]:
        """The constraints in which ``cell`` is the only suppressed cell (each pins it)."""
        shown = Mark.SHOWN
        return [
            ci
            for ci in self.cell_constraints[cell]
            if all(i == cell or marks[i] is shown for i in self.constraint_cells[ci])
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
        shown = Mark.SHOWN
        unprotected = sum(
            1
            for ci in self.cell_constraints[cell]
            if all(marks[i] is shown for i in self.constraint_cells[ci])
        )
        return self.total_count[cell], unprotected, self.values[cell], cell


@dataclass(frozen=True)
class _Optimum:
    value: float
    point: np.ndarray


# --- certificates -------------------------------------------------------------------------


class _GiveUp(Exception):
    """The search for a move took too many steps; the LP decides."""


class _System:
    """The equations and bounds of one table under one set of marks, built as far as the
    certificates of ``_Checker`` need them (later rounds of ``suppress`` look at a few
    cells of a large table only).

    ``row(ci)`` lists the suppressed cells of constraint ``ci`` as ``(cell, coefficient)``
    with ``sum(coefficient * x) == rhs(ci)``. A *move* is a dict cell -> nonzero integer
    ``d`` on suppressed cells with ``sum(coefficient * d) == 0`` in every constraint and
    ``lower <= value + d <= upper`` on every cell it touches. ``find_move`` is a heuristic
    that may fail; ``is_move`` is the exact test a certificate of "not recoverable" rests
    on. ``pinned`` is the certificate of "recoverable".
    """

    # A search gives up after STEPS states, or when a move touches DEPTH cells; all
    # searches of a round together after ROUND_STEPS per suppressed cell. Then the LP
    # decides, as it would have done without certificates.
    STEPS = 100
    DEPTH = 60
    ROUND_STEPS = 20

    def __init__(self, checker: _Checker, marks: Sequence[Mark], settled: set[int]) -> None:
        self.values = checker.values
        self.terms = checker.terms
        self.cell_terms = checker.cell_terms
        self._checker = checker
        self._marks = marks
        self.hidden = [mark is not Mark.SHOWN for mark in marks]
        # Cells known not to be recoverable: a search prefers the others, so that one
        # move settles as many cells as it can.
        self.settled = settled
        self._rows: dict[int, list[tuple[int, int]]] = {}
        self._rhs: dict[int, int] = {}
        self._bounds: dict[int, tuple[int, int | None]] = {}
        self._room: dict[int, tuple[bool, bool]] = {}
        self.steps_left = self.ROUND_STEPS * sum(self.hidden) + 1000

    def row(self, ci: int) -> list[tuple[int, int]]:
        row = self._rows.get(ci)
        if row is None:
            row = []
            constant = 0
            for i, a in self.terms[ci]:
                if self.hidden[i]:
                    row.append((i, a))
                else:
                    constant += a * self.values[i]
            self._rows[ci] = row
            self._rhs[ci] = -constant
        return row

    def rhs(self, ci: int) -> int:
        self.row(ci)
        return self._rhs[ci]

    def bounds(self, cell: int) -> tuple[int, int | None]:
        bounds = self._bounds.get(cell)
        if bounds is None:
            bounds = self._bounds[cell] = self._checker.bounds(cell, self._marks)
        return bounds

    def room(self, cell: int) -> tuple[bool, bool]:
        """Can the cell go one down, one up from its true value within its bounds?"""
        room = self._room.get(cell)
        if room is None:
            lower, upper = self.bounds(cell)
            value = self.values[cell]
            room = self._room[cell] = (lower < value, upper is None or value < upper)
        return room

    def is_move(self, move: dict[int, int]) -> bool:
        """Is ``values + move`` another assignment that meets every constraint and bound?"""
        for cell, d in move.items():
            if d == 0 or not self.hidden[cell]:
                return False
            lower, upper = self.bounds(cell)
            value = self.values[cell] + d
            if value < lower or (upper is not None and value > upper):
                return False
        touched = {ci for cell in move for ci, _a in self.cell_terms[cell]}
        return all(sum(a * move.get(i, 0) for i, a in self.row(ci)) == 0 for ci in touched)

    def find_move(self, start: int, sign: int) -> dict[int, int] | None:
        """A move of +-1 per cell with ``sign`` on ``start``, or ``None``.

        Depth-first: change ``start``, then repeatedly take the constraint unbalanced
        last and change another of its cells to reduce the imbalance (first the cells
        that also reduce another unbalanced constraint, then those not yet settled), each
        cell at most once, until no constraint is unbalanced. In a table where every cell
        is in at most two constraints this walks a path until it closes a cycle; sets of
        unbalanced constraints found to lead nowhere are not tried again.
        """
        if not self.room(start)[sign > 0] or self.steps_left <= 0:
            return None
        cell_terms, room, row, settled = self.cell_terms, self.room, self.row, self.settled
        rooms = self._room
        move = {start: sign}
        unbalanced: dict[int, int] = {}  # constraint -> sum(a * d), insertion order = age

        def shift(k: int, d: int) -> None:
            for ci, a in cell_terms[k]:
                value = unbalanced.pop(ci, 0) + a * d
                if value:
                    unbalanced[ci] = value

        shift(start, sign)
        dead: set[frozenset[tuple[int, int]]] = set()
        steps = 0

        def extend() -> bool:
            nonlocal steps
            if not unbalanced:
                return True
            if len(move) >= self.DEPTH:
                return False
            state = frozenset(unbalanced.items())
            if state in dead:
                return False
            steps += 1
            if steps > self.STEPS:
                raise _GiveUp
            ci, need = next(reversed(unbalanced.items()))
            options: list[tuple[int, int, bool, int, int]] = []
            for k, a in row(ci):
                if k in move:
                    continue
                d = -1 if a * need > 0 else 1
                if abs(need + a * d) >= abs(need) or not (rooms.get(k) or room(k))[d > 0]:
                    continue
                terms = cell_terms[k]
                closes = 0
                for c2, a2 in terms:
                    other = unbalanced.get(c2)
                    if other and c2 != ci and other * a2 * d < 0:
                        closes += 1
                options.append((-closes, len(terms), k in settled, k, d))
            options.sort()
            for _closes, _count, _settled, k, d in options:
                move[k] = d
                shift(k, d)
                if extend():
                    return True
                shift(k, -d)
                del move[k]
            dead.add(state)
            return False

        try:
            return move if extend() else None
        except _GiveUp:
            return None
        finally:
            self.steps_left -= steps

    def pinned_locally(self, cells: Iterable[int]) -> set[int]:
        """Those of ``cells`` that one of their constraints with the bounds of its other
        cells pins to their true value (8 = 4 + 4 with both parts "<5"): ``pinned``
        with one look at each constraint of the cell, and the quick first try."""
        found = set()
        for cell in cells:
            low, high = self.bounds(cell)
            for ci, a in self.cell_terms[cell]:
                row = self.row(ci)
                if a not in (1, -1) or any(b not in (1, -1) for _i, b in row):
                    continue
                # a * x == rhs - sum(b * y) over the other cells y, each within bounds.
                least, most = 0, 0
                unbounded_below = unbounded_above = False
                for i, b in row:
                    if i == cell:
                        continue
                    lower, upper = self.bounds(i)
                    if b > 0:
                        least += lower
                        if upper is None:
                            unbounded_above = True
                        else:
                            most += upper
                    else:
                        most -= lower
                        if upper is None:
                            unbounded_below = True
                        else:
                            least -= upper
                rhs = self.rhs(ci)
                if a > 0:  # x == rhs - others
                    if not unbounded_below:
                        high = rhs - least if high is None else min(high, rhs - least)
                    if not unbounded_above:
                        low = max(low, rhs - most)
                else:  # x == others - rhs
                    if not unbounded_above:
                        high = most - rhs if high is None else min(high, most - rhs)
                    if not unbounded_below:
                        low = max(low, least - rhs)
            if low == high == self.values[cell]:
                found.add(cell)
        return found

    def pinned(self, cells: Sequence[int], constraints: Sequence[int]) -> set[int]:
        """Those of ``cells`` that the equations and bounds pin to their true value.

        Interval propagation, sound for real as well as integer points: from
        ``a_k * x_k == rhs - sum(a_j * x_j)`` with every ``x_j`` within its interval
        follows an interval for ``x_k``; narrow from the constraints of ``cells``
        outwards, then if need be by all ``constraints`` (their component), until nothing
        changes (or a step budget runs out). Every feasible point, the LP's optima
        included, lies within the narrowed intervals at any time, so a cell narrowed to
        one value has LP minimum == maximum: the LP finds it recoverable too. Only
        constraints with coefficients +-1 take part (then every interval end is an integer
        or infinite; leaving constraints out only widens the intervals).
        """
        low: dict[int, float] = {}
        high: dict[int, float] = {}
        usable = {ci: all(abs(a) == 1 for _i, a in self.row(ci)) for ci in constraints}

        def interval(cell: int) -> tuple[float, float]:
            if cell not in low:
                lower, upper = self.bounds(cell)
                low[cell], high[cell] = lower, math.inf if upper is None else upper
            return low[cell], high[cell]

        # From the constraints of ``cells`` outwards; then from all, if that was not enough.
        queue = {ci: None for cell in cells for ci, _a in self.cell_terms[cell] if usable[ci]}
        rest = {ci: None for ci in constraints if usable[ci]}
        budget = 5 * len(rest) + 50
        while budget > 0:
            if not queue:
                if not rest or all(interval(k)[0] == interval(k)[1] for k in cells):
                    break
                queue, rest = rest, {}
            budget -= 1
            ci = next(iter(queue))
            del queue[ci]
            row, rhs = self.row(ci), self.rhs(ci)
            # Each term a * x_k lies in [a * low, a * high] (ends swapped when a < 0); sum
            # the finite ends and count the infinite ones.
            terms = []
            for k, a in row:
                lo, hi = interval(k)
                terms.append((lo, hi) if a > 0 else (-hi, -lo))
            least = sum(t for t, _ in terms if math.isfinite(t))
            least_inf = sum(1 for t, _ in terms if not math.isfinite(t))
            most = sum(t for _, t in terms if math.isfinite(t))
            most_inf = sum(1 for _, t in terms if not math.isfinite(t))
            for (k, a), (term_least, term_most) in zip(row, terms, strict=True):
                # The other terms together lie in [others_least, others_most].
                if math.isfinite(term_least):
                    others_least = -math.inf if least_inf else least - term_least
                else:
                    others_least = -math.inf if least_inf > 1 else least
                if math.isfinite(term_most):
                    others_most = math.inf if most_inf else most - term_most
                else:
                    others_most = math.inf if most_inf > 1 else most
                # a * x_k == rhs - (the others)
                if a > 0:
                    new_low, new_high = rhs - others_most, rhs - others_least
                else:
                    new_low, new_high = others_least - rhs, others_most - rhs
                if new_low > low[k] or new_high < high[k]:
                    low[k], high[k] = max(low[k], new_low), min(high[k], new_high)
                    queue.update((c2, None) for c2, _a in self.cell_terms[k] if usable[c2])
        # The true values are feasible, so they lie within; checked all the same.
        return {k for k in cells if interval(k)[0] == interval(k)[1] == self.values[k]}
