"""Issue 17, done when: a phone books a visit (mobile verified by its SMS code, a Jalali
day, a time), gets the SMS with the code, time and place, opens its link and moves the
visit once; a clerk's browser checks the citizen in (a ticket), calls the next ticket to
a counter by keyboard, and the hall's screen, in a browser of its own that nobody
touches, shows the ticket and the counter without a reload.

Django's clock (`django.utils.timezone.now`, read by every thread of the process, so by
the live server too) is moved to 09:00 of the next day the working calendar opens, and
keeps ticking: the visit is booked for later that day, then checked in on it.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from appointments.models import Booking, OpeningSchedule, Slot
from appointments.services import queue_call_next, walk_in_create
from catalog.workdays import closed_day_test
from cms_site import roles
from receipts.models import SmsMessage
from tests.browser.jalali import MONTHS
from tests.factories import DepartmentFactory, ServicePageFactory, UserFactory
from tests.sms import otp_code_sent

pytestmark = pytest.mark.django_db(transaction=True)

MOBILE = "09121234567"
PLACE = "واحد شهرسازی، ساختمان شماره ۲، باجه‌های ۱ تا ۴"
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
LATIN = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
SERVICE = "/services/urban/completion/"
WAIT = 60_000  # ms: a busy machine


@pytest.fixture
def clock(monkeypatch):
    """Django's clock at 09:00 (Tehran) of the next open day, ticking on; that day."""
    real_now = timezone.now
    first = timezone.localdate() + datetime.timedelta(days=1)
    closed = closed_day_test(first, first + datetime.timedelta(days=30))
    day = next(
        first + datetime.timedelta(days=offset)
        for offset in range(31)
        if not closed(first + datetime.timedelta(days=offset))
    )
    nine = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
    offset = nine - real_now()
    monkeypatch.setattr(timezone, "now", lambda: real_now() + offset)
    return day


@pytest.fixture
def visit_service(urban_category, clock):
    """A service that needs one visit; its unit opens 8:00-14:00 every day, half-hour
    slots of one place each; a walk-in already called to counter 1 today."""
    department = DepartmentFactory(name="واحد شهرسازی", code="URBAN", address="")
    service = ServicePageFactory(
        parent=urban_category,
        title="صدور کارت پایان کار",
        slug="completion",
        department=department,
        channel_in_person=True,
        in_person_visits=1,
    )
    days = ("sat", "sun", "mon", "tue", "wed", "thu", "fri")
    hours = {f"{day}_opens": datetime.time(8, 0) for day in days}
    hours |= {f"{day}_closes": datetime.time(14, 0) for day in days}
    OpeningSchedule.objects.create(
        department=department,
        slot_minutes=30,
        counters=1,
        horizon_days=7,
        location="ساختمان شماره ۲، باجه‌های ۱ تا ۴",
        **hours,
    )
    clerk = UserFactory(username="clerk")
    clerk.groups.add(Group.objects.get(name=roles.STAFF))
    department.members.add(clerk)
    walk_in_create(service=service, user=clerk)
    queue_call_next(department=department, counter=1, user=clerk)
    return service


def jalali_numeric(label: str) -> str:
    """«۲۱ آذر ۱۴۰۵» → «۱۴۰۵/۰۹/۲۱»."""
    day, month, year = label.split()
    number = MONTHS.index(month) + 1
    return f"{year}/{str(number).zfill(2).translate(PERSIAN)}/{day.zfill(2)}"


def verify_mobile(page, base):
    page.get_by_label("تلفن همراه").fill("۰۹۱۲ ۱۲۳ ۴۵۶۷")
    page.get_by_role("button", name="رمز را برایم بفرست").tap()
    code_box = page.get_by_label("رمز پیامک‌شده به")
    code_box.wait_for(timeout=WAIT)
    code = otp_code_sent(MOBILE)
    code_box.fill(code.translate(PERSIAN))
    with page.expect_navigation(timeout=WAIT):
        page.get_by_role("button", name="تأیید").tap()


def choose(page, day_label: str | None, time_text: str) -> str:
    """Tap a day (the first one when None) and a time on the booking page; the day's
    Jalali label."""
    days = page.locator("a.visit-day")
    day = days.filter(has_text=day_label) if day_label else days.first
    label = day.locator(".visit-day__date").inner_text()
    with page.expect_navigation(timeout=WAIT):
        day.tap()
    with page.expect_navigation(timeout=WAIT):
        page.locator("button.visit-time", has_text=time_text).tap()
    page.wait_for_url("**/visits/*/", timeout=WAIT)
    return label


