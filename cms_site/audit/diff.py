"""Field-by-field changes between two historical rows of one object, readable by managers.

Labels are the fields' verbose names, choices show their labels, foreign keys the related
object, dates are Jalali; long texts (and StreamField or JSON values) become a line diff.
Nothing here is marked safe: templates escape every value.
"""

import datetime
import difflib
import json
from dataclasses import dataclass, field
from functools import cache

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.blocks import StreamValue

from formbuilder.history import schema_changes
from formbuilder.persian.jalali import format_jalali
from formbuilder.persian.language import persian_active
from formbuilder.schema import schema_build

from .constants import BOOKKEEPING_FIELDS, LONG_TEXT

EMPTY = "—"


@dataclass
class FieldChange:
    """One field's change; `lines` is a line diff ((" "|"-"|"+", text), …) for long texts."""

    label: str
    old: str
    new: str
    lines: list[tuple[str, str]] = field(default_factory=list)
    # A form's questions: what changed as sentences, in place of a JSON diff.
    sentences: list[str] = field(default_factory=list)

    @property
    def is_long(self) -> bool:
        return bool(self.lines)

    def as_text(self) -> str:
        """One line (or a diff) for exports."""
        if self.sentences:
            return f"{self.label}:\n" + "\n".join(f"• {text}" for text in self.sentences)
        if self.lines:
            body = "\n".join(f"{sign} {text}" for sign, text in self.lines)
            return f"{self.label}:\n{body}"
        return f"{self.label}: {self.old} → {self.new}"


def diffed_fields(record) -> list[str]:
    """The editable fields of a historical row worth showing (not pages' bookkeeping)."""
    return [
        f.name for f in record.tracked_fields if f.editable and f.name not in BOOKKEEPING_FIELDS
    ]


def record_changes(record, previous, *, names_cache: dict | None = None) -> list[FieldChange]:
    """What `record` changed compared with `previous` (None: the values it was created with).

    `names_cache` keeps related objects' names across the rows of one page.
    """
    cache = {} if names_cache is None else names_cache
    model = record.instance_type
    names = diffed_fields(record)
    if previous is None:
        values = {name: _raw(record, name) for name in names}
        pairs = [(name, None, value) for name, value in values.items() if not _empty(value)]
    else:
        delta = record.diff_against(previous, included_fields=names)
        pairs = [(change.field, change.old, change.new) for change in delta.changes]
    order = {name: position for position, name in enumerate(names)}
    pairs.sort(key=lambda pair: order.get(pair[0], len(order)))
    changes = (
        field_change(model._meta.get_field(name), old, new, cache) for name, old, new in pairs
    )
    return [change for change in changes if change is not None]


def _raw(record, name: str):
    model_field = record._meta.get_field(name)
    if model_field.many_to_many:
        return None  # a created row has no earlier m2m state worth listing
    return model_field.value_from_object(record)


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def field_change(model_field, old, new, cache: dict) -> FieldChange | None:
    """One change as text, or None when both sides read the same once rendered."""
    label = _field_label(model_field, get_language())
    if _is_form_steps(model_field):
        sentences = form_steps_sentences(model_field, old, new)
        return FieldChange(label, "", "", sentences=sentences) if sentences else None
    old_text = value_text(model_field, old, cache)
    new_text = value_text(model_field, new, cache)
    if old_text == new_text:
        return None
    if _is_long(model_field, old_text, new_text):
        return FieldChange(label, old_text, new_text, lines=line_diff(old_text, new_text))
    return FieldChange(label, old_text or EMPTY, new_text or EMPTY)


@cache
def _field_label(model_field, language: str | None) -> str:
    """A field's verbose name in a language (exports label tens of thousands of changes)."""
    return capfirst(str(model_field.verbose_name))


@cache
def _choice_labels(model_field, language: str | None) -> dict:
    return {value: str(label) for value, label in model_field.flatchoices}


def _is_long(model_field, *texts: str) -> bool:
    if isinstance(model_field, models.JSONField) or _is_stream(model_field):
        return True
    return any(len(text) > LONG_TEXT or "\n" in text for text in texts)


def _is_form_steps(model_field) -> bool:
    return model_field.model._meta.label_lower.endswith("serviceform") and (
        model_field.name == "steps" and _is_stream(model_field)
    )


def _form_schema(model_field, value) -> dict:
    if _empty(value):
        return {"steps": []}
    if not isinstance(value, StreamValue):
        value = model_field.to_python(value)
    return schema_build(value, version=0)


def form_steps_sentences(model_field, old, new) -> list[str]:
    """A request form's questions compared as sentences by their labels (question added,
    removed, moved, its text or rule changed); [] when a citizen would see no change
    (block ids or the order of stored keys only)."""
    old_schema, new_schema = _form_schema(model_field, old), _form_schema(model_field, new)
    if old_schema == new_schema:
        return []
    return schema_changes(old_schema, new_schema) or [
        _("Details of the questions changed (their keys or English texts).")
    ]


def _is_stream(model_field) -> bool:
    return type(model_field).__name__ == "StreamField"


def line_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Changed lines with a little context: ("-", removed), ("+", added), (" ", kept)."""
    lines = []
    for line in difflib.unified_diff(old.splitlines(), new.splitlines(), n=1, lineterm=""):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            lines.append(("…", ""))
            continue
        lines.append((line[:1] or " ", line[1:]))
    return lines


def value_text(model_field, value, cache: dict) -> str:
    """A stored value as a manager reads it ("" for empty)."""
    if model_field.many_to_many:
        return _m2m_text(model_field, value)
    if _empty(value):
        return ""
    if isinstance(value, StreamValue):
        list(value)  # convert every block, so old rows' missing defaults do not read as changes
        return _json_text(value.get_prep_value())
    if model_field.choices:
        return _choice_labels(model_field, get_language()).get(value, str(value))
    if isinstance(model_field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(model_field, models.ForeignKey):
        pk = getattr(value, "pk", value)
        key = (model_field.related_model, pk)
        if key not in cache:
            cache[key] = _related_text(model_field.related_model, pk)
        return cache[key]
    if isinstance(value, datetime.datetime | datetime.date):
        return format_jalali(
            value, with_time=isinstance(value, datetime.datetime), persian=persian_active()
        )
    if isinstance(model_field, models.JSONField) or isinstance(value, dict | list):
        return _json_text(value)
    return str(value)


def _json_text(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str)


def _related_text(related_model, pk) -> str:
    related = related_model._default_manager.filter(pk=pk).first()
    if related is None:
        return _("#%(pk)s (deleted)") % {"pk": pk}
    return str(related)


def _m2m_text(model_field, rows) -> str:
    """simple-history's m2m value: the through rows as dicts; shown as the related objects."""
    if not rows:
        return ""
    target = model_field.related_model
    key = model_field.m2m_reverse_field_name()
    pks = [row.get(key, row.get(f"{key}_id")) for row in rows]
    names = {obj.pk: str(obj) for obj in target._default_manager.filter(pk__in=pks)}
    return "، ".join(sorted(names.get(pk, f"#{pk}") for pk in pks))
