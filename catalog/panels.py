"""Admin panels of the catalog's pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import Panel

RECIPIENT_HOOK = "describe_service_recipient"


class RequestsRecipientPanel(Panel):
    """Who will receive the service's requests, and why, beside the unit the editor picks.

    The catalog does not know the routing rules (they live in a later layer): an app that
    may send requests elsewhere registers a `describe_service_recipient` hook, a function
    `(page, parent) -> str | None` returning this panel's HTML (routing does). Without
    one, the service's own unit receives its requests and the panel says so.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Who receives the requests"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "catalog/admin/requests_recipient_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            parent = getattr(self.form, "parent_page", None) if self.form else None
            context["description"] = None
            for describe in hooks.get_hooks(RECIPIENT_HOOK):
                context["description"] = describe(self.instance, parent)
                if context["description"]:
                    break
            context["department"] = getattr(self.instance, "department", None)
            return context
