"""Iran's lunar (religious) holidays, computed ahead of the official calendar.

The lunar holidays are fixed in the Hijri lunar calendar, so they move about 11 days
earlier every Jalali year. Iran fixes the start of each lunar month by observation, and
its official calendar (published by the Council of Public Culture) can differ from the
Umm al-Qura arithmetic of `hijridate` by a day: what is computed here is an estimate
an administrator confirms or moves by a day (`Holiday.is_estimate`).

This module imports no model: the data migration that seeds 1405 and 1406 uses it with
the historical model, the admin with the real one.
"""

import dataclasses
import datetime

import jdatetime
from hijridate import Gregorian, Hijri

LAST_DAY = 0  # "the last day of the month" (Safar has 29 or 30 days)

# (Hijri month, day, occasion): the 17 lunar public holidays of Iran's official calendar.
# Stored text keeps ASCII digits (Persian ones are for display), like the solar holidays.
LUNAR_HOLIDAYS = (
    (1, 9, "تاسوعای حسینی (9 محرم)"),
    (1, 10, "عاشورای حسینی (10 محرم)"),
    (2, 20, "اربعین حسینی (20 صفر)"),
    (2, 28, "رحلت پیامبر اکرم و شهادت امام حسن مجتبی (28 صفر)"),
    (2, LAST_DAY, "شهادت امام رضا (آخر صفر)"),
    (3, 8, "شهادت امام حسن عسکری (8 ربیع‌الاول)"),
    (3, 17, "میلاد پیامبر اکرم و امام جعفر صادق (17 ربیع‌الاول)"),
    (6, 3, "شهادت حضرت فاطمه زهرا (3 جمادی‌الثانی)"),
    (7, 13, "ولادت امام علی (13 رجب)"),
    (7, 27, "مبعث پیامبر اکرم (27 رجب)"),
    (8, 15, "ولادت حضرت قائم (15 شعبان)"),
    (9, 21, "شهادت امام علی (21 رمضان)"),
    (10, 1, "عید سعید فطر (1 شوال)"),
    (10, 2, "تعطیل به مناسبت عید سعید فطر (2 شوال)"),
    (10, 25, "شهادت امام جعفر صادق (25 شوال)"),
    (12, 10, "عید سعید قربان (10 ذی‌الحجه)"),
    (12, 18, "عید سعید غدیر خم (18 ذی‌الحجه)"),
)


@dataclasses.dataclass(frozen=True)
class LunarHoliday:
    date: datetime.date
    title: str


def jalali_year_span(jalali_year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last Gregorian days of a Jalali year."""
    first = jdatetime.date(jalali_year, 1, 1).togregorian()
    last = jdatetime.date(jalali_year + 1, 1, 1).togregorian() - datetime.timedelta(days=1)
    return first, last


def _hijri_to_date(year: int, month: int, day: int) -> datetime.date:
    if day == LAST_DAY:
        day = Hijri(year, month, 1).month_length()
    gregorian = Hijri(year, month, day).to_gregorian()
    return datetime.date(gregorian.year, gregorian.month, gregorian.day)


def _hijri_year(day: datetime.date) -> int:
    return Gregorian.fromdate(day).to_hijri().year


def lunar_holidays(jalali_year: int) -> list[LunarHoliday]:
    """The lunar holidays that fall in a Jalali year, by date (Umm al-Qura estimates)."""
    first, last = jalali_year_span(jalali_year)
    found = [
        LunarHoliday(_hijri_to_date(hijri_year, month, day), title)
        for hijri_year in range(_hijri_year(first), _hijri_year(last) + 1)
        for month, day, title in LUNAR_HOLIDAYS
    ]
    return sorted(
        (holiday for holiday in found if first <= holiday.date <= last),
        key=lambda holiday: holiday.date,
    )


def lunar_holidays_seed(holiday_model, jalali_years) -> int:
    """Add the computed lunar holidays of some Jalali years as estimates; a day already
    in the table (a solar holiday, or one an administrator entered) is left as it is.
    Returns how many were added. Takes the model so a data migration can pass its own."""
    added = 0
    for jalali_year in jalali_years:
        for holiday in lunar_holidays(jalali_year):
            _, created = holiday_model.objects.get_or_create(
                date=holiday.date, defaults={"title": holiday.title, "is_estimate": True}
            )
            added += created
    return added
