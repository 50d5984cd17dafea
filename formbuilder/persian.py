"""Persian text conventions: digits, Arabic letter variants, display digits.

Every input the desk accepts goes through `normalize_text` (or
`normalize_digits` for codes and numbers), so «۱۲۳», «١٢٣» and «123» are the
same value and «علي» is stored as «علی».
"""

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"

_TO_LATIN_DIGITS = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, LATIN_DIGITS * 2)
_TO_PERSIAN_DIGITS = str.maketrans(LATIN_DIGITS + ARABIC_DIGITS, PERSIAN_DIGITS * 2)
_LETTERS = str.maketrans(
    {
        "ي": "ی",  # Arabic yeh
        "ى": "ی",  # Alef maksura
        "ك": "ک",  # Arabic kaf
        "ة": "ه",  # Teh marbuta, as Persian keyboards type it
        "\u0640": None,  # Tatweel (kashida) only stretches letters
    }
)
_SEARCH_SEPARATORS = str.maketrans({"\u200c": " ", "\u200f": None, "\u200e": None})


def normalize_digits(value: str) -> str:
    """Persian and Arabic-Indic digits to ASCII digits; everything else unchanged."""
    return value.translate(_TO_LATIN_DIGITS)


def normalize_letters(value: str) -> str:
    """Arabic letter variants to their Persian forms (ي→ی, ك→ک); keeps ZWNJ."""
    return value.translate(_LETTERS)


def normalize_text(value: str) -> str:
    """What every text input is stored as: Persian letters, ASCII digits, trimmed."""
    return normalize_letters(normalize_digits(value)).strip()


def normalize_search_text(value: str) -> str:
    """A search key: like `normalize_text`, with ZWNJ as a space and case folded.

    «می‌خواهم», «میخواهم» and «می خواهم» should all find each other, so a
    zero-width non-joiner is treated as a word break on both the indexed text
    and the query.
    """
    return " ".join(normalize_text(value).translate(_SEARCH_SEPARATORS).casefold().split())


def to_persian_digits(value) -> str:
    """Display form: ASCII and Arabic digits to Persian digits."""
    return str(value).translate(_TO_PERSIAN_DIGITS)
