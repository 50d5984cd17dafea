"""Item 1: which slots a schedule opens. A closed weekday, a weekend day and a holiday of
the working calendar never show one; exceptions close a day or change its hours."""

import datetime

import pytest

from appointments.models import OpeningSchedule, ScheduleException
from appointments.selectors import free_slots, schedule_for_service, slot_capacities
from appointments.services import booking_create
from catalog.models import AgencySettings, Holiday
from tests.appointments.conftest import FRIDAY, SATURDAY, SUNDAY, THURSDAY, at, next_weekday

pytestmark = pytest.mark.django_db


def day_slots(schedule, day):
    return sorted(slot_capacities(schedule, day, day))


def test_an_open_weekday_has_its_slots(schedule):
    saturday = next_weekday(SATURDAY)
    slots = day_slots(schedule, saturday)
    # 8:00 to 10:00 in slots of 15 minutes: 8:00 … 9:45.
    assert [slot.strftime("%H:%M") for slot in slots] == [
        "08:00", "08:15", "08:30", "08:45", "09:00", "09:15", "09:30", "09:45",
    ]  # fmt: skip
    assert set(slot_capacities(schedule, saturday, saturday).values()) == {3}


def test_a_weekday_without_hours_has_no_slot(schedule):
    AgencySettings.objects.update_or_create(defaults={"closed_on_thursday": False})
    assert day_slots(schedule, next_weekday(THURSDAY)) == []


def test_friday_is_closed_by_the_calendar_even_with_hours(schedule):
    assert schedule.weekday_hours(6) is not None  # Friday has hours in the schedule
    assert day_slots(schedule, next_weekday(FRIDAY)) == []


def test_a_holiday_has_no_slot(schedule):
    sunday = next_weekday(SUNDAY)
    Holiday.objects.create(date=sunday, title="تعطیل آزمایشی")
    assert day_slots(schedule, sunday) == []
    listed_days = {slot.starts_at.date() for slot in free_slots(schedule, days=14)}
    assert sunday not in listed_days
    assert next_weekday(SATURDAY) in listed_days


def test_a_closed_weekday_and_holiday_are_refused_when_booked_directly(schedule, visit_service):
    sunday = next_weekday(SUNDAY)
    Holiday.objects.create(date=sunday, title="تعطیل آزمایشی")
    from appointments.services import BookingError

    with pytest.raises(BookingError) as refused:
        booking_create(service=visit_service, starts_at=at(sunday, 8), mobile="09121234567")
    assert refused.value.message == "در این ساعت نوبتی وجود ندارد."
    with pytest.raises(BookingError):
        booking_create(
            service=visit_service, starts_at=at(next_weekday(FRIDAY), 8), mobile="09121234567"
        )


def test_exceptions_close_a_day_or_change_its_hours(schedule):
    saturday = next_weekday(SATURDAY)
    sunday = next_weekday(SUNDAY)
    ScheduleException.objects.create(schedule=schedule, date=saturday, closed=True)
    ScheduleException.objects.create(
        schedule=schedule,
        date=sunday,
        closed=False,
        opens_at=datetime.time(9, 0),
        closes_at=datetime.time(9, 30),
        counters=1,
    )
    assert day_slots(schedule, saturday) == []
    assert slot_capacities(schedule, sunday, sunday) == {at(sunday, 9): 1, at(sunday, 9, 15): 1}


def test_a_full_slot_is_not_listed_and_a_partly_taken_one_shows_what_is_left(
    schedule, visit_service
):
    saturday = next_weekday(SATURDAY)
    for mobile in ("09120000001", "09120000002", "09120000003"):
        booking_create(service=visit_service, starts_at=at(saturday, 8), mobile=mobile)
    booking_create(service=visit_service, starts_at=at(saturday, 8, 15), mobile="09120000004")
    listed = {slot.starts_at: slot.free for slot in free_slots(schedule, days=14)}
    assert at(saturday, 8) not in listed
    assert listed[at(saturday, 8, 15)] == 2
    assert listed[at(saturday, 8, 30)] == 3


def test_past_slots_are_not_listed(schedule):
    saturday = next_weekday(SATURDAY)
    listed = free_slots(schedule, start=saturday, days=1, now=at(saturday, 9))
    assert [slot.starts_at for slot in listed] == [
        at(saturday, 9, 15),
        at(saturday, 9, 30),
        at(saturday, 9, 45),
    ]


def test_a_service_schedule_wins_over_its_department(schedule, visit_service):
    own = OpeningSchedule.objects.create(
        department=visit_service.department, service=visit_service, counters=1
    )
    assert schedule_for_service(visit_service) == own
    own.is_active = False
    own.save()
    assert schedule_for_service(visit_service) == schedule


def test_schedules_keep_their_history(schedule):
    schedule.counters = 5
    schedule.save()
    assert [row.counters for row in schedule.history.order_by("history_date")] == [3, 5]
