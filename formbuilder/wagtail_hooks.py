from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet

from . import designer  # noqa: F401  (the designer's telepath adapters)
from .admin_add import ServiceFormCreateView
from .admin_history import JalaliSnippetViewSet
from .admin_lists import (
    ServiceFormChooserViewSet,
    ServiceFormFilterSet,
    ServiceFormIndexView,
    list_columns,
    list_queryset,
)
from .admin_menus import publish_first
from .admin_views import ServiceFormCompareView, service_form_archive_view
from .checklist import checklist_view
from .models import ReadyStep, ServiceForm
from .selectors import service_form_delete_blockers


class ServiceFormViewSet(JalaliSnippetViewSet):
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
    # One form per add page, however many saves (autosaves) leave it (admin_add.py).
    add_view_class = ServiceFormCreateView
    chooser_per_page = 20
    # Managers read any form's history and compare its versions (read-only views).
    revisions_compare_view_class = ServiceFormCompareView

    def get_queryset(self, request):
        return list_queryset()


register_snippet(ServiceFormViewSet)


@hooks.register("construct_snippet_action_menu")
def publish_is_the_form_editors_main_button(menu_items, request, context):
    if context.get("model") is ServiceForm:
        publish_first(menu_items)


@hooks.register("register_admin_urls")
def register_archive_url():
    return [
        path("forms/<int:pk>/archive/", service_form_archive_view, name="formbuilder_archive"),
        # The live publish checklist of the editor's unsaved form (checklist.py).
        path("forms/checklist/", checklist_view, name="formbuilder_checklist"),
    ]


@hooks.register("before_delete_snippet")
def refuse_deleting_a_form_in_use(request, instances):
    """Editors may delete a form nobody uses; one used by a live service or by requests is
    refused with the reason (and archiving offered) before the confirmation page."""
    refused = [
        (form, blockers)
        for form in instances
        if isinstance(form, ServiceForm) and (blockers := service_form_delete_blockers(form))
    ]
    if not refused:
        return None
    for form, blockers in refused:
        messages.error(
            request,
            _gettext("“%(form)s” cannot be deleted. %(reasons)s")
            % {"form": form, "reasons": " ".join(blockers)},
        )
    return redirect(reverse("wagtailsnippets_formbuilder_serviceform:list"))


@hooks.register("register_snippet_listing_buttons")
def archive_button(snippet, user, next_url=None):
    if isinstance(snippet, ServiceForm) and user.has_perm("formbuilder.change_serviceform"):
        label = _("Bring back from the archive") if snippet.archived else _("Archive")
        url = reverse("formbuilder_archive", args=[snippet.pk])
        yield Button(label, url, icon_name="folder", priority=50)


class ReadyStepViewSet(JalaliSnippetViewSet):
    """The library of ready steps editors insert into a form in one click."""

    model = ReadyStep
    icon = "list-ul"
    menu_label = _("Ready steps")
    menu_order = 151
    add_to_admin_menu = True
    list_display = ["title"]
    search_fields = ["title"]


register_snippet(ReadyStepViewSet)
