"""Admin wiring of receipts and SMS: templates (snippets), the SMS log, holidays live in catalog."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from formbuilder.admin_columns import boolean_column
from formbuilder.admin_history import JalaliSnippetViewSet
from submissions.wagtail_hooks import PermissionMenuItem

from . import admin_views
from .models import SmsTemplate


class SmsTemplateViewSet(JalaliSnippetViewSet):
    model = SmsTemplate
    icon = "mail"
    menu_label = _("SMS templates")
    add_to_settings_menu = True
    list_display = ["event", "body", boolean_column(SmsTemplate, "is_active")]
    ordering = ["event"]


register_snippet(SmsTemplateViewSet)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("sms/", admin_views.SmsMessageIndexView.as_view(), name="receipts_sms_messages"),
        path(
            "sms/results/",
            admin_views.SmsMessageIndexView.as_view(results_only=True),
            name="receipts_sms_messages_results",
        ),
        path(
            "sms/<int:pk>/retry/",
            admin_views.sms_message_retry_view,
            name="receipts_sms_message_retry",
        ),
    ]


@hooks.register("register_settings_menu_item")
def register_sms_menu_item():
    return PermissionMenuItem(
        _("SMS messages"),
        reverse("receipts_sms_messages"),
        icon_name="mail",
        order=910,
        permission=admin_views.VIEW_PERMISSION,
    )
