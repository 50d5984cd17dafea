import datetime
from zoneinfo import ZoneInfo

import jdatetime
import pytest
from hypothesis import given
from hypothesis import strategies as st

from formbuilder.persian.jalali import NoSuchDate, date_limit_parse, format_jalali, jalali_parse

TEHRAN = ZoneInfo("Asia/Tehran")


PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
SCRIPTS = st.sampled_from([{}, PERSIAN, ARABIC])


# -- Dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1404/01/01", datetime.date(2025, 3, 21)),
        ("۱۴۰۴/۱/۱", datetime.date(2025, 3, 21)),
        ("١٤٠٤-٠١-٠١", datetime.date(2025, 3, 21)),
        ("1404.1.1", datetime.date(2025, 3, 21)),
        ("1404 / 01 / 01", datetime.date(2025, 3, 21)),
        ("14040101", datetime.date(2025, 3, 21)),
        ("1403/12/30", datetime.date(2025, 3, 20)),
        ("2025-03-21", datetime.date(2025, 3, 21)),
        ("2024-02-29", datetime.date(2024, 2, 29)),
    ],
)
def test_jalali_parse(raw, expected):
    assert jalali_parse(raw) == expected


@pytest.mark.parametrize(
    "raw", ["1404/12/30", "1404/13/01", "1404/07/31", "2025-02-29", "0999/01/01"]
)
def test_jalali_parse_refuses_days_that_do_not_exist(raw):
    with pytest.raises(NoSuchDate):
        jalali_parse(raw)


@pytest.mark.parametrize(
    "raw", ["", "abc", "1404/01", "04/01/01", "1404/001/01", "1" * 100, "9999-12-31"]
)
def test_jalali_parse_refuses_other_text(raw):
    with pytest.raises(ValueError):
        jalali_parse(raw)


@given(
    st.dates(min_value=datetime.date(1701, 1, 1), max_value=datetime.date(2300, 12, 31)), SCRIPTS
)
def test_jalali_round_trip(day, script):
    jalali = jdatetime.date.fromgregorian(date=day)
    typed = f"{jalali.year}/{jalali.month}/{jalali.day}".translate(script)
    assert jalali_parse(typed) == day
    assert jalali_parse(day.isoformat()) == day


def test_date_limit_parse():
    assert date_limit_parse("today") == "today"
    assert date_limit_parse(" Today ") == "today"
    assert date_limit_parse("امروز") == "today"
    assert date_limit_parse("۱۴۰۴/۰۱/۰۱") == "2025-03-21"
    assert date_limit_parse("2025-03-21") == "2025-03-21"
    with pytest.raises(ValueError):
        date_limit_parse("tomorrow")


def test_jalali_formats():
    moment = datetime.datetime(2025, 3, 20, 22, 0, tzinfo=datetime.UTC)  # 1404/01/01 01:30 Tehran
    assert format_jalali(moment) == "۱۴۰۴/۰۱/۰۱"
    assert format_jalali(moment, with_time=True) == "۱۴۰۴/۰۱/۰۱، ۰۱:۳۰"
    assert format_jalali(moment, style="long") == "۱ فروردین ۱۴۰۴"
    assert format_jalali(datetime.date(2026, 11, 25), style="long", persian=False) == "4 Azar 1405"
    assert format_jalali(None) == ""


def test_leap_year_end():
    # 1403 is a Jalali leap year: 30 Esfand exists.
    assert format_jalali(datetime.date(2025, 3, 20)) == "۱۴۰۳/۱۲/۳۰"
