"""Item 3: the clerk's day, check-in with a ticket, call next per counter, no-shows,
walk-ins, the waiting room's screen; and a booked visit turned into a request."""

import datetime

import pytest
from django.utils import timezone

from appointments.constants import BookingStatus
from appointments.models import Booking
from appointments.services import (
    BookingError,
    booking_check_in,
    booking_create,
    booking_no_show,
    queue_call_next,
    walk_in_create,
)
from cms_site import roles
from tests.appointments.conftest import at
from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(visit_service):
    from django.contrib.auth.models import Group

    user = UserFactory(username="clerk")
    user.groups.add(Group.objects.get(name=roles.STAFF))
    visit_service.department.members.add(user)
    return type(user).objects.get(pk=user.pk)


def booked_today(visit_service, schedule, hour, minute, mobile) -> Booking:
    """A booking for a time today (written directly: the booking rules refuse the past)."""
    return Booking.objects.create(
        code=f"{hour:02d}{minute:02d}{mobile[-4:]}",
        manage_token=f"token-{mobile}",
        service=visit_service,
        department=visit_service.department,
        starts_at=at(timezone.localdate(), hour, minute),
        mobile=mobile,
    )


def test_check_in_issues_the_days_tickets_in_order_and_call_next_follows_them(
    visit_service, schedule, clerk
):
    first = booked_today(visit_service, schedule, 8, 0, "09120000001")
    second = booked_today(visit_service, schedule, 8, 15, "09120000002")
    walk_in = walk_in_create(service=visit_service, user=clerk)
    assert booking_check_in(booking=second, user=clerk).ticket == 2
    assert booking_check_in(booking=first, user=clerk).ticket == 3
    assert walk_in.ticket == 1
    department = visit_service.department
    called = [queue_call_next(department=department, counter=c, user=clerk) for c in (2, 1, 1)]
    assert [(b.ticket, b.counter) for b in called] == [(1, 2), (2, 1), (3, 1)]
    assert queue_call_next(department=department, counter=1, user=clerk) is None
    first.refresh_from_db()
    assert first.status == BookingStatus.CALLED and first.called_at >= first.checked_in_at
    assert first.handled_by == clerk


def test_no_show_only_after_its_time_and_only_once(visit_service, schedule, clerk):
    booking = booked_today(visit_service, schedule, 8, 0, "09120000001")
    booking_no_show(booking=booking, user=clerk, now=at(timezone.localdate(), 8, 30))
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.NO_SHOW
    with pytest.raises(BookingError):
        booking_check_in(booking=booking, user=clerk)
    later = booked_today(visit_service, schedule, 9, 0, "09120000002")
    with pytest.raises(BookingError) as refused:
        booking_no_show(booking=later, user=clerk, now=at(timezone.localdate(), 8, 30))
    assert refused.value.message == "زمان این نوبت هنوز نرسیده است."


def test_a_booking_of_another_day_is_not_checked_in(visit_service, schedule, clerk):
    saturday = timezone.localdate() + datetime.timedelta(days=1)
    while saturday.weekday() != 5:
        saturday += datetime.timedelta(days=1)
    booking = booking_create(service=visit_service, starts_at=at(saturday, 8), mobile="09121234567")
    with pytest.raises(BookingError) as refused:
        booking_check_in(booking=booking, user=clerk)
    assert refused.value.message == "این نوبت برای روز دیگری است."


def test_the_desk_page_checks_in_and_calls_and_the_hall_shows_it(
    client, visit_service, schedule, clerk
):
    booking = booked_today(visit_service, schedule, 8, 0, "09120000001")
    client.force_login(clerk)
    page = client.get("/admin/visits/").content.decode()
    assert "۰۹۱۲۰۰۰۰۰۰۱" in page
    response = client.post(f"/admin/visits/{booking.pk}/check-in/")
    assert response.status_code == 302
    response = client.post(
        "/admin/visits/call/", {"department": visit_service.department.pk, "counter": "۴"}
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert (booking.status, booking.ticket, booking.counter) == (BookingStatus.CALLED, 1, 4)
    code = visit_service.department.code
    assert client.get(f"/visits/hall/{code}/now.json").json()["calls"][0] == {
        "ticket": "۱",
        "counter": "۴",
        "called_at": booking.called_at.isoformat(),
    }
    hall = client.get(f"/visits/hall/{code}/").content.decode()
    assert 'class="hall__ticket">۱<' in hall and 'class="hall__counter">۴<' in hall


def test_staff_of_another_unit_neither_see_nor_act(client, visit_service, schedule):
    from django.contrib.auth.models import Group

    booking = booked_today(visit_service, schedule, 8, 0, "09120000001")
    other = UserFactory(username="other")
    other.groups.add(Group.objects.get(name=roles.STAFF))
    DepartmentFactory().members.add(other)
    client.force_login(other)
    assert "۰۹۱۲۰۰۰۰۰۰۱" not in client.get("/admin/visits/").content.decode()
    assert client.post(f"/admin/visits/{booking.pk}/check-in/").status_code == 404
    response = client.post(
        "/admin/visits/call/", {"department": visit_service.department.pk, "counter": "1"}
    )
    assert response.status_code == 404
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.BOOKED


def test_a_bad_counter_is_refused_in_persian(client, visit_service, schedule, clerk):
    client.force_login(clerk)
    response = client.post(
        "/admin/visits/call/",
        {"department": visit_service.department.pk, "counter": "abc"},
        follow=True,
    )
    assert "شماره باجه را از ۱ تا ۹۹ وارد کنید." in response.content.decode()


def test_calls_and_no_shows_are_in_the_audit_trail_with_who_and_when(
    client, visit_service, schedule, clerk
):
    from django.contrib.auth.models import Group

    booking = booked_today(visit_service, schedule, 8, 0, "09120000001")
    client.force_login(clerk)
    client.post(f"/admin/visits/{booking.pk}/check-in/")
    client.post("/admin/visits/call/", {"department": visit_service.department.pk, "counter": "2"})
    called = booking.history.filter(status=BookingStatus.CALLED).get()
    assert called.history_user == clerk and called.counter == 2
    manager = UserFactory(username="auditor")
    manager.groups.add(Group.objects.get(name=roles.MANAGERS))
    client.force_login(manager)
    trail = client.get("/admin/audit/", {"model": "appointments.booking"})
    assert trail.status_code == 200
    page = trail.content.decode()
    assert booking.code in page or booking.code in page.replace("\u200c", "")
    assert "clerk" in page
