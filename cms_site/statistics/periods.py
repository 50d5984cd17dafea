"""Jalali periods: a date range cut into Jalali months, and the half-years of reports.

Storage is Gregorian and timezone-aware; a Jalali month starts at local midnight of
its first day (Asia/Tehran), so its bounds are computed here and compared with
`created_at` in the database.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

import jdatetime
from django.utils import timezone

# A report covers at most this many Jalali months: the month buckets are one CASE
# expression per month, so the query stays small.
MAX_MONTHS = 60


def day_start(day: datetime.date) -> datetime.datetime:
    """Local midnight at the start of `day`, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def jalali_month_start(year: int, month: int) -> datetime.date:
    return jdatetime.date(year, month, 1).togregorian()


def jalali_next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


@dataclass(frozen=True)
class JalaliMonth:
    """One Jalali month of a report, clipped to the report's period."""

    year: int
    month: int
    start: datetime.date  # first day counted
    end: datetime.date  # first day not counted

    @property
    def half(self) -> int:
        return 1 if self.month <= 6 else 2

    @property
    def key(self) -> str:
        """ "1405/08": how exports name the month (sortable, any spreadsheet reads it)."""
        return f"{self.year:04d}/{self.month:02d}"


@dataclass(frozen=True)
class HalfYear:
    """Months 1–6 or 7–12 of a Jalali year: the desk reports to oversight every six months."""

    year: int
    half: int

    @property
    def key(self) -> str:
        return f"{self.year:04d}-H{self.half}"


@dataclass(frozen=True)
class Period:
    """Local dates `start` to `end`, both included."""

    start: datetime.date
    end: datetime.date

    @property
    def start_at(self) -> datetime.datetime:
        return day_start(self.start)

    @property
    def end_before(self) -> datetime.datetime:
        """The first instant after the period."""
        return day_start(self.end + datetime.timedelta(days=1))

    @cached_property
    def months(self) -> list[JalaliMonth]:
        """The Jalali months the period touches, the first and last clipped to it."""
        months = []
        first = jdatetime.date.fromgregorian(date=self.start)
        year, month = first.year, first.month
        after = self.end + datetime.timedelta(days=1)
        day = self.start
        while day < after:
            year_next, month_next = jalali_next_month(year, month)
            end = min(jalali_month_start(year_next, month_next), after)
            months.append(JalaliMonth(year, month, day, end))
            year, month, day = year_next, month_next, end
        return months


def period_half_year(day: datetime.date) -> Period:
    """The Jalali half-year that contains `day`: months 1–6 or 7–12."""
    jalali = jdatetime.date.fromgregorian(date=day)
    first_month = 1 if jalali.month <= 6 else 7
    start = jalali_month_start(jalali.year, first_month)
    year_next, month_next = jalali_next_month(jalali.year, first_month + 5)
    return Period(start, jalali_month_start(year_next, month_next) - datetime.timedelta(days=1))


def period_month(day: datetime.date) -> Period:
    """The Jalali month that contains `day`."""
    jalali = jdatetime.date.fromgregorian(date=day)
    year_next, month_next = jalali_next_month(jalali.year, jalali.month)
    return Period(
        jalali_month_start(jalali.year, jalali.month),
        jalali_month_start(year_next, month_next) - datetime.timedelta(days=1),
    )
