"""Iranian codes: `mobile`, `national_id` (کد ملی), `postal_code`, `legal_id`
(a company's شناسه ملی), `iban` (شبا) and `bank_card` (a bank card).

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
    card_number_normalise,
    iban_is_valid,
    iban_normalise,
    legal_id_is_valid,
    legal_id_normalise,
    luhn_is_valid,
    mobile_normalise,
    national_id_is_valid,
    national_id_normalise,
    postal_code_is_valid,
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
POSTAL_CODE_FORMAT = _("Enter the 10-digit postal code, for example 1193653471.")
POSTAL_CODE_INVALID = _(
    "This postal code does not exist. Check it against a bill or the Post's website."
)
LEGAL_ID_FORMAT = _("Enter the company's national ID: its 11 digits.")
LEGAL_ID_INVALID = _(
    "This company national ID is not valid. Check its digits against the company's documents."
)
IBAN_FORMAT = _("Enter the IBAN (Sheba): IR followed by 24 digits.")
IBAN_INVALID = _("This IBAN is not valid. Check its digits against your bank account.")
CARD_NUMBER_FORMAT = _("Enter the 16-digit number on the front of the bank card.")
CARD_NUMBER_INVALID = _("This card number is not valid. Check its digits against the card.")

# Left-to-right isolation: grouped digits keep their order inside a right-to-left line.
_LTR_ISOLATE = "\u2066{}\u2069"


def parse_mobile(text: str) -> str:
    mobile = mobile_normalise(text)
    if mobile is None:
        raise ValidationError(MOBILE_INVALID, code="invalid")
    return mobile


def _checked_parser(normalise, is_valid, format_error, invalid_error, invalid_code="checksum"):
    """A parser for a code with a shape (`normalise` returns None off it) and a check
    (`is_valid`): the value in its stored form, or the message of the first that fails."""

    def parse(text: str) -> str:
        value = normalise(text)
        if value is None:
            raise ValidationError(format_error, code="invalid")
        if not is_valid(value):
            raise ValidationError(invalid_error, code=invalid_code)
        return value

    return parse


parse_national_id = _checked_parser(
    national_id_normalise, national_id_is_valid, NATIONAL_ID_FORMAT, NATIONAL_ID_INVALID
)
parse_postal_code = _checked_parser(
    postal_code_normalise,
    postal_code_is_valid,
    POSTAL_CODE_FORMAT,
    POSTAL_CODE_INVALID,
    invalid_code="structure",
)
parse_legal_id = _checked_parser(
    legal_id_normalise, legal_id_is_valid, LEGAL_ID_FORMAT, LEGAL_ID_INVALID
)
parse_iban = _checked_parser(iban_normalise, iban_is_valid, IBAN_FORMAT, IBAN_INVALID)
parse_card_number = _checked_parser(
    card_number_normalise, luhn_is_valid, CARD_NUMBER_FORMAT, CARD_NUMBER_INVALID
)


def in_groups_of_four(code: str) -> str:
    """«IR05 0170 …», «6037 9912 …»: how banks print these numbers."""
    return " ".join(code[start : start + 4] for start in range(0, len(code), 4))


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


class GroupedCodeFieldType(CodeFieldType):
    """A long code shown in groups of four, kept left to right in Persian text."""

    def display(self, spec, stored):
        if stored in (None, ""):
            return ""
        return _LTR_ISOLATE.format(local_digits(in_groups_of_four(str(stored))))


@registry.register
class MobileFieldType(CodeFieldType):
    type = "mobile"
    label = _("Mobile number")
    description = _("An 11-digit mobile number starting 09; Persian digits are accepted.")
    icon = "mobile-alt"
    parse = staticmethod(parse_mobile)
    invalid_message = MOBILE_INVALID
    widget = TelInput
    widget_attrs = {"inputmode": "tel", "autocomplete": "tel"}


@registry.register
class NationalIdFieldType(CodeFieldType):
    type = "national_id"
    label = _("National ID")
    description = _("A person's 10-digit national ID, checked by its check digit.")
    icon = "user"
    parse = staticmethod(parse_national_id)
    invalid_message = NATIONAL_ID_FORMAT
    widget_attrs = {"inputmode": "numeric", "autocomplete": "off"}


@registry.register
class PostalCodeFieldType(CodeFieldType):
    type = "postal_code"
    label = _("Postal code")
    description = _("A 10-digit postal code; a code no address can have is refused.")
    icon = "home"
    parse = staticmethod(parse_postal_code)
    invalid_message = POSTAL_CODE_FORMAT
    widget_attrs = {"inputmode": "numeric", "autocomplete": "postal-code"}


@registry.register
class LegalIdFieldType(CodeFieldType):
    type = "legal_id"
    label = _("Company national ID")
    description = _(
        "The 11-digit national ID of a company or organisation, checked by its check digit."
    )
    icon = "group"
    parse = staticmethod(parse_legal_id)
    invalid_message = LEGAL_ID_FORMAT
    widget_attrs = {"inputmode": "numeric", "autocomplete": "off"}


@registry.register
class IbanFieldType(GroupedCodeFieldType):
    type = "iban"
    label = _("IBAN (Sheba)")
    description = _("An Iranian IBAN: IR and 24 digits, checked by its check digits.")
    icon = "clipboard-list"
    parse = staticmethod(parse_iban)
    invalid_message = IBAN_FORMAT
    widget_attrs = {"autocomplete": "off", "autocapitalize": "characters"}


@registry.register
class BankCardFieldType(GroupedCodeFieldType):
    type = "bank_card"
    label = _("Bank card number")
    description = _("A 16-digit bank card number, checked by its last digit.")
    icon = "tablet-alt"
    parse = staticmethod(parse_card_number)
    invalid_message = CARD_NUMBER_FORMAT
    widget_attrs = {"inputmode": "numeric", "autocomplete": "cc-number"}
