import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from formbuilder.persian.identifiers import (
    mobile_normalise,
    national_id_check_digit,
    national_id_is_valid,
    national_id_normalise,
    postal_code_normalise,
)

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
SCRIPTS = st.sampled_from([{}, PERSIAN, ARABIC])


def reference_check_digit(first_nine: str) -> int:
    """iran_domain.md §3, written out independently of the code under test."""
    total = 0
    for i in range(9):
        total += int(first_nine[i]) * (10 - i)
    r = total % 11
    return r if r < 2 else 11 - r


def reference_is_valid(code: str) -> bool:
    return len(set(code)) > 1 and reference_check_digit(code[:9]) == int(code[9])


# -- National ID --------------------------------------------------------------------


@pytest.mark.parametrize("code", ["0013542419", "0076229645", "1583250689"])
def test_known_national_ids_are_valid(code):
    assert national_id_is_valid(code)


@pytest.mark.parametrize(
    "code",
    ["0013542418", "1111111111", "0000000000", "013542419", "00135424190", "۰۰۱۳۵۴۲۴۱۹", ""],
)
def test_bad_national_ids_are_refused(code):
    assert not national_id_is_valid(code)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_generated_national_ids_validate(first_nine):
    code = first_nine + str(reference_check_digit(first_nine))
    assume(len(set(code)) > 1)
    assert national_id_check_digit(first_nine) == reference_check_digit(first_nine)
    assert national_id_is_valid(code)


@given(
    st.text(alphabet="0123456789", min_size=9, max_size=9),
    st.integers(min_value=0, max_value=9),
    st.integers(min_value=1, max_value=9),
)
def test_single_digit_changes_are_refused_unless_valid_by_chance(first_nine, position, shift):
    code = first_nine + str(reference_check_digit(first_nine))
    changed_digit = str((int(code[position]) + shift) % 10)
    changed = code[:position] + changed_digit + code[position + 1 :]
    assert national_id_is_valid(changed) == reference_is_valid(changed)


def test_national_id_normalise_pads_and_reads_any_digits():
    assert national_id_normalise("13542419") == "0013542419"
    assert national_id_normalise("۷۶۲۲۹۶۴۵") == "0076229645"
    assert national_id_normalise(" ١٥٨-٣٢٥٠٦٨-٩ ") == "1583250689"
    assert national_id_normalise("1354241") is None
    assert national_id_normalise("00135424190") is None
    assert national_id_normalise("12345abcde") is None
    assert national_id_normalise("1" * 5000) is None


# -- Mobile and postal code -----------------------------------------------------------


@given(
    st.sampled_from(["", "0", "98", "+98", "0098", "+98 0", "+98-"]),
    st.integers(min_value=0, max_value=999_999_999),
    st.sampled_from(["", " ", "-", "\u200e"]),
    SCRIPTS,
)
def test_mobile_prefixes_separators_and_scripts(prefix, number, separator, script):
    expected = f"09{number:09d}"
    rest = f"9{number:09d}"
    typed = prefix + separator.join([rest[:3], rest[3:6], rest[6:]])
    assert mobile_normalise(typed.translate(script)) == expected


@pytest.mark.parametrize(
    "raw",
    ["08121234567", "0912123456", "091212345678", "+1 912 123 4567", "abc", "", "9" * 200],
)
def test_bad_mobiles_are_refused(raw):
    assert mobile_normalise(raw) is None


def test_mobile_starting_with_98_without_prefix():
    # 0998… is a real operator prefix: «9981234567» must not lose its 98 to a country code.
    assert mobile_normalise("9981234567") == "09981234567"
    assert mobile_normalise("989981234567") == "09981234567"


def test_postal_code_normalise():
    assert postal_code_normalise("۱۲۳۴۵-۶۷۸۹۰") == "1234567890"
    assert postal_code_normalise("12345 67890") == "1234567890"
    assert postal_code_normalise("123456789") is None
    assert postal_code_normalise("12345678901") is None
    assert postal_code_normalise("12345abcde") is None
