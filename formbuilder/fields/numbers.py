"""Numbers: `integer` and `decimal`.

Answers may use Persian, Arabic or Latin digits, «٬» or "," between thousands and
«٫», "." or "/" before decimals (۲/۵ is how many Iranians write 2.5). An integer is
stored as a JSON number; a decimal as a string ("12.50") so no digit is lost.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from ..admin_numbers import DecimalBlock, IntegerBlock
from ..persian.parsers import decimal_parse
from ..persian.text import text_clean
from .base import FieldType
from .options import json_number, option_int, option_number
from .registry import registry
from .text import (
    SCALARS,
    count_error,
    field_kwargs,
    field_name,
    local_digits,
    local_number,
    min_max_problem,
    set_options,
    spec_rules,
)

DEFAULT_DECIMAL_PLACES = 2
MAX_DECIMAL_PLACES = 10


class NumberField(forms.Field):
    """A number in any digits and separators: an int when `decimal_places` is None,
    otherwise a Decimal with exactly that many places."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Enter a number, for example 1250."),
        "invalid_integer": _("Enter a whole number, without decimals."),
        "decimal_places": ngettext_lazy(
            "Enter at most %(count)s digit after the decimal point.",
            "Enter at most %(count)s digits after the decimal point.",
            "count",
        ),
    }

    def __init__(self, *, min_value=None, max_value=None, decimal_places=None, **kwargs):
        self.min_value = min_value
        self.max_value = max_value
        self.decimal_places = decimal_places
        super().__init__(**kwargs)

    def to_python(self, value):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, SCALARS):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        text = text_clean(str(value))
        if not text:
            return None
        try:
            number = decimal_parse(text)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        with decimal.localcontext(prec=80):
            if self.decimal_places is None or self.decimal_places == 0:
                if number != number.to_integral_value():
                    raise ValidationError(
                        self.error_messages["invalid_integer"], code="invalid_integer"
                    )
                return int(number) if self.decimal_places is None else Decimal(int(number))
            quantum = Decimal(1).scaleb(-self.decimal_places)
            rounded = number.quantize(quantum)
            if rounded != number:
                raise count_error(self.error_messages, "decimal_places", count=self.decimal_places)
            return abs(rounded) if rounded == 0 else rounded  # never "-0.00"

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            raise ValidationError(
                gettext("Enter a number no less than %(limit)s.")
                % {"limit": local_number(self.min_value)},
                code="min_value",
            )
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(
                gettext("Enter a number no more than %(limit)s.")
                % {"limit": local_number(self.max_value)},
                code="max_value",
            )


def limit_blocks(block_class) -> list[tuple[str, object]]:
    """The editor's smallest and largest number, as blocks of the type's kind."""
    return [
        (
            "min_value",
            block_class(
                label=_("Smallest number"),
                required=False,
                help_text=_("No lower limit when left empty."),
            ),
        ),
        (
            "max_value",
            block_class(
                label=_("Largest number"),
                required=False,
                help_text=_("No upper limit when left empty."),
            ),
        ),
    ]


@registry.register
class IntegerFieldType(FieldType):
    type = "integer"
    label = _("Whole number")
    description = _("A number without decimals, such as an area or a count.")
    icon = "list-ol"
    inputmode = "numeric"

    def option_blocks(self):
        return limit_blocks(IntegerBlock)

    def validation(self, options):
        return set_options(options, ("min_value", "max_value"))

    def problems(self, spec):
        rules = spec_rules(spec)
        return min_max_problem(
            spec, option_number(rules.get("min_value")), option_number(rules.get("max_value"))
        )

    def form_field(self, spec):
        rules = spec_rules(spec)
        field = NumberField(
            **field_kwargs(spec),
            min_value=option_number(rules.get("min_value")),
            max_value=option_number(rules.get("max_value")),
            decimal_places=self.decimal_places(spec),
        )
        field.widget.attrs.update({"inputmode": self.inputmode, "dir": "ltr"})
        return field

    def decimal_places(self, spec) -> int | None:
        """None: answers are whole numbers, stored as int."""
        return None

    def display(self, spec, stored):
        if stored in (None, "") or isinstance(stored, bool):
            return ""
        return local_digits(stored)


def _json_number_option(value):
    number = option_number(value)
    return None if number is None else json_number(number)


@registry.register
class DecimalFieldType(IntegerFieldType):
    type = "decimal"
    label = _("Decimal number")
    description = _("A number that may have decimals, such as a length in metres.")
    icon = "decimal"
    inputmode = "decimal"

    def option_blocks(self):
        return [
            *limit_blocks(DecimalBlock),
            (
                "decimal_places",
                IntegerBlock(
                    label=_("Decimal places"),
                    required=False,
                    min_value=0,
                    max_value=MAX_DECIMAL_PLACES,
                    help_text=_("Digits allowed after the decimal point; 2 when left empty."),
                ),
            ),
        ]

    def validation(self, options):
        rules = set_options(options, ("min_value", "max_value"), convert=_json_number_option)
        rules.update(set_options(options, ("decimal_places",)))
        return rules

    def problems(self, spec):
        found = super().problems(spec)
        raw = spec_rules(spec).get("decimal_places")
        places = option_int(raw)
        if raw is not None and (places is None or not 0 <= places <= MAX_DECIMAL_PLACES):
            found.append(
                gettext(
                    "The decimal places of “%(label)s” must be a whole number from 0 to %(max)s."
                )
                % {"label": field_name(spec), "max": local_digits(MAX_DECIMAL_PLACES)}
            )
        return found

    def decimal_places(self, spec):
        places = option_int(spec_rules(spec).get("decimal_places"))
        if places is None or not 0 <= places <= MAX_DECIMAL_PLACES:
            return DEFAULT_DECIMAL_PLACES
        return places

    def to_storage(self, spec, value):
        if value in (None, ""):
            return None
        return format(Decimal(value), "f")

    def display(self, spec, stored):
        if stored in (None, "") or isinstance(stored, bool):
            return ""
        return local_number(stored)
