"""The dashboard panel of stuck work: failed or unfinished pipeline steps and SMS older
than OPS_STALE_AGE_SECONDS, of the requests the user may see."""

from django.conf import settings
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component

from receipts.admin_views import VIEW_PERMISSION as SMS_PERMISSION
from submissions.admin_views import VIEW_PERMISSION as STEP_PERMISSION

from . import selectors

PANEL_ORDER = 60  # under the statistics (50), above Wagtail's own panels
SHOWN = 5  # the oldest few of each


class StuckWorkPanel(Component):
    name = "stuck_work"
    order = PANEL_ORDER
    template_name = "operations/dashboard_panel.html"

    def __init__(self, *, user):
        self.user = user

    def section(self, rows, url_name):
        return {
            "count": rows.count(),
            "oldest": selectors.oldest(rows, SHOWN),
            "url": reverse(url_name),
        }

    def get_context_data(self, parent_context=None):
        context = {"hours": settings.OPS_STALE_AGE_SECONDS // 3600}
        if self.user.has_perm(STEP_PERMISSION):
            rows = selectors.stale_steps(self.user)
            context["steps"] = self.section(rows, "submissions_pipeline_steps")
        if self.user.has_perm(SMS_PERMISSION):
            rows = selectors.stale_sms(self.user)
            context["sms"] = self.section(rows, "receipts_sms_messages")
        return context


@hooks.register("construct_homepage_panels")
def add_stuck_work_panel(request, panels):
    user = request.user
    if user.has_perm(STEP_PERMISSION) or user.has_perm(SMS_PERMISSION):
        panels.append(StuckWorkPanel(user=user))
