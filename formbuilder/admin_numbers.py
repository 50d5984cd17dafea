"""Number boxes in the admin that take what a Persian keyboard types.

A browser's `<input type="number">` drops «۲» without a word, so every number an editor
types in the admin (a service's fee and duration, a question's limits, a file's largest
size…) goes through the fields here instead: a text box with a numeric keyboard whose
value is read with the same number grammar citizens' answers use («۲٫۵», «۱٬۰۰۰», "2.5"),
shown back in Persian digits, with its limits in Persian digits in error messages.

Model fields get them through Wagtail's `register_form_field_override` (see
`register_overrides`, called when the app is ready); StreamField blocks by using the
blocks below instead of Wagtail's.
"""

from __future__ import annotations

import inspect
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from wagtail import blocks
from wagtail.admin.forms.models import register_form_field_override

from .persian.language import persian_active
from .persian.parsers import decimal_parse
from .persian.text import to_persian_digits


def local_number_text(text: str) -> str:
    """«۲٫۵» in Persian, "2.5" otherwise."""
    return to_persian_digits(text.replace(".", "\u066b")) if persian_active() else text


class NumberTextInput(forms.TextInput):
    """A text box for numbers: phones show a numeric keyboard, and any digits reach the
    field (which parses them). The value shows in Persian digits in Persian."""

    inputmode = "numeric"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": self.inputmode, "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        text = super().format_value(value)
        return local_number_text(text) if text else text


class DecimalTextInput(NumberTextInput):
    inputmode = "decimal"


def _ascii_number(value):
    """Typed text as an ASCII number ("2.5" from «۲٫۵», "1000" from «۱٬۰۰۰»); text that
    is no number is returned as it was, for the field's own "enter a number" message."""
    if not isinstance(value, str) or not value.strip():
        return value
    try:
        return str(decimal_parse(value))
    except ValueError:
        return value


def _local_params(error: ValidationError) -> ValidationError:
    params = {
        name: local_number_text(str(value))
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool)
        else value
        for name, value in (error.params or {}).items()
    }
    return ValidationError(error.message, code=error.code, params=params)


class PersianNumberMixin:
    """Reads Persian and Arabic digits and separators; limits in messages in the
    active language's digits."""

    widget = NumberTextInput

    def to_python(self, value):
        return super().to_python(_ascii_number(value))

    def run_validators(self, value):
        try:
            super().run_validators(value)
        except ValidationError as error:
            raise ValidationError([_local_params(each) for each in error.error_list]) from None


class AdminIntegerField(PersianNumberMixin, forms.IntegerField):
    pass


class AdminDecimalField(PersianNumberMixin, forms.DecimalField):
    widget = DecimalTextInput


class AdminFloatField(PersianNumberMixin, forms.FloatField):
    widget = DecimalTextInput


# -- StreamField blocks -----------------------------------------------------------------


class PersianNumberBlockMixin:
    """Put before one of Wagtail's number blocks: the block's form field becomes
    `admin_field_class`, built from the same arguments Wagtail's own field gets."""

    admin_field_class: type[forms.Field]
    field_arguments = (
        "required",
        "help_text",
        "min_value",
        "max_value",
        "max_digits",
        "decimal_places",
        "validators",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        given = inspect.signature(super().__init__).bind(*args, **kwargs)
        given.apply_defaults()
        self.field = self.admin_field_class(
            **{
                name: value
                for name, value in given.arguments.items()
                if name in self.field_arguments
            }
        )


class IntegerBlock(PersianNumberBlockMixin, blocks.IntegerBlock):
    admin_field_class = AdminIntegerField


class FloatBlock(PersianNumberBlockMixin, blocks.FloatBlock):
    admin_field_class = AdminFloatField


class DecimalBlock(PersianNumberBlockMixin, blocks.DecimalBlock):
    admin_field_class = AdminDecimalField


# -- Model fields in every Wagtail admin form ---------------------------------------------


def _override(form_class):
    # A field with choices keeps its drop-down.
    return lambda db_field: {} if db_field.choices else {"form_class": form_class}


def register_overrides() -> None:
    """Every integer, decimal and float model field edited in the Wagtail admin (pages,
    snippets, model viewsets) uses the fields above."""
    register_form_field_override(models.IntegerField, override=_override(AdminIntegerField))
    register_form_field_override(models.DecimalField, override=_override(AdminDecimalField))
    register_form_field_override(models.FloatField, override=_override(AdminFloatField))
