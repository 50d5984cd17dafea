"""The in-person desk: a clerk registers a request for a citizen who came in person.

The same published form and the same pipeline as online, from the admin, with the
channel "in person" and the clerk recorded; the confirmation page prints the receipt.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from catalog.selectors import service_get_published, service_list_published

from .constants import Channel
from .views import ApplyView

DESK_PERMISSION = "submissions.add_submission"


def desk_services(request):
    """`/admin/desk/`: the services with an online form, to register a request for."""
    if not request.user.has_perm(DESK_PERMISSION):
        raise PermissionDenied
    services = [service for service in service_list_published() if service.has_form]
    context = {
        "page_title": _("Register an in-person request"),
        "header_icon": "user",
        "services": services,
    }
    return TemplateResponse(request, "submissions/desk/services.html", context)


class DeskApplyView(ApplyView):
    """`/admin/desk/<service code>/`: the service's form, filled by the clerk."""

    channel = Channel.IN_PERSON
    drafts_enabled = False  # the clerk finishes at the desk; nothing is texted to save

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(DESK_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def prepare(self, request):
        self.service = service_get_published(service_code=self.kwargs["service_code"])
        if self.service is None or self.service.form_version is None:
            raise Http404
        self.form_version = self.service.form_version
        self.version_session_key = f"khedmat_desk_version_{self.service.pk}"
        request.session[self.version_session_key] = self.form_version.pk
        return None

    def get_wizard_key(self) -> str:
        return f"desk_{self.service.pk}"  # never mixed with the clerk's own online visit

    def verification_required(self) -> bool:
        """The clerk has seen the citizen: no code to their mobile."""
        return False

    def rate_limit(self, answers: dict) -> None:
        """The clerk registers requests for every citizen who comes in: no limit."""

    def submitted_by(self):
        return self.request.user  # the clerk
