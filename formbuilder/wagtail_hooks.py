from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_lists import (
    ServiceFormChooserViewSet,
    ServiceFormFilterSet,
    ServiceFormIndexView,
    list_columns,
    list_queryset,
)
from .models import ServiceForm


class ServiceFormViewSet(SnippetViewSet):
    model = ServiceForm
    icon = "form"
    menu_label = _("Request forms")
    menu_order = 150
    add_to_admin_menu = True
    # Status in words, Jalali dates, the services using each form (admin_lists.py).
    list_display = ["title", *list_columns()]
    index_view_class = ServiceFormIndexView
    filterset_class = ServiceFormFilterSet
    search_fields = ["title"]
    ordering = "-_updated_at"
    chooser_viewset_class = ServiceFormChooserViewSet
    chooser_per_page = 20

    def get_queryset(self, request):
        return list_queryset()


register_snippet(ServiceFormViewSet)
