from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from formbuilder.persian.text import (
    normalize_digits,
    normalize_letters,
    normalize_search_text,
    normalize_text,
    text_clean,
    to_persian_digits,
)

TEHRAN = ZoneInfo("Asia/Tehran")


@given(st.integers(min_value=0, max_value=10**15))
def test_digits_in_any_script_normalise_to_ascii(number):
    latin = str(number)
    persian = latin.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    arabic = latin.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert normalize_digits(persian) == normalize_digits(arabic) == latin
    assert to_persian_digits(latin) == persian
    assert to_persian_digits(arabic) == persian


@given(st.text(alphabet="يكىئةبپتسشـ ‌", max_size=30))
def test_letters_never_keep_arabic_variants(text):
    normalised = normalize_letters(text)
    assert not set(normalised) & {"ي", "ك", "ى", "ة", "\u0640"}
    assert normalize_letters(normalised) == normalised


def test_text_keeps_zwnj_but_search_key_does_not():
    assert normalize_text("  مي‌خواهم ۱۲ ") == "می‌خواهم 12"
    assert normalize_search_text("مي‌خواهم") == normalize_search_text("می خواهم") == "می خواهم"
    assert normalize_search_text("Permit  FORM") == "permit form"


def test_text_clean():
    assert text_clean("  علي\x00 ۱۲\u200e ") == "علی 12"
    assert text_clean("می‌خواهم") == "می‌خواهم"  # ZWNJ kept
    assert text_clean("a\r\nb\tc") == "a b c"
    assert text_clean("a\r\nb\tc", multiline=True) == "a\nb\tc"
