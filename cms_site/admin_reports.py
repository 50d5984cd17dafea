"""Wagtail's own reports and page history in Jalali (issue 15, item 1).

Wagtail's site history, aging pages, locked pages and workflow reports and each page's history
filter by date with django-filter's `DateFromToRangeFilter` (a Gregorian picker whose
field reads only Gregorian text) and export their timestamps as Gregorian datetimes.
Here each gets a subclass of Wagtail's view whose filterset subclass declares the same
filters with the Jalali picker (`formbuilder.admin_dates`: Jalali or Gregorian typing, any
digits), whose active-filter pills read in Jalali, and whose CSV/XLSX export writes Jalali
dates in Persian digits (`JalaliExportMixin`) under a file name with today's Jalali date.

How they are put in Wagtail's place, by public means only:
- the reports: `urlpatterns` below, included by `cms_site/urls.py` before Wagtail's admin
  at the same addresses, so Wagtail's menu items and links (which reverse
  `wagtailadmin_reports:*`) reach these views;
- page history: a `PageViewSet` whose `history_view_class` is ours, registered for every
  page model through the `register_admin_viewset` hook (cms_site/wagtail_hooks.py).
"""

import re

import django_filters
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_filters.fields import DateRangeField, RangeField
from wagtail.admin.active_filters import (
    ActiveFilter,
    BaseFilterAdapter,
    DateFromToRangeFilterAdapter,
    register_filter_adapter_class,
)
from wagtail.admin.auth import require_admin_access
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.views.pages.history import PageHistoryFilterSet, PageHistoryView
from wagtail.admin.views.reports.aging_pages import AgingPagesReportFilterSet, AgingPagesView
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.admin.views.reports.locked_pages import LockedPagesReportFilterSet, LockedPagesView
from wagtail.admin.views.reports.workflows import (
    WorkflowReportFilterSet,
    WorkflowTasksReportFilterSet,
    WorkflowTasksView,
    WorkflowView,
)
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from formbuilder.admin_dates import JalaliAdminDateInput, JalaliDateTimeField, JalaliExportMixin
from formbuilder.fields.dates import JalaliDateField
from formbuilder.persian.filters import jalali
from formbuilder.persian.jalali import format_jalali

# Filters ---------------------------------------------------------------------------------


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


class JalaliSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    timestamp = JalaliDateFromToRangeFilter(label=_("Date"))


class JalaliPageHistoryFilterSet(PageHistoryFilterSet):
    timestamp = JalaliDateFromToRangeFilter(label=_("Date"))


class JalaliLockedPagesFilterSet(LockedPagesReportFilterSet):
    locked_at = JalaliDateFromToRangeFilter(label=_("Locked at"))


class JalaliWorkflowFilterSet(WorkflowReportFilterSet):
    created_at = JalaliDateFromToRangeFilter(label=_("Started at"))


class JalaliWorkflowTasksFilterSet(WorkflowTasksReportFilterSet):
    started_at = JalaliDateFromToRangeFilter(label=_("Started at"))
    finished_at = JalaliDateFromToRangeFilter(label=_("Completed at"))


class JalaliAgingPagesFilterSet(AgingPagesReportFilterSet):
    last_published_at = JalaliDateTimeFilter(label=_("Last published before"), lookup_expr="lte")


# Views -----------------------------------------------------------------------------------

_GREGORIAN_DAY = re.compile(r"\d{4}-\d{2}-\d{2}$")


class JalaliReportMixin(JalaliExportMixin):
    """Exports in Jalali, under a file name ending in today's Jalali date (1405-09-16)."""

    def get_filename(self):
        today = format_jalali(timezone.localdate(), persian=False).replace("/", "-")
        name = super().get_filename()
        return _GREGORIAN_DAY.sub(today, name) if _GREGORIAN_DAY.search(name) else name


class JalaliLogEntriesView(JalaliReportMixin, LogEntriesView):
    filterset_class = JalaliSiteHistoryFilterSet


class JalaliLockedPagesView(JalaliReportMixin, LockedPagesView):
    filterset_class = JalaliLockedPagesFilterSet


class JalaliAgingPagesView(JalaliReportMixin, AgingPagesView):
    filterset_class = JalaliAgingPagesFilterSet


class JalaliWorkflowView(JalaliReportMixin, WorkflowView):
    filterset_class = JalaliWorkflowFilterSet


class JalaliWorkflowTasksView(JalaliReportMixin, WorkflowTasksView):
    filterset_class = JalaliWorkflowTasksFilterSet


class JalaliPageHistoryView(PageHistoryView):
    filterset_class = JalaliPageHistoryFilterSet


class JalaliPageViewSet(PageViewSet):
    """Wagtail's page views, with the Jalali history."""

    model = Page
    history_view_class = JalaliPageHistoryView


def _admin(view):
    # What Wagtail's admin URLconf does for its own views; the class stays findable
    # (tests/cms_site/test_role_matrix.py lists the admin's views of ours).
    wrapped = never_cache(require_admin_access(view))
    wrapped.view_class = view.view_class
    return wrapped


def _report(route: str, view_class) -> list:
    return [
        path(f"admin/reports/{route}/", _admin(view_class.as_view())),
        path(f"admin/reports/{route}/results/", _admin(view_class.as_view(results_only=True))),
    ]


# Wagtail's report addresses, served by the Jalali views (cms_site/urls.py).
urlpatterns = [
    *_report("locked", JalaliLockedPagesView),
    *_report("site-history", JalaliLogEntriesView),
    *_report("aging-pages", JalaliAgingPagesView),
    *_report("workflow", JalaliWorkflowView),
    *_report("workflow_tasks", JalaliWorkflowTasksView),
]
