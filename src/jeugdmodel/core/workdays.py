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
def _year_index(year: int) -> tuple[int, tuple[int, ...]]:
    """Working days before 1 January of `year` (counted from 1 January 1900) and, per day of
    the year, the working days from 1 January up to and including that day."""
    before = 0 if year <= 1900 else _year_index(year - 1)[0] + _year_index(year - 1)[1][-1]
    running = 0
    counts = []
    day = date(year, 1, 1)
    while day.year == year:
        if is_working_day(day):
            running += 1
        counts.append(running)
        day += timedelta(days=1)
    return before, tuple(counts)


def _working_day_number(day: date) -> int:
    before, counts = _year_index(day.year)
    return before + counts[day.timetuple().tm_yday - 1]


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start).

    A request received on Friday and looked at on Monday has waited 1 working day."""
    if end <= start:
        return 0
    if start.year < 1901:
        count = 0
        day = start + timedelta(days=1)
        while day <= end:
            count += is_working_day(day)
            day += timedelta(days=1)
        return count
    return _working_day_number(end) - _working_day_number(start)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start`."""
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
