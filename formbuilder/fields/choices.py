"""Choices: `select`, `radio`, `checkboxes`, and `boolean` (one consent checkbox).

An answer is stored as the choice's `value` (checkboxes: a list of values, in the
order of the choices) and shown as the choice's label.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..admin_numbers import IntegerBlock
from ..persian.parsers import boolean_parse
from ..persian.text import normalize_letters, normalize_text, text_clean
from ..translations import CHOICE_TEXTS, english_blocks, english_texts
from ..widgets import ConsentCheckboxInput
from .base import FieldSpec, FieldType
from .options import option_int
from .registry import registry
from .text import (
    SCALARS,
    count_error,
    field_kwargs,
    field_name,
    local_digits,
    local_list,
    min_max_problem,
    set_options,
    spec_rules,
)


def spec_choices(spec: FieldSpec) -> list[tuple[str, str]]:
    """The spec's choices as (value, label) pairs, skipping malformed entries."""
    pairs = []
    for choice in spec.get("choices") or []:
        if isinstance(choice, dict) and choice.get("value") not in (None, ""):
            value = str(choice["value"])
            pairs.append((value, str(choice.get("label") or value)))
    return pairs


def _is_scalar(value: Any) -> bool:
    return isinstance(value, SCALARS) and not isinstance(value, bool)


class ChoiceLookup:
    """Maps a submitted value, normalised like every answer, to the choice's value."""

    def __init__(self, pairs: list[tuple[str, str]]):
        self.values = [value for value, _label in pairs]
        self.canonical = {text_clean(value): value for value in self.values}
        self.labels = dict(pairs)

    def value(self, raw: Any) -> str:
        text = text_clean(str(raw))
        return self.canonical.get(text, text)

    def label(self, stored: Any) -> str:
        return self.labels.get(str(stored)) or self.labels.get(self.value(stored)) or str(stored)


