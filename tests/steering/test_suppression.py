"""Cell suppression: examples, an independent brute-force attacker, determinism.

The brute-force attacker below shares no code with ``jeugdmodel.steering.suppression``
beyond the ``Mark`` names: it derives the equations from the 2-D layout itself, sets the
bounds itself and searches integer assignments exhaustively (no linear programming).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from jeugdmodel.steering import suppression
from jeugdmodel.steering.suppression import (
    THRESHOLD,
    Constraint,
    Mark,
    Suppressed,
    SuppressedTable,
    SuppressionError,
    _Checker,
    _suppress,
    _System,
    clear_suppress_cache,
    rate_visible,
    recoverable_cells,
    suppress,
    suppress_table,
    table_constraints,
)

P, S, X = Mark.PRIMARY, Mark.SHOWN, Mark.SECONDARY

# --- the independent attacker -----------------------------------------------------------

# An equation: coefficient per cell index, sum(coefficient * value) == 0.
Equation = dict[int, int]
Domains = dict[int, tuple[int, int]]


def layout_equations(
    n_rows: int, n_cols: int, identities: Sequence[tuple[int, tuple[int, ...]]]
) -> list[Equation]:
    """Total row = sum of the rows above; each identity in every row."""
    equations: list[Equation] = []
    if n_rows > 1:
        last = n_rows - 1
        for c in range(n_cols):
            equation = {last * n_cols + c: 1}
            equation.update({r * n_cols + c: -1 for r in range(last)})
            equations.append(equation)
    for r in range(n_rows):
        for col_total, parts in identities:
            equation = {r * n_cols + col_total: 1}
            equation.update({r * n_cols + c: -1 for c in parts})
            equations.append(equation)
    return equations


def attacker_domains(
    values: Sequence[int], marks: Sequence[Mark], equations: Sequence[Equation]
) -> Domains:
    """What the attacker knows of each suppressed cell, as an integer interval.

    PRIMARY: [0, 4]. SECONDARY: [5, the smallest published total it is a part of]. A
    SECONDARY cell that is part of no published total has no upper bound for the attacker;
    here it gets the sum of the whole table, which is at least its true value. Capping
    can only hide alternatives, never invent them, so a cell that still has two possible
    values under the cap has them for the real attacker too.
    """
    cap = sum(values)
    domains: Domains = {}
    for i, mark in enumerate(marks):
        if mark is P:
            domains[i] = (0, THRESHOLD - 1)
        elif mark is X:
            totals = [
                values[t]
                for eq in equations
                for t, coefficient in eq.items()
                if coefficient == 1 and marks[t] is S and eq.get(i) == -1
            ]
            domains[i] = (THRESHOLD, min([cap, *totals]))
    return domains


def solution_exists(domains: Domains, equations: Sequence[tuple[Equation, int]]) -> bool:
    """Is there an integer assignment within ``domains`` satisfying every
    ``sum(coefficient * x) == rhs``? Exhaustive: narrow the intervals by what each
    equation allows, then try every value of the cell with the fewest possibilities."""
    domains = dict(domains)
    changed = True
    while changed:
        changed = False
        for coefficients, rhs in equations:
            for k, ck in coefficients.items():
                rest = [(cj, domains[j]) for j, cj in coefficients.items() if j != k]
                low_rest = sum(min(cj * lo, cj * hi) for cj, (lo, hi) in rest)
                high_rest = sum(max(cj * lo, cj * hi) for cj, (lo, hi) in rest)
                # ck * x_k == rhs - rest, ck is +1 or -1
                low, high = sorted((ck * (rhs - high_rest), ck * (rhs - low_rest)))
                new = (max(domains[k][0], low), min(domains[k][1], high))
                if new[0] > new[1]:
                    return False
                if new != domains[k]:
                    domains[k] = new
                    changed = True
    free = [k for k, (lo, hi) in domains.items() if lo < hi]
    if not free:
        return all(
            sum(c * domains[k][0] for k, c in coefficients.items()) == rhs
            for coefficients, rhs in equations
        )
    k = min(free, key=lambda i: (domains[i][1] - domains[i][0], i))
    return any(
        solution_exists({**domains, k: (v, v)}, equations)
        for v in range(domains[k][0], domains[k][1] + 1)
    )


def brute_force_pinned(
    values: Sequence[int], marks: Sequence[Mark], equations: Sequence[Equation]
) -> set[int]:
    """Suppressed cells for which no integer assignment gives another value."""
    domains = attacker_domains(values, marks, equations)
    reduced: list[tuple[Equation, int]] = []
    for eq in equations:
        unknown = {i: c for i, c in eq.items() if i in domains}
        rhs = -sum(c * values[i] for i, c in eq.items() if i not in domains)
        if unknown:
            reduced.append((unknown, rhs))
        else:
            assert rhs == 0  # a fully published equation holds
    pinned = set()
    for cell, (lo, hi) in domains.items():
        truth = values[cell]
        below = lo <= truth - 1 and solution_exists({**domains, cell: (lo, truth - 1)}, reduced)
        above = not below and (
            truth + 1 <= hi and solution_exists({**domains, cell: (truth + 1, hi)}, reduced)
        )
        if not (below or above):
            pinned.add(cell)
    return pinned


# --- random tables ----------------------------------------------------------------------


@st.composite
def tables(
    draw: st.DrawFn,
) -> tuple[list[list[int]], tuple[tuple[int, tuple[int, ...]], ...]]:
    """1-6 rows of 1-4 counts (0-30), optionally an identity column in front (the sum of
    some of the others), and a total row."""
    n_rows = draw(st.integers(1, 6))
    n_parts = draw(st.integers(1, 4))
    rows = [[draw(st.integers(0, 30)) for _ in range(n_parts)] for _ in range(n_rows)]
    identities: tuple[tuple[int, tuple[int, ...]], ...] = ()
    if draw(st.booleans()):
        parts = sorted(
            draw(st.lists(st.integers(0, n_parts - 1), min_size=1, max_size=3, unique=True))
        )
        rows = [[sum(row[c] for c in parts), *row] for row in rows]
        identities = ((0, tuple(c + 1 for c in parts)),)
    rows.append([sum(column) for column in zip(*rows, strict=True)])
    return rows, identities


def flat(rows: Sequence[Sequence[int]]) -> list[int]:
    return [value for row in rows for value in row]


# --- examples ---------------------------------------------------------------------------


def test_a_single_small_cell_shows_as_below_five() -> None:
    result = suppress([3, 12], [])

    assert result.marks == (P, S)
    assert [result.display(i) for i in range(2)] == ["<5", "12"]
    assert [result.published(i) for i in range(2)] == [None, 12]


def test_one_small_part_of_a_row_gets_a_secondary_part_not_the_total() -> None:
    # 20 = 3 + 17 + 0 would give the 3 back; the 17 (a part) is hidden, not the 20.
    result = suppress([20, 3, 17], [Constraint(total=0, parts=(1, 2))])

    assert result.marks == (S, P, X)
    assert [result.display(i) for i in range(3)] == ["20", "<5", "×"]
    assert result.published(2) is None
    assert result.secondary_count == 1


def test_the_smallest_part_is_hidden_first() -> None:
    result = suppress([50, 2, 30, 18], [Constraint(total=0, parts=(1, 2, 3))])

    assert result.marks == (S, P, S, X)


def test_two_small_parts_protect_each_other() -> None:
    # 6 = a + b with a, b in [0, 4]: a is anything from 2 to 4.
    result = suppress([6, 3, 3], [Constraint(total=0, parts=(1, 2))])

    assert result.marks == (S, P, P)


def test_bounds_alone_can_give_small_cells_away() -> None:
    # 8 = a + b with a, b in [0, 4] leaves only 4 + 4: the total must go.
    constraints = [Constraint(total=0, parts=(1, 2))]
    assert recoverable_cells([8, 4, 4], [S, P, P], constraints) == {1, 2}

    result = suppress([8, 4, 4], constraints)

    assert result.marks == (X, P, P)
    assert recoverable_cells(result.values, result.marks, constraints) == set()


def test_a_secondary_cell_is_capped_by_its_published_total() -> None:
    # 5 = a + b, a in [0, 4], b >= 5 and b <= 5: both are pinned.
    assert recoverable_cells([5, 0, 5], [S, P, X], [Constraint(total=0, parts=(1, 2))]) == {
        1,
        2,
    }


def test_identity_columns_in_a_table() -> None:
    # in_care = basis + specialist, per municipality, with a total row.
    rows = [
        [20, 17, 3],
        [30, 22, 8],
        [12, 6, 6],
        [62, 45, 17],
    ]

    table = suppress_table(rows, total_row=True, identities=[(0, (1, 2))])

    assert table.display_rows() == [
        ["20", "×", "<5"],
        ["30", "22", "8"],
        ["12", "×", "×"],
        ["62", "45", "17"],
    ]
    assert table.mark(0, 2) is P
    assert table.published(2, 1) is None
    assert table.published(3, 0) == 62
    constraints = table_constraints(4, 3, total_row=True, identities=[(0, (1, 2))])
    assert recoverable_cells(table.suppressed.values, table.suppressed.marks, constraints) == set()


def test_row_and_column_totals() -> None:
    # Last column is the row total, last row the column total.
    rows = [
        [2, 10, 9, 21],
        [7, 15, 6, 28],
        [8, 3, 11, 22],
        [17, 28, 26, 71],
    ]

    table = suppress_table(rows, total_row=True, identities=[(3, (0, 1, 2))])

    marks = table.suppressed.marks
    assert {i for i, v in enumerate(flat(rows)) if v < THRESHOLD} == {
        i for i, m in enumerate(marks) if m is P
    }
    assert table.display(3, 3) == "71"  # the grand total stays
    constraints = table_constraints(4, 4, total_row=True, identities=[(3, (0, 1, 2))])
    assert recoverable_cells(flat(rows), marks, constraints) == set()
    equations = layout_equations(4, 4, [(3, (0, 1, 2))])
    assert brute_force_pinned(flat(rows), marks, equations) == set()


@pytest.mark.parametrize(
    ("rows", "identities"),
    [
        ([[0]], ()),
        ([[0, 0], [0, 0], [0, 0]], ()),
        ([[0, 0, 0], [0, 0, 0], [0, 0, 0]], [(0, (1, 2))]),
        ([[0, 0, 0]] * 5, [(0, (1,)), (2, (0,))]),
    ],
)
def test_all_zero_tables_terminate_with_everything_below_five(
    rows: list[list[int]], identities: list[tuple[int, tuple[int, ...]]]
) -> None:
    table = suppress_table(rows, total_row=True, identities=identities)

    assert all(cell == "<5" for row in table.display_rows() for cell in row)


def test_table_geometry() -> None:
    table = suppress_table([[10, 20], [30, 40], [40, 60]], total_row=True)

    assert isinstance(table, SuppressedTable)
    assert (table.n_rows, table.n_cols) == (3, 2)
    assert table.index(1, 1) == 3
    assert table.display_rows() == [["10", "20"], ["30", "40"], ["40", "60"]]
    with pytest.raises(IndexError):
        table.index(3, 0)


def test_table_constraints_layout() -> None:
    assert table_constraints(3, 2, total_row=True, identities=[(0, (1,))]) == [
        Constraint(total=4, parts=(0, 2)),
        Constraint(total=5, parts=(1, 3)),
        Constraint(total=0, parts=(1,)),
        Constraint(total=2, parts=(3,)),
        Constraint(total=4, parts=(5,)),
    ]


# --- refusals -----------------------------------------------------------------------


def test_values_that_break_a_constraint_are_refused() -> None:
    with pytest.raises(SuppressionError, match="does not hold"):
        suppress([20, 3, 16], [Constraint(total=0, parts=(1, 2))])


def test_a_wrong_total_row_is_refused() -> None:
    with pytest.raises(SuppressionError, match="does not hold"):
        suppress_table([[5, 6], [7, 8], [12, 15]], total_row=True)


def test_negative_counts_are_refused() -> None:
    with pytest.raises(SuppressionError, match="negative"):
        suppress([-1], [])


@pytest.mark.parametrize(
    ("identities", "message"),
    [
        ([(0, ())], "no parts"),
        ([(0, (3,))], "outside"),
        ([(0, (0, 1))], "repeats"),
    ],
)
def test_bad_identities_are_refused(
    identities: list[tuple[int, tuple[int, ...]]], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        suppress_table([[5, 5], [5, 5]], total_row=False, identities=identities)


def test_ragged_rows_are_refused() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        suppress_table([[5, 5], [5]], total_row=False)


def test_marks_that_contradict_the_values_are_refused() -> None:
    with pytest.raises(SuppressionError, match="PRIMARY"):
        recoverable_cells([7], [P], [])
    with pytest.raises(SuppressionError, match="< 5"):
        recoverable_cells([3], [S], [])


def test_a_cell_the_constraints_alone_pin_cannot_be_protected() -> None:
    # a == b and a == b + c make c zero whatever is hidden.
    constraints = [Constraint(total=0, parts=(1,)), Constraint(total=0, parts=(1, 2))]

    with pytest.raises(SuppressionError, match="constraints alone pin"):
        suppress([7, 7, 0], constraints)


# --- rates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numerator_mark", "denominator_mark", "numerator", "denominator", "visible"),
    [
        (S, S, 30, 120, True),
        (S, S, 115, 120, True),  # complement 5
        (S, S, 117, 120, False),  # 97.5% points at 3 children
        (S, S, 120, 120, False),  # 100%: nobody outside the group, as "0" would
        (P, S, 3, 120, False),  # 2.5% of a shown 120 gives the 3 back
        (X, S, 30, 120, False),
        (S, X, 30, 120, False),
        (P, P, 0, 0, False),
        (S, S, 3, 10, False),  # marks not from suppress: the count still counts
    ],
)
def test_rate_visible(
    numerator_mark: Mark, denominator_mark: Mark, numerator: int, denominator: int, visible: bool
) -> None:
    assert rate_visible(numerator_mark, denominator_mark, numerator, denominator) is visible


def test_rate_of_more_than_the_whole_is_refused() -> None:
    with pytest.raises(ValueError, match="not a share"):
        rate_visible(S, S, 12, 10)


# --- properties ---------------------------------------------------------------------


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(tables())
def test_no_suppressed_cell_can_be_recovered(
    table: tuple[list[list[int]], tuple[tuple[int, tuple[int, ...]], ...]],
) -> None:
    rows, identities = table
    n_rows, n_cols = len(rows), len(rows[0])

    result = suppress_table(rows, total_row=True, identities=identities).suppressed

    values = flat(rows)
    hidden = [i for i, mark in enumerate(result.marks) if mark is not S]
    assume(len(hidden) <= 8)
    for i, (value, mark) in enumerate(zip(values, result.marks, strict=True)):
        if value < THRESHOLD:
            assert mark is P
            assert result.display(i) == "<5"
        elif mark is S:
            assert result.display(i) == str(value)
            assert result.published(i) == value
        else:
            assert mark is X
            assert result.published(i) is None
    equations = layout_equations(n_rows, n_cols, identities)
    assert brute_force_pinned(values, result.marks, equations) == set()


@settings(max_examples=200, deadline=None)
@given(tables(), st.data())
def test_the_checker_agrees_with_brute_force(
    table: tuple[list[list[int]], tuple[tuple[int, tuple[int, ...]], ...]],
    data: st.DataObject,
) -> None:
    """Any marks, not only those ``suppress`` chooses: LP bounds and exhaustive search
    find the same recoverable cells (the tables have integral LP relaxations)."""
    rows, identities = table
    n_rows, n_cols = len(rows), len(rows[0])
    values = flat(rows)
    large = [i for i, v in enumerate(values) if v >= THRESHOLD]
    hidden = set(data.draw(st.lists(st.sampled_from(large), max_size=5))) if large else set()
    marks = [P if v < THRESHOLD else X if i in hidden else S for i, v in enumerate(values)]
    assume(sum(m is not S for m in marks) <= 8)
    constraints = table_constraints(n_rows, n_cols, total_row=True, identities=identities)

    lp = recoverable_cells(values, marks, constraints, certificates=False)
    fast = recoverable_cells(values, marks, constraints)

    assert lp == brute_force_pinned(values, marks, layout_equations(n_rows, n_cols, identities))
    assert fast == lp


# --- determinism --------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(tables())
def test_suppress_is_deterministic(
    table: tuple[list[list[int]], tuple[tuple[int, tuple[int, ...]], ...]],
) -> None:
    rows, identities = table
    first = suppress_table(rows, total_row=True, identities=identities)
    clear_suppress_cache()
    again = suppress_table([list(row) for row in rows], total_row=True, identities=identities)

    assert first == again


def test_suppress_is_deterministic_on_a_known_table() -> None:
    rows = [[r * 7 % 31 + (r % 3), (r * 11) % 9, (r * 5) % 23] for r in range(12)]
    rows = [[a + b, a, b, c] for a, b, c in rows]
    rows.append([sum(column) for column in zip(*rows, strict=True)])

    results = set()
    for _ in range(3):
        clear_suppress_cache()
        results.add(suppress_table(rows, total_row=True, identities=[(0, (1, 2))]).suppressed)

    assert len(results) == 1
    (result,) = results
    assert isinstance(result, Suppressed)
    assert result.secondary_count > 0


# --- certificates: the checker without the LP ---------------------------------------------
#
# ``recoverable_cells`` and ``suppress`` settle most cells with certificates instead of the
# LP (see ``_Checker``). These tests hold them against the LP alone (``certificates=False``)
# on tables too large for the brute-force attacker, including constraint structures the
# dashboard does not make today (a whole in several identities, coefficients of 2).

Identities = tuple[tuple[int, tuple[int, ...]], ...]


@st.composite
def wide_tables(draw: st.DrawFn) -> tuple[list[list[int]], Identities]:
    """2-8 rows plus a total row; per group a whole column with 1-3 shares ``(part,
    whole - part)`` (a whole in several identities when more than one) or one identity
    with 3 parts; then 0-2 plain columns. Many small counts."""
    n_rows = draw(st.integers(2, 8))
    small = draw(st.sampled_from([20, 40, 60]))  # percent below 5, roughly

    def count() -> int:
        return draw(st.integers(0, 4) if draw(st.integers(0, 99)) < small else st.integers(5, 40))

    columns: list[list[int]] = []
    identities: list[tuple[int, tuple[int, ...]]] = []
    for _group in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            parts = [[count() for _ in range(n_rows)] for _ in range(3)]
            whole = len(columns)
            columns.append([sum(values) for values in zip(*parts, strict=True)])
            identities.append((whole, (whole + 1, whole + 2, whole + 3)))
            columns.extend(parts)
        else:
            first, rest = (
                [count() for _ in range(n_rows)],
                [count() for _ in range(n_rows)],
            )
            whole_values = [a + b for a, b in zip(first, rest, strict=True)]
            whole = len(columns)
            columns += [whole_values, first, rest]
            identities.append((whole, (whole + 1, whole + 2)))
            for _share in range(draw(st.integers(0, 2))):
                part = [draw(st.integers(0, w)) for w in whole_values]
                identities.append((whole, (len(columns), len(columns) + 1)))
                columns += [part, [w - p for w, p in zip(whole_values, part, strict=True)]]
    for _plain in range(draw(st.integers(0, 2))):
        columns.append([count() for _ in range(n_rows)])
    rows = [list(row) for row in zip(*columns, strict=True)]
    rows.append([sum(column) for column in columns])
    return rows, tuple(identities)


@settings(max_examples=60, deadline=None)
@given(wide_tables(), st.data())
def test_certificates_agree_with_the_lp(
    table: tuple[list[list[int]], Identities], data: st.DataObject
) -> None:
    """Any marks: with certificates the checker finds exactly the cells the LP finds."""
    rows, identities = table
    values = flat(rows)
    large = [i for i, v in enumerate(values) if v >= THRESHOLD]
    share = data.draw(st.sampled_from([0.0, 0.1, 0.3]))
    hidden = {i for i in large if data.draw(st.floats(0, 1)) < share}
    marks = [P if v < THRESHOLD else X if i in hidden else S for i, v in enumerate(values)]
    constraints = table_constraints(len(rows), len(rows[0]), total_row=True, identities=identities)

    assert recoverable_cells(values, marks, constraints) == recoverable_cells(
        values, marks, constraints, certificates=False
    )


@settings(max_examples=25, deadline=None)
@given(wide_tables())
def test_suppress_with_certificates_chooses_what_the_lp_would(
    table: tuple[list[list[int]], Identities],
) -> None:
    """The certificates change how fast ``suppress`` decides, not what it decides: the same
    marks as with the LP deciding every cell in every round, and nothing recoverable."""
    rows, identities = table
    values = flat(rows)
    constraints = table_constraints(len(rows), len(rows[0]), total_row=True, identities=identities)

    fast = _suppress(values, constraints)

    assert fast == _suppress(values, constraints, certificates=False)
    assert recoverable_cells(values, fast.marks, constraints, certificates=False) == set()


@st.composite
def raw_systems(draw: st.DrawFn) -> tuple[list[int], list[Constraint]]:
    """Constraints that are not a table: free cells, then cells that are the sum of a few
    earlier cells, a cell sometimes twice (coefficient 2) or the total also among them."""
    values = [draw(st.integers(0, 12)) for _ in range(draw(st.integers(2, 7)))]
    constraints = []
    for _ in range(draw(st.integers(1, 6))):
        parts = draw(st.lists(st.integers(0, len(values) - 1), min_size=1, max_size=4))
        constraints.append(Constraint(total=len(values), parts=tuple(parts)))
        values.append(sum(values[i] for i in parts))
        if draw(st.integers(0, 4)) == 0:  # x == x + y + ...: the others are zero
            zeros = [i for i, v in enumerate(values) if v == 0]
            if zeros:
                extra = tuple(draw(st.lists(st.sampled_from(zeros), max_size=2)))
                constraints.append(
                    Constraint(total=len(values) - 1, parts=(len(values) - 1, *extra))
                )
    return values, constraints


@settings(max_examples=150, deadline=None)
@given(raw_systems(), st.data())
def test_certificates_agree_with_the_lp_beyond_tables(
    system: tuple[list[int], list[Constraint]], data: st.DataObject
) -> None:
    values, constraints = system
    marks = [P if v < THRESHOLD else data.draw(st.sampled_from([S, S, X])) for v in values]

    assert recoverable_cells(values, marks, constraints) == recoverable_cells(
        values, marks, constraints, certificates=False
    )


def dashboard_table(seed: int) -> tuple[list[list[int]], list[tuple[int, tuple[int, ...]]]]:
    """29 districts and a total; four (whole, part, whole - part) column triples; about
    40% of the counts below 5 (see bench/suppression.py)."""
    rng = random.Random(seed)

    def count() -> int:
        return rng.randint(0, 4) if rng.random() < 0.5 else rng.randint(5, 60)

    rows = []
    for _ in range(29):
        row: list[int] = []
        for _triple in range(4):
            part, rest = count(), count()
            row += [part + rest, part, rest]
        rows.append(row)
    rows.append([sum(column) for column in zip(*rows, strict=True)])
    return rows, [(3 * t, (3 * t + 1, 3 * t + 2)) for t in range(4)]


@pytest.mark.parametrize("seed", [1, 2])
def test_a_dashboard_table_needs_no_lp(monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    rows, identities = dashboard_table(seed)
    calls = []

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return linprog(*args, **kwargs)

    linprog = suppression.linprog
    monkeypatch.setattr(suppression, "linprog", counted)
    clear_suppress_cache()

    table = suppress_table(rows, total_row=True, identities=identities)

    assert calls == []
    monkeypatch.undo()
    constraints = table_constraints(len(rows), len(rows[0]), total_row=True, identities=identities)
    marks = table.suppressed.marks
    assert marks.count(P) > 100
    assert recoverable_cells(flat(rows), marks, constraints, certificates=False) == set()


def test_a_move_is_checked_exactly() -> None:
    # 10 = a + b and 10 = c + d, a + c = 7 and b + d = 13 (a 2x2 table with totals):
    # a, b, c, d = 3, 7, 4, 6 hidden; a and c "<5", b and d "×".
    values = [3, 7, 10, 4, 6, 10, 7, 13, 20]
    constraints = table_constraints(3, 3, total_row=True, identities=[(2, (0, 1))])
    marks = [P, X, S, P, X, S, S, S, S]
    checker = _Checker(values, constraints)
    system = _System(checker, marks, set())

    assert system.is_move({0: 1, 1: -1, 3: -1, 4: 1})  # 4 7-1 | 3 6+1
    assert not system.is_move({0: 1, 1: -1, 3: -1})  # the column a + c no longer adds up
    assert not system.is_move({0: 2, 1: -2, 3: -2, 4: 2})  # a = 5 is no "<5"
    assert not system.is_move({0: -1, 1: 1, 3: 1, 4: -1, 2: 0})  # 0: not a move of cell 2
    assert not system.is_move({0: 1, 1: -1, 6: -1, 7: 1})  # cells 6, 7 are published
    move = system.find_move(0, 1)
    assert move is not None
    assert system.is_move(move)
    assert recoverable_cells(values, marks, constraints) == set()


def test_bounds_that_pin_are_found_without_the_lp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(suppression, "linprog", None)  # any LP call fails

    assert recoverable_cells([8, 4, 4], [S, P, P], [Constraint(total=0, parts=(1, 2))]) == {1, 2}
    assert recoverable_cells([10, 5, 5], [S, X, X], [Constraint(total=0, parts=(1, 2))]) == {
        1,
        2,
    }
    assert recoverable_cells([9, 4, 5], [S, P, X], [Constraint(total=0, parts=(1, 2))]) == set()
    listed = [Constraint(total=0, parts=[1, 2])]  # type: ignore[arg-type]
    assert recoverable_cells([8, 4, 4], [S, P, P], listed) == {1, 2}


def test_safe_cells_are_forgotten_when_cells_are_published_again() -> None:
    """Within ``suppress`` cells only get hidden, and a safe cell stays safe; a checker
    asked about fewer hidden cells than before starts afresh."""
    values = [3, 7, 10, 4, 6, 10, 7, 13, 20]  # the 2x2 table above
    constraints = table_constraints(3, 3, total_row=True, identities=[(2, (0, 1))])
    more = [P, X, S, P, X, S, S, S, S]
    fewer = [P, S, S, P, X, S, S, S, S]
    checker = _Checker(values, constraints)

    assert checker.recoverable(more) == set()
    pinned = recoverable_cells(values, fewer, constraints, certificates=False)
    assert pinned == {0, 3, 4}
    assert checker.recoverable(fewer) == pinned


def test_suppress_keeps_its_results() -> None:
    clear_suppress_cache()
    values, constraints = [20, 3, 17], [Constraint(total=0, parts=(1, 2))]

    first = suppress(values, constraints)

    assert suppress(list(values), list(constraints)) is first
    listed = [Constraint(total=0, parts=[1, 2])]  # type: ignore[arg-type]
    assert suppress(values, listed) is first
    clear_suppress_cache()
    assert suppress(values, constraints) == first
