from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from jeugdmodel.core.workdays import add_working_days, is_working_day, working_days_between

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


def test_dutch_holidays_and_weekends_do_not_count() -> None:
    assert not is_working_day(date(2026, 4, 27))  # Koningsdag
    assert not is_working_day(date(2026, 12, 25))  # Kerstmis
    assert not is_working_day(date(2026, 11, 28))  # zaterdag
    assert is_working_day(date(2026, 11, 24))
    # Friday before Easter to the Tuesday after: Easter Monday is a holiday.
    assert working_days_between(date(2026, 4, 3), date(2026, 4, 7)) == 1


@given(days, st.integers(min_value=0, max_value=40))
def test_adding_then_counting_gives_the_same_number(start: date, n: int) -> None:
    assert working_days_between(start, add_working_days(start, n)) == n


@given(days, days)
def test_never_negative_and_at_most_calendar_days(a: date, b: date) -> None:
    count = working_days_between(a, b)
    assert 0 <= count <= max(0, (b - a).days)


@given(days)
def test_a_week_has_at_most_five_working_days(start: date) -> None:
    assert working_days_between(start, start + timedelta(days=7)) <= 5