class SingleChoiceField(forms.ChoiceField):
    default_error_messages = {"invalid_choice": _("Choose one of the listed options.")}

    def __init__(self, *, lookup: ChoiceLookup, **kwargs):
        self.lookup = lookup
        super().__init__(**kwargs)

    def to_python(self, value):
        if value is None:
            return ""
        if not _is_scalar(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return self.lookup.value(value)

    def validate(self, value):
        forms.Field.validate(self, value)
        if value and value not in self.lookup.labels:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


class MultipleChoicesField(forms.MultipleChoiceField):
    """Accepts a list (API, QueryDict.getlist) or a single value; returns the chosen
    values once each, in the order of the choices."""

    widget = forms.CheckboxSelectMultiple
    default_error_messages = {
        "invalid_choice": _("Choose only from the listed options."),
        "invalid_list": _("Choose the options as a list."),
        "min_choices": ngettext_lazy(
            "Choose at least %(count)s option.", "Choose at least %(count)s options.", "count"
        ),
        "max_choices": ngettext_lazy(
            "Choose at most %(count)s option.", "Choose at most %(count)s options.", "count"
        ),
    }

    def __init__(self, *, lookup: ChoiceLookup, min_choices=None, max_choices=None, **kwargs):
        self.lookup = lookup
        self.min_choices = min_choices
        self.max_choices = max_choices
        super().__init__(**kwargs)

    def to_python(self, value):
        if value is None or value == "":
            return []
        if _is_scalar(value):
            value = [value]
        if not isinstance(value, (list, tuple)):
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list")
        if not all(_is_scalar(item) for item in value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        chosen = {self.lookup.value(item) for item in value} - {""}
        if chosen - set(self.lookup.values):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return [choice for choice in self.lookup.values if choice in chosen]

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        count = len(value)
        if count and self.min_choices is not None and count < self.min_choices:
            raise count_error(self.error_messages, "min_choices", count=self.min_choices)
        if self.max_choices is not None and count > self.max_choices:
            raise count_error(self.error_messages, "max_choices", count=self.max_choices)


EMPTY_OPTION = {"label": "", "label_en": "", "value": ""}


def choices_block() -> tuple[str, blocks.Block]:
    option = blocks.StructBlock(
        [
            ("label", blocks.CharBlock(label=_("Option"), max_length=255)),
            *english_blocks("label", label=_("Option in English")),
            (
                "value",
                blocks.CharBlock(
                    label=_("Value"),
                    required=False,
                    max_length=100,
                    help_text=_(
                        "What is stored and compared in conditions; "
                        "the option’s text when left empty."
                    ),
                ),
            ),
        ],
        label=_("Option"),
        icon="radio-full",
    )
    # A new choice question starts with two empty options: a choice needs at least two,
    # so the editor types them without pressing «+» first.
    return (
        "choices",
        blocks.ListBlock(option, label=_("Options"), default=[EMPTY_OPTION, EMPTY_OPTION]),
    )


class ChoiceFieldType(FieldType):
    """A type whose answer is one of the editor's choices."""

    has_choices = True

    def option_blocks(self):
        return [choices_block()]

    def choices(self, options):
        result = []
        for item in options.get("choices") or []:
            label = normalize_letters(str(item.get("label") or "")).strip()
            value = normalize_text(str(item.get("value") or "")) or normalize_text(label)
            if value:
                result.append(
                    {"value": value, "label": label or value, **english_texts(item, CHOICE_TEXTS)}
                )
        return result

    def problems(self, spec):
        pairs = spec_choices(spec)
        if not pairs:
            return [
                gettext("The question “%(label)s” has no options. Add at least one.")
                % {"label": field_name(spec)}
            ]
        seen, found = set(), []
        for value, _label in pairs:
            if value in seen:
                found.append(
                    gettext(
                        "In “%(label)s”, more than one option has the value “%(value)s”. "
                        "Give each option its own value."
                    )
                    % {"label": field_name(spec), "value": value}
                )
            seen.add(value)
        return found

    def display(self, spec, stored):
        if stored in (None, "", []):
            return ""
        return ChoiceLookup(spec_choices(spec)).label(stored)


@registry.register
class SelectFieldType(ChoiceFieldType):
    type = "select"
    label = _("Drop-down list")
    description = _("One answer from a list that opens on a click.")
    icon = "arrow-down"
    widget = forms.Select

    def form_field(self, spec):
        pairs = spec_choices(spec)
        # A drop-down starts on an empty option, so nothing is chosen by accident.
        empty = [("", _("— Select —"))] if self.widget is forms.Select else []
        return SingleChoiceField(
            **field_kwargs(spec),
            lookup=ChoiceLookup(pairs),
            choices=[*empty, *pairs],
            widget=self.widget,
        )


@registry.register
class RadioFieldType(SelectFieldType):
    type = "radio"
    label = _("One of several options")
    description = _("One answer from a few options shown at once, such as yes or no.")
    icon = "radio-full"
    grouped = True
    widget = forms.RadioSelect


@registry.register
class CheckboxesFieldType(ChoiceFieldType):
    type = "checkboxes"
    label = _("Several options (checkboxes)")
    description = _("Any number of answers from a list of options.")
    icon = "tasks"
    grouped = True

    def option_blocks(self):
        return [
            choices_block(),
            (
                "min_choices",
                IntegerBlock(label=_("Fewest options to choose"), required=False, min_value=1),
            ),
            (
                "max_choices",
                IntegerBlock(label=_("Most options to choose"), required=False, min_value=1),
            ),
        ]

    def validation(self, options):
        return set_options(options, ("min_choices", "max_choices"))

    def problems(self, spec):
        found = super().problems(spec)
        rules = spec_rules(spec)
        low, high = option_int(rules.get("min_choices")), option_int(rules.get("max_choices"))
        found += min_max_problem(spec, low, high)
        count = len(spec_choices(spec))
        if count and low is not None and low > count:
            found.append(
                gettext("“%(label)s” asks for at least %(min)s options but has only %(count)s.")
                % {
                    "label": field_name(spec),
                    "min": local_digits(low),
                    "count": local_digits(count),
                }
            )
        return found

    def form_field(self, spec):
        rules = spec_rules(spec)
        pairs = spec_choices(spec)
        return MultipleChoicesField(
            **field_kwargs(spec),
            lookup=ChoiceLookup(pairs),
            choices=pairs,
            min_choices=option_int(rules.get("min_choices")),
            max_choices=option_int(rules.get("max_choices")),
        )

    def to_storage(self, spec, value):
        return list(value) if value else None

    def display(self, spec, stored):
        if stored in (None, "", []):
            return ""
        lookup = ChoiceLookup(spec_choices(spec))
        values = stored if isinstance(stored, list) else [stored]
        return local_list(lookup.label(value) for value in values)


class ConsentField(forms.Field):
    """One checkbox: True when checked ("on", JSON true…), False when not."""

    widget = ConsentCheckboxInput
    default_error_messages = {
        "required": _("Please confirm this to continue."),
        "invalid": _("Answer with yes or no."),
    }

    def to_python(self, value):
        try:
            return boolean_parse(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            return self.to_python(initial) != self.to_python(data)
        except ValidationError:
            return True


@registry.register
class BooleanFieldType(FieldType):
    type = "boolean"
    label = _("Confirmation checkbox")
    description = _("A box the citizen ticks, such as a declaration.")
    icon = "check"

    def form_field(self, spec):
        return ConsentField(**field_kwargs(spec))

    def to_storage(self, spec, value):
        return bool(value)

    def from_storage(self, spec, stored):
        return bool(stored)

    def display(self, spec, stored):
        if stored is None or stored == "":
            return ""
        try:
            return gettext("Yes") if boolean_parse(stored) else gettext("No")
        except ValueError:
            return str(stored)
