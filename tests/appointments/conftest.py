import datetime

import pytest
from django.utils import timezone

from appointments.models import OpeningSchedule
from tests.factories import ServicePageFactory

EIGHT, TEN = datetime.time(8, 0), datetime.time(10, 0)


def next_weekday(python_weekday: int, *, after: datetime.date | None = None) -> datetime.date:
    """The first day after `after` (today) whose `date.weekday()` is `python_weekday`."""
    day = (after or timezone.localdate()) + datetime.timedelta(days=1)
    while day.weekday() != python_weekday:
        day += datetime.timedelta(days=1)
    return day


SATURDAY, SUNDAY, MONDAY, THURSDAY, FRIDAY = 5, 6, 0, 3, 4  # date.weekday()


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def visit_service(category):
    """A service whose identity card asks for one in-person visit."""
    return ServicePageFactory(
        parent=category,
        title="صدور کارت پایان کار",
        channel_in_person=True,
        in_person_visits=1,
    )


@pytest.fixture
def schedule(visit_service):
    """Its department's hours: Saturday to Wednesday 8-10 and Friday too (the working
    calendar closes Friday anyway), slots of 15 minutes, 3 places each."""
    hours = {f"{day}_opens": EIGHT for day in ("sat", "sun", "mon", "tue", "wed", "fri")}
    hours |= {f"{day}_closes": TEN for day in ("sat", "sun", "mon", "tue", "wed", "fri")}
    return OpeningSchedule.objects.create(
        department=visit_service.department, slot_minutes=15, counters=3, horizon_days=30, **hours
    )
