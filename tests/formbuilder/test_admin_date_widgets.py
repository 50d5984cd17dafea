"""The admin's date and date-time boxes: the bundled Jalali picker, the value shown in
Jalali, and Jalali or Gregorian typing read right (never a year in the 1400s AD)."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from catalog.models import ServicePage
from formbuilder.admin_dates import (
    JalaliAdminDateInput,
    JalaliAdminDateTimeInput,
    JalaliDateTimeField,
)

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
FIRST_OF_DEY_1405 = datetime.datetime(2026, 12, 22, 14, 30, tzinfo=TEHRAN)


@pytest.mark.parametrize(
    "typed",
    [
        "1405/10/01 14:30",  # what the picker writes
        "۱۴۰۵/۱۰/۰۱ ۱۴:۳۰",  # Persian digits, as the keyboard types
        "1405-10-1 14:30:00",
        "2026-12-22 14:30",  # Gregorian ISO
        "2026-12-22T14:30",
    ],
)
def test_a_date_time_is_read_as_jalali_or_gregorian(typed):
    value = JalaliDateTimeField().clean(typed)
    assert value == FIRST_OF_DEY_1405
    assert value.year == 2026


def test_a_date_without_a_time_is_midnight_in_tehran():
    assert JalaliDateTimeField().clean("1405/10/01") == datetime.datetime(
        2026, 12, 22, tzinfo=TEHRAN
    )


@pytest.mark.parametrize(
    "typed", ["1404/12/30 10:00", "1405/13/01 10:00", "فردا", "1405/10/01 25:00"]
)
def test_an_impossible_date_time_is_refused(typed):
    with pytest.raises(ValidationError):
        JalaliDateTimeField().clean(typed)


def test_the_boxes_show_the_value_in_jalali_and_carry_the_picker():
    date_box = JalaliAdminDateInput().render("date", datetime.date(2026, 12, 22))
    assert 'value="1405/10/01"' in date_box
    assert "data-jdp" in date_box and "data-jdp-only-date" in date_box
    time_box = JalaliAdminDateTimeInput().render("at", FIRST_OF_DEY_1405)
    assert 'value="1405/10/01 14:30"' in time_box
    assert "data-jdp-only-date" not in time_box
    media = str(JalaliAdminDateInput().media)
    assert "formbuilder/vendor/jalalidatepicker/jalalidatepicker.min.js" in media
    assert "//" not in media.replace("</", "")  # bundled, no CDN


def test_the_page_schedule_uses_the_jalali_boxes():
    form_class = ServicePage.get_edit_handler().get_form_class()
    for name in ("go_live_at", "expire_at"):
        field = form_class.base_fields[name]
        assert isinstance(field, JalaliDateTimeField), name
        assert isinstance(field.widget, JalaliAdminDateTimeInput), name
    assert form_class.base_fields["go_live_at"].widget.attrs["data-action"] == (
        "w-dialog:hidden->w-action#reset"
    )
