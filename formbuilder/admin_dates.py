"""Dates in every Wagtail admin form read the way a Persian clerk types them.

Wagtail gives each model `DateField` its date picker (`AdminDateInput`), whose form field
reads only Gregorian text: «1405/07/09» typed into the holiday box was saved as the year
1405 AD. Here the same picker is kept, and its field is the one citizens' date questions
use (`formbuilder.fields.dates.JalaliDateField`): Jalali YYYY/MM/DD in any digits, or
Gregorian ISO (what the picker writes) when the year is above 1700; an impossible day is
refused in Persian. Registered through Wagtail's public `register_form_field_override`.
"""

from django.db import models
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import AdminDateInput

from .fields.dates import JalaliDateField


def register_date_override() -> None:
    register_form_field_override(
        models.DateField,
        override={"form_class": JalaliDateField, "widget": AdminDateInput},
        exact_class=True,  # DateTimeField, a subclass, keeps Wagtail's own
    )
