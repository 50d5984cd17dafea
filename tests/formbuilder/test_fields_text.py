from functools import partial

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import override

from formbuilder.blocks import field_block
from formbuilder.constants import FIELD_TYPE_ORDER
from formbuilder.fields import registry
from tests.formbuilder import helpers
from tests.formbuilder.helpers import error_messages

# The questions these tests ask.
make_spec = partial(helpers.field_spec, label="نام")
field_for = partial(helpers.field_for, label="نام")


def test_every_design_type_is_registered_and_has_an_editor_block():
    assert {field_type.type for field_type in registry} == set(FIELD_TYPE_ORDER)
    for type_name in FIELD_TYPE_ORDER:
        field_type = registry.get(type_name)
        block = field_block(field_type)
        assert [name for name, _block in field_type.option_blocks()] == [
            name
            for name in block.child_blocks
            if name not in {"label", "key", "help_text", "required", "condition"}
            and not name.endswith("_en")  # the English texts (translations.py)
        ]
        assert isinstance(field_type.form_field(make_spec(type_name)), forms.Field)


@pytest.mark.parametrize(
    "type_name",
    ["text", "textarea", "email", "integer", "decimal", "mobile", "national_id"]
    + ["postal_code", "jalali_date", "select", "radio", "checkboxes", "boolean", "file"]
    + ["legal_id", "iban", "bank_card"],
)
@pytest.mark.parametrize("garbage", [["a", "b"], {"a": 1}, object(), b"bytes", "x" * 100_000])
def test_garbage_is_refused_with_a_validation_error_never_a_crash(type_name, garbage):
    with pytest.raises(ValidationError):
        field_for(type_name).clean(garbage)


@pytest.mark.parametrize(
    "type_name",
    ["email", "integer", "decimal", "mobile", "national_id", "postal_code", "jalali_date"]
    + ["select", "radio", "checkboxes", "boolean", "file", "legal_id", "iban"]
    + ["bank_card"],
)
def test_control_characters_are_refused_where_free_text_is_not_allowed(type_name):
    with pytest.raises(ValidationError):
        field_for(type_name).clean("\x00\x01\x1b[31m")


@pytest.mark.parametrize("type_name", ["text", "textarea"])
def test_free_text_drops_control_characters(type_name):
    assert field_for(type_name).clean("\x00\x01\x1b[31m") == "[31m"


@pytest.mark.parametrize("type_name", sorted(FIELD_TYPE_ORDER))
def test_required_and_optional_empty_answers(type_name):
    with pytest.raises(ValidationError):
        field_for(type_name).clean(None)
    empty = field_for(type_name, required=False).clean(None)
    assert registry.get(type_name).to_storage(make_spec(type_name), empty) in (None, False)


def test_text_normalises_and_keeps_zwnj():
    field = field_for("text")
    assert field.clean("  علي كريمي ۱۲۳  ") == "علی کریمی 123"
    assert field.clean("می‌خواهم") == "می‌خواهم"
    assert field.clean("a\x00b\u202ec") == "abc"
    assert field.clean(12) == "12"


def test_text_lengths_default_and_custom():
    assert field_for("text").widget.attrs["maxlength"] == "255"
    field_for("text").clean("x" * 255)
    assert field_for("text").clean("۱" * 255) == "1" * 255
    with override("fa"):
        messages = error_messages(field_for("text"), "x" * 256)
    assert "۲۵۵" in messages[0] and "۲۵۶" in messages[0]
    field = field_for("text", validation={"min_length": 3, "max_length": 5})
    assert field.widget.attrs["maxlength"] == "5"
    assert field.widget.attrs["minlength"] == "3"
    assert field.clean("abcde") == "abcde"
    with override("en"):
        assert error_messages(field, "ab") == ["Enter at least 3 characters (you entered 2)."]
        assert error_messages(field, "abcdef") == ["Enter at most 5 characters (you entered 6)."]


def test_text_pattern_on_the_normalised_answer():
    field = field_for("text", validation={"pattern": "[0-9]{5}"})
    assert field.clean("۱۲۳۴۵") == "12345"
    with override("en"):
        assert error_messages(field, "1234") == ["This answer is not in the expected format."]
        assert error_messages(field, "123456") == ["This answer is not in the expected format."]
    custom = field_for(
        "text", validation={"pattern": "[۰-۹]{3}", "pattern_message": "سه رقم وارد کنید."}
    )
    assert custom.clean("٣٤٥") == "345"
    assert error_messages(custom, "12") == ["سه رقم وارد کنید."]


def test_an_invalid_pattern_never_breaks_the_form_but_blocks_publishing():
    spec = make_spec("text", validation={"pattern": "([a-z"})
    assert registry.get("text").form_field(spec).clean("anything") == "anything"
    with override("en"):
        problems = registry.get("text").problems(spec)
    assert problems == ["The pattern of “نام” is not a valid regular expression."]


def test_text_problems():
    text = registry.get("text")
    assert text.problems(make_spec("text", validation={"min_length": 2, "max_length": 9})) == []
    with override("fa"):
        (problem,) = text.problems(make_spec("text", validation={"min_length": 9, "max_length": 2}))
    assert "نام" in problem and "۹" in problem and "۲" in problem
    # Above the default maximum of 255 is a problem too.
    assert text.problems(make_spec("text", validation={"min_length": 300}))
    assert not registry.get("textarea").problems(
        make_spec("textarea", validation={"min_length": 300})
    )


def test_text_validation_keeps_only_what_the_editor_set():
    text = registry.get("text")
    empty = {"min_length": None, "max_length": None, "pattern": "", "pattern_message": ""}
    assert text.validation(empty) == {}
    assert text.validation({**empty, "max_length": 40, "pattern": " [0-9]+ "}) == {
        "max_length": 40,
        "pattern": "[0-9]+",
    }
    assert registry.get("textarea").validation({"min_length": 10, "max_length": None}) == {
        "min_length": 10
    }


def test_text_validation_from_the_real_block_value():
    text = registry.get("text")
    block = field_block(text)
    value = block.to_python(
        {"label": "کد", "required": True, "max_length": 10, "pattern": "[0-9]+"}
    )
    assert text.validation(value) == {"max_length": 10, "pattern": "[0-9]+"}


def test_textarea_keeps_lines_and_defaults_to_2000():
    field = field_for("textarea")
    assert isinstance(field.widget, forms.Textarea)
    assert field.widget.attrs["maxlength"] == "2000"
    assert field.clean(" خط ۱\r\nخط ۲ ") == "خط 1\nخط 2"
    field.clean("x" * 2000)
    with pytest.raises(ValidationError):
        field.clean("x" * 2001)


def test_text_display():
    text = registry.get("text")
    spec = make_spec("text")
    with override("fa"):
        assert text.display(spec, "پلاک 12") == "پلاک ۱۲"
        assert text.display(spec, "Model X5") == "Model X5"
        assert text.display(spec, None) == ""
    with override("en"):
        assert text.display(spec, "پلاک 12") == "پلاک 12"


def test_email():
    field = field_for("email")
    assert field.clean("  Ali.Rezaei@Example.COM ") == "Ali.Rezaei@example.com"
    assert field.clean("ali۱۲@example.ir") == "ali12@example.ir"
    with override("en"):
        assert error_messages(field, "ali@") == [
            "Enter a valid email address, for example name@example.com."
        ]
    assert field.widget.input_type == "email"
    assert field.widget.attrs["dir"] == "ltr"
    assert field.widget.attrs["autocomplete"] == "email"
    assert registry.get("email").validation({}) == {}
