import pytest
from hypothesis import given
from hypothesis import strategies as st

from receipts.sms.length import GSM7, UCS2, sms_length

PERSIAN = "س"
ZWNJ = "\u200c"


@pytest.mark.parametrize(
    ("length", "parts"),
    [(1, 1), (70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)],
)
def test_persian_text_parts(length, parts):
    measured = sms_length(PERSIAN * length)

    assert measured.encoding == UCS2
    assert measured.characters == length
    assert measured.parts == parts


@pytest.mark.parametrize(
    ("length", "parts"),
    [(160, 1), (161, 2), (306, 2), (307, 3)],
)
def test_latin_text_parts(length, parts):
    measured = sms_length("a" * length)

    assert measured.encoding == GSM7
    assert measured.parts == parts


@pytest.mark.parametrize(
    ("text", "per_part", "limit"),
    [(PERSIAN * 70, 70, 70), (PERSIAN * 71, 67, 134), ("a" * 160, 160, 160), ("a" * 161, 153, 306)],
)
def test_per_part_and_limit_follow_the_split(text, per_part, limit):
    measured = sms_length(text)

    assert (measured.per_part, measured.limit) == (per_part, limit)


def test_gsm_extension_characters_count_twice():
    assert sms_length("{}[]~|^\\€").characters == 18
    # 80 braces are 160 septets: one part; one more character needs a second.
    assert sms_length("{" * 80).parts == 1
    assert sms_length("{" * 80 + "a").parts == 2


def test_one_persian_letter_turns_the_whole_text_into_ucs2():
    measured = sms_length("a" * 100 + PERSIAN)

    assert measured.encoding == UCS2
    assert measured.characters == 101
    assert measured.parts == 2


def test_zwnj_and_newline_count_once():
    assert sms_length("می" + ZWNJ + "شود").characters == 6
    assert sms_length("خط\nخط").characters == 5
    assert sms_length("line\nline").characters == 9
    # ZWNJ is not GSM: a Latin text with one is UCS-2.
    assert sms_length("a" + ZWNJ).encoding == UCS2


def test_emoji_counts_as_two_utf16_units():
    measured = sms_length("سلام 👋")

    assert measured.encoding == UCS2
    assert measured.characters == 7
    assert sms_length("👋" * 35).parts == 1
    assert sms_length("👋" * 35 + "a").parts == 2


def test_empty_text_is_no_sms():
    measured = sms_length("")

    assert measured.parts == 0
    assert measured.characters == 0


def test_a_typical_filled_template_fits_one_sms():
    text = "درخواست ۱۴۰۵۱۲۳۴۵۶۷۸ ثبت شد. پیگیری: https://khedmat.example.ir/track/"

    assert sms_length(text).parts == 1


@given(st.text(max_size=400), st.text(min_size=1, max_size=5))
def test_parts_never_decrease_as_text_grows(text, more):
    shorter, longer = sms_length(text), sms_length(text + more)

    assert longer.characters > shorter.characters or shorter.encoding != longer.encoding
    assert longer.parts >= shorter.parts


@given(st.integers(min_value=0, max_value=700), st.sampled_from(["a", PERSIAN, "{"]))
def test_parts_are_monotone_in_length(length, character):
    assert sms_length(character * (length + 1)).parts >= sms_length(character * length).parts
