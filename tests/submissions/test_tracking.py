import pytest
from hypothesis import given
from hypothesis import strategies as st

from formbuilder.persian.identifiers import verhoeff_check_digit, verhoeff_is_valid
from submissions.tracking import (
    tracking_code_display,
    tracking_code_generate,
    tracking_code_normalise,
)

bodies = st.text(alphabet="0123456789", min_size=11, max_size=11)


def test_generated_codes_are_valid_and_random():
    codes = {tracking_code_generate() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == 12 and code.isdigit() and verhoeff_is_valid(code) for code in codes)


@given(bodies)
def test_every_single_digit_typo_is_caught(body):
    code = body + verhoeff_check_digit(body)
    assert verhoeff_is_valid(code)
    for position in range(12):
        for digit in "0123456789":
            if digit != code[position]:
                typo = code[:position] + digit + code[position + 1 :]
                assert not verhoeff_is_valid(typo)


@given(bodies)
def test_every_adjacent_swap_is_caught(body):
    code = body + verhoeff_check_digit(body)
    for position in range(11):
        if code[position] != code[position + 1]:
            swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
            assert not verhoeff_is_valid(swapped)


def test_normalise_accepts_any_digits_spaces_and_dashes():
    code = tracking_code_generate()
    persian = tracking_code_display(code)
    arabic = persian.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩"))
    dashed = f"{code[:4]}-{code[4:8]}-{code[8:]}"
    for typed in (code, persian, arabic, dashed, f" {code} "):
        assert tracking_code_normalise(typed) == code


@pytest.mark.parametrize("typed", ["", "123", "1" * 13, "abcd efgh ijkl", None, "9" * 5000])
def test_normalise_refuses_what_cannot_be_a_code(typed):
    assert tracking_code_normalise(typed) is None


def test_display_is_grouped():
    assert tracking_code_display("123456789012") == "۱۲۳۴ ۵۶۷۸ ۹۰۱۲"
    assert tracking_code_display("123456789012", persian=False) == "1234 5678 9012"
