from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView

from formbuilder.admin_columns import boolean_column
from formbuilder.admin_dates import JalaliDateColumn, JalaliExportMixin
from formbuilder.admin_history import JalaliSnippetViewSet
from formbuilder.admin_menus import publish_first
from formbuilder.persian.text import to_persian_digits

from .models import Department, Holiday, ServicePage
from .selectors import holiday_calendar_gaps


class DepartmentFilterSet(WagtailFilterSet):
    class Meta:
        model = Department
        fields = ["is_active", "parent"]


class DepartmentViewSet(JalaliSnippetViewSet):
    model = Department
    icon = "group"
    menu_label = _("Departments")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "code", "parent", "phone", boolean_column(Department, "is_active")]
    list_export = ["name", "code", "parent", "phone", "email", "address", "is_active"]
    filterset_class = DepartmentFilterSet
    search_fields = ["name", "code"]
    ordering = ["name"]


register_snippet(DepartmentViewSet)


def holiday_calendar_warnings(gaps) -> list[str]:
    """The administrator's to-do for the holiday table, in Persian."""
    warnings = [
        gettext(
            "The holiday table has no holiday in the year %(year)s: due dates in it "
            "skip only Fridays (and Thursdays). Enter its holidays from the official calendar."
        )
        % {"year": to_persian_digits(year)}
        for year in gaps.years_without_holidays
    ]
    if gaps.estimates_ahead:
        warnings.append(
            ngettext(
                "%(count)s coming lunar holiday is an estimate: check it against the "
                "official calendar, move it by a day if needed, and untick «estimated date».",
                "%(count)s coming lunar holidays are estimates: check them against the "
                "official calendar, move them by a day if needed, and untick «estimated date».",
                gaps.estimates_ahead,
            )
            % {"count": to_persian_digits(gaps.estimates_ahead)}
        )
    return warnings


class HolidayIndexView(JalaliExportMixin, IndexView):
    """The holidays list, with a warning while the table lacks a year or has estimates;
    dates in Jalali on screen and in its exports."""

    def get(self, request, *args, **kwargs):
        if not self.results_only:
            for warning in holiday_calendar_warnings(holiday_calendar_gaps()):
                messages.warning(request, warning)
        return super().get(request, *args, **kwargs)


class HolidayFilterSet(WagtailFilterSet):
    class Meta:
        model = Holiday
        fields = ["is_estimate"]


class HolidayViewSet(JalaliSnippetViewSet):
    model = Holiday
    icon = "date"
    menu_label = _("Holidays")
    add_to_settings_menu = True
    index_view_class = HolidayIndexView
    list_display = [
        JalaliDateColumn("date", label=_("date"), sort_key="date"),
        "title",
        BooleanColumn("is_estimate", label=_("estimated date"), sort_key="is_estimate"),
    ]
    list_export = ["date", "title", "is_estimate"]
    filterset_class = HolidayFilterSet
    ordering = ["-date"]


register_snippet(HolidayViewSet)


class HolidayCalendarPanel(Component):
    """On the dashboard of whoever keeps the holiday table: what it lacks."""

    name = "holiday_calendar"
    template_name = "catalog/admin/holiday_calendar_panel.html"
    order = 90

    def __init__(self, warnings: list[str]):
        self.warnings = warnings

    def get_context_data(self, parent_context):
        holidays_url = reverse(Holiday.snippet_viewset.get_url_name("list"))
        return {"warnings": self.warnings, "holidays_url": holidays_url}


@hooks.register("construct_homepage_panels")
def add_holiday_calendar_panel(request, panels):
    if not request.user.has_perm("catalog.change_holiday"):
        return
    warnings = holiday_calendar_warnings(holiday_calendar_gaps())
    if warnings:
        panels.append(HolidayCalendarPanel(warnings))


@hooks.register("construct_page_action_menu")
def publish_is_the_service_editors_main_button(menu_items, request, context):
    """A service page's editor publishes with the main button, as the form's editor does
    (formbuilder.admin_menus)."""
    if _edits_a_service_page(request, context):
        publish_first(menu_items)


def _edits_a_service_page(request, context) -> bool:
    if context.get("page") is not None:
        return isinstance(context["page"], ServicePage)
    # The create view names the new page's type in its URL only.
    kwargs = request.resolver_match.kwargs if request.resolver_match else {}
    return (kwargs.get("content_type_app_name"), kwargs.get("content_type_model_name")) == (
        ServicePage._meta.app_label,
        ServicePage._meta.model_name,
    )
