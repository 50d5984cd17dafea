"""The citizen's pages of "save and continue later" (drafts.py): the saved page (which asks
for a mobile number when the form's is not answered yet), and the resume pages, opened from
the SMS link (`/d/<token>/`) or from "my requests" (`/my/drafts/<id>/`) by the draft's own
mobile, verified with a one-time code.
"""

from urllib.parse import urlencode

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.selectors import service_for_path
from formbuilder.models import FormVersion
from formbuilder.uploads import wizard_uploads_storage
from formbuilder.wizard import wizard_session_key

from .citizen_session import citizen_mobile
from .drafts import (
    DraftRateLimited,
    draft_delete,
    draft_files,
    draft_questions_again,
    draft_resume,
    draft_save,
)
from .forms import DraftMobileForm
from .models import Draft
from .ratelimit import client_ip
from .selectors import draft_by_token
from .tasks import drafts_cleanup_start


def draft_session_key(service) -> str:
    """The draft this browser saved or resumed for the service (saved again, or deleted
    once its request is sent)."""
    return f"khedmat_draft_{service.pk}"


def apply_version_session_key(service) -> str:
    """The form version this browser's application of the service is pinned to."""
    return f"khedmat_wizard_version_{service.pk}"


def _questions_again_key(service) -> str:
    return f"khedmat_draft_again_{service.pk}"


def _save_url(service_path: str) -> str:
    return reverse("submissions:draft_save", kwargs={"service_path": service_path})


def draft_context(request, service, context: dict) -> None:
    """A wizard page's part: the questions to answer again after a resume onto a new
    version of the form (shown once)."""
    context["questions_again"] = request.session.pop(_questions_again_key(service), None)


def draft_sent(request, service) -> None:
    """The request was sent: the draft it continued is deleted with its files."""
    draft_id = request.session.pop(draft_session_key(service), None)
    draft = Draft.objects.filter(pk=draft_id).only("pk", "state").first() if draft_id else None
    if draft is not None:
        draft_delete(draft=draft)


def draft_save_from_wizard(request, *, service, form_version, state, mobile, service_path):
    """Save the wizard's state to the mobile the form was given (or the draft it continues
    was saved to), or ask for one first."""
    if not mobile:
        draft_id = request.session.get(draft_session_key(service))
        draft = Draft.objects.filter(pk=draft_id).only("mobile").first() if draft_id else None
        mobile = draft.mobile if draft is not None else ""
    if not mobile:
        return HttpResponseRedirect(_save_url(service_path))
    return _draft_save(
        request, service=service, form_version=form_version, state=state, mobile=mobile
    )


def _draft_save(request, *, service, form_version, state, mobile, form=None):
    try:
        draft = draft_save(
            service=service,
            form_version=form_version,
            state=state,
            mobile=mobile,
            client_ip=client_ip(request),
            draft_id=request.session.get(draft_session_key(service)),
        )
    except DraftRateLimited as limited:
        if form is None:  # the form's own mobile, shown so the citizen can change it
            form = DraftMobileForm({"mobile": mobile})
            form.is_valid()
        form.add_error(
            None,
            _(
                "Too many drafts have been saved with this mobile number or from here. Your "
                "answers are kept in this browser: please save again in %(wait)s."
            )
            % {"wait": limited.wait_text},
        )
        response = render(
            request, "submissions/drafts/save.html", {"service": service, "form": form}, status=429
        )
        response["Retry-After"] = str(limited.wait_seconds)
        return response
    request.session[draft_session_key(service)] = draft.pk
    return HttpResponseRedirect(_save_url(request.resolver_match.kwargs["service_path"]))


