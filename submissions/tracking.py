"""Tracking codes (کد رهگیری): 11 random digits and a Verhoeff check digit.

The check digit catches every single-digit typo and every swap of two adjacent
digits, so a mistyped code is refused before any database lookup. Codes are
random (`secrets`), never sequential and never derived from a row id.
"""

import re
import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from formbuilder.persian.identifiers import verhoeff_check_digit, verhoeff_is_valid
from formbuilder.persian.text import normalize_digits, to_persian_digits

from .constants import TRACKING_CODE_LENGTH

_SEPARATORS = re.compile(r"[\s\-_‐-―.]+")


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


def tracking_code_clean(raw: str) -> str:
    """`tracking_code_normalise` for a form's or a serializer's field: the 12 digits, or a
    ValidationError in the person's language (both frameworks show it on the field)."""
    code = tracking_code_normalise(raw)
    if code is None:
        raise ValidationError(
            _("This tracking code is not valid. Check the 12 digits and try again."),
            code="invalid_code",
        )
    return code


def tracking_code_display(code: str, *, persian: bool = True) -> str:
    """Grouped 4-4-4 for people: «۱۲۳۴ ۵۶۷۸ ۹۰۱۲»."""
    grouped = " ".join(code[i : i + 4] for i in range(0, len(code), 4))
    return to_persian_digits(grouped) if persian else grouped
