"""The numbers an editor sets on a question (limits, sizes), read from block values and
specs, and written back as JSON keeps them."""

from decimal import Decimal, InvalidOperation
from typing import Any

from ..persian.text import MAX_CODE_INPUT

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
