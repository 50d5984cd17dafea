from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ServiceForm


class ServiceFormViewSet(SnippetViewSet):
    model = ServiceForm
    icon = "form"
    menu_label = _("Request forms")
    menu_order = 150
    add_to_admin_menu = True
    list_display = ["title", "live", "last_published_at"]
    search_fields = ["title"]
    ordering = ["title"]


register_snippet(ServiceFormViewSet)
