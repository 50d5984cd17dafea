"""What a field type is: its editor block, its schema, its Django field, its display.

A form's published schema (see `formbuilder.schema`) holds one *spec* per field:

    {"key": "mobile", "type": "mobile", "label": "شماره همراه", "required": True,
     "help_text": "", "choices": [], "validation": {...}, "condition": None}

A FieldType turns the editor's block value into the type-specific parts of that spec
(`validation`, `choices`), and the spec into a Django form field that parses,
normalises and validates an answer. The same form field validates the HTML wizard and
the API, so there is one validator, not two.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import Promise
from wagtail import blocks

FieldSpec = dict[str, Any]


class FieldType:
    """Base class of a field type. Subclass it in a module of `formbuilder.fields` and
    register it with `@registry.register`.

    Set:
      type       -- the schema's `type` string (DESIGN.md lists them); stable forever.
      label      -- what editors see in the block menu («شماره همراه»).
      description-- one line under the block's heading: what the type accepts.
      icon       -- a Wagtail icon name for the block.
      is_file    -- True for types whose answers arrive in `request.FILES`.
      has_choices-- True for types whose spec carries `choices`.
      grouped    -- True for types rendered as a group of inputs (radio, checkboxes).

    Override the methods below as the type needs; the defaults suit a plain text answer.
    """

    type: str = ""
    label: str | Promise = ""
    description: str | Promise = ""
    icon: str = "form"
    is_file: bool = False
    has_choices: bool = False
    # Rendered as a <fieldset> with a <legend> (radios, checkboxes) rather than a <label>.
    grouped: bool = False

    # -- The editor's side ------------------------------------------------------------

    def option_blocks(self) -> list[tuple[str, blocks.Block]]:
        """The type's own options, added after the common ones (label, key, help text,
        required, condition) in the editor's block. Names become keys of the block value.
        """
        return []

    def validation(self, options: dict[str, Any]) -> dict[str, Any]:
        """The spec's `validation` object, from the block value (`options`).

        Only set keys go in; values must be JSON (dates as ISO strings). The API publishes
        this object, and `form_field` reads it back.
        """
        return {}

    def choices(self, options: dict[str, Any]) -> list[dict[str, str]]:
        """The spec's `choices` ([{"value", "label"}]) for choice types; [] otherwise."""
        return []

    def problems(self, spec: FieldSpec) -> list[str]:
        """What stops this field from being published (translated messages), e.g. a
        choice field without choices or a minimum above the maximum. [] when fine.
        """
        return []

    # -- The citizen's side -----------------------------------------------------------

    def form_field(self, spec: FieldSpec) -> forms.Field:
        """The Django form field for one spec: label, help text, required, widget,
        validators and normalisation (Persian/Arabic digits and letters) included.

        Error messages are translated and name no internal key.
        """
        raise NotImplementedError

    def to_storage(self, spec: FieldSpec, value: Any) -> Any:
        """The JSON value stored for a cleaned answer (ISO date, decimal as string…).

        Files are not stored here: the submission keeps them, and the answer records
        their names. Return None for an empty answer.
        """
        if value in (None, ""):
            return None
        return value

    def from_storage(self, spec: FieldSpec, stored: Any) -> Any:
        """A stored answer as the form field's initial value (going back to edit a step)."""
        return stored

    def display(self, spec: FieldSpec, stored: Any) -> str:
        """How a stored answer reads to a person (review page, receipt, cartable),
        in the active language: Persian digits, Jalali dates, choice labels.
        """
        if stored in (None, "", []):
            return ""
        return str(stored)

    # -- The API's side ---------------------------------------------------------------

    def schema(self, spec: FieldSpec) -> FieldSpec:
        """The field as the API publishes it (the stored spec, by default)."""
        return spec

    def __repr__(self) -> str:
        return f"<FieldType {self.type}>"
