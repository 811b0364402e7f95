"""Working days: Monday to Friday, without Dutch public holidays (from `holidays`)."""

from __future__ import annotations

import functools
from datetime import date, timedelta

import holidays


@functools.cache
def _dutch_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NL", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _dutch_holidays(day.year)


@functools.cache
def _year_counts(year: int) -> tuple[int, ...]:
    """Per day of `year`: the working days from 1 January up to and including that day."""
    running = 0
    counts = []
    day = date(year, 1, 1)
    while day.year == year:
        if is_working_day(day):
            running += 1
        counts.append(running)
        day += timedelta(days=1)
    return tuple(counts)


def _upto(day: date) -> int:
    return _year_counts(day.year)[day.timetuple().tm_yday - 1]


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start).

    A request received on Friday and looked at on Monday has waited 1 working day. Only the
    years between the two dates are looked at (each year's count is computed once)."""
    if end <= start:
        return 0
    if start.year == end.year:
        return _upto(end) - _upto(start)
    total = _year_counts(start.year)[-1] - _upto(start)
    for year in range(start.year + 1, end.year):
        total += _year_counts(year)[-1]
    return total + _upto(end)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start`."""
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
