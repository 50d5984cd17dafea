"""Item 2: booking, cancelling, moving, the SMS and the reminder; bad input refused with
a Persian message and the status the API answers with."""

import datetime

import pytest
from django.conf import settings

from appointments.constants import BookingStatus
from appointments.models import Booking, Slot
from appointments.services import (
    BookingError,
    booking_cancel,
    booking_create,
    booking_move,
    booking_reminders_queue,
)
from formbuilder.persian.text import to_persian_digits
from receipts.models import SmsMessage
from tests.appointments.conftest import SATURDAY, SUNDAY, at, next_weekday

pytestmark = pytest.mark.django_db


def booked(schedule, when) -> int:
    slot = Slot.objects.filter(schedule=schedule, starts_at=when).first()
    return slot.booked if slot else 0


def test_booking_takes_a_place_and_texts_the_code_time_place_and_link(schedule, visit_service):
    saturday = next_weekday(SATURDAY)
    booking = booking_create(service=visit_service, starts_at=at(saturday, 8), mobile="۰۹۱۲۱۲۳۴۵۶۷")
    assert booking.mobile == "09121234567"
    assert len(booking.code) == 8 and booking.code.isdigit()
    assert len(booking.manage_token) >= 22  # at least 128 random bits
    assert booked(schedule, at(saturday, 8)) == 1
    sms = SmsMessage.objects.get(recipient="09121234567")
    assert to_persian_digits(booking.code) in sms.body
    assert "۰۸:۰۰" in sms.body
    assert visit_service.department.name in sms.body
    assert f"{settings.SITE_BASE_URL}/visits/{booking.manage_token}/" in sms.body


def test_the_sms_and_the_booking_page_give_the_address_the_schedule_sets(
    client, schedule, visit_service
):
    """The schedule's "where" ("Address sent by SMS.") is the place; without it the
    service's "where to visit", then the unit's address."""
    schedule.location = "ساختمان شماره ۲، طبقه همکف، باجه‌های ۱ تا ۴"
    schedule.save(update_fields=["location"])
    visit_service.visit_location = "خیابان انقلاب، پلاک ۱۰"
    visit_service.save(update_fields=["visit_location"])
    booking = booking_create(
        service=visit_service, starts_at=at(next_weekday(SATURDAY), 8), mobile="09121234567"
    )
    department = visit_service.department.name
    sms = SmsMessage.objects.get(recipient="09121234567")
    assert f"{department}، ساختمان شماره ۲، طبقه همکف، باجه‌های ۱ تا ۴" in sms.body
    page = client.get(f"/visits/{booking.manage_token}/").content.decode()
    assert "باجه‌های ۱ تا ۴" in page
    schedule.location = ""
    schedule.save(update_fields=["location"])
    page = client.get(f"/visits/{booking.manage_token}/").content.decode()
    assert "خیابان انقلاب، پلاک ۱۰" in page


def test_a_past_time_is_refused(schedule, visit_service):
    saturday = next_weekday(SATURDAY)
    with pytest.raises(BookingError) as refused:
        booking_create(
            service=visit_service,
            starts_at=at(saturday, 8),
            mobile="09121234567",
            now=at(saturday, 9),
        )
    assert refused.value.message == "این زمان گذشته است. زمان دیگری را انتخاب کنید."
    assert refused.value.status == 400


def test_a_time_between_slots_is_refused(schedule, visit_service):
    with pytest.raises(BookingError) as refused:
        booking_create(
            service=visit_service, starts_at=at(next_weekday(SATURDAY), 8, 7), mobile="09121234567"
        )
    assert refused.value.status == 400
    assert not Slot.objects.exists()


def test_a_full_slot_is_a_conflict(schedule, visit_service):
    saturday = next_weekday(SATURDAY)
    for mobile in ("09120000001", "09120000002", "09120000003"):
        booking_create(service=visit_service, starts_at=at(saturday, 8), mobile=mobile)
    with pytest.raises(BookingError) as refused:
        booking_create(service=visit_service, starts_at=at(saturday, 8), mobile="09120000004")
    assert refused.value.status == 409
    assert refused.value.message == "این زمان همین حالا پر شد. زمان دیگری را انتخاب کنید."
    assert booked(schedule, at(saturday, 8)) == 3
    assert Booking.objects.count() == 3


def test_one_open_booking_per_mobile_and_service(schedule, visit_service):
    saturday = next_weekday(SATURDAY)
    booking_create(service=visit_service, starts_at=at(saturday, 8), mobile="09121234567")
    with pytest.raises(BookingError) as refused:
        booking_create(service=visit_service, starts_at=at(saturday, 9), mobile="09121234567")
    assert refused.value.status == 409
    assert booked(schedule, at(saturday, 9)) == 0  # the place taken was given back


def test_cancelling_frees_the_place_and_a_cancelled_booking_cannot_move(schedule, visit_service):
    saturday = next_weekday(SATURDAY)
    booking = booking_create(service=visit_service, starts_at=at(saturday, 8), mobile="09121234567")
    booking_cancel(booking=booking)
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CANCELLED
    assert booked(schedule, at(saturday, 8)) == 0
    with pytest.raises(BookingError) as refused:
        booking_move(booking=booking, starts_at=at(saturday, 9))
    assert refused.value.status == 409
    assert refused.value.message == "این نوبت لغو یا استفاده شده است و تغییر نمی‌کند."
    assert booked(schedule, at(saturday, 9)) == 0
    with pytest.raises(BookingError):
        booking_cancel(booking=booking)


def test_moving_takes_the_new_place_before_freeing_the_old(schedule, visit_service):
    saturday, sunday = next_weekday(SATURDAY), next_weekday(SUNDAY)
    booking = booking_create(service=visit_service, starts_at=at(saturday, 8), mobile="09121234567")
    moved = booking_move(booking=booking, starts_at=at(sunday, 9, 30))
    assert moved.starts_at == at(sunday, 9, 30) and moved.moves == 1
    assert booked(schedule, at(saturday, 8)) == 0
    assert booked(schedule, at(sunday, 9, 30)) == 1
    assert SmsMessage.objects.filter(recipient="09121234567").count() == 2


def test_moving_to_a_full_slot_keeps_the_booking_where_it_was(schedule, visit_service):
    saturday = next_weekday(SATURDAY)
    for mobile in ("09120000001", "09120000002", "09120000003"):
        booking_create(service=visit_service, starts_at=at(saturday, 9), mobile=mobile)
    booking = booking_create(service=visit_service, starts_at=at(saturday, 8), mobile="09121234567")
    with pytest.raises(BookingError) as refused:
        booking_move(booking=booking, starts_at=at(saturday, 9))
    assert refused.value.status == 409
    assert Booking.objects.get(pk=booking.pk).starts_at == at(saturday, 8)
    assert booked(schedule, at(saturday, 8)) == 1
    assert booked(schedule, at(saturday, 9)) == 3


def test_the_reminder_goes_the_evening_before_once(schedule, visit_service):
    saturday = next_weekday(SATURDAY)
    booking = booking_create(service=visit_service, starts_at=at(saturday, 8), mobile="09121234567")
    evening_before = at(saturday - datetime.timedelta(days=1), 19)
    two_days_before = at(saturday - datetime.timedelta(days=2), 19)
    assert booking_reminders_queue(now=two_days_before) == 0
    assert booking_reminders_queue(now=evening_before) == 1
    assert booking_reminders_queue(now=evening_before) == 0
    reminder = SmsMessage.objects.get(dedupe_key=f"booking:{booking.pk}:reminder")
    assert reminder.body.startswith("یادآوری")
    assert to_persian_digits(booking.code) in reminder.body
