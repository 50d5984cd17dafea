from functools import partial

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import override

from formbuilder.blocks import field_block
from formbuilder.fields import registry
from tests.formbuilder import helpers
from tests.formbuilder.helpers import error_messages

CHOICES = [
    {"value": "tehran", "label": "تهران"},
    {"value": "karaj", "label": "کرج"},
    {"value": "qom", "label": "قم"},
]


# The questions these tests ask.
make_spec = partial(helpers.field_spec, key="city", label="شهر", choices=CHOICES)
field_for = partial(helpers.field_for, key="city", label="شهر", choices=CHOICES)


def form_with(field, data):
    form_class = type("OneFieldForm", (forms.Form,), {"city": field})
    return form_class(data=data)


# -- choices() from the editor's block ---------------------------------------------------


@pytest.mark.parametrize("type_name", ["select", "radio", "checkboxes"])
def test_choices_from_the_block_value(type_name):
    field_type = registry.get(type_name)
    assert field_type.has_choices
    value = field_block(field_type).to_python(
        {
            "label": "نوع",
            "choices": [
                {"type": "item", "value": {"label": "حقيقي", "value": ""}, "id": "a"},
                {"type": "item", "value": {"label": "حقوقی", "value": "legal"}, "id": "b"},
                {"type": "item", "value": {"label": "۱ تا ۵ سال", "value": ""}, "id": "c"},
            ],
        }
    )
    assert field_type.choices(value) == [
        {"value": "حقیقی", "label": "حقیقی"},
        {"value": "legal", "label": "حقوقی"},
        {"value": "1 تا 5 سال", "label": "۱ تا ۵ سال"},
    ]


def test_choice_problems():
    select = registry.get("select")
    assert select.problems(make_spec("select")) == []
    with override("en"):
        assert select.problems(make_spec("select", choices=[])) == [
            "The question “شهر” has no options. Add at least one."
        ]
        duplicated = CHOICES + [{"value": "qom", "label": "قم (دوباره)"}]
        assert registry.get("radio").problems(make_spec("radio", choices=duplicated)) == [
            "In “شهر”, more than one option has the value “qom”. Give each option its own value."
        ]


# -- select and radio -----------------------------------------------------------------


def test_select_has_an_empty_first_option_and_stores_the_value():
    field = field_for("select")
    assert isinstance(field.widget, forms.Select)
    first_value, first_label = field.choices[0]
    assert first_value == ""
    with override("en"):
        assert str(first_label) == "— Select —"
    assert field.clean("karaj") == "karaj"
    assert registry.get("select").to_storage(make_spec("select"), field.clean("karaj")) == "karaj"


def test_single_choice_normalises_letters_and_digits():
    choices = [{"value": "علی", "label": "علی"}, {"value": "2", "label": "دو"}]
    field = field_for("radio", choices=choices)
    assert field.clean("علي") == "علی"
    assert field.clean("۲") == "2"
    assert field.clean(2) == "2"


@pytest.mark.parametrize("type_name", ["select", "radio"])
def test_single_choice_refuses_unknown_values(type_name):
    field = field_for(type_name)
    with override("en"):
        assert error_messages(field, "isfahan") == ["Choose one of the listed options."]
        assert error_messages(field, ["tehran"]) == ["Choose one of the listed options."]
    assert field_for(type_name, required=False).clean("") == ""


def test_radio_is_a_grouped_radio_select():
    assert isinstance(field_for("radio").widget, forms.RadioSelect)
    assert registry.get("radio").grouped
    assert registry.get("checkboxes").grouped
    assert not registry.get("select").grouped


def test_single_choice_displays_the_label():
    select = registry.get("select")
    assert select.display(make_spec("select"), "qom") == "قم"
    assert select.display(make_spec("select"), "gone") == "gone"  # a choice removed later
    assert select.display(make_spec("select"), None) == ""


# -- checkboxes ----------------------------------------------------------------------


def test_checkboxes_accept_a_json_list_in_any_order_and_store_the_choices_order():
    field = field_for("checkboxes")
    assert isinstance(field.widget, forms.CheckboxSelectMultiple)
    assert field.clean(["qom", "tehran", "qom"]) == ["tehran", "qom"]
    assert field.clean("karaj") == ["karaj"]
    checkboxes = registry.get("checkboxes")
    assert checkboxes.to_storage(make_spec("checkboxes"), field.clean(["qom"])) == ["qom"]


