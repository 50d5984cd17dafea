"""Free-text answers: `text`, `textarea`, `email`.

The top of this module is what every field type builds on: the common form-field
arguments, the text field that normalises Persian input, and how numbers and lists
read in the active language.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..admin_numbers import IntegerBlock
from ..persian.language import persian_active
from ..persian.text import normalize_digits, normalize_letters, text_clean, to_persian_digits
from .base import FieldSpec, FieldType
from .options import option_int
from .registry import registry

# -- Shared by every field type ---------------------------------------------------

SCALARS = (str, int, float, Decimal)


def field_kwargs(spec: FieldSpec) -> dict[str, Any]:
    """The form-field arguments every type takes from the spec's common part."""
    return {
        "label": spec.get("label") or None,
        "required": bool(spec.get("required")),
        "help_text": spec.get("help_text") or "",
    }


def spec_rules(spec: FieldSpec) -> dict[str, Any]:
    """The spec's `validation` object ({} when missing or malformed)."""
    rules = spec.get("validation")
    return rules if isinstance(rules, dict) else {}


def local_digits(value: Any) -> str:
    """Persian digits when Persian is active."""
    return to_persian_digits(value) if persian_active() else str(value)


def count_error(messages: dict[str, Any], code: str, **numbers: int) -> ValidationError:
    """The error `messages[code]`, a plural message (`ngettext_lazy(..., "<key>")`) filled
    with `numbers`, in the active language's digits."""
    return ValidationError(local_digits(messages[code] % numbers), code=code)


def local_number(value: Any) -> str:
    """A number as a person reads it: «۱۲٫۵» in Persian, "12.5" in English."""
    text = str(value)
    return to_persian_digits(text.replace(".", "\u066b")) if persian_active() else text


def local_list(items) -> str:
    return ("، " if persian_active() else ", ").join(str(item) for item in items)


def field_name(spec: FieldSpec) -> str:
    """How editors know a field in messages: its question."""
    return str(spec.get("label") or spec.get("key") or "")


def min_max_problem(spec: FieldSpec, low: Any, high: Any) -> list[str]:
    """A problem when both limits are set and the minimum is above the maximum."""
    if low is None or high is None or low <= high:
        return []
    return [
        gettext("In “%(label)s”, the minimum (%(min)s) is more than the maximum (%(max)s).")
        % {"label": field_name(spec), "min": local_number(low), "max": local_number(high)}
    ]


class NormalisedCharField(forms.CharField):
    """A CharField that stores Persian letters and ASCII digits, without control
    characters; anything but a single text value (a list, an object) is refused."""

    multiline = False
    default_error_messages = {"invalid": _("Enter your answer as text.")}

    def __init__(self, *, multiline: bool = False, **kwargs):
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_python(self, value):
        if value is None:
            return self.empty_value
        if isinstance(value, bool) or not isinstance(value, SCALARS):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(text_clean(str(value), multiline=self.multiline))


# A question about the citizen's own name or address, known by its key, lets the phone
# fill it in (HTML's autofill tokens, WCAG 1.3.5 "Identify Input Purpose").
AUTOCOMPLETE_BY_KEY = {
    "name": "name",
    "full_name": "name",
    "applicant_name": "name",
    "first_name": "given-name",
    "last_name": "family-name",
    "address": "street-address",
    "home_address": "street-address",
    "postal_address": "street-address",
    "company_name": "organization",
}


class TextRulesValidator:
    """Length limits, then the editor's pattern (only on text within the limits, so a
    long answer never meets a slow pattern)."""

    messages = {
        "max_length": ngettext_lazy(
            "Enter at most %(limit)s character (you entered %(count)s).",
            "Enter at most %(limit)s characters (you entered %(count)s).",
            "limit",
        ),
        "min_length": ngettext_lazy(
            "Enter at least %(limit)s character (you entered %(count)s).",
            "Enter at least %(limit)s characters (you entered %(count)s).",
            "limit",
        ),
    }

    def __init__(self, *, min_length=None, max_length=None, pattern=None, pattern_message=""):
        self.min_length = min_length
        self.max_length = max_length
        self.pattern = pattern
        self.pattern_message = pattern_message

    def __call__(self, value: str) -> None:
        length = len(value)
        if self.max_length is not None and length > self.max_length:
            raise count_error(self.messages, "max_length", limit=self.max_length, count=length)
        if self.min_length is not None and length < self.min_length:
            raise count_error(self.messages, "min_length", limit=self.min_length, count=length)
        if self.pattern is not None and not self.pattern.fullmatch(value):
            raise ValidationError(
                local_digits(self.pattern_message)  # an editor's text, shown as read
                or gettext("This answer is not in the expected format."),
                code="pattern",
            )


def compile_pattern(pattern: Any) -> re.Pattern | None:
    """The editor's pattern, read as the answers are (Latin digits, Persian letters);
    None when it is unset or not a valid regular expression."""
    if not isinstance(pattern, str) or not pattern:
        return None
    try:
        return re.compile(normalize_letters(normalize_digits(pattern)))
    except (re.error, RecursionError, OverflowError):
        return None


