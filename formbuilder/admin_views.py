"""Admin: archive a request form that has requests (and so may not be deleted), or bring it
back. Archiving hides it from the form chooser; its requests and history stay readable."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.snippets.views.snippets import RevisionsCompareView

from .history import schema_changes
from .models import ServiceForm
from .schema import schema_build
from .services import service_form_archive


def service_form_archive_view(request, pk: int):
    if not request.user.has_perm("formbuilder.change_serviceform"):
        raise PermissionDenied
    form = get_object_or_404(ServiceForm, pk=pk)
    if request.method == "POST":
        service_form_archive(form=form, archived=not form.archived)
        if form.archived:
            message = _("“%(form)s” was archived: it no longer appears in the form chooser.")
        else:
            message = _("“%(form)s” was brought back from the archive.")
        messages.success(request, message % {"form": form})
        return redirect(reverse("wagtailsnippets_formbuilder_serviceform:list"))
    return TemplateResponse(request, "formbuilder/admin/archive.html", {"form_object": form})


class ServiceFormCompareView(RevisionsCompareView):
    """Two versions of a form side by side: read-only, so the view permission suffices.
    Above Wagtail's block-by-block comparison, what changed as sentences by label."""

    permission_required = "view"
    template_name = "formbuilder/admin/revisions_compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form_changes"] = schema_changes(
            schema_build(context["revision_a"].steps, version=0),
            schema_build(context["revision_b"].steps, version=0),
        )
        return context
