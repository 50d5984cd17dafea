"""Admin wiring of the statistics: the page and its export, a menu item, and a
dashboard panel with the headline numbers."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import views
from .selectors import statistics_headline
from .tables import DECIMAL, RATE, cell_display

MENU_ORDER = 850
PANEL_ORDER = 50  # above Wagtail's own panels (workflow 210, recent edits 250)


@hooks.register("register_admin_urls")
def register_statistics_urls():
    return [
        path("statistics/", views.statistics_index, name="statistics_index"),
        path("statistics/export/", views.statistics_export, name="statistics_export"),
    ]


class StatisticsMenuItem(MenuItem):
    """Shown to those who may read the statistics."""

    def is_shown(self, request):
        return request.user.has_perm(views.PERMISSION)


@hooks.register("register_reports_menu_item")
def register_statistics_menu_item():
    return StatisticsMenuItem(
        _("Statistics"), reverse("statistics_index"), icon_name="table", order=MENU_ORDER
    )


class StatisticsPanel(Component):
    """The dashboard's headline numbers, the overdue count first."""

    name = "statistics"
    order = PANEL_ORDER
    template_name = "statistics/dashboard_panel.html"

    class Media:
        css = {"all": ["css/statistics.css"]}

    def __init__(self, *, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        headline = statistics_headline(reader=self.user)
        return {
            "headline": headline,
            "on_time_rate": cell_display(headline.on_time_rate, RATE),
            "sms_delivery_rate": cell_display(headline.sms_delivery_rate, RATE),
            "satisfaction": cell_display(headline.satisfaction, DECIMAL),
            "statistics_url": reverse("statistics_index"),
        }


@hooks.register("construct_homepage_panels")
def add_statistics_panel(request, panels):
    if request.user.has_perm(views.PERMISSION):
        panels.append(StatisticsPanel(user=request.user))
