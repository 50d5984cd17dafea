"""Iranian identifiers: national ID (کد ملی) and a company's national ID (شناسه ملی) with
their check digits, IBAN (شبا), bank card number, mobile number, postal code, and the
Verhoeff check digit (tracking codes carry one).

Each `*_normalise` takes raw text in any digits and separators and returns the canonical
ASCII form, or None when the text cannot be one.
"""

from __future__ import annotations

import re

from .text import code_digits


def _digits_matching(raw: str, pattern: str) -> str | None:
    """The ASCII digits typed in `raw` when they match `pattern` whole, else None."""
    digits = code_digits(raw)
    if digits is None or not re.fullmatch(pattern, digits):
        return None
    return digits


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
    digits = _digits_matching(raw, r"[0-9]{8,10}")
    return None if digits is None else digits.zfill(10)


# -- Mobile and postal code -------------------------------------------------------

_MOBILE = re.compile(r"(?:\+98|0098|98)?0?(9[0-9]{9})")


def mobile_normalise(raw: str) -> str | None:
    """An Iranian mobile number as `09xxxxxxxxx`, from +98 / 0098 / 98 / 0 / no prefix,
    with any digits and separators; None when it is not one."""
    digits = code_digits(raw)
    if digits is None:
        return None
    match = _MOBILE.fullmatch(digits)
    return f"0{match.group(1)}" if match else None


def postal_code_normalise(raw: str) -> str | None:
    """A postal code as ten ASCII digits (spaces and dashes removed), or None."""
    return _digits_matching(raw, r"[0-9]{10}")


def postal_code_is_valid(digits: str) -> bool:
    """Iran Post's public structural rule for ten ASCII digits: the first five digits
    have no 0 or 2 and the fifth is not 5, the last five have no 2, and the first four
    are not all the same digit. There is no check digit; this only catches codes no
    address can have (1234567890 among them)."""
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    head, tail = digits[:5], digits[5:]
    return (
        not set(head) & {"0", "2"}
        and head[4] != "5"
        and "2" not in tail
        and len(set(digits[:4])) > 1
    )


# -- A company's national ID (شناسه ملی اشخاص حقوقی) ------------------------------

_LEGAL_ID_WEIGHTS = (29, 27, 23, 19, 17)


def legal_id_check_digit(first_ten: str) -> int:
    """The check digit (the 11th) for the first ten digits of a legal person's national
    ID: each digit plus (the tenth digit + 2), weighted 29, 27, 23, 19, 17 in turn,
    summed mod 11, with 10 read as 0."""
    shift = int(first_ten[9]) + 2
    total = sum(
        (int(digit) + shift) * _LEGAL_ID_WEIGHTS[position % 5]
        for position, digit in enumerate(first_ten)
    )
    return total % 11 % 10


def legal_id_is_valid(digits: str) -> bool:
    """True for eleven ASCII digits whose last is the check digit; digits 4 to 9 (the
    registration number) are never all zero."""
    if len(digits) != 11 or not digits.isascii() or not digits.isdigit():
        return False
    if digits[3:9] == "000000":
        return False
    return legal_id_check_digit(digits[:10]) == int(digits[10])


def legal_id_normalise(raw: str) -> str | None:
    """Eleven ASCII digits, or None when the text is not 11 digits (the check digit is
    not checked here)."""
    return _digits_matching(raw, r"[0-9]{11}")


# -- IBAN (شبا) and bank card number ----------------------------------------------


def iban_normalise(raw: str) -> str | None:
    """An Iranian IBAN as `IR` + 24 ASCII digits, typed with or without `IR` (any case),
    with any digits and separators; None when it is not that shape. The check digits
    are not checked here."""
    text = code_digits(raw)
    if text is None:
        return None
    text = text.upper()
    if text.startswith("IR"):
        text = text[2:]
    if not re.fullmatch(r"[0-9]{24}", text):
        return None
    return f"IR{text}"


def iban_is_valid(iban: str) -> bool:
    """ISO 13616: the first four characters moved to the end, letters read as 10..35,
    the number is 1 mod 97. Computed digit by digit, as the number has 30 digits."""
    if not re.fullmatch(r"IR[0-9]{24}", iban):
        return False
    remainder = 0
    for character in iban[4:] + iban[:4]:
        value = str(int(character, 36))
        for digit in value:
            remainder = (remainder * 10 + int(digit)) % 97
    return remainder == 1


def card_number_normalise(raw: str) -> str | None:
    """A bank card number as 16 ASCII digits, or None when it is not 16 digits."""
    return _digits_matching(raw, r"[0-9]{16}")


def luhn_is_valid(digits: str) -> bool:
    """The Luhn check (bank cards): from the right, every second digit doubled (less 9
    when over 9); the sum is a multiple of 10."""
    if len(digits) < 2 or not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


# -- Verhoeff check digit ---------------------------------------------------------

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


def _permutation_powers(permutation: tuple[int, ...], count: int) -> tuple[tuple[int, ...], ...]:
    """The first `count` powers of a permutation of the digits: row i applies it i times."""
    rows = [tuple(range(10))]
    while len(rows) < count:
        rows.append(tuple(permutation[digit] for digit in rows[-1]))
    return tuple(rows)


# Verhoeff's permutation, applied i times to the digit at position i (mod 8).
_PERMUTE = _permutation_powers((1, 5, 7, 6, 2, 8, 3, 0, 9, 4), 8)
_INVERSE = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)


def verhoeff_check_digit(digits: str) -> str:
    """The Verhoeff check digit of a string of ASCII digits: it catches every single-digit
    typo and every swap of two adjacent digits."""
    checksum = 0
    for position, digit in enumerate(reversed(digits), start=1):
        checksum = _MULTIPLY[checksum][_PERMUTE[position % 8][int(digit)]]
    return str(_INVERSE[checksum])


def verhoeff_is_valid(digits: str) -> bool:
    """True when the last digit is the Verhoeff check digit of the others."""
    return len(digits) > 1 and verhoeff_check_digit(digits[:-1]) == digits[-1]
