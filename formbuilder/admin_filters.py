"""Jalali date filters for Wagtail's listings, reports and histories (issue 15, item 1).

Wagtail's history views and reports filter by date with django-filter's
`DateFromToRangeFilter`: a Gregorian picker whose field reads only Gregorian text. The
filters here declare the same ranges with the bundled Jalali picker (`admin_dates`: Jalali
or Gregorian typing, any digits), and their adapters make the active-filter pills read in
Jalali («تاریخ: ۱ دی ۱۴۰۵ - ۵ دی ۱۴۰۵»). Registered through Wagtail's public
`register_filter_adapter_class`.

Used by every snippet's history (`admin_history.JalaliSnippetHistoryView`) and by Wagtail's
reports and page history (`cms_site/admin_reports.py`).
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.fields import DateRangeField, RangeField
from wagtail.admin.active_filters import (
    ActiveFilter,
    BaseFilterAdapter,
    DateFromToRangeFilterAdapter,
    register_filter_adapter_class,
)
from wagtail.admin.filters import DateRangePickerWidget

from .admin_dates import JalaliAdminDateInput, JalaliDateTimeField
from .fields.dates import JalaliDateField
from .persian.filters import jalali


class JalaliDateRangeWidget(DateRangePickerWidget):
    """Wagtail's from/to pair (its template and suffixes) with the Jalali boxes."""

    def __init__(self, attrs=None):
        widgets = (
            JalaliAdminDateInput(attrs={"placeholder": _("Date from")}),
            JalaliAdminDateInput(attrs={"placeholder": _("Date to")}),
        )
        super(DateRangePickerWidget, self).__init__(widgets, attrs)


class JalaliDateRangeField(DateRangeField):
    """django-filter's date range (whole days, the site's time zone) read in Jalali."""

    def __init__(self, *args, **kwargs):
        fields = (JalaliDateField(), JalaliDateField())
        RangeField.__init__(self, fields, *args, **kwargs)


class JalaliDateFromToRangeFilter(django_filters.DateFromToRangeFilter):
    field_class = JalaliDateRangeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", JalaliDateRangeWidget)
        super().__init__(*args, **kwargs)


class JalaliDateTimeFilter(django_filters.DateTimeFilter):
    """A single moment, typed as a Jalali date (and optionally a time)."""

    field_class = JalaliDateTimeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", JalaliAdminDateInput)
        super().__init__(*args, **kwargs)


class JalaliDateRangeFilterAdapter(DateFromToRangeFilterAdapter):
    """The active-filter pill: «تاریخ: ۱ دی ۱۴۰۵ - ۵ دی ۱۴۰۵»."""

    def format_value(self, value):
        return jalali(value, "long") if value is not None else self.empty_value_label


class JalaliDateTimeFilterAdapter(BaseFilterAdapter):
    def get_active_filters(self):
        yield ActiveFilter(
            self.bound_field.auto_id,
            self.filter.label,
            jalali(self.value, "long"),
            self.get_url_without_filter_param(self.name),
        )


register_filter_adapter_class(JalaliDateFromToRangeFilter, JalaliDateRangeFilterAdapter)
register_filter_adapter_class(JalaliDateTimeFilter, JalaliDateTimeFilterAdapter)