def draft_save_page(request, service_path: str):
    """`<service page>/save-draft/`: the draft saved (where its link was sent, until when),
    or, when the form's mobile is not answered yet, the mobile to send the link to."""
    service = service_for_path(request, service_path)
    if service is None or service.form_version is None:
        raise Http404
    state = request.session.get(wizard_session_key(str(service.pk)))
    draft_id = request.session.get(draft_session_key(service))
    draft = Draft.objects.filter(pk=draft_id).first() if draft_id else None
    if request.method != "POST":
        if draft is not None:
            return render(request, "submissions/drafts/saved.html", _saved(service, draft))
        if state is None:
            return HttpResponseRedirect(f"{service.get_url(request=request)}apply/")
        return render(
            request, "submissions/drafts/save.html", {"service": service, "form": DraftMobileForm()}
        )
    form = DraftMobileForm(request.POST)
    if state is None or not form.is_valid():
        status = 400 if state is not None else 409
        if state is None:
            form.add_error(None, _("There is nothing to save: start the form again."))
        return render(
            request,
            "submissions/drafts/save.html",
            {"service": service, "form": form},
            status=status,
        )
    version_id = request.session.get(apply_version_session_key(service))
    version = FormVersion.objects.filter(pk=version_id).first() or service.form_version
    return _draft_save(
        request,
        service=service,
        form_version=version,
        state=state,
        mobile=form.cleaned_data["mobile"],
        form=form,
    )


def _saved(service, draft: Draft) -> dict:
    return {
        "service": service,
        "draft": draft,
        "apply_url": f"{service.url}apply/",
    }


# -- Resuming ------------------------------------------------------------------------


def _sign_in_first(link: str):
    """ "My requests"' sign-in page: mobile, then a one-time code, then back to `link`."""
    return HttpResponseRedirect(f"{reverse('submissions:my_signin')}?{urlencode({'next': link})}")


def draft_resume_gate(request, draft: Draft, link: str):
    """Only the draft's own mobile, verified with a one-time code in this browser
    (`citizen_session`), opens it: anyone else signs in first and comes back to `link`.
    Returns the redirect, or None to go on."""
    if citizen_mobile(request) == draft.mobile:
        return None
    return _sign_in_first(link)


def draft_resume_by_token(request, token: str):
    """`/d/<token>/`, the SMS link: 404 for a link that is not one, 410 for an expired
    draft, then the gate, then the draft's page (GET) or its resumption (POST)."""
    drafts_cleanup_start()
    draft = draft_by_token(token)
    if draft is None:
        return _gone(request, status=404)
    if draft.expires_at <= timezone.now():
        return _gone(request, status=410)
    link = reverse("submissions:draft_resume", args=[token])
    return draft_resume_gate(request, draft, link) or _draft_open(request, draft)


def draft_resume_mine(request, draft_id: int):
    """`/my/drafts/<id>/`, from "my requests": the signed-in mobile's own drafts only
    (another's is a 404, whoever asks)."""
    drafts_cleanup_start()
    mobile = citizen_mobile(request)
    if mobile is None:
        return _sign_in_first(request.path)
    draft = (
        Draft.objects.select_related("service")
        .filter(pk=draft_id, mobile=mobile, expires_at__gt=timezone.now())
        .first()
    )
    if draft is None:
        return _gone(request, status=404)
    return _draft_open(request, draft)


def _gone(request, *, status: int):
    return render(request, "submissions/drafts/gone.html", {"status": status}, status=status)


def _draft_open(request, draft: Draft):
    """GET: what was saved and, on a withdrawn version, which answers must be given
    again; POST: the draft put back into this browser's wizard, which opens at its step."""
    service = draft.service
    current = service.form_version if service.live else None
    if current is None:
        return render(request, "submissions/drafts/closed.html", {"draft": draft}, status=410)
    if request.method != "POST":
        again = draft_questions_again(draft=draft, current=current)
        context = {"draft": draft, "service": service, "questions_again": again}
        return render(request, "submissions/drafts/resume.html", context)
    resumed = draft_resume(draft=draft, current=current)
    prefix = wizard_session_key(str(service.pk))
    previous = request.session.get(prefix)
    for name in draft_files(previous or {}):  # this browser's own unfinished application
        wizard_uploads_storage().delete(name)
    request.session[prefix] = resumed.state
    request.session[apply_version_session_key(service)] = resumed.form_version.pk
    request.session[draft_session_key(service)] = draft.pk
    if resumed.questions_again:
        request.session[_questions_again_key(service)] = resumed.questions_again
    step = resumed.state.get("step")
    return HttpResponseRedirect(f"{service.url}apply/{step + '/' if step else ''}")
