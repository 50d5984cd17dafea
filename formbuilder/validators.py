"""Pure parsing and checking of answers: Iranian codes, numbers, Jalali dates, files.

No Django forms here: each function takes raw text (already a `str`) or a file and
returns a normalised value, or raises ValueError / returns None. The field types in
`formbuilder.fields` turn those outcomes into translated form errors.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

import jdatetime
import magic

from .persian import normalize_digits, normalize_letters, normalize_text

# Characters dropped from every answer: C0/C1 controls (except tab and newlines,
# which a multi-line answer keeps) and invisible direction marks that phones paste
# around numbers copied from an SMS. ZWNJ and ZWJ are part of Persian words and stay.
_CONTROL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_NEWLINES = re.compile(r"\r\n?")
# Separators people type inside codes and numbers: spaces (also no-break and thin
# ones), dashes of every kind, dots, brackets and slashes.
_CODE_SEPARATORS = re.compile("[\\s\u00a0\u2009\u202f\\-\u2010-\u2015\u2212._()/]")
# Longer input is garbage for any code, number or date; refuse it before parsing.
MAX_CODE_INPUT = 64


def text_clean(raw: str, *, multiline: bool = False) -> str:
    """An answer as stored: Persian letters, ASCII digits, no control characters,
    trimmed. A single-line answer has its line breaks turned into spaces."""
    text = _NEWLINES.sub("\n", raw)
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    return normalize_text(_CONTROL_CHARACTERS.sub("", text))


def _code_digits(raw: str) -> str | None:
    """Raw text with its separators removed, or None when it is too long to be a code."""
    text = _CONTROL_CHARACTERS.sub("", normalize_digits(raw))
    if len(text) > MAX_CODE_INPUT:
        return None
    return _CODE_SEPARATORS.sub("", text)


# -- National ID (کد ملی) ---------------------------------------------------------


def national_id_check_digit(first_nine: str) -> int:
    """The check digit (the 10th) for the first nine digits of a national ID."""
    total = sum(int(digit) * (10 - position) for position, digit in enumerate(first_nine))
    remainder = total % 11
    return remainder if remainder < 2 else 11 - remainder


def national_id_is_valid(digits: str) -> bool:
    """True for ten ASCII digits, not all the same, whose last digit is the checksum."""
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    if len(set(digits)) == 1:
        return False
    return national_id_check_digit(digits[:9]) == int(digits[9])


def national_id_normalise(raw: str) -> str | None:
    """Ten digits (8 or 9 are left-padded with zeros, as printed IDs drop them), or
    None when the text is not 8–10 digits. The checksum is not checked here."""
    digits = _code_digits(raw)
    if digits is None or not re.fullmatch(r"[0-9]{8,10}", digits):
        return None
    return digits.zfill(10)


# -- Mobile and postal code -------------------------------------------------------

_MOBILE = re.compile(r"(?:\+98|0098|98)?0?(9[0-9]{9})")


def mobile_normalise(raw: str) -> str | None:
    """An Iranian mobile number as `09xxxxxxxxx`, from +98 / 0098 / 98 / 0 / no prefix,
    with any digits and separators; None when it is not one."""
    digits = _code_digits(raw)
    if digits is None:
        return None
    match = _MOBILE.fullmatch(digits)
    return f"0{match.group(1)}" if match else None


def postal_code_normalise(raw: str) -> str | None:
    """A postal code as ten ASCII digits (spaces and dashes removed), or None."""
    digits = _code_digits(raw)
    if digits is None or not re.fullmatch(r"[0-9]{10}", digits):
        return None
    return digits


# -- Numbers ----------------------------------------------------------------------

# «٬» (Arabic thousands separator), "," and «،» group digits; «٫» (Arabic decimal
# separator) and "." mark decimals, and so does "/", as Iranians often write ۲/۵.
_THOUSANDS = re.compile("[,\u066c\u060c'\\s\u00a0\u2009\u202f]")
_DECIMAL_MARKS = str.maketrans({"\u066b": ".", "/": ".", "\u2212": "-", "\u2013": "-"})
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
MAX_NUMBER_DIGITS = 30


def decimal_parse(raw: str) -> Decimal:
    """A number typed in any digits and separators, as a Decimal; ValueError if not one
    (NaN and infinity are not numbers here)."""
    text = _CONTROL_CHARACTERS.sub("", normalize_digits(raw)).strip()
    if len(text) > MAX_CODE_INPUT:
        raise ValueError("too long")
    text = _THOUSANDS.sub("", text.translate(_DECIMAL_MARKS))
    if not _NUMBER.fullmatch(text) or sum(c.isdigit() for c in text) > MAX_NUMBER_DIGITS:
        raise ValueError(f"not a number: {raw!r}")
    try:
        return Decimal(text)
    except InvalidOperation as error:  # pragma: no cover (the pattern rules it out)
        raise ValueError(f"not a number: {raw!r}") from error


def integer_parse(raw: str) -> int:
    """A whole number typed in any digits and separators ("12.0" is 12); ValueError if
    the text is not a whole number."""
    number = decimal_parse(raw)
    if number != number.to_integral_value():
        raise ValueError(f"not a whole number: {raw!r}")
    return int(number)


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
    text = _CONTROL_CHARACTERS.sub("", normalize_digits(raw)).strip()
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


# -- Files ------------------------------------------------------------------------

SNIFF_BYTES = 2048
_UNSAFE_IN_NAMES = re.compile(r'[<>:"|?*]')
MAX_FILE_NAME = 150


def file_sniff_mime(uploaded) -> str:
    """The MIME type of an uploaded file judged by its content (libmagic reading the
    first 2048 bytes), never by its name. The file is left at position 0."""
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    uploaded.seek(0)
    if isinstance(head, str):
        head = head.encode("utf-8", "replace")
    try:
        return magic.from_buffer(head, mime=True)
    except magic.MagicException:
        return "application/octet-stream"


def file_name_sanitise(name: str) -> str:
    """A file name safe to store and show: the base name only, no control characters
    or direction overrides (which can disguise «scan‮fdp.exe»), no characters file
    systems refuse, at most 150 characters with the extension kept."""
    name = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        char
        for char in normalize_letters(name)
        if unicodedata.category(char) not in ("Cc", "Cf") or char in "\u200c\u200d"
    )
    name = " ".join(_UNSAFE_IN_NAMES.sub("_", name).split()).strip(" .")
    if len(name) > MAX_FILE_NAME:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = f"{stem[: MAX_FILE_NAME - len(extension) - 1]}.{extension}"
        else:
            name = name[:MAX_FILE_NAME]
    return name or "file"


# -- The editor's options --------------------------------------------------------

OPTION_DIGITS_MAX = 30  # Beyond any sensible limit.


def option_int(value: Any) -> int | None:
    """A whole number from a block value or a spec, or None when unset or not a number."""
    number = option_number(value)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def option_number(value: Any) -> Decimal | None:
    """A number from a block value or a spec (JSON number), or None."""
    if (
        value is None
        or isinstance(value, bool)
        or not isinstance(value, (str, int, float, Decimal))
    ):
        return None
    text = str(value).strip()
    if len(text) > MAX_CODE_INPUT:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    # adjusted(): the power of ten of the leading digit, computed without a context.
    return number if number.is_finite() and number.adjusted() < OPTION_DIGITS_MAX else None


def json_number(value: Decimal | float | int) -> int | float:
    """A number as JSON keeps it: 5 rather than 5.0."""
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)


# -- Answers that are yes or no ---------------------------------------------------

_TRUE = {"true", "on", "1", "yes", "y", "checked", "بله", "آری", "بلی"}
_FALSE = {"false", "off", "0", "no", "n", "", "خیر", "نه"}


def boolean_parse(raw) -> bool:
    """A checkbox or JSON answer as True/False: true/false, "on", 1/0, yes/no (also in
    Persian); a missing answer is False. ValueError for anything else."""
    if raw is None or isinstance(raw, bool):
        return bool(raw)
    if isinstance(raw, int):
        if raw in (0, 1):
            return bool(raw)
        raise ValueError(f"not yes or no: {raw!r}")
    if isinstance(raw, str) and len(raw) <= MAX_CODE_INPUT:
        text = normalize_text(_CONTROL_CHARACTERS.sub("", raw)).casefold()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise ValueError(f"not yes or no: {raw!r}")
