"""The citizen's pages: the day list and time list of free slots only, booking, the
page the SMS links to (cancel, move); bad input gets a Persian message and a 4xx."""

import pytest

from appointments import identity
from appointments.constants import BookingStatus
from appointments.models import Booking
from appointments.services import booking_cancel, booking_create
from catalog.models import Holiday
from tests.appointments.conftest import SATURDAY, SUNDAY, at, next_weekday
from tests.sms import otp_code_sent

pytestmark = pytest.mark.django_db
MOBILE = "09121234567"


@pytest.fixture
def verified(monkeypatch):
    """The visitor proved MOBILE with a one-time code (the citizen session)."""
    monkeypatch.setattr(identity, "verified_mobile", lambda request: MOBILE)


def visit_url(service) -> str:
    return f"{service.url}visit/"


def test_the_service_page_offers_the_booking(client, visit_service):
    page = client.get(visit_service.url).content.decode()
    assert f'href="{visit_service.url}visit/"' in page
    assert "گرفتن نوبت حضوری" in page


def test_the_mobile_is_verified_by_a_one_time_code_before_the_times_show(
    client, schedule, visit_service
):
    url = visit_url(visit_service)
    first = client.get(url).content.decode()
    assert "?day=" not in first and 'name="mobile"' in first
    sent = client.post(url, {"action": "send", "mobile": "۰۹۱۲۱۲۳۴۵۶۷"})
    assert sent.status_code == 200 and 'name="code"' in sent.content.decode()
    code = otp_code_sent(MOBILE)
    wrong = "000000" if code != "000000" else "111111"
    refused = client.post(url, {"action": "verify", "mobile": MOBILE, "code": wrong})
    assert refused.status_code == 400
    assert "شماره همراه تأیید نشد" in refused.content.decode()
    accepted = client.post(url, {"action": "verify", "mobile": MOBILE, "code": code})
    assert accepted.status_code == 302 and accepted["Location"] == url
    assert f"?day={next_weekday(SATURDAY).isoformat()}" in client.get(url).content.decode()


def test_a_bad_mobile_is_refused_in_persian(client, schedule, visit_service):
    response = client.post(visit_url(visit_service), {"action": "send", "mobile": "12345"})
    assert response.status_code == 400
    assert "شماره همراه معتبر وارد کنید" in response.content.decode()


def test_days_and_times_show_free_slots_only(client, schedule, visit_service, verified):
    saturday, sunday = next_weekday(SATURDAY), next_weekday(SUNDAY)
    Holiday.objects.create(date=sunday, title="تعطیل آزمایشی")
    for mobile in ("09120000001", "09120000002", "09120000003"):
        booking_create(service=visit_service, starts_at=at(saturday, 8), mobile=mobile)
    days = client.get(visit_url(visit_service)).content.decode()
    assert f"?day={saturday.isoformat()}" in days
    assert f"?day={sunday.isoformat()}" not in days  # the holiday
    times = client.get(visit_url(visit_service), {"day": saturday.isoformat()}).content.decode()
    assert f'value="{at(saturday, 8).isoformat()}"' not in times  # full
    assert f'value="{at(saturday, 8, 15).isoformat()}"' in times
    assert "۰۸:۱۵" in times


def test_booking_a_time_leads_to_its_page(client, schedule, visit_service, verified):
    saturday = next_weekday(SATURDAY)
    response = client.post(
        visit_url(visit_service),
        {"day": saturday.isoformat(), "starts_at": at(saturday, 9).isoformat()},
    )
    booking = Booking.objects.get(mobile=MOBILE)
    assert response.status_code == 302
    assert response["Location"] == f"/visits/{booking.manage_token}/"
    page = client.get(response["Location"]).content.decode()
    assert "لغو نوبت" in page and "جابه‌جایی به زمان دیگر" in page


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"day": "2020-01-04"}, 400, "این روز گذشته است. یکی از روزهای آینده را انتخاب کنید."),
        ({"day": "not a day"}, 400, "یک روز را از فهرست انتخاب کنید."),
        ({"starts_at": "yesterday"}, 400, "یک ساعت را از فهرست انتخاب کنید."),
        (
            {"starts_at": "2020-01-04T08:00:00+03:30"},
            400,
            "این زمان گذشته است. زمان دیگری را انتخاب کنید.",
        ),
    ],
)
def test_bad_input_gets_a_persian_message_and_a_4xx(
    client, schedule, visit_service, verified, data, status, message
):
    response = client.post(visit_url(visit_service), data)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not Booking.objects.exists()


def test_a_full_slot_is_a_409_with_a_persian_message(client, schedule, visit_service, verified):
    saturday = next_weekday(SATURDAY)
    for mobile in ("09120000001", "09120000002", "09120000003"):
        booking_create(service=visit_service, starts_at=at(saturday, 8), mobile=mobile)
    response = client.post(visit_url(visit_service), {"starts_at": at(saturday, 8).isoformat()})
    assert response.status_code == 409
    assert "این زمان همین حالا پر شد" in response.content.decode()


def test_cancel_then_move_is_refused(client, schedule, visit_service):
    saturday = next_weekday(SATURDAY)
    booking = booking_create(service=visit_service, starts_at=at(saturday, 8), mobile=MOBILE)
    assert client.post(f"/visits/{booking.manage_token}/cancel/").status_code == 302
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CANCELLED
    response = client.post(
        f"/visits/{booking.manage_token}/move/", {"starts_at": at(saturday, 9).isoformat()}
    )
    assert response.status_code == 409
    assert "این نوبت لغو یا استفاده شده است" in response.content.decode()


def test_moving_through_the_page(client, schedule, visit_service):
    saturday = next_weekday(SATURDAY)
    booking = booking_create(service=visit_service, starts_at=at(saturday, 8), mobile=MOBILE)
    response = client.post(
        f"/visits/{booking.manage_token}/move/", {"starts_at": at(saturday, 9, 45).isoformat()}
    )
    assert response.status_code == 302
    assert Booking.objects.get(pk=booking.pk).starts_at == at(saturday, 9, 45)


def test_an_unknown_token_is_a_404(client, schedule):
    assert client.get("/visits/not-a-token/").status_code == 404
    assert client.post("/visits/not-a-token/cancel/").status_code == 404


def test_a_service_without_hours_is_not_bookable(client, visit_service, verified):
    response = client.get(visit_url(visit_service))
    assert response.status_code == 404
    assert "برای این خدمت نوبت اینترنتی داده نمی‌شود" in response.content.decode()


def test_a_cancelled_booking_cannot_be_cancelled_again(client, schedule, visit_service):
    booking = booking_create(
        service=visit_service, starts_at=at(next_weekday(SATURDAY), 8), mobile=MOBILE
    )
    booking_cancel(booking=booking)
    response = client.post(f"/visits/{booking.manage_token}/cancel/")
    assert response.status_code == 409
