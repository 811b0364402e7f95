"""The cell-key method (steering/cellkey.py, decision 0045): consistent, unbiased, never
1 or 2, and from any set of views no small count can be pinned down."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jeugdmodel.steering.cellkey import DEFAULT, KEYS, PTable, cell_key, record_key

TABLES = [DEFAULT, PTable(max_change=4, variance=2.0, small=4)]


@pytest.mark.parametrize("table", TABLES)
def test_every_row_is_unbiased_and_never_publishes_a_small_value(table: PTable) -> None:
    for count in range(0, 80):
        dist = table.distribution(count)
        assert sum(dist.values()) == pytest.approx(1.0, abs=1e-12)
        assert sum(v * p for v, p in dist.items()) == pytest.approx(count, abs=1e-6)
        assert all(table.allowed(v) for v in dist)
        # The support is exactly what the attacker model assumes.
        assert table.support(count) == {
            v for v in range(0, count + table.max_change + 1) if table.could_be(v, count)
        }
        # All but the one-key tail lies within ±max_change (or is 0 for small counts).
        near = sum(
            p
            for v, p in dist.items()
            if abs(v - count) <= table.max_change
            or (v == 0 and count <= table.small + table.max_change)
        )
        assert near > 1 - (count + 1) / KEYS * 2


@given(count=st.integers(0, 300), key=st.integers(0, KEYS - 1))
def test_the_published_value_is_in_the_support(count: int, key: int) -> None:
    published = DEFAULT.perturb(count, key)
    assert DEFAULT.could_be(published, count)
    assert DEFAULT.perturb(count, key) == published  # the same cell, the same value


def test_far_counts_move_by_the_bell_and_variance() -> None:
    dist = DEFAULT.distribution(1000)
    variance = sum((v - 1000) ** 2 * p for v, p in dist.items())
    assert variance == pytest.approx(DEFAULT.variance, rel=1e-3)


def test_a_table_that_cannot_keep_its_mean_is_refused() -> None:
    with pytest.raises(ValueError, match="max_change"):
        PTable(max_change=3, variance=1.0, small=4)
    with pytest.raises(ValueError, match="variance"):
        PTable(max_change=2, variance=5.0, small=2)


def test_record_keys_need_the_secret_and_cell_keys_add_up() -> None:
    assert record_key(7, b"a") == record_key(7, b"a")
    assert record_key(7, b"a") != record_key(7, b"b")
    keys = [record_key(i, b"s") for i in range(10)]
    assert all(0 <= k < KEYS for k in keys)
    assert cell_key(keys) == (cell_key(keys[:4]) + cell_key(keys[4:])) % KEYS


# -- the cross-view property ---------------------------------------------------------------
#
# A world of 2 × 2 finest cells (municipality × sex). A user may open every view:
# each finest cell, each municipality, each sex, and the total (the tables by
# municipality, by sex, a municipality cut by sex). Every view is published with the
# cell-key method. The attacker knows the perturbation table (it is public) but not the
# record keys. An assignment of true counts to the finest cells is *consistent* when
# every published value could come from it. A small count (0 … 4) of any view is
# recovered when all consistent assignments give it the same value.

CELLS = 4
VIEWS: list[tuple[int, ...]] = [
    (0,), (1,), (2,), (3,),  # municipality A: m, v; municipality B: m, v
    (0, 1), (2, 3),  # per municipality
    (0, 2), (1, 3),  # per sex
    (0, 1, 2, 3),  # total
]  # fmt: skip


def _published(
    table: PTable, counts: list[int], keys: list[list[int]]
) -> dict[tuple[int, ...], int]:
    out = {}
    for view in VIEWS:
        count = sum(counts[c] for c in view)
        key = cell_key(k for c in view for k in keys[c])
        out[view] = table.perturb(count, key)
    return out


@settings(max_examples=150, deadline=None)
@given(
    counts=st.lists(st.integers(0, 6), min_size=CELLS, max_size=CELLS),
    seed=st.integers(0, 2**32),
    table=st.sampled_from(TABLES),
)
def test_no_small_count_can_be_recovered_from_any_set_of_views(
    counts: list[int], seed: int, table: PTable
) -> None:
    keys = [
        [record_key(seed * 1000 + c * 100 + i, b"secret") for i in range(n)]
        for c, n in enumerate(counts)
    ]
    published = _published(table, counts, keys)
    top = max(counts) + table.max_change + 2
    possible: dict[tuple[int, ...], set[int]] = {view: set() for view in VIEWS}
    for guess in itertools.product(range(top), repeat=CELLS):
        sums = {view: sum(guess[c] for c in view) for view in VIEWS}
        if all(table.could_be(published[view], sums[view]) for view in VIEWS):
            for view in VIEWS:
                possible[view].add(sums[view])
    for view in VIEWS:
        true = sum(counts[c] for c in view)
        assert true in possible[view]  # the truth is always consistent
        if true <= 4:
            assert len(possible[view]) >= 2, (view, true, published)


def test_subtracting_two_views_does_not_give_the_small_group() -> None:
    """The attack that per-table suppression allowed: a municipality total (55) minus the
    same municipality without its youngest (52) leaves 3. Here both are published with
    their own key, so their difference is the 3 plus noise, and the noise of two
    different cells does not cancel."""
    secret = b"s"
    young = [record_key(i, secret) for i in range(3)]
    rest = [record_key(i, secret) for i in range(3, 55)]
    whole = DEFAULT.perturb(55, cell_key(young + rest))
    without = DEFAULT.perturb(52, cell_key(rest))
    differences = {
        a - b
        for a in DEFAULT.support(55)
        for b in DEFAULT.support(52)
        if abs(a - 55) <= 2 and abs(b - 52) <= 2
    }
    assert len(differences) > 1
    assert whole - without in differences
