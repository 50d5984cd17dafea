"""The admin's date boxes in Chromium: the bundled Jalali picker opens on the holiday's
date box and on the page schedule's, and a picked day is saved as that Jalali day."""

import re

import jdatetime
import pytest

from catalog.models import Holiday
from tests.browser.admin_login import sign_in_as_chief
from tests.browser.jalali import MONTHS

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_holiday_picked_in_the_jalali_picker_is_saved_as_that_day(
    live_server, desktop_page, outside_requests
):
    page = desktop_page
    sign_in_as_chief(page, live_server, "/admin/snippets/catalog/holiday/add/")
    box = page.locator('input[name="date"]')
    box.click()
    picker = page.locator("jdp-container")
    picker.wait_for()
    today = jdatetime.date.today()
    assert MONTHS[today.month - 1] in picker.inner_text()
    days = picker.locator(".jdp-day:not(.not-in-month)").all_inner_texts()
    assert days[:3] == ["۱", "۲", "۳"]  # the picker's own digits, Persian
    picker.locator(".jdp-day:not(.not-in-month)", has_text="۲۰").first.click()
    assert box.input_value() == f"{today.year}/{today.month:02d}/20"
    page.locator('input[name="title"]').fill("تعطیل آزمایشی")
    with page.expect_navigation():
        page.locator("button.action-save, button[type=submit]").last.click()
    stored = Holiday.objects.get(title="تعطیل آزمایشی").date
    assert stored == jdatetime.date(today.year, today.month, 20).togregorian()
    assert outside_requests == []


def test_the_page_schedule_box_opens_the_jalali_picker_with_a_time(
    live_server, urban_category, desktop_page
):
    page = desktop_page
    sign_in_as_chief(page, live_server, f"/admin/pages/{urban_category.pk}/edit/")
    page.get_by_role("button", name="وضعیت").first.click()
    page.locator('[data-a11y-dialog-show="schedule-publishing-dialog"]').first.click()
    box = page.locator('input[name="go_live_at"]')
    box.click()
    picker = page.locator("jdp-container")
    picker.wait_for()
    assert picker.locator(".jdp-time-container").count() == 1  # date and time
    picker.locator(".jdp-day:not(.not-in-month)", has_text="۲۵").first.click()
    if not box.input_value():
        picker.get_by_text("انتخاب").click()
    today = jdatetime.date.today()
    assert re.fullmatch(rf"{today.year}/{today.month:02d}/25 \d\d:\d\d", box.input_value())
