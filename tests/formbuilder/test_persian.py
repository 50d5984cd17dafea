import datetime
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from formbuilder.jalali import format_jalali
from formbuilder.persian import (
    normalize_digits,
    normalize_letters,
    normalize_search_text,
    normalize_text,
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


def test_jalali_formats():
    moment = datetime.datetime(2025, 3, 20, 22, 0, tzinfo=datetime.UTC)  # 1404/01/01 01:30 Tehran
    assert format_jalali(moment) == "۱۴۰۴/۰۱/۰۱"
    assert format_jalali(moment, with_time=True) == "۱۴۰۴/۰۱/۰۱، ۰۱:۳۰"
    assert format_jalali(moment, style="long") == "۱ فروردین ۱۴۰۴"
    assert format_jalali(datetime.date(2026, 11, 25), style="long", persian=False) == "4 Azar 1405"
    assert format_jalali(None) == ""


def test_leap_year_end():
    # 1403 is a Jalali leap year: 30 Esfand exists.
    assert format_jalali(datetime.date(2025, 3, 20)) == "۱۴۰۳/۱۲/۳۰"
