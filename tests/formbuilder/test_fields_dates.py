import datetime
from unittest import mock

import jdatetime
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import override
from hypothesis import given
from hypothesis import strategies as st

from formbuilder.blocks import field_block
from formbuilder.fields import registry
from tests.formbuilder.helpers import field_spec

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DATE = registry.get("jalali_date")


def make_spec(*, required=True, validation=None):
    return field_spec(
        "jalali_date", key="born", label="تاریخ تولد", required=required, validation=validation
    )


def clean(value, **kwargs):
    return DATE.form_field(make_spec(**kwargs)).clean(value)


def error_messages(value, **kwargs):
    with pytest.raises(ValidationError) as info:
        clean(value, **kwargs)
    return info.value.messages


@pytest.mark.parametrize(
    "typed",
    ["1404/01/31", "۱۴۰۴/۰۱/۳۱", "١٤٠٤/١/٣١", "1404-1-31", "1404.01.31", "14040131"]
    + ["2025-04-20", "۲۰۲۵-۰۴-۲۰"],
)
def test_jalali_and_iso_answers_are_stored_iso(typed):
    assert DATE.to_storage(make_spec(), clean(typed)) == "2025-04-20"


def test_leap_years():
    assert DATE.to_storage(make_spec(), clean("1403/12/30")) == "2025-03-20"
    with override("en"):
        assert error_messages("1404/12/30") == [
            "There is no such date. Check the year, the month and the day."
        ]


def test_bad_shapes_get_the_format_with_an_example():
    with override("en"):
        assert error_messages("31/01/1404") == [
            "Enter the date as year/month/day, for example 1404/01/31."
        ]
    with override("fa"):
        (message,) = error_messages("فردا")
    assert "۱۴۰۴/۰۱/۳۱" in message


def test_limits_are_shown_as_jalali_dates():
    rules = {"earliest": "2025-03-21", "latest": "2026-03-20"}  # 1404/01/01 – 1404/12/29
    assert clean("1404/01/01", validation=rules) == datetime.date(2025, 3, 21)
    assert clean("1404/12/29", validation=rules) == datetime.date(2026, 3, 20)
    with override("fa"):
        (early,) = error_messages("1403/12/30", validation=rules)
        (late,) = error_messages("1405/01/01", validation=rules)
    assert "۱۴۰۴/۰۱/۰۱" in early
    assert "۱۴۰۴/۱۲/۲۹" in late
    with override("en"):
        assert error_messages("1403/12/30", validation=rules) == [
            "Enter a date on or after 1404/01/01."
        ]


def test_today_is_taken_in_tehran_when_the_answer_is_checked():
    # 22:00 UTC on 20 March 2025 is already 01:30 on 1 Farvardin 1404 in Tehran.
    moment = datetime.datetime(2025, 3, 20, 22, 0, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        assert timezone.localdate() == datetime.date(2025, 3, 21)
        assert clean("1404/01/01", validation={"latest": "today"})
        assert clean("1404/01/01", validation={"earliest": "today"})
        with override("fa"):
            (message,) = error_messages("1404/01/02", validation={"latest": "today"})
        assert "۱۴۰۴/۰۱/۰۱" in message
        with override("en"):
            assert error_messages("1403/12/30", validation={"earliest": "today"}) == [
                "Enter today or a later date (today is 1404/01/01)."
            ]


def test_storage_and_display():
    spec = make_spec()
    assert DATE.from_storage(spec, "2025-04-20") == "1404/01/31"
    assert DATE.from_storage(spec, None) is None
    with override("fa"):
        assert DATE.display(spec, "2025-04-20") == "۱۴۰۴/۰۱/۳۱"
    with override("en"):
        assert DATE.display(spec, "2025-04-20") == "1404/01/31"
    assert DATE.display(spec, None) == ""
    assert DATE.to_storage(spec, None) is None


@given(st.dates(min_value=datetime.date(1800, 1, 1), max_value=datetime.date(2200, 12, 31)))
def test_round_trip_iso_to_jalali_and_back(day):
    spec = make_spec()
    jalali_text = DATE.from_storage(spec, day.isoformat())
    expected = jdatetime.date.fromgregorian(date=day)
    assert jalali_text == f"{expected.year:04d}/{expected.month:02d}/{expected.day:02d}"
    for typed in (jalali_text, jalali_text.translate(PERSIAN), jalali_text.translate(ARABIC)):
        assert DATE.to_storage(spec, clean(typed)) == day.isoformat()
    assert DATE.to_storage(spec, clean(day.isoformat())) == day.isoformat()


def test_widget():
    field = DATE.form_field(make_spec())
    assert field.widget.input_type == "text"
    assert field.widget.attrs["inputmode"] == "numeric"
    assert field.widget.attrs["dir"] == "ltr"
    with override("fa"):
        assert DATE.form_field(make_spec()).widget.attrs["placeholder"] == "۱۴۰۴/۰۱/۳۱"


def test_editor_limits_become_iso_or_today():
    block = field_block(DATE)
    value = block.to_python({"label": "تاریخ", "earliest": "۱۴۰۴/۰۱/۰۱", "latest": "امروز"})
    assert DATE.validation(value) == {"earliest": "2025-03-21", "latest": "today"}
    assert DATE.validation({"earliest": "", "latest": None}) == {}
    assert DATE.validation({"earliest": "Today", "latest": "2025-03-21"}) == {
        "earliest": "today",
        "latest": "2025-03-21",
    }


def test_problems():
    assert DATE.problems(make_spec(validation={"earliest": "2025-03-21", "latest": "today"})) == []
    bad = DATE.validation({"earliest": "فردا", "latest": None})
    with override("en"):
        assert DATE.problems(make_spec(validation=bad)) == [
            "The earliest date of “تاریخ تولد” is not a date: فردا."
        ]
        assert DATE.problems(
            make_spec(validation={"earliest": "2026-01-01", "latest": "2025-01-01"})
        ) == ["In “تاریخ تولد”, the earliest date is after the latest date."]
    # A malformed limit never breaks the citizen's form.
    assert clean("1404/01/01", validation=bad) == datetime.date(2025, 3, 21)
