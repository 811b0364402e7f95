"""What the steering tables show now that counts are perturbed by their cell keys
(docs/decisions/0045, docs/figures.md "Kleine aantallen"): hand-built rows, no database.

The rules: a count shows `DEFAULT.perturb(count, key)`; 1 and 2 never appear; 0 stays 0;
the same count with the same key shows the same value wherever it sits; shares, rates,
medians and money come from perturbed counts only, shares and money from 10 perturbed
children."""

from __future__ import annotations

from collections import Counter

import pytest

from jeugdmodel.steering.cellkey import DEFAULT, KEYS
from jeugdmodel.steering.figures import BY_KEY
from jeugdmodel.steering.selectors import SHARE_MIN, Counts, _values, perturbed

KEYS_TO_TRY = [0, 1, KEYS // 7, KEYS // 3, KEYS // 2, KEYS - 3, KEYS - 2, KEYS - 1, 123456789]


def _row(figures: list[str], counts: Counts) -> dict[str, tuple[object, str, str]]:
    values = _values([BY_KEY[k] for k in figures], counts, None, Counts(), {})
    return {k: (v.raw, v.display, v.status) for k, v in values.items()}


def _key_showing(count: int, wanted: int) -> int:
    """A key under which `count` shows as `wanted` (searched in the main part of the row)."""
    for i in range(2000):
        key = i * (KEYS // 2000)
        if DEFAULT.perturb(count, key) == wanted:
            return key
    raise AssertionError(f"no key shows {count} as {wanted}")


@pytest.mark.parametrize("count", range(0, 40))
def test_one_and_two_are_never_shown_and_zero_stays_zero(count: int) -> None:
    shown = {perturbed(count, key) for key in KEYS_TO_TRY}
    assert not shown & {1, 2}
    # Away from the one-key tail at the top of the keys: at most 2 off (or 0, for 1–4).
    main = {perturbed(count, key) for key in KEYS_TO_TRY if key < KEYS - 64}
    assert all(abs(v - count) <= 2 or (v == 0 and count <= 4) for v in main)
    if count == 0:
        assert shown == {0}


def test_a_count_shows_its_perturbed_value_not_a_mark() -> None:
    key = _key_showing(3, 4)
    row = _row(["children_in_care"], Counts({"in_care": 3}, {"in_care": key}))
    assert row["children_in_care"] == (4, "4", "shown")


def test_the_same_children_show_the_same_number_wherever_they_are_added_up() -> None:
    # Two districts of 3 and 4 children; their municipality counts the same 7 children:
    # the key of the union is the sum of the keys, however the rows were added up.
    a = Counts({"in_care": 3}, {"in_care": KEYS - 5})
    b = Counts({"in_care": 4}, {"in_care": 11})
    whole = Counts()
    whole.add(a)
    whole.add(b)
    direct = Counts({"in_care": 7}, {"in_care": 6})
    assert whole.keys["in_care"] == 6
    assert whole.shown("in_care") == direct.shown("in_care") == DEFAULT.perturb(7, 6)


def test_a_difference_is_perturbed_with_the_difference_of_the_keys() -> None:
    counts = Counts({"in_care": 20, "in_care_basis": 17}, {"in_care": 5, "in_care_basis": 9})
    row = _row(["children_specialist"], counts)
    assert row["children_specialist"][0] == DEFAULT.perturb(3, (5 - 9) % KEYS)


def test_a_share_comes_from_perturbed_numerator_and_denominator() -> None:
    den_key, num_key = _key_showing(30, 31), _key_showing(3, 5)
    counts = Counts({"stepup_cohort": 30, "stepup_done": 3},
                    {"stepup_cohort": den_key, "stepup_done": num_key})  # fmt: skip
    raw, display, status = _row(["stepup_rate"], counts)["stepup_rate"]
    assert status == "shown"
    assert raw == pytest.approx(100 * 5 / 31)
    assert display == "16,1%"


def test_a_share_over_fewer_than_ten_shown_children_is_too_few() -> None:
    key = _key_showing(10, 8)
    counts = Counts({"stepup_cohort": 10, "stepup_done": 5}, {"stepup_cohort": key})
    assert _row(["stepup_rate"], counts)["stepup_rate"] == (None, "te weinig", "too_few")
    # A shown denominator of 0 says "no data", whatever the true count behind it.
    zero = _key_showing(3, 0)
    counts = Counts({"stepup_cohort": 3, "stepup_done": 1}, {"stepup_cohort": zero})
    assert _row(["stepup_rate"], counts)["stepup_rate"] == (None, "—", "not_available")


def test_a_share_never_exceeds_the_whole() -> None:
    counts = Counts(
        {"in_care": 12, "in_care_basis": 12},
        {"in_care": _key_showing(12, 11), "in_care_basis": _key_showing(12, 13)},
    )
    assert _row(["share_basis"], counts)["share_basis"][:2] == (100.0, "100,0%")


def test_money_follows_the_children_and_divides_by_the_shown_count() -> None:
    key = _key_showing(20, 22)
    counts = Counts({"in_care": 20, "cost_cents": 44_000_00}, {"in_care": key})
    row = _row(["cost", "cost_per_child"], counts)
    assert row["cost"] == (44_000.0, "€ 44.000", "shown")
    # 44,000 / 22 shown children, not / 20 true ones (that would give the 20 away).
    assert row["cost_per_child"] == (2_000.0, "€ 2.000", "shown")
    few = Counts({"in_care": 9, "cost_cents": 9_000_00}, {"in_care": _key_showing(9, 9)})
    row = _row(["cost", "cost_per_child"], few)
    assert row["cost"] == (None, "te weinig", "too_few")
    assert row["cost_per_child"] == (None, "te weinig", "too_few")
    assert SHARE_MIN == 10


def test_a_median_comes_from_the_perturbed_distribution() -> None:
    # Buckets 1, 2 and 9 working days with 3, 3 and 1 children; the single child at 9
    # days shows as 0 under this key, so the median is taken over the shown buckets.
    keys = {1: _key_showing(3, 3), 2: _key_showing(3, 4), 9: _key_showing(1, 0)}
    counts = Counts({"first_contact": 7}, {"first_contact": 0}, Counter({1: 3, 2: 3, 9: 1}), keys)
    row = _row(["first_contact_median", "first_contact_p90"], counts)
    assert row["first_contact_median"] == (2, "2 werkdagen", "shown")
    assert row["first_contact_p90"] == (None, "te weinig", "too_few")  # 7 shown, P90 needs 10


def test_without_protection_the_true_values() -> None:
    counts = Counts({"in_care": 3, "in_care_basis": 1}, {"in_care": _key_showing(3, 0)})
    values = _values(
        [BY_KEY["children_in_care"], BY_KEY["share_basis"]], counts, None, Counts(), {},
        protect=False,
    )  # fmt: skip
    assert values["children_in_care"].raw == 3
    assert values["share_basis"].raw == pytest.approx(100 / 3)
