"""Working days: the unit of every service's committed duration (SLA)."""

import datetime

from .models import AgencySettings, Holiday

FRIDAY = 4  # date.weekday(): Monday is 0
THURSDAY = 3


def weekend_days() -> frozenset[int]:
    """The weekdays the agency is closed every week: Friday, and Thursday if so set."""
    agency = AgencySettings.load()
    return frozenset({FRIDAY, THURSDAY} if agency.closed_on_thursday else {FRIDAY})


def _closed_days(start: datetime.date, end: datetime.date):
    """A test of whether a day in [start, end] is a closed one (weekend or holiday)."""
    weekend = weekend_days()
    holidays = set(
        Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True)
    )

    def closed(day: datetime.date) -> bool:
        return day.weekday() in weekend or day in holidays

    return closed


def closed_day_test(start: datetime.date, end: datetime.date):
    """A test of whether a day in [start, end] is closed (weekend or holiday), with the
    holidays read once: for callers that walk many days (the appointments' slots)."""
    return _closed_days(start, end)


def working_days_add(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start`: weekends and holidays are skipped.

    A request made on a closed day starts counting from the next working day, so a
    0-day service submitted on a Friday is due on Saturday.
    """
    # Enough holidays to cover the span: at most about one closed day in two.
    closed = _closed_days(start, start + datetime.timedelta(days=days * 3 + 30))
    current = start
    while closed(current):
        current += datetime.timedelta(days=1)
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if not closed(current):
            remaining -= 1
    return current


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """How many working days after `start` `end` is, counted as `working_days_add`
    counts them (its inverse for the dates it returns); 0 for an earlier `end`."""
    closed = _closed_days(start, end)
    current = start
    while closed(current) and current < end:
        current += datetime.timedelta(days=1)
    return sum(
        1
        for offset in range(1, (end - current).days + 1)
        if not closed(current + datetime.timedelta(days=offset))
    )
