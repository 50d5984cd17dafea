"""The statistics page's filters: a Jalali date range (by default the current
half-year), a service and a department."""

import datetime

import jdatetime
from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from catalog.models import Department, ServicePage
from formbuilder.persian.jalali import NoSuchDate, format_jalali, jalali_parse
from formbuilder.persian.language import persian_active

from .periods import MAX_MONTHS, Period, period_half_year

DATE_INPUT_LENGTH = 20


def _date_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=DATE_INPUT_LENGTH,
        widget=forms.TextInput(
            attrs={"dir": "ltr", "inputmode": "numeric", "autocomplete": "off", "size": 10}
        ),
    )


class StatisticsFilterForm(forms.Form):
    """Always bound: an empty date is the current Jalali half-year's first or last day."""

    date_from = _date_field(_("From (Jalali date)"))
    date_to = _date_field(_("To (Jalali date)"))
    service = forms.ModelChoiceField(
        label=_("Service"),
        required=False,
        queryset=ServicePage.objects.order_by("title"),
        empty_label=_("All"),
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        required=False,
        queryset=Department.objects.order_by("name"),
        empty_label=_("All"),
    )

    def __init__(self, query: QueryDict | None = None, *, today: datetime.date):
        data = query.copy() if query is not None else QueryDict(mutable=True)
        default = period_half_year(today)
        persian = persian_active()
        for name, day in (("date_from", default.start), ("date_to", default.end)):
            if not data.get(name, "").strip():
                data[name] = format_jalali(day, persian=persian)
        super().__init__(data)

    def _clean_date(self, name: str) -> datetime.date:
        try:
            return jalali_parse(self.cleaned_data[name])
        except NoSuchDate as error:
            raise forms.ValidationError(
                _("There is no such day in the calendar."), code="no_such_date"
            ) from error
        except ValueError as error:
            raise forms.ValidationError(
                _("Enter a Jalali date such as 1405/07/01."), code="invalid"
            ) from error

    def clean_date_from(self) -> datetime.date:
        return self._clean_date("date_from")

    def clean_date_to(self) -> datetime.date:
        return self._clean_date("date_to")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if start > end:
                raise forms.ValidationError(
                    _("The start date is after the end date."), code="reversed"
                )
            first = jdatetime.date.fromgregorian(date=start)
            last = jdatetime.date.fromgregorian(date=end)
            months = (last.year - first.year) * 12 + last.month - first.month + 1
            if months > MAX_MONTHS:
                raise forms.ValidationError(
                    _("Choose at most %(months)s months.") % {"months": MAX_MONTHS},
                    code="too_long",
                )
        return data

    def filters(self) -> dict:
        """The arguments of `statistics_for_period` (call after `is_valid()`)."""
        data = self.cleaned_data
        return {
            "period": Period(data["date_from"], data["date_to"]),
            "service": data.get("service"),
            "department": data.get("department"),
        }
