from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Department, Holiday


class DepartmentFilterSet(WagtailFilterSet):
    class Meta:
        model = Department
        fields = ["is_active", "parent"]


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = _("Departments")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "code", "parent", "phone", "is_active"]
    list_export = ["name", "code", "parent", "phone", "email", "address", "is_active"]
    filterset_class = DepartmentFilterSet
    search_fields = ["name", "code"]
    ordering = ["name"]


register_snippet(DepartmentViewSet)


class HolidayViewSet(SnippetViewSet):
    model = Holiday
    icon = "date"
    menu_label = _("Holidays")
    add_to_settings_menu = True
    list_display = ["date", "title"]
    list_export = ["date", "title"]
    ordering = ["-date"]


register_snippet(HolidayViewSet)
