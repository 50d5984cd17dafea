"""Persian text conventions: digits, Arabic letter variants, display digits, and the
cleaning every typed answer goes through.

Every input the desk accepts goes through `normalize_text` (or
`normalize_digits` for codes and numbers), so «۱۲۳», «١٢٣» and «123» are the
same value and «علي» is stored as «علی».
"""

import re

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


# Words a Persian writer joins, spaces or separates with a ZWNJ: «می‌خواهم», «میخواهم»,
# «می خواهم»; «صفحه‌ها», «صفحه ها».
_SPLIT_WORDS = re.compile(r"(?<!\S)(ن?می|ب?ی) (\S+)|(\S+) (ها|های|هایی|ای|تر|ترین)(?!\S)")


def search_index_text(value: str) -> str:
    """The text a search index holds: `normalize_search_text`, then the joined spelling
    of every word written with a ZWNJ or a space inside it, so that a query in any of
    the three spellings finds it."""
    base = normalize_search_text(value)
    with_zwnj = normalize_letters(normalize_digits(value)).casefold().split()
    joined = [word.replace("\u200c", "") for word in with_zwnj if "\u200c" in word]
    joined += [
        "".join(part for part in match.groups() if part) for match in _SPLIT_WORDS.finditer(base)
    ]
    return " ".join([base, *dict.fromkeys(joined)])


def to_persian_digits(value) -> str:
    """Display form: ASCII and Arabic digits to Persian digits."""
    return str(value).translate(_TO_PERSIAN_DIGITS)


# Characters dropped from every answer: C0/C1 controls (except tab and newlines,
# which a multi-line answer keeps) and invisible direction marks that phones paste
# around numbers copied from an SMS. ZWNJ and ZWJ are part of Persian words and stay.
CONTROL_CHARACTERS = re.compile(
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
    return normalize_text(CONTROL_CHARACTERS.sub("", text))


def code_digits(raw: str) -> str | None:
    """Raw text with its separators removed, or None when it is too long to be a code."""
    text = CONTROL_CHARACTERS.sub("", normalize_digits(raw))
    if len(text) > MAX_CODE_INPUT:
        return None
    return _CODE_SEPARATORS.sub("", text)
