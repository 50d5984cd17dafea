from decimal import Decimal
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override
from hypothesis import given
from hypothesis import strategies as st

from formbuilder.blocks import field_block
from formbuilder.fields import registry
from tests.formbuilder import helpers
from tests.formbuilder.helpers import error_messages

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


# The questions these tests ask.
make_spec = partial(helpers.field_spec, label="مساحت")
field_for = partial(helpers.field_for, label="مساحت")


@given(st.integers(min_value=-(10**15), max_value=10**15), st.booleans())
def test_integer_digits_in_any_script_store_the_same_int(number, grouped):
    latin = f"{number:,}" if grouped else str(number)
    field = field_for("integer")
    stored = {
        registry.get("integer").to_storage(make_spec("integer"), field.clean(text))
        for text in (latin, latin.translate(PERSIAN), latin.translate(ARABIC).replace(",", "٬"))
    }
    assert stored == {number}


def test_integer_accepts_json_numbers_and_refuses_fractions():
    field = field_for("integer")
    assert field.clean(42) == 42
    assert field.clean(42.0) == 42
    assert field.clean(" ۱٬۲۰۰ ") == 1200
    with override("en"):
        assert error_messages(field, "12.5") == ["Enter a whole number, without decimals."]
        assert error_messages(field, "دوازده") == ["Enter a number, for example 1250."]
        assert error_messages(field, True) == ["Enter a number, for example 1250."]


def test_integer_limits_with_persian_digits_in_messages():
    field = field_for("integer", validation={"min_value": 1, "max_value": 1400})
    assert field.clean("۱۴۰۰") == 1400
    with override("fa"):
        (too_small,) = error_messages(field, "0")
        (too_big,) = error_messages(field, "1401")
    assert "۱" in too_small and "1" not in too_small
    assert "۱۴۰۰" in too_big
    with override("en"):
        assert error_messages(field, "0") == ["Enter a number no less than 1."]
        assert error_messages(field, "1401") == ["Enter a number no more than 1400."]


def test_integer_widget_and_display():
    field = field_for("integer")
    assert field.widget.input_type == "text"  # type=number would refuse Persian digits
    assert field.widget.attrs["inputmode"] == "numeric"
    assert field.widget.attrs["dir"] == "ltr"
    integer = registry.get("integer")
    with override("fa"):
        assert integer.display(make_spec("integer"), 1250) == "۱۲۵۰"
        assert integer.display(make_spec("integer"), 0) == "۰"
    with override("en"):
        assert integer.display(make_spec("integer"), 1250) == "1250"


def test_integer_options_and_problems():
    integer = registry.get("integer")
    value = field_block(integer).to_python({"label": "سن", "min_value": 18, "max_value": None})
    assert integer.validation(value) == {"min_value": 18}
    assert integer.problems(make_spec("integer", validation={"min_value": 1, "max_value": 5})) == []
    with override("en"):
        assert integer.problems(
            make_spec("integer", validation={"min_value": 9, "max_value": 5})
        ) == ["In “مساحت”, the minimum (9) is more than the maximum (5)."]


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("۱۲٫۵", "12.50"),
        ("12.5", "12.50"),
        ("۲/۵", "2.50"),
        ("١٬٢٣٤٫٥٦", "1234.56"),
        ("7", "7.00"),
        ("12.500", "12.50"),
        ("-0", "0.00"),
        (12.5, "12.50"),
    ],
)
def test_decimal_is_stored_as_a_quantized_string(typed, stored):
    decimal = registry.get("decimal")
    spec = make_spec("decimal")
    assert decimal.to_storage(spec, decimal.form_field(spec).clean(typed)) == stored


def test_decimal_places():
    three = field_for("decimal", validation={"decimal_places": 3})
    assert three.clean("1.125") == Decimal("1.125")
    with override("en"):
        assert error_messages(field_for("decimal"), "1.125") == [
            "Enter at most 2 digits after the decimal point."
        ]
    with override("fa"):
        assert "۲" in error_messages(field_for("decimal"), "1.125")[0]
    whole = registry.get("decimal")
    spec = make_spec("decimal", validation={"decimal_places": 0})
    assert whole.to_storage(spec, whole.form_field(spec).clean("۱۲")) == "12"
    with pytest.raises(ValidationError):
        whole.form_field(spec).clean("12.5")


def test_decimal_limits_and_display():
    field = field_for("decimal", validation={"min_value": 0.5, "max_value": 99.75})
    assert field.clean("۰٫۵") == Decimal("0.50")
    assert field.widget.attrs["inputmode"] == "decimal"
    with override("fa"):
        (message,) = error_messages(field, "0.49")
    assert "۰٫۵" in message
    with override("en"):
        assert error_messages(field, "100") == ["Enter a number no more than 99.75."]
    decimal = registry.get("decimal")
    with override("fa"):
        assert decimal.display(make_spec("decimal"), "1234.50") == "۱۲۳۴٫۵۰"
    with override("en"):
        assert decimal.display(make_spec("decimal"), "1234.50") == "1234.50"


def test_decimal_options_are_json_numbers():
    decimal = registry.get("decimal")
    value = field_block(decimal).to_python(
        {"label": "وزن", "min_value": "0.5", "max_value": "10", "decimal_places": 1}
    )
    rules = decimal.validation(value)
    assert rules == {"min_value": 0.5, "max_value": 10, "decimal_places": 1}
    assert isinstance(rules["max_value"], int)
    assert decimal.validation({"min_value": None, "max_value": None, "decimal_places": None}) == {}


def test_decimal_problems():
    decimal = registry.get("decimal")
    assert decimal.problems(make_spec("decimal", validation={"decimal_places": 0})) == []
    with override("en"):
        assert decimal.problems(make_spec("decimal", validation={"decimal_places": 11})) == [
            "The decimal places of “مساحت” must be a whole number from 0 to 10."
        ]
        assert decimal.problems(
            make_spec("decimal", validation={"min_value": 2.5, "max_value": 1})
        ) == ["In “مساحت”, the minimum (2.5) is more than the maximum (1)."]
