"""Numbers and yes/no answers typed in Persian, Arabic or Latin digits and words.

Each function takes raw text and returns the value, or raises ValueError.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .text import CONTROL_CHARACTERS, MAX_CODE_INPUT, normalize_digits, normalize_text

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
    text = CONTROL_CHARACTERS.sub("", normalize_digits(raw)).strip()
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
        text = normalize_text(CONTROL_CHARACTERS.sub("", raw)).casefold()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise ValueError(f"not yes or no: {raw!r}")
