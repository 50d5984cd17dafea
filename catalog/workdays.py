"""Working days: the unit of every service's committed duration (SLA)."""

import datetime

from .agency import AgencySettings, Holiday

FRIDAY = 4  # date.weekday(): Monday is 0
THURSDAY = 3


def weekend_days() -> frozenset[int]:
    """The weekdays the agency is closed every week: Friday, and Thursday if so set."""
    agency = AgencySettings.load()
    return frozenset({FRIDAY, THURSDAY} if agency.closed_on_thursday else {FRIDAY})


def working_days_add(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start`: weekends and holidays are skipped.

    A request made on a closed day starts counting from the next working day, so a
    0-day service submitted on a Friday is due on Saturday.
    """
    weekend = weekend_days()
    # Enough holidays to cover the span: at most about one closed day in two.
    holidays = set(
        Holiday.objects.filter(
            date__gte=start, date__lte=start + datetime.timedelta(days=days * 3 + 30)
        ).values_list("date", flat=True)
    )

    def closed(day: datetime.date) -> bool:
        return day.weekday() in weekend or day in holidays

    current = start
    while closed(current):
        current += datetime.timedelta(days=1)
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if not closed(current):
            remaining -= 1
    return current
