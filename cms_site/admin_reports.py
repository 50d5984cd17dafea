"""Wagtail's own reports and page history in Jalali (issue 15, item 1).

Wagtail's site history, aging pages, locked pages and workflow reports and each page's history
filter by date with django-filter's `DateFromToRangeFilter` (a Gregorian picker whose
field reads only Gregorian text) and export their timestamps as Gregorian datetimes.
Here each gets a subclass of Wagtail's view whose filterset subclass declares the same
filters with the Jalali picker and Jalali active-filter pills (`formbuilder.admin_filters`,
which every snippet's history uses too), and whose CSV/XLSX export writes Jalali
dates in Persian digits (`JalaliExportMixin`) under a file name with today's Jalali date.

How they are put in Wagtail's place, by public means only:
- the reports: `urlpatterns` below, included by `cms_site/urls.py` before Wagtail's admin
  at the same addresses, so Wagtail's menu items and links (which reverse
  `wagtailadmin_reports:*`) reach these views;
- page history: a `PageViewSet` whose `history_view_class` is ours, registered for every
  page model through the `register_admin_viewset` hook (cms_site/wagtail_hooks.py).
"""

import re

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
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

from formbuilder.admin_dates import JalaliExportMixin
from formbuilder.admin_filters import JalaliDateFromToRangeFilter, JalaliDateTimeFilter
from formbuilder.persian.jalali import format_jalali

# Filters ---------------------------------------------------------------------------------


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
