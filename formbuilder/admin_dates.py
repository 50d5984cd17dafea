"""Dates in every Wagtail admin form read and shown the way a Persian clerk works.

Wagtail gives each model `DateField` and `DateTimeField` a Gregorian picker whose form
field reads only Gregorian text: «1405/07/09» typed into the holiday box was saved as the
year 1405 AD. Here both get the bundled Jalali picker (@majidh1/jalalidatepicker, vendored
under static/formbuilder/vendor/) on a box that shows the value in Jalali and stays
typeable, and a field that reads Jalali YYYY/MM/DD in any digits, or Gregorian ISO when
the year is above 1700 (`formbuilder.persian.jalali.jalali_parse`, the one citizens' date
questions use), with an optional HH:MM for date-times; an impossible day is refused in
Persian. Registered through Wagtail's public `register_form_field_override`.

Listings: `JalaliDateColumn` shows a model date in Jalali where Wagtail's plain column
would print Django's Gregorian DATE_FORMAT, and `JalaliExportMixin` does the same for a
listing's CSV/XLSX export (Wagtail's `custom_value_preprocess`).
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.utils import from_current_timezone
from django.utils import timezone
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.panels import FieldPanel, PublishingPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from .fields.dates import JalaliDateField
from .persian.filters import jalali
from .persian.jalali import format_jalali
from .persian.text import normalize_digits, text_clean

PICKER_MEDIA = forms.Media(
    css={"all": ["formbuilder/vendor/jalalidatepicker/jalalidatepicker.min.css"]},
    js=[
        "formbuilder/vendor/jalalidatepicker/jalalidatepicker.min.js",
        "formbuilder/admin-jalali-picker.js",
    ],
)


class JalaliAdminDateInput(forms.TextInput):
    """A date box with the Jalali picker, its value shown as «1405/10/01» (ASCII digits:
    a value to edit, not text to read)."""

    media = PICKER_MEDIA
    picker_attrs = {"data-jdp": "", "data-jdp-only-date": ""}

    def __init__(self, attrs=None):
        super().__init__(attrs={"autocomplete": "off", **self.picker_attrs, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return format_jalali(value, persian=False)
        return super().format_value(value)


class JalaliAdminDateTimeInput(JalaliAdminDateInput):
    """A date-and-time box: «1405/10/01 14:30», in the site's time zone."""

    picker_attrs = {"data-jdp": ""}

    def format_value(self, value):
        if isinstance(value, datetime.datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return f"{format_jalali(local, persian=False)} {local:%H:%M}"
        return super().format_value(value)


class JalaliDateTimeField(forms.DateTimeField):
    """A date (Jalali or Gregorian, as `JalaliDateField` reads it) and an optional time."""

    def to_python(self, value):
        if not isinstance(value, str):
            return super().to_python(value)
        text = normalize_digits(text_clean(value)).replace("T", " ").strip()
        if not text:
            return None
        date_text, _, time_text = text.partition(" ")
        day = JalaliDateField(required=False).to_python(date_text)
        if day is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        moment = forms.TimeField(required=False).to_python(time_text.strip()) or datetime.time()
        return from_current_timezone(datetime.datetime.combine(day, moment))


def _schedule_input() -> JalaliAdminDateTimeInput:
    # The attributes Wagtail's own PublishingPanel gives its boxes (reset on closing the dialog).
    return JalaliAdminDateTimeInput(
        attrs={
            "data-controller": "w-action",
            "data-action": "w-dialog:hidden->w-action#reset",
            "data-w-dialog-target": "notify",
        }
    )


class JalaliPublishingPanel(PublishingPanel):
    """Wagtail's "Set schedule" panel (go-live and expiry) with the Jalali boxes: its own
    panel names Wagtail's Gregorian widget outright, so a page model lists this one in its
    `settings_panels` (the per-model override Wagtail documents for PublishingPanel)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "children",
            [
                FieldPanel("go_live_at", widget=_schedule_input()),
                FieldPanel("expire_at", widget=_schedule_input()),
            ],
        )
        super().__init__(**kwargs)


def register_date_override() -> None:
    register_form_field_override(
        models.DateField,
        override={"form_class": JalaliDateField, "widget": JalaliAdminDateInput},
        exact_class=True,  # DateTimeField, a subclass, has its own below
    )
    register_form_field_override(
        models.DateTimeField,
        override={"form_class": JalaliDateTimeField, "widget": JalaliAdminDateTimeInput},
        exact_class=True,
    )


class JalaliDateColumn(Column):
    """A date as «۱ دی ۱۴۰۵», a date and time as «۱۶ آذر ۱۴۰۵، ۰۹:۳۶»."""

    empty_value_display = "—"

    def get_value(self, instance):
        return jalali(super().get_value(instance), "longtime")


def _jalali_cell(value) -> str:
    return jalali(value, "numerictime")


class JalaliExportMixin:
    """For a listing view: dates and times exported as Jalali text («۱۴۰۵/۱۰/۰۱»)."""

    custom_value_preprocess = {
        (datetime.datetime, datetime.date): {
            SpreadsheetExportMixin.FORMAT_CSV: _jalali_cell,
            SpreadsheetExportMixin.FORMAT_XLSX: _jalali_cell,
        },
        **SpreadsheetExportMixin.custom_value_preprocess,
    }
