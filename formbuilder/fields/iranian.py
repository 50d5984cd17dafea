"""Iranian codes: `mobile`, `national_id` (کد ملی), `postal_code`.

Each is typed with any digits, spaces and dashes, and stored as a string of ASCII
digits in one canonical form, so lookups (the tracking page matches the mobile
number) compare like with like.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..persian.identifiers import (
    mobile_normalise,
    national_id_is_valid,
    national_id_normalise,
    postal_code_normalise,
)
from ..widgets import TelInput
from .base import FieldType
from .registry import registry
from .text import NormalisedCharField, field_kwargs, local_digits

MOBILE_INVALID = _("This mobile number is not valid. Enter it like 09121234567.")
NATIONAL_ID_FORMAT = _("Enter the national ID: the 10 digits on the national card.")
NATIONAL_ID_INVALID = _(
    "This national ID is not valid. Check its digits against the national card."
)
POSTAL_CODE_INVALID = _("Enter the 10-digit postal code, for example 1234567890.")


def parse_mobile(text: str) -> str:
    mobile = mobile_normalise(text)
    if mobile is None:
        raise ValidationError(MOBILE_INVALID, code="invalid")
    return mobile


def parse_national_id(text: str) -> str:
    national_id = national_id_normalise(text)
    if national_id is None:
        raise ValidationError(NATIONAL_ID_FORMAT, code="invalid")
    if not national_id_is_valid(national_id):
        raise ValidationError(NATIONAL_ID_INVALID, code="checksum")
    return national_id


def parse_postal_code(text: str) -> str:
    postal_code = postal_code_normalise(text)
    if postal_code is None:
        raise ValidationError(POSTAL_CODE_INVALID, code="invalid")
    return postal_code


class CodeField(NormalisedCharField):
    """Normalised text, then `parse` (which returns the canonical code or raises a
    ValidationError). A JSON number is read as its digits."""

    def __init__(self, *, parse: Callable[[str], str], **kwargs):
        self.parse = parse
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        return self.parse(text) if text else text


class CodeFieldType(FieldType):
    """A code stored as ASCII digits and shown with Persian digits."""

    parse: Callable[[str], str]
    invalid_message: str  # Also for answers that are not text at all (a list, an object).
    widget: type[forms.Widget] = forms.TextInput
    widget_attrs: dict[str, str] = {}

    def form_field(self, spec):
        field = CodeField(
            **field_kwargs(spec),
            parse=self.parse,
            error_messages={"invalid": self.invalid_message},
            widget=self.widget,
        )
        field.widget.attrs.update({"dir": "ltr", "spellcheck": "false", **self.widget_attrs})
        return field

    def display(self, spec, stored):
        if stored in (None, ""):
            return ""
        return local_digits(stored)


@registry.register
class MobileFieldType(CodeFieldType):
    type = "mobile"
    label = _("Mobile number")
    icon = "mobile-alt"
    parse = staticmethod(parse_mobile)
    invalid_message = MOBILE_INVALID
    widget = TelInput
    widget_attrs = {"inputmode": "tel", "autocomplete": "tel"}


@registry.register
class NationalIdFieldType(CodeFieldType):
    type = "national_id"
    label = _("National ID")
    icon = "user"
    parse = staticmethod(parse_national_id)
    invalid_message = NATIONAL_ID_FORMAT
    widget_attrs = {"inputmode": "numeric", "autocomplete": "off"}


@registry.register
class PostalCodeFieldType(CodeFieldType):
    type = "postal_code"
    label = _("Postal code")
    icon = "home"
    parse = staticmethod(parse_postal_code)
    invalid_message = POSTAL_CODE_INVALID
    widget_attrs = {"inputmode": "numeric", "autocomplete": "postal-code"}
