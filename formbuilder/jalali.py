"""Jalali (Solar Hijri) dates for display; storage stays Gregorian and timezone-aware."""

import datetime

import jdatetime
from django.utils import timezone

from .persian import to_persian_digits

PERSIAN_MONTHS = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
ENGLISH_MONTHS = (
    "Farvardin",
    "Ordibehesht",
    "Khordad",
    "Tir",
    "Mordad",
    "Shahrivar",
    "Mehr",
    "Aban",
    "Azar",
    "Dey",
    "Bahman",
    "Esfand",
)


def to_jalali(value: datetime.date | datetime.datetime) -> jdatetime.date | jdatetime.datetime:
    """A Gregorian date or datetime (aware datetimes in the current time zone) as Jalali."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return jdatetime.datetime.fromgregorian(datetime=value)
    return jdatetime.date.fromgregorian(date=value)


def format_jalali(
    value: datetime.date | datetime.datetime | None,
    *,
    style: str = "numeric",
    with_time: bool = False,
    persian: bool = True,
) -> str:
    """Format a date as Jalali: «۱۴۰۴/۰۹/۰۴» (numeric) or «۴ آذر ۱۴۰۴» (long)."""
    if value is None:
        return ""
    jalali = to_jalali(value)
    if style == "long":
        months = PERSIAN_MONTHS if persian else ENGLISH_MONTHS
        text = f"{jalali.day} {months[jalali.month - 1]} {jalali.year}"
    else:
        text = f"{jalali.year:04d}/{jalali.month:02d}/{jalali.day:02d}"
    if with_time and isinstance(jalali, jdatetime.datetime):
        text = (
            f"{text}، {jalali.hour:02d}:{jalali.minute:02d}"
            if persian
            else (f"{text}, {jalali.hour:02d}:{jalali.minute:02d}")
        )
    return to_persian_digits(text) if persian else text
