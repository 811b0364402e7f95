"""Periods (month, quarter, year) and age groups: plain date arithmetic, no database."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _


@dataclass(frozen=True, order=True)
class Period:
    kind: str  # "Y", "Q" or "M"
    start: date

    @property
    def end(self) -> date:
        if self.kind == "Y":
            return date(self.start.year, 12, 31)
        months = 3 if self.kind == "Q" else 1
        month = self.start.month + months
        year = self.start.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        return date(year, month, 1) - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def code(self) -> str:
        """2024, 2024-Q3 or 2024-07."""
        if self.kind == "Y":
            return f"{self.start.year}"
        if self.kind == "Q":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.year}-{self.start.month:02d}"

    @property
    def label(self) -> str:
        if self.kind == "Y":
            return str(self.start.year)
        if self.kind == "Q":
            return _("%(q)se kwartaal %(y)s") % {
                "q": (self.start.month - 1) // 3 + 1,
                "y": self.start.year,
            }
        return self.start.strftime("%m-%Y")

    def previous(self) -> Period:
        return period_containing(self.kind, self.start - timedelta(days=1))

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def period_containing(kind: str, day: date) -> Period:
    if kind == "Y":
        return Period("Y", date(day.year, 1, 1))
    if kind == "Q":
        return Period("Q", date(day.year, (day.month - 1) // 3 * 3 + 1, 1))
    if kind == "M":
        return Period("M", date(day.year, day.month, 1))
    raise ValueError(f"unknown period kind {kind!r}")


class PeriodCodeError(ValueError):
    pass


def period_parse(code: str) -> Period:
    """`2024`, `2024-Q3` or `2024-07` → Period; PeriodCodeError otherwise."""
    text = code.strip().upper()
    try:
        if len(text) == 4 and text.isdigit():
            return Period("Y", date(int(text), 1, 1))
        if len(text) == 7 and text[4:6] == "-Q" and text[6] in "1234":
            return Period("Q", date(int(text[:4]), (int(text[6]) - 1) * 3 + 1, 1))
        if len(text) == 7 and text[4] == "-":
            return Period("M", date(int(text[:4]), int(text[5:]), 1))
    except ValueError:
        pass
    raise PeriodCodeError(
        _("Onbekende periode %(code)s: gebruik 2024, 2024-Q3 of 2024-07.") % {"code": code}
    )


def periods_overlapping(first: date, last: date, year: int) -> Iterator[Period]:
    """Every year, quarter and month of `year` that overlaps [first, last]."""
    lo = max(first, date(year, 1, 1))
    hi = min(last, date(year, 12, 31))
    if lo > hi:
        return
    yield Period("Y", date(year, 1, 1))
    for q in range((lo.month - 1) // 3, (hi.month - 1) // 3 + 1):
        yield Period("Q", date(year, q * 3 + 1, 1))
    for m in range(lo.month, hi.month + 1):
        yield Period("M", date(year, m, 1))


def periods_of(day: date) -> tuple[Period, Period, Period]:
    """The year, quarter and month containing `day`."""
    return (
        period_containing("Y", day),
        period_containing("Q", day),
        period_containing("M", day),
    )


def periods_back(period: Period, count: int) -> list[Period]:
    """`count` periods of the same kind ending with `period`, oldest first."""
    out = [period]
    while len(out) < count:
        out.append(out[-1].previous())
    return list(reversed(out))


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_group(born: date, day: date) -> int:
    """0: 0–3, 1: 4–11, 2: 12–17, 3: 18–22, 4: 23 and older (AgeGroup)."""
    age = age_on(born, day)
    if age <= 3:
        return 0
    if age <= 11:
        return 1
    if age <= 17:
        return 2
    if age <= 22:
        return 3
    return 4


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
