"""Admin wiring of appointments: the schedules and their exceptions (snippets), the
clerk's desk, the schedule's preview."""

from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from formbuilder.admin_columns import boolean_column
from formbuilder.admin_dates import JalaliDateColumn
from formbuilder.admin_history import JalaliSnippetViewSet

from . import desk_views
from .models import OpeningSchedule, ScheduleException


class PreviewColumn(Column):
    """A link to the schedule's coming free slots."""

    def get_value(self, instance):
        url = reverse("appointments_schedule_preview", args=[instance.pk])
        return format_html('<a href="{}">{}</a>', url, _("Free slots"))


class OpeningScheduleViewSet(JalaliSnippetViewSet):
    model = OpeningSchedule
    icon = "time"
    menu_label = _("Opening hours")
    list_display = [
        "__str__",
        "slot_minutes",
        "counters",
        "horizon_days",
        boolean_column(OpeningSchedule, "is_active"),
        PreviewColumn("preview", label=_("Preview")),
    ]
    list_export = ["department", "service", "slot_minutes", "counters", "horizon_days"]
    ordering = ["department__name"]
    inspect_view_enabled = False


class ScheduleExceptionViewSet(JalaliSnippetViewSet):
    model = ScheduleException
    icon = "date"
    menu_label = _("Schedule exceptions")
    list_display = [
        "schedule",
        JalaliDateColumn("date", label=_("date"), sort_key="date"),
        boolean_column(ScheduleException, "closed"),
        "note",
    ]
    list_export = ["schedule", "date", "closed", "opens_at", "closes_at", "counters", "note"]
    ordering = ["-date"]


class AppointmentsViewSetGroup(SnippetViewSetGroup):
    items = (OpeningScheduleViewSet, ScheduleExceptionViewSet)
    menu_icon = "time"
    menu_label = _("Appointments")
    menu_order = 160


register_snippet(AppointmentsViewSetGroup)


@hooks.register("register_admin_urls")
def register_desk_urls():
    apply = desk_views.BookingDeskApplyView.as_view(url_name="appointments_desk_request_step")
    return [
        path("visits/", desk_views.desk_index, name="appointments_desk"),
        path("visits/call/", desk_views.desk_call_next, name="appointments_desk_call"),
        path("visits/walk-in/", desk_views.desk_walk_in, name="appointments_desk_walk_in"),
        path(
            "visits/schedules/<int:pk>/preview/",
            desk_views.schedule_preview,
            name="appointments_schedule_preview",
        ),
        path("visits/<int:pk>/request/", apply, name="appointments_desk_request"),
        path("visits/<int:pk>/request/<str:step>/", apply, name="appointments_desk_request_step"),
        path(
            "visits/<int:pk>/<slug:action>/",
            desk_views.desk_booking_action,
            name="appointments_desk_action",
        ),
    ]


class DeskMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(desk_views.VIEW_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_desk_menu_item():
    return DeskMenuItem(
        _("Visits and queue"), reverse("appointments_desk"), icon_name="time", order=151
    )
