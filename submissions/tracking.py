"""Tracking codes (کد رهگیری): 11 random digits and a Verhoeff check digit.

The check digit catches every single-digit typo and every swap of two adjacent
digits, so a mistyped code is refused before any database lookup. Codes are
random (`secrets`), never sequential and never derived from a row id.
"""

import re
import secrets

from formbuilder.persian import normalize_digits, to_persian_digits

from .constants import TRACKING_CODE_LENGTH

# Verhoeff's dihedral group D5 tables.
_MULTIPLY = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_PERMUTE = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)
_INVERSE = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)
_SEPARATORS = re.compile(r"[\s\-_‐-―.]+")


def verhoeff_check_digit(digits: str) -> str:
    checksum = 0
    for position, digit in enumerate(reversed(digits), start=1):
        checksum = _MULTIPLY[checksum][_PERMUTE[position % 8][int(digit)]]
    return str(_INVERSE[checksum])


def verhoeff_is_valid(digits: str) -> bool:
    return len(digits) > 1 and verhoeff_check_digit(digits[:-1]) == digits[-1]


def tracking_code_generate() -> str:
    """A new random tracking code (uniqueness is the caller's: retry on collision)."""
    body = "".join(secrets.choice("0123456789") for _ in range(TRACKING_CODE_LENGTH - 1))
    return body + verhoeff_check_digit(body)


def tracking_code_normalise(raw: str) -> str | None:
    """The code a person typed («۱۲۳۴-۵۶۷۸ ۹۰۱۲», any digits, spaces, dashes) as 12
    ASCII digits, or None when it cannot be a valid code (length or check digit).
    """
    if not isinstance(raw, str) or len(raw) > 64:
        return None
    code = _SEPARATORS.sub("", normalize_digits(raw))
    if len(code) != TRACKING_CODE_LENGTH or not code.isascii() or not code.isdigit():
        return None
    return code if verhoeff_is_valid(code) else None


def tracking_code_display(code: str, *, persian: bool = True) -> str:
    """Grouped 4-4-4 for people: «۱۲۳۴ ۵۶۷۸ ۹۰۱۲»."""
    grouped = " ".join(code[i : i + 4] for i in range(0, len(code), 4))
    return to_persian_digits(grouped) if persian else grouped
