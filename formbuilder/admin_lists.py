"""The request forms' lists in the admin: the snippet index and the chooser a service page
uses to pick its form. Status in words (and a filter by it), Jalali dates, the services
using each form, and a search that forgives Arabic letters and Persian digits
(`selectors.service_form_search`).
"""

import django_filters
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)
from wagtail.snippets.views.snippets import IndexView

from .constants import FormStatus
from .models import ServiceForm
from .persian.filters import jalali
from .selectors import (
    service_form_filter_status,
    service_form_list_choosable,
    service_form_list_with_status,
    service_form_search,
    service_form_status,
)


class JalaliDateTimeColumn(Column):
    """A date and time as «۱۶ آذر ۱۴۰۵، ۰۹:۳۶» (Latin digits on the English admin)."""

    empty_value_display = "—"

    def get_value(self, instance):
        return jalali(super().get_value(instance), "longtime")


class FormStatusColumn(StatusTagColumn):
    """«پیش‌نویس», «منتشرشده» or «منتشرشده با تغییرات منتشرنشده», never True/False."""

    def __init__(self, **kwargs):
        super().__init__(
            "status",
            label=kwargs.pop("label", _("Status")),
            accessor=lambda form: service_form_status(form).label,
            primary=lambda form: form.live,
            sort_key=kwargs.pop("sort_key", "live"),
            **kwargs,
        )


class ServicesColumn(Column):
    """The service pages using the form (catalog's `ServicePage.service_form`, reached by
    its related name so the toolkit imports nothing of the catalog), each linked to its
    editor."""

    cell_template_name = "formbuilder/admin/services_cell.html"

    def get_value(self, instance):
        pages = sorted(instance.services.all(), key=lambda page: page.title)
        return [(page.title, reverse("wagtailadmin_pages:edit", args=[page.pk])) for page in pages]


def list_columns() -> list[Column]:
    return [
        FormStatusColumn(),
        ServicesColumn("services", label=_("Used by services")),
        JalaliDateTimeColumn("_updated_at", label=_("Last edited"), sort_key="_updated_at"),
        JalaliDateTimeColumn(
            "last_published_at", label=_("Last published"), sort_key="last_published_at"
        ),
    ]


class ServiceFormFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=FormStatus.choices,
        method="filter_status",
        empty_label=_("Any status"),
    )

    class Meta:
        model = ServiceForm
        fields = []

    def filter_status(self, queryset, name, value):
        return service_form_filter_status(queryset, value)


def list_queryset():
    """What the forms list shows: each form with its status and its services at hand."""
    return service_form_list_with_status().prefetch_related("services")


class ServiceFormIndexView(IndexView):
    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return service_form_search(queryset, self.search_query)


# -- The chooser ------------------------------------------------------------------


class ServiceFormChooserFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Search")}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        text = self.cleaned_data.get("q")
        if text:
            objects = service_form_search(objects, text)
            self.is_searching = True
            self.search_query = text
        return objects


class _ChooserColumnsMixin:
    filter_form_class = ServiceFormChooserFilterForm

    @property
    def columns(self):
        return [
            self.title_column,
            FormStatusColumn(sort_key=None),
            JalaliDateTimeColumn(
                "edited",
                accessor=lambda form: form.latest_revision and form.latest_revision.created_at,
                label=_("Last edited"),
                sort_key=None,
            ),
        ]


class ServiceFormChooseView(_ChooserColumnsMixin, ChooseView):
    pass


class ServiceFormChooseResultsView(_ChooserColumnsMixin, ChooseResultsView):
    pass


class ServiceFormChooserViewSet(SnippetChooserViewSet):
    """Published forms first, most recently edited first, archived ones left out; search by
    words of the title."""

    choose_view_class = ServiceFormChooseView
    choose_results_view_class = ServiceFormChooseResultsView

    def get_object_list(self):
        return service_form_list_choosable().select_related("latest_revision")
