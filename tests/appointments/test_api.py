"""Item 4: the API's free slots, booking, cancelling and moving with the verification
token of `POST /api/v1/otp/verify/`; refusals in Persian with their 4xx."""

import pytest

from appointments.models import Booking
from appointments.services import booking_create
from submissions.otp import verification_token_issue
from tests.appointments.conftest import SATURDAY, SUNDAY, at, next_weekday

pytestmark = pytest.mark.django_db
MOBILE = "09121234567"


@pytest.fixture
def token():
    return verification_token_issue(MOBILE)[0]


def test_free_slots_of_a_service(client, schedule, visit_service):
    saturday = next_weekday(SATURDAY)
    booking_create(service=visit_service, starts_at=at(saturday, 8), mobile="09120000001")
    answer = client.get(f"/api/v1/services/{visit_service.service_code}/slots/?days=14").json()
    assert answer["slot_minutes"] == 15
    slots = {item["starts_at"]: item["free"] for item in answer["slots"]}
    assert slots[at(saturday, 8).isoformat()] == 2
    assert slots[at(saturday, 8, 15).isoformat()] == 3


def test_bad_days_and_unknown_service(client, schedule, visit_service):
    response = client.get(f"/api/v1/services/{visit_service.service_code}/slots/?days=500")
    assert response.status_code == 400
    assert response.json()["errors"]["days"] == ["تعداد روزها را از ۱ تا ۶۰ وارد کنید."]
    assert client.get("/api/v1/services/99999999999/slots/").status_code == 404


def test_book_move_and_cancel_with_the_token(client, schedule, visit_service, token):
    saturday, sunday = next_weekday(SATURDAY), next_weekday(SUNDAY)
    url = f"/api/v1/services/{visit_service.service_code}/bookings/"
    created = client.post(
        url,
        {"starts_at": at(saturday, 8).isoformat(), "verification_token": token},
        "application/json",
    )
    assert created.status_code == 201
    code = created.json()["code"]
    assert Booking.objects.get(code=code).mobile == MOBILE
    moved = client.post(
        f"/api/v1/bookings/{code}/move/",
        {"starts_at": at(sunday, 9).isoformat(), "verification_token": token},
        "application/json",
    )
    assert moved.status_code == 200 and moved.json()["starts_at"] == at(sunday, 9).isoformat()
    cancelled = client.post(
        f"/api/v1/bookings/{code}/cancel/", {"verification_token": token}, "application/json"
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = client.post(
        f"/api/v1/bookings/{code}/move/",
        {"starts_at": at(sunday, 9, 15).isoformat(), "verification_token": token},
        "application/json",
    )
    assert again.status_code == 409
    assert again.json() == {"detail": "این نوبت لغو یا استفاده شده است و تغییر نمی‌کند."}


def test_refusals(client, schedule, visit_service, token):
    url = f"/api/v1/services/{visit_service.service_code}/bookings/"
    bad_token = client.post(
        url,
        {"starts_at": at(next_weekday(SATURDAY), 8).isoformat(), "verification_token": "x"},
        "application/json",
    )
    assert bad_token.status_code == 400
    assert "verification_token" in bad_token.json()["errors"]
    past = client.post(
        url,
        {"starts_at": "2020-01-04T08:00:00+03:30", "verification_token": token},
        "application/json",
    )
    assert past.status_code == 400
    assert past.json()["errors"]["starts_at"] == ["این زمان گذشته است. زمان دیگری را انتخاب کنید."]
    booking = booking_create(
        service=visit_service, starts_at=at(next_weekday(SATURDAY), 9), mobile="09120000001"
    )
    others = client.post(
        f"/api/v1/bookings/{booking.code}/cancel/",
        {"verification_token": token},
        "application/json",
    )
    assert others.status_code == 404  # another citizen's booking: as if unknown