def at(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def free_times(page, base, day: datetime.date) -> list[str]:
    page.goto(f"{base}{SERVICE}visit/?day={day.isoformat()}")
    return page.locator("button.visit-time").all_inner_texts()


def test_a_phone_books_and_moves_a_visit_and_the_clerk_calls_it_to_the_hall(
    live_server, visit_service, clock, phone_page, desktop_page, browser, settings
):
    settings.SITE_BASE_URL = live_server.url  # the SMS's link leads to this server
    page, base = phone_page, live_server.url
    page.goto(base + SERVICE)
    with page.expect_navigation(timeout=WAIT):
        page.get_by_role("link", name="گرفتن نوبت حضوری").tap()
    verify_mobile(page, base)
    day_label = choose(page, None, "۱۰:۰۰")

    booking = Booking.objects.get(mobile=MOBILE)
    code = booking.code.translate(PERSIAN)
    assert code in page.locator(".visit-code").inner_text()
    sms = SmsMessage.objects.get(dedupe_key=f"booking:{booking.pk}:booked").body
    assert code in sms and PLACE in sms
    assert f"{jalali_numeric(day_label)}، ۱۰:۰۰" in sms
    link = re.search(r"https?://\S+/visits/\S+/", sms).group(0)

    # The citizen opens the SMS's link and moves the visit to 11:30 the same day.
    page.goto(link)
    with page.expect_navigation(timeout=WAIT):
        page.get_by_role("link", name="جابه‌جایی به زمان دیگر").tap()
    choose(page, day_label, "۱۱:۳۰")
    facts = page.locator("dl.facts").inner_text()
    assert f"{day_label}، ۱۱:۳۰" in facts and code in facts
    moved = SmsMessage.objects.get(dedupe_key=f"booking:{booking.pk}:moved1").body
    assert f"{jalali_numeric(day_label)}، ۱۱:۳۰" in moved
    # The old time's one place is free again; the new one's is taken.
    times = free_times(page, base, clock)
    assert "۱۰:۰۰" in times and "۱۱:۳۰" not in times
    booked = dict(Slot.objects.values_list("starts_at", "booked"))
    assert booked[at(clock, 10, 0)] == 0 and booked[at(clock, 11, 30)] == 1

    hall = hall_page(browser, base)
    desk_check_in_and_call(desktop_page, base, code)
    # The screen redraws by itself: ticket ۲ at counter ۳ on top, the page not reloaded.
    # (Locator waits, not wait_for_function: the page's CSP forbids evaluating strings.)
    expect(hall.locator(".hall__latest .hall__ticket")).to_have_text("۲", timeout=WAIT)
    expect(hall.locator(".hall__latest .hall__counter")).to_have_text("۳", timeout=WAIT)
    assert hall.evaluate("window.loadedOnce") is True
    rows = hall.locator("tbody tr").all_inner_texts()
    assert [row.split() for row in rows] == [["۲", "۳"], ["۱", "۱"]]
    hall.context.close()


def hall_page(browser, base):
    """The hall's screen in a browser of its own: the walk-in's ticket ۱ at counter ۱."""
    context = browser.new_context(locale="fa-IR", viewport={"width": 1920, "height": 1080})
    hall = context.new_page()
    hall.goto(f"{base}/visits/hall/URBAN/")
    assert hall.locator(".hall__latest .hall__ticket").inner_text() == "۱"
    hall.evaluate("window.loadedOnce = true")
    return hall


def desk_check_in_and_call(page, base, code: str) -> None:
    """The clerk signs in, finds the booking on the desk's day, checks it in and calls
    the next ticket to counter ۳, by keyboard."""
    page.goto(base + "/admin/visits/")
    page.wait_for_url("**/admin/login/**", timeout=WAIT)
    page.get_by_label("نام کاربری").fill("clerk")
    page.get_by_label("رمزعبور").fill("secret-password")
    with page.expect_navigation(timeout=WAIT):
        page.get_by_label("رمزعبور").press("Enter")
    page.wait_for_url(base + "/admin/visits/", timeout=WAIT)
    row = page.locator("table.listing tbody tr", has_text=code)
    assert "۱۱:۳۰" in row.inner_text()
    row.get_by_role("button", name="پذیرش").focus()
    with page.expect_navigation(timeout=WAIT):
        page.keyboard.press("Enter")
    assert "پذیرش شد: نوبت شماره ۲." in page.locator(".messages").inner_text()
    row = page.locator("table.listing tbody tr", has_text=code)
    assert row.locator("td").nth(5).inner_text() == "۲"
    counter = page.get_by_label("باجه", exact=True)
    counter.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("۳")
    with page.expect_navigation(timeout=WAIT):
        page.keyboard.press("Enter")
    assert "نوبت ۲ به باجه ۳ فراخوانده شد." in page.locator(".messages").inner_text()
