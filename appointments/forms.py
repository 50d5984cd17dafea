"""Parsing what the citizen's browser or the API sends: a day, a slot's start."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from formbuilder.persian.jalali import jalali_parse
from formbuilder.persian.text import normalize_digits

MAX_INPUT = 40


def day_parse(raw: str) -> datetime.date:
    """A day as ISO (2026-12-08) or Jalali (1405/09/17, any digits); ValueError with a
    Persian message otherwise."""
    text = normalize_digits(str(raw or "").strip())[:MAX_INPUT]
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return jalali_parse(text)
    except ValueError:
        raise ValueError(_("Choose a day from the list.")) from None


def slot_parse(raw: str) -> datetime.datetime:
    """A slot's start as ISO 8601 (with or without its offset: the site's time zone)."""
    text = normalize_digits(str(raw or "").strip())[:MAX_INPUT]
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(_("Choose a time from the list.")) from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_current_timezone())
    return value


class SlotField(forms.Field):
    """A slot's start (`slot_parse`); anything else is refused in Persian."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return slot_parse(str(value))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


class SlotChoiceForm(forms.Form):
    starts_at = SlotField(
        error_messages={"required": gettext_lazy("Choose a time from the list.")},
    )

    def first_error(self) -> str:
        return next(iter(self.errors.values()))[0]