def length_blocks(default_max: int) -> list[tuple[str, blocks.Block]]:
    most = {
        255: _("The most characters accepted; 255 when left empty."),
        2000: _("The most characters accepted; 2000 when left empty."),
    }[default_max]
    return [
        (
            "min_length",
            IntegerBlock(
                label=_("Minimum length"),
                required=False,
                min_value=0,
                help_text=_("The fewest characters accepted; no minimum when left empty."),
            ),
        ),
        (
            "max_length",
            IntegerBlock(label=_("Maximum length"), required=False, min_value=1, help_text=most),
        ),
    ]


def pattern_blocks() -> list[tuple[str, blocks.Block]]:
    """The editor's pattern for a one-line answer, and the message shown when it fails."""
    return [
        (
            "pattern",
            blocks.CharBlock(
                label=_("Pattern"),
                required=False,
                max_length=500,
                help_text=_(
                    "Optional: a regular expression the whole answer must match, "
                    "e.g. [0-9]{5}. Persian digits in answers count as Latin digits."
                ),
            ),
        ),
        (
            "pattern_message",
            blocks.CharBlock(
                label=_("Message when the pattern does not match"),
                required=False,
                max_length=255,
                help_text=_("Tell the citizen what to enter, e.g. “Enter five digits.”"),
            ),
        ),
    ]


def _text(value: Any) -> str | None:
    """An editor's text option, stripped; None when empty."""
    return str(value or "").strip() or None


def set_options(options: dict[str, Any], names: tuple[str, ...], convert=option_int) -> dict:
    """The named options the editor set, converted; unset and invalid ones left out."""
    result = {}
    for name in names:
        value = convert(options.get(name))
        if value is not None:
            result[name] = value
    return result


# -- The types --------------------------------------------------------------------


@registry.register
class TextFieldType(FieldType):
    type = "text"
    label = _("Short answer")
    description = _("A line of text, such as a name or a title.")
    icon = "title"
    default_max_length = 255
    multiline = False

    def option_blocks(self):
        lengths = length_blocks(self.default_max_length)
        # A pattern is for one line of text: a multi-line answer has none (see form_field).
        return lengths if self.multiline else [*lengths, *pattern_blocks()]

    def validation(self, options):
        rules = set_options(options, ("min_length", "max_length"))
        if not self.multiline:
            rules.update(set_options(options, ("pattern", "pattern_message"), convert=_text))
        return rules

    def problems(self, spec):
        rules = spec_rules(spec)
        max_length = option_int(rules.get("max_length")) or self.default_max_length
        found = min_max_problem(spec, option_int(rules.get("min_length")), max_length)
        if rules.get("pattern") and compile_pattern(rules["pattern"]) is None:
            found.append(
                gettext("The pattern of “%(label)s” is not a valid regular expression.")
                % {"label": field_name(spec)}
            )
        return found

    def form_field(self, spec):
        rules = spec_rules(spec)
        max_length = option_int(rules.get("max_length"))
        if max_length is None or max_length < 1:
            max_length = self.default_max_length
        min_length = option_int(rules.get("min_length"))
        pattern = None if self.multiline else compile_pattern(rules.get("pattern"))
        message = (
            rules.get("pattern_message") if isinstance(rules.get("pattern_message"), str) else ""
        )
        field = NormalisedCharField(
            **field_kwargs(spec),
            multiline=self.multiline,
            widget=forms.Textarea(attrs={"rows": 5}) if self.multiline else forms.TextInput,
            validators=[
                TextRulesValidator(
                    min_length=min_length,
                    max_length=max_length,
                    pattern=pattern,
                    pattern_message=message,
                )
            ],
        )
        field.widget.attrs["maxlength"] = str(max_length)
        if min_length:
            field.widget.attrs["minlength"] = str(min_length)
        token = AUTOCOMPLETE_BY_KEY.get(str(spec.get("key", "")).lower())
        if token:
            field.widget.attrs["autocomplete"] = token
        return field

    def display(self, spec, stored):
        if stored in (None, ""):
            return ""
        text = str(stored)
        # Persian prose reads with Persian digits; text with Latin words (a licence
        # plate, a model number) keeps its Latin digits.
        return text if re.search("[A-Za-z]", text) else local_digits(text)


@registry.register
class TextareaFieldType(TextFieldType):
    type = "textarea"
    label = _("Long answer")
    description = _("Several lines of text, such as a description or a request.")
    icon = "pilcrow"
    default_max_length = 2000
    multiline = True


class NormalisedEmailField(forms.EmailField):
    default_error_messages = {
        "invalid": _("Enter a valid email address, for example name@example.com."),
    }

    def to_python(self, value):
        if value is None:
            return ""
        if not isinstance(value, str):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        text = super().to_python(text_clean(value))
        local, at, domain = text.rpartition("@")
        return f"{local}@{domain.lower()}" if at else text


@registry.register
class EmailFieldType(FieldType):
    type = "email"
    label = _("Email")
    description = _("An email address, checked for its form.")
    icon = "mail"

    def form_field(self, spec):
        field = NormalisedEmailField(
            **field_kwargs(spec),
            max_length=None,
            validators=[TextRulesValidator(max_length=254)],
        )
        field.widget.attrs.update(
            {
                "dir": "ltr",
                "autocomplete": "email",
                "inputmode": "email",
                "autocapitalize": "off",
                "spellcheck": "false",
                "maxlength": "254",
            }
        )
        return field