def test_checkboxes_from_an_html_form():
    form = form_with(field_for("checkboxes"), QueryDict("city=qom&city=karaj"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["city"] == ["karaj", "qom"]
    json_form = form_with(field_for("checkboxes"), {"city": ["qom", "tehran"]})
    assert json_form.is_valid()
    assert json_form.cleaned_data["city"] == ["tehran", "qom"]


def test_checkboxes_refuse_unknown_and_malformed_values():
    field = field_for("checkboxes")
    with override("en"):
        assert error_messages(field, ["tehran", "isfahan"]) == [
            "Choose only from the listed options."
        ]
        assert error_messages(field, {"a": 1}) == ["Choose the options as a list."]
        assert error_messages(field, [["tehran"]]) == ["Choose only from the listed options."]
    assert field_for("checkboxes", required=False).clean([]) == []
    with pytest.raises(ValidationError):
        field.clean([])


def test_checkboxes_min_and_max():
    field = field_for("checkboxes", validation={"min_choices": 2, "max_choices": 2})
    assert field.clean(["tehran", "qom"]) == ["tehran", "qom"]
    with override("en"):
        assert error_messages(field, ["tehran"]) == ["Choose at least 2 options."]
        assert error_messages(field, ["tehran", "qom", "karaj"]) == ["Choose at most 2 options."]
    with override("fa"):
        assert "۲" in error_messages(field, ["tehran"])[0]
    optional = field_for(
        "checkboxes", required=False, validation={"min_choices": 2, "max_choices": 2}
    )
    assert optional.clean([]) == []  # unanswered, so no minimum applies


def test_checkboxes_display_labels_in_order():
    checkboxes = registry.get("checkboxes")
    with override("fa"):
        assert checkboxes.display(make_spec("checkboxes"), ["tehran", "qom"]) == "تهران، قم"
    assert checkboxes.display(make_spec("checkboxes"), []) == ""


def test_checkboxes_options_and_problems():
    checkboxes = registry.get("checkboxes")
    assert checkboxes.validation({"min_choices": 1, "max_choices": None}) == {"min_choices": 1}
    with override("en"):
        assert checkboxes.problems(
            make_spec("checkboxes", validation={"min_choices": 3, "max_choices": 2})
        ) == ["In “شهر”, the minimum (3) is more than the maximum (2)."]
        assert checkboxes.problems(make_spec("checkboxes", validation={"min_choices": 4})) == [
            "“شهر” asks for at least 4 options but has only 3."
        ]


# -- boolean -------------------------------------------------------------------------


def consent(required=True):
    return registry.get("boolean").form_field(make_spec("boolean", required=required, choices=[]))


@pytest.mark.parametrize("value, expected", [(True, True), ("on", True), ("true", True)])
def test_boolean_accepts_checked_values(value, expected):
    assert consent().clean(value) is expected


def test_boolean_required_must_be_checked():
    with override("en"):
        for value in (False, "false", None, ""):
            assert error_messages(consent(), value) == ["Please confirm this to continue."]
    assert consent(required=False).clean(False) is False
    assert consent(required=False).clean("off") is False


def test_boolean_refuses_garbage():
    with override("en"):
        assert error_messages(consent(), "maybe") == ["Answer with yes or no."]
        assert error_messages(consent(), ["on"]) == ["Answer with yes or no."]


def test_boolean_from_html_and_json_forms():
    form_class = type("ConsentForm", (forms.Form,), {"agree": consent(required=False)})
    checked = form_class(data=QueryDict("agree=on"))
    assert checked.is_valid() and checked.cleaned_data["agree"] is True
    unchecked = form_class(data=QueryDict(""))
    assert unchecked.is_valid() and unchecked.cleaned_data["agree"] is False
    json_false = form_class(data={"agree": False})
    assert json_false.is_valid() and json_false.cleaned_data["agree"] is False
    assert 'type="checkbox"' in str(checked["agree"])
    assert "checked" in str(checked["agree"])


def test_boolean_storage_and_display():
    boolean = registry.get("boolean")
    spec = make_spec("boolean", choices=[])
    assert boolean.to_storage(spec, True) is True
    assert boolean.to_storage(spec, False) is False
    with override("fa"):
        assert boolean.display(spec, True) == "بله"
        assert boolean.display(spec, False) == "خیر"
    with override("en"):
        assert boolean.display(spec, False) == "No"
    assert boolean.validation({}) == {}
    assert not boolean.has_choices
