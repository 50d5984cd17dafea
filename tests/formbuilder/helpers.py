"""One question's spec and its form field, for the field-type tests."""

import pytest
from django.core.exceptions import ValidationError

from formbuilder.fields import registry


def field_spec(
    type_name, *, key="answer", label="پرسش", required=True, validation=None, choices=()
):
    """A question as the form's schema holds it."""
    return {
        "key": key,
        "type": type_name,
        "label": label,
        "required": required,
        "help_text": "",
        "choices": list(choices),
        "validation": validation or {},
        "condition": None,
    }


def field_for(type_name, **spec):
    """The form field a citizen answers the question in."""
    return registry.get(type_name).form_field(field_spec(type_name, **spec))


def stored(type_name, typed):
    """What a valid answer is stored as."""
    field_type = registry.get(type_name)
    spec = field_spec(type_name)
    return field_type.to_storage(spec, field_type.form_field(spec).clean(typed))


def error_messages(field, value):
    """The messages the field refuses the value with (fails when it takes it)."""
    with pytest.raises(ValidationError) as info:
        field.clean(value)
    return info.value.messages
