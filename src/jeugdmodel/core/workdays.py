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


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start).

    A request received on Friday and looked at on Monday has waited 1 working day."""
    if end <= start:
        return 0
    count = 0
    day = start + timedelta(days=1)
    while day <= end:
        if is_working_day(day):
            count += 1
        day += timedelta(days=1)
    return count


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start`."""
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
