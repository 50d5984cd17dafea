"""Two citizens never take the last place: 50 attempts at once, each in its own thread
with its own PostgreSQL connection, on a slot of 3 places → exactly 3 bookings."""

import threading

import pytest
from django.db import connection, connections

from appointments.models import Booking, Slot
from appointments.services import BookingError, booking_create
from tests.appointments.conftest import SATURDAY, at, next_weekday

ATTEMPTS = 50


@pytest.mark.django_db(transaction=True)
def test_fifty_attempts_on_three_places_make_three_bookings(schedule, visit_service):
    assert connection.vendor == "postgresql"
    starts_at = at(next_weekday(SATURDAY), 8)
    start = threading.Barrier(ATTEMPTS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(number: int) -> None:
        try:
            start.wait(timeout=60)  # all threads send their booking together
            booking_create(service=visit_service, starts_at=starts_at, mobile=f"0912{number:07d}")
            outcome = "booked"
        except BookingError as exc:
            outcome = f"refused {exc.status}"
        except Exception as exc:  # any other failure is reported by the assertion below
            outcome = f"error {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(set(outcomes)) == ["booked", "refused 409"], outcomes
    assert outcomes.count("booked") == 3
    assert Booking.objects.filter(starts_at=starts_at).count() == 3
    assert Slot.objects.get(starts_at=starts_at).booked == 3
