"""Jalali (Solar Hijri) dates: parsing what people type, and formatting for display.

Storage stays Gregorian and timezone-aware."""

import datetime
import re

import jdatetime
from django.utils import timezone

from .text import (
    CONTROL_CHARACTERS,
    MAX_CODE_INPUT,
    normalize_digits,
    normalize_text,
    to_persian_digits,
)

# The month names, Farvardin first, as jdatetime spells them.
PERSIAN_MONTHS = tuple(jdatetime.date.j_months_fa)
ENGLISH_MONTHS = tuple(jdatetime.date.j_months_en)


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


# -- Dates ------------------------------------------------------------------------

_DATE_SEPARATOR = "\\s*[/\\-.\u066b\u060c\\s]\\s*"
_DATE = re.compile(rf"([0-9]{{4}}){_DATE_SEPARATOR}([0-9]{{1,2}}){_DATE_SEPARATOR}([0-9]{{1,2}})")
_COMPACT_DATE = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")  # iOS number pads have no "/"
# A four-digit year above this is Gregorian (the API sends ISO dates).
GREGORIAN_YEAR_FROM = 1701
# Jalali years accepted: 1000 (1621) to 1700 (2322); anything else is a typo.
JALALI_YEAR_MIN, JALALI_YEAR_MAX = 1000, 1700
EARLIEST_DATE = jdatetime.date(JALALI_YEAR_MIN, 1, 1).togregorian()
LATEST_DATE = jdatetime.date(JALALI_YEAR_MAX + 1, 1, 1).togregorian() - datetime.timedelta(1)


class NoSuchDate(ValueError):
    """The text has the shape of a date, but no such day exists (1404/12/30)."""


def jalali_parse(raw: str) -> datetime.date:
    """A date typed as Jalali YYYY/MM/DD (also "-", "." or spaces between the parts,
    1- or 2-digit month and day, any digits, or YYYYMMDD), or as Gregorian ISO when the
    year is above 1700. Raises NoSuchDate for an impossible day, ValueError otherwise.
    """
    text = CONTROL_CHARACTERS.sub("", normalize_digits(raw)).strip()
    if len(text) > MAX_CODE_INPUT:
        raise ValueError("too long")
    match = _DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if not match:
        raise ValueError(f"not a date: {raw!r}")
    year, month, day = (int(part) for part in match.groups())
    try:
        if year >= GREGORIAN_YEAR_FROM:
            value = datetime.date(year, month, day)
        elif year >= JALALI_YEAR_MIN:
            value = jdatetime.date(year, month, day).togregorian()
        else:
            raise ValueError(f"year out of range: {raw!r}")
    except ValueError as error:
        raise NoSuchDate(str(error)) from error
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise NoSuchDate(f"out of range: {raw!r}")
    return value


def date_limit_parse(raw: str) -> str:
    """An editor's date limit as the schema keeps it: "today" (also «امروز»), or an
    ISO date from Jalali or ISO text. ValueError when it is neither."""
    text = normalize_text(raw).casefold()
    if text in ("today", "امروز"):
        return "today"
    return jalali_parse(text).isoformat()
