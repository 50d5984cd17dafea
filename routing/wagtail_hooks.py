"""Admin wiring of routing: rules (ordered snippets), automation endpoints, and a tool that
shows which rule a request would match."""

from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSetGroup

from formbuilder.admin_columns import boolean_column
from formbuilder.admin_history import JalaliSnippetViewSet
from formbuilder.spreadsheets import cell_neutralise

from . import admin_views
from .models import AutomationEndpoint, RoutingRule
from .selectors import service_recipient

ROUTING_RULE_EXPORT = ["name", "sort_order", "department", "connector", "sla_days", "is_active"]


class RoutingRuleIndexView(IndexView):
    # The CSV and XLSX exports: a rule or unit named «=HYPERLINK(…)» stays text.
    custom_field_preprocess = {
        field: {IndexView.FORMAT_CSV: cell_neutralise, IndexView.FORMAT_XLSX: cell_neutralise}
        for field in ROUTING_RULE_EXPORT
    }


class RoutingRuleViewSet(JalaliSnippetViewSet):
    model = RoutingRule
    index_view_class = RoutingRuleIndexView
    icon = "resubmit"
    menu_label = _("Routing rules")
    list_display = [
        "name",
        "sort_order",
        "department",
        "connector",
        boolean_column(RoutingRule, "is_default"),
        boolean_column(RoutingRule, "is_active"),
    ]
    list_export = ROUTING_RULE_EXPORT
    ordering = ["sort_order", "pk"]
    sort_order_field = "sort_order"


class AutomationEndpointViewSet(JalaliSnippetViewSet):
    model = AutomationEndpoint
    icon = "link-external"
    menu_label = _("Automation endpoints")
    list_display = ["name", "url", boolean_column(AutomationEndpoint, "is_active")]


class RoutingViewSetGroup(SnippetViewSetGroup):
    items = (RoutingRuleViewSet, AutomationEndpointViewSet)
    menu_icon = "resubmit"
    menu_label = _("Routing")
    menu_order = 250


register_snippet(RoutingViewSetGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("routing/test/", admin_views.rule_test, name="routing_rule_test")]


class RuleTestMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("routing.view_routingrule")


@hooks.register("register_settings_menu_item")
def register_rule_test_menu_item():
    return RuleTestMenuItem(
        _("Which rule matches?"), reverse("routing_rule_test"), icon_name="resubmit", order=920
    )


@hooks.register("describe_service_recipient")
def describe_service_recipient(page, parent=None):
    """The service page editor's "who receives the requests" (catalog/panels.py)."""
    return render_to_string(
        "routing/admin/service_recipient.html",
        {"recipient": service_recipient(page, parent=parent)},
    )
