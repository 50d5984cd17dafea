"""Admin wiring of the audit trail: its URL and menu item, and a
"History" link from each audited page's and snippet's edit view to its trail."""

from urllib.parse import urlencode

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.action_menu import ActionMenuItem

from . import views
from .constants import AUDITED_LABELS, VIEW_PERMISSION


@hooks.register("register_admin_urls")
def register_audit_urls():
    return [path("audit/", views.audit_trail, name="cms_site_audit")]


def audit_url(label: str, pk) -> str:
    """The trail of one object."""
    query = urlencode({"model": label, "object": pk})
    return f"{reverse('cms_site_audit')}?{query}"


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_audit_menu_item():
    return AuditMenuItem(
        _("Audit trail"), reverse("cms_site_audit"), icon_name="history", order=900
    )


@hooks.register("register_page_header_buttons")
def page_history_button(page, user, next_url=None, view_name=None):
    label = page.specific_class._meta.label_lower if page.specific_class else ""
    if label not in AUDITED_LABELS or not user.has_perm(VIEW_PERMISSION):
        return []
    return [Button(_("History"), audit_url(label, page.pk), icon_name="history", priority=60)]


class AuditHistoryMenuItem(ActionMenuItem):
    """A link in a snippet's action menu to its audit trail."""

    label = _("History")
    name = "action-audit-history"
    icon_name = "history"

    def is_shown(self, context):
        instance = context.get("instance")
        return (
            context.get("view") == "edit"
            and instance is not None
            and instance._meta.label_lower in AUDITED_LABELS
            and context["request"].user.has_perm(VIEW_PERMISSION)
        )

    def get_url(self, parent_context):
        instance = parent_context["instance"]
        return audit_url(instance._meta.label_lower, instance.pk)


@hooks.register("register_snippet_action_menu_item")
def register_snippet_history_item(model):
    if model._meta.label_lower in AUDITED_LABELS:
        return AuditHistoryMenuItem(order=900)
    return None
