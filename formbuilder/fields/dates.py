"""Dates: `jalali_date`, typed and shown Jalali (۱۴۰۴/۰۱/۳۱), stored ISO (2025-04-20).

An answer is Jalali YYYY/MM/DD with any digits and "/", "-", "." or spaces between
the parts (or YYYYMMDD: phone number pads have no "/"); a four-digit year above 1700
is read as a Gregorian ISO date, which is what the API sends. The editor's earliest
and latest limits are ISO dates or "today", evaluated in Tehran when the answer is
checked.
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..persian.jalali import (
    EARLIEST_DATE,
    LATEST_DATE,
    NoSuchDate,
    date_limit_parse,
    format_jalali,
    jalali_parse,
)
from ..persian.language import persian_active
from ..persian.text import text_clean
from .base import FieldType
from .registry import registry
from .text import field_kwargs, field_name, local_digits, spec_rules

TODAY = "today"
EXAMPLE = "1404/01/31"


def limit_from_spec(value) -> str | datetime.date | None:
    """A published limit as "today" or a date; None when unset or malformed."""
    if value == TODAY:
        return TODAY
    if not isinstance(value, str):
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return None
    return day if EARLIEST_DATE <= day <= LATEST_DATE else None


def local_date(value: datetime.date) -> str:
    return format_jalali(value, persian=persian_active())


class JalaliDateField(forms.Field):
    widget = forms.TextInput
    default_error_messages = {
        "no_such_date": _("There is no such date. Check the year, the month and the day."),
    }

    def __init__(self, *, earliest=None, latest=None, **kwargs):
        self.earliest = earliest
        self.latest = latest
        super().__init__(**kwargs)

    def to_python(self, value):
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        if isinstance(value, datetime.date):
            return value
        if not isinstance(value, str):
            raise self.invalid()
        text = text_clean(value)
        if not text:
            return None
        try:
            return jalali_parse(text)
        except NoSuchDate:
            raise ValidationError(
                self.error_messages["no_such_date"], code="no_such_date"
            ) from None
        except ValueError:
            raise self.invalid() from None

    def example(self) -> str:
        """A date to show as the example, inside the field's own limits (a month in from
        the limit that is set, or between both), in the active language's digits."""
        today = timezone.localdate()
        earliest = today if self.earliest == TODAY else self.earliest
        latest = today if self.latest == TODAY else self.latest
        if earliest is None and latest is None:
            return local_digits(EXAMPLE)
        if earliest is not None and latest is not None:
            day = earliest + (latest - earliest) / 2
        elif earliest is not None:
            day = earliest + datetime.timedelta(days=30)
        else:
            day = latest - datetime.timedelta(days=30)
        return local_digits(format_jalali(day, persian=False))

    def invalid(self) -> ValidationError:
        return ValidationError(
            gettext("Enter the date as year/month/day, for example %(example)s.")
            % {"example": self.example()},
            code="invalid",
        )

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        today = timezone.localdate()
        earliest = today if self.earliest == TODAY else self.earliest
        latest = today if self.latest == TODAY else self.latest
        if earliest is not None and value < earliest:
            message = (
                gettext("Enter today or a later date (today is %(date)s).")
                if self.earliest == TODAY
                else gettext("Enter a date on or after %(date)s.")
            )
            raise ValidationError(message % {"date": local_date(earliest)}, code="too_early")
        if latest is not None and value > latest:
            message = (
                gettext("Enter today or an earlier date (today is %(date)s).")
                if self.latest == TODAY
                else gettext("Enter a date on or before %(date)s.")
            )
            raise ValidationError(message % {"date": local_date(latest)}, code="too_late")


@registry.register
class JalaliDateFieldType(FieldType):
    type = "jalali_date"
    label = _("Date")
    description = _("A Jalali date picked from a calendar or typed.")
    icon = "date"

    def option_blocks(self):
        return [
            (
                name,
                blocks.CharBlock(
                    label=label,
                    required=False,
                    max_length=20,
                    help_text=_(
                        "A Jalali date such as 1404/01/01, or “today”. No limit when left empty."
                    ),
                ),
            )
            for name, label in (("earliest", _("Earliest date")), ("latest", _("Latest date")))
        ]

    def validation(self, options):
        rules = {}
        for name in ("earliest", "latest"):
            raw = str(options.get(name) or "").strip()
            if not raw:
                continue
            try:
                rules[name] = date_limit_parse(raw)
            except ValueError:
                rules[name] = raw  # Kept so that problems() can name it.
        return rules

    def problems(self, spec):
        rules = spec_rules(spec)
        found = []
        limits = {}
        for name, message in (
            ("earliest", _("The earliest date of “%(label)s” is not a date: %(value)s.")),
            ("latest", _("The latest date of “%(label)s” is not a date: %(value)s.")),
        ):
            if rules.get(name) in (None, ""):
                continue
            limits[name] = limit_from_spec(rules[name])
            if limits[name] is None:
                found.append(str(message) % {"label": field_name(spec), "value": rules[name]})
        earliest, latest = limits.get("earliest"), limits.get("latest")
        both = isinstance(earliest, datetime.date) and isinstance(latest, datetime.date)
        if both and earliest > latest:
            found.append(
                gettext("In “%(label)s”, the earliest date is after the latest date.")
                % {"label": field_name(spec)}
            )
        return found

    def form_field(self, spec):
        rules = spec_rules(spec)
        field = JalaliDateField(
            **field_kwargs(spec),
            earliest=limit_from_spec(rules.get("earliest")),
            latest=limit_from_spec(rules.get("latest")),
        )
        field.widget.attrs.update(
            {
                "inputmode": "numeric",
                "dir": "ltr",
                "autocomplete": "off",
                "placeholder": field.example(),
            }
        )
        return field

    def to_storage(self, spec, value):
        if isinstance(value, datetime.date):
            return value.isoformat()
        return super().to_storage(spec, value)

    def from_storage(self, spec, stored):
        day = limit_from_spec(stored)
        if isinstance(day, datetime.date):
            return format_jalali(day, persian=False)
        return stored

    def display(self, spec, stored):
        day = limit_from_spec(stored)
        if isinstance(day, datetime.date):
            return local_date(day)
        return super().display(spec, stored)
