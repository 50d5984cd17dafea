"""Working days: Fridays, optionally Thursdays, and the holiday table are skipped."""

import datetime

import pytest

from catalog.models import AgencySettings, Holiday
from catalog.workdays import working_days_add, working_days_between

pytestmark = pytest.mark.django_db

SATURDAY = datetime.date(2026, 11, 21)  # 1405/08/30


def test_thursday_and_friday_are_skipped_by_default():
    # Sat + 5 working days: Sun, Mon, Tue, Wed, (Thu, Fri closed) Sat.
    assert working_days_add(SATURDAY, 5) == datetime.date(2026, 11, 28)


def test_thursday_counts_when_the_agency_opens_on_thursdays():
    agency = AgencySettings.load()
    agency.closed_on_thursday = False
    agency.save()
    assert working_days_add(SATURDAY, 5) == datetime.date(2026, 11, 26)


def test_holidays_are_skipped():
    Holiday.objects.create(date=datetime.date(2026, 11, 23), title="تعطیل نمونه")  # Monday
    # Sun (1), Mon (holiday), Tue (2).
    assert working_days_add(SATURDAY, 2) == datetime.date(2026, 11, 24)


def test_a_request_on_a_closed_day_counts_from_the_next_working_day():
    friday = datetime.date(2026, 11, 27)
    assert working_days_add(friday, 0) == datetime.date(2026, 11, 28)
    assert working_days_add(friday, 1) == datetime.date(2026, 11, 29)


def test_counting_between_two_dates_undoes_adding():
    Holiday.objects.create(date=datetime.date(2026, 11, 23), title="تعطیل نمونه")
    for offset in range(8):  # every weekday, closed ones included, and a holiday
        start = SATURDAY + datetime.timedelta(days=offset)
        for days in (0, 1, 3, 12, 30):
            due = working_days_add(start, days)
            assert working_days_between(start, due) == days, (start, days)
    assert working_days_between(SATURDAY, SATURDAY - datetime.timedelta(days=3)) == 0
