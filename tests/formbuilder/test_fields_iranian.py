import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import override
from hypothesis import assume, given
from hypothesis import strategies as st

from formbuilder.fields import registry
from tests.formbuilder import helpers
from tests.formbuilder.helpers import field_for, field_spec, stored

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
SCRIPTS = st.sampled_from([{}, PERSIAN, ARABIC])


def error_messages(type_name, value):
    return helpers.error_messages(field_for(type_name), value)


def check_digit(first_nine: str) -> int:
    r = sum(int(d) * (10 - i) for i, d in enumerate(first_nine)) % 11
    return r if r < 2 else 11 - r


# -- Answers of the wrong shape ---------------------------------------------------------


@pytest.mark.parametrize(
    "type_name, typings, message",
    [
        (
            "mobile",
            ["0212345678", "0912345678", "09123456789012", "۰۸۱۲۱۲۳۴۵۶۷", "abc"],
            "This mobile number is not valid. Enter it like 09121234567.",
        ),
        (
            "postal_code",
            ["123456789", "12345678901", "1234a67890"],
            "Enter the 10-digit postal code, for example 1193653471.",
        ),
    ],
)
def test_answers_of_the_wrong_shape_are_refused_with_a_helpful_message(type_name, typings, message):
    with override("en"):
        for typed in typings:
            assert error_messages(type_name, typed) == [message], typed


# -- Mobile ---------------------------------------------------------------------------


@given(
    st.sampled_from(["", "0", "98", "+98", "0098", "+98 ", "0098-"]),
    st.text(alphabet="0123456789", min_size=8, max_size=8),
    st.sampled_from(["", " ", "-"]),
    SCRIPTS,
)
def test_mobile_is_stored_as_09_whatever_was_typed(prefix, rest, separator, script):
    typed = f"{prefix}91{separator}{rest[:4]}{separator}{rest[4:]}".translate(script)
    assert stored("mobile", typed) == f"091{rest}"


def test_mobile_widget_suits_phones():
    field = registry.get("mobile").form_field(field_spec("mobile"))
    html = field.widget.render("mobile", None)
    assert 'type="tel"' in html
    assert field.widget.attrs["inputmode"] == "tel"
    assert field.widget.attrs["autocomplete"] == "tel"
    assert field.widget.attrs["dir"] == "ltr"


def test_mobile_given_as_a_list_is_refused():
    with override("en"):
        assert error_messages("mobile", ["09121234567"]) == [
            "This mobile number is not valid. Enter it like 09121234567."
        ]


# -- National ID ----------------------------------------------------------------------


@pytest.mark.parametrize("code", ["0013542419", "0076229645", "1583250689"])
def test_known_national_ids(code):
    assert stored("national_id", code) == code
    assert stored("national_id", code.translate(PERSIAN)) == code
    assert stored("national_id", f"{code[:3]}-{code[3:9]}-{code[9]}") == code


def test_national_id_with_dropped_leading_zeros_is_padded():
    assert stored("national_id", "13542419") == "0013542419"
    assert stored("national_id", "۰۱۳۵۴۲۴۱۹") == "0013542419"
    assert stored("national_id", 13542419) == "0013542419"  # a JSON number


@given(st.text(alphabet="0123456789", min_size=9, max_size=9), SCRIPTS)
def test_generated_national_ids_in_any_script(first_nine, script):
    code = first_nine + str(check_digit(first_nine))
    assume(len(set(code)) > 1)
    assert stored("national_id", code.translate(script)) == code


@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.integers(0, 9), st.integers(1, 9))
def test_a_changed_digit_is_refused_unless_it_makes_another_valid_id(first_nine, where, shift):
    code = first_nine + str(check_digit(first_nine))
    changed = code[:where] + str((int(code[where]) + shift) % 10) + code[where + 1 :]
    still_valid = len(set(changed)) > 1 and check_digit(changed[:9]) == int(changed[9])
    if still_valid:
        assert stored("national_id", changed) == changed
    else:
        with pytest.raises(ValidationError):
            stored("national_id", changed)


def test_national_id_messages_tell_format_from_checksum():
    with override("en"):
        assert error_messages("national_id", "0013542418") == [
            "This national ID is not valid. Check its digits against the national card."
        ]
        assert error_messages("national_id", "1111111111") == [
            "This national ID is not valid. Check its digits against the national card."
        ]
        assert error_messages("national_id", "1234567") == [
            "Enter the national ID: the 10 digits on the national card."
        ]


def test_national_id_widget():
    field = registry.get("national_id").form_field(field_spec("national_id"))
    assert isinstance(field.widget, forms.TextInput)
    assert field.widget.attrs["inputmode"] == "numeric"
    assert field.widget.attrs["dir"] == "ltr"
    assert field.widget.attrs["autocomplete"] == "off"


# -- Postal code ----------------------------------------------------------------------


@given(
    st.text(alphabet="13456789", min_size=4, max_size=4),
    st.sampled_from("134679"),
    st.text(alphabet="013456789", min_size=5, max_size=5),
    SCRIPTS,
    st.sampled_from(["", " ", "-"]),
)
def test_postal_code_in_any_script_and_with_separators(head, fifth, tail, script, separator):
    assume(len(set(head)) > 1)
    code = f"{head}{fifth}{tail}"
    typed = f"{code[:5]}{separator}{code[5:]}".translate(script)
    assert stored("postal_code", typed) == code


def test_postal_code_widget():
    field = registry.get("postal_code").form_field(field_spec("postal_code"))
    assert field.widget.attrs["inputmode"] == "numeric"
    assert field.widget.attrs["autocomplete"] == "postal-code"
    assert field.widget.attrs["dir"] == "ltr"


# -- Display --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "type_name, value, persian",
    [
        ("mobile", "09121234567", "۰۹۱۲۱۲۳۴۵۶۷"),
        ("national_id", "0013542419", "۰۰۱۳۵۴۲۴۱۹"),
        ("postal_code", "1193653471", "۱۱۹۳۶۵۳۴۷۱"),
    ],
)
def test_codes_display_with_persian_digits_in_persian(type_name, value, persian):
    field_type = registry.get(type_name)
    with override("fa"):
        assert field_type.display(field_spec(type_name), value) == persian
    with override("en"):
        assert field_type.display(field_spec(type_name), value) == value
    assert field_type.validation({}) == {}
    assert field_type.problems(field_spec(type_name)) == []
