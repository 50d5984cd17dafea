"""The citizen's pages: apply (the wizard), the confirmation, and tracking."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.selectors import service_for_path
from formbuilder.display import answers_display
from formbuilder.forms import StepForm
from formbuilder.models import FormVersion
from formbuilder.persian.language import persian_active
from formbuilder.schema import schema_fields
from formbuilder.wizard import REVIEW_STEP, SchemaWizardView

from . import draft_views
from .citizen_session import citizen_mobile
from .citizen_views import signin_redirect
from .constants import Channel, Status
from .draft_views import apply_version_session_key, draft_sent
from .forms import CitizenReplyForm, StatusSmsForm, TrackForm
from .masking import answers_masked, mobile_mask
from .otp import verified_mobile_keys
from .ratelimit import client_ip
from .replies import (
    ReplyTokenInvalid,
    reply_token_make,
    reply_token_submission,
    submission_citizen_reply,
)
from .selectors import submission_by_token, submission_public_events
from .services import (
    StatusSmsRateLimited,
    SubmissionRateLimited,
    TrackingRateLimited,
    TransitionNotAllowed,
    submission_create,
    submission_rate_limit,
    submission_status_sms_request,
    submission_track,
)
from .tasks import drafts_cleanup_start
from .tracking import tracking_code_display, tracking_code_normalise

# The hidden field that tells a new visitor's first POST which version they were shown.
VERSION_FIELD = "khedmat_form_version"
NOT_WAITING_FOR_REPLY = gettext_lazy(
    "This request is no longer waiting for your answer. Its current status is below."
)
STATUS_SMS_SENT = gettext_lazy(
    "If a request has this tracking code, its current status has been sent by SMS to the "
    "mobile number given on its form."
)


def _too_many(response, limited):
    """A page refused by a rate limit: 429, and Retry-After for clients that read it."""
    response.status_code = 429
    response["Retry-After"] = str(limited.wait_seconds)
    return response


class ApplyView(SchemaWizardView):
    """`<service page>/apply/`: the service's published form, one step per page.

    The version a citizen starts with is kept for their whole visit, so publishing
    a new version never breaks someone halfway through.
    """

    channel = Channel.ONLINE
    # "Save and continue later" (draft_views.py): online only, never at the in-person desk.
    drafts_enabled = True

    def post(self, *args, **kwargs):
        if self.drafts_enabled:
            drafts_cleanup_start()  # where no beat runs it, at most once an interval
            if "wizard_save_draft" in self.request.POST:
                return self.save_draft()
        if kwargs.get("step") == REVIEW_STEP and self._verification_missing():
            return self._verify_first()  # signed out meanwhile: the answers are kept
        return super().post(*args, **kwargs)

    def save_draft(self):
        """The step's «save and continue later» button: keep what was posted on it, then
        save the draft (to the form's mobile) or ask for a mobile number first."""
        form = self.store_current_step()
        return draft_views.draft_save_from_wizard(
            self.request,
            service=self.service,
            form_version=self.form_version,
            state=self.storage.data,
            mobile=self.answered_mobile(form),
            service_path=self.kwargs["service_path"],
        )

    def answered_mobile(self, form=None) -> str:
        """The form's mobile answer so far (a valid one on the step just posted counts)."""
        answers = self.all_answers()
        cleaned = getattr(form, "cleaned_data", None) or {}
        for spec in schema_fields(self.form_version.schema):
            if spec["type"] == "mobile" and (answers.get(spec["key"]) or cleaned.get(spec["key"])):
                return str(answers.get(spec["key"]) or cleaned[spec["key"]])
        return ""

    def prepare(self, request):
        self.service = service_for_path(request, self.kwargs["service_path"])
        if self.service is None:
            raise Http404
        current = self.service.form_version
        if current is None:
            raise Http404
        session_key = apply_version_session_key(self.service)
        pinned_id = request.session.get(session_key)
        if pinned_id is None and request.method == "POST":
            # The first answers sent: the version the page was shown with.
            pinned_id = self._version_from_page(request.POST.get(VERSION_FIELD, ""))
        pinned = None
        if pinned_id and pinned_id != current.pk:
            pinned = FormVersion.objects.filter(pk=pinned_id, form=current.form).first()
        self.form_version = pinned or current
        # A visitor who only looks (GET) gets no session: the page carries its version.
        if request.method == "POST" and request.session.get(session_key) != self.form_version.pk:
            request.session[session_key] = self.form_version.pk
        self.version_session_key = session_key
        return None

    def _version_signer(self) -> signing.TimestampSigner:
        return signing.TimestampSigner(salt=f"khedmat.apply.version.{self.service.pk}")

    def _version_from_page(self, token: str) -> int | None:
        """The version id a page of this service was rendered with, if its token is ours."""
        try:
            value = self._version_signer().unsign(token, max_age=settings.SESSION_COOKIE_AGE)
        except signing.BadSignature:
            return None
        return int(value) if value.isdigit() else None

    def get_schema(self):
        return self.form_version.schema

    # -- the verified mobile ----------------------------------------------------------

    def verification_required(self) -> bool:
        """Online, a form that asks for it has the applicant's mobile verified by a code
        before the review page (the in-person desk overrides this)."""
        return bool(verified_mobile_keys(self.form_version))

    def verified_mobile(self) -> str | None:
        return citizen_mobile(self.request) if self.verification_required() else None

    def get(self, request, *args, **kwargs):
        if kwargs.get("step") == REVIEW_STEP and self._verification_missing():
            return self._verify_first()
        return super().get(request, *args, **kwargs)

    def _verification_missing(self) -> bool:
        return self.verification_required() and citizen_mobile(self.request) is None

    def _verify_first(self):
        """To the code page, offering the number typed on the form; back to the review."""
        keys = verified_mobile_keys(self.form_version)
        typed = [str(value) for key, value in super().all_answers().items() if key in keys]
        return signin_redirect(
            self.request,
            suggested_mobile=next(filter(None, typed), ""),
            next_path=self.get_step_url(REVIEW_STEP),
        )

    def get_form(self, step=None, data=None, files=None):
        """A verified mobile fills the form's mobile questions, which cannot be changed."""
        form = super().get_form(step=step, data=data, files=files)
        verified = self.verified_mobile()
        if verified and isinstance(form, StepForm):
            for key in verified_mobile_keys(self.form_version):
                if key in form.fields:
                    form.fields[key].disabled = True
                    form.initial[key] = verified
        return form

    def all_answers(self):
        answers = super().all_answers()
        verified = self.verified_mobile()
        if verified:
            for key in verified_mobile_keys(self.form_version):
                if key in answers:
                    answers[key] = verified
        return answers

    def review_answers(self):
        """The verified mobile masked («0912***4567»): the citizen proved it by a code, so
        it needs no checking, and the page may be seen over a shoulder. Other answers are
        shown as given, to be checked."""
        answers = super().review_answers()
        verified = self.verified_mobile()
        if verified:
            for key in verified_mobile_keys(self.form_version):
                if key in answers:
                    answers[key] = mobile_mask(verified)
        return answers

    def get_wizard_key(self) -> str:
        return str(self.service.pk)

    def get_schema_cache_key(self) -> str:
        return f"form-version-{self.form_version.pk}"

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        context["service"] = self.service
        context["page"] = self.service
        context["intro"] = self.form_version.form.intro
        if self.drafts_enabled:
            context["draft_save"] = True
            draft_views.draft_context(self.request, self.service, context)
        if self.version_session_key not in self.request.session:
            context["version_field"] = VERSION_FIELD
            context["version_token"] = self._version_signer().sign(str(self.form_version.pk))
        return context

    def render_done(self, form, **kwargs):
        """The review page again, answers kept, when `done` is refused by a rate limit."""
        try:
            return super().render_done(form, **kwargs)
        except SubmissionRateLimited as limited:
            form.add_error(
                None,
                _(
                    "Too many requests have been sent from here or with this mobile number. "
                    "Your answers are kept: please send again in %(wait)s."
                )
                % {"wait": limited.wait_text},
            )
            return _too_many(self.render(form), limited)

    def rate_limit(self, answers: dict) -> None:
        """Online, requests are limited per address and per mobile number."""
        submission_rate_limit(
            form_version=self.form_version, answers=answers, client_ip=client_ip(self.request)
        )

    def submitted_by(self):
        """The user recorded as making the request: none online (the citizen)."""
        return None

    def submission_created(self, submission) -> None:
        """A hook after the request is stored (inside no transaction of ours): override
        to link it to what the form was filled for (the appointments' booked visit)."""

    def done(self, form_list, **kwargs):
        answers, uploads = self.collect(form_list)
        self.rate_limit(answers)
        submission = submission_create(
            service=self.service,
            form_version=self.form_version,
            answers=answers,
            uploads=uploads,
            channel=self.channel,
            user=self.submitted_by(),
        )
        self.submission_created(submission)
        self.request.session.pop(self.version_session_key, None)
        if self.drafts_enabled:
            draft_sent(self.request, self.service)
        return HttpResponseRedirect(
            reverse("submissions:confirmation", args=[submission.access_token])
        )


def confirmation(request, access_token: str):
    """The confirmation and receipt page, reached only through its random token."""
    submission = submission_by_token(access_token=access_token)
    if submission is None:
        raise Http404
    response = render(
        request,
        "submissions/confirmation.html",
        {
            "submission": submission,
            "service": submission.service,
            # Masked: the page may be seen over a shoulder, or kept open on a shared phone.
            "answers": answers_display(
                submission.form_version.schema,
                answers_masked(submission.form_version.schema, submission.data),
            ),
            "next_steps": submission.form_version.form.next_steps,
        },
    )
    response["Referrer-Policy"] = "no-referrer"
    return response


def track(request):
    """/track/: code + mobile → status and timeline (POST, so neither lands in logs).

    A request waiting for more information (`needs_info`) also gets a reply form; its
    POST carries a signed token from the lookup instead of the code and mobile again.
    """
    if request.method == "POST" and "reply_token" in request.POST:
        return _track_reply(request)
    submission = None
    status_code = 200
    form = TrackForm(request.POST or None, initial={"tracking_code": _code_shown(request)})
    if request.method == "POST" and form.is_valid():
        try:
            submission = submission_track(
                tracking_code=form.cleaned_data["tracking_code"],
                mobile=form.cleaned_data["mobile"],
                client_ip=client_ip(request),
            )
        except TrackingRateLimited as limited:
            form.add_error(None, _tracking_limited_message(limited))
            return _too_many(_track_render(request, form=form), limited)
        else:
            if submission is None:
                status_code = 404
                form.add_error(
                    None,
                    _(
                        "No request matches this tracking code and mobile number. "
                        "Check both and try again."
                    ),
                )
    elif request.method == "POST":
        status_code = 400
    reply_form = None
    if submission is not None and submission.status == Status.NEEDS_INFO:
        reply_form = CitizenReplyForm(
            initial={"reply_token": reply_token_make(submission=submission)}
        )
    return _track_render(
        request, form=form, submission=submission, reply_form=reply_form, status=status_code
    )


def _code_shown(request) -> str:
    """The code a link prefills (`?code=`), grouped as people read it: «۱۲۳۴ ۵۶۷۸ ۹۰۱۲»."""
    raw = request.GET.get("code", "")
    code = tracking_code_normalise(raw)
    if code is None:
        return raw[:40]
    return tracking_code_display(code, persian=persian_active())


def _tracking_limited_message(limited: TrackingRateLimited) -> str:
    return _(
        "Too many attempts. Please try again in %(wait)s, or have your request's status "
        "sent by SMS to the mobile number on file."
    ) % {"wait": limited.wait_text}


def track_status_sms(request):
    """/track/sms/: the tracking code alone → the status by SMS to the mobile on file.

    The same answer whether or not the code exists; limited per code and per address.
    """
    if request.method != "POST":
        return HttpResponseRedirect(reverse("submissions:track"))
    sms_form = StatusSmsForm(request.POST)
    if not sms_form.is_valid():
        return _track_render(request, sms_form=sms_form, status=400)
    try:
        submission_status_sms_request(
            tracking_code=sms_form.cleaned_data["tracking_code"], client_ip=client_ip(request)
        )
    except StatusSmsRateLimited as limited:
        sms_form.add_error(
            None,
            _("The status of this request was asked for too often. Please try again in %(wait)s.")
            % {"wait": limited.wait_text},
        )
        return _too_many(_track_render(request, sms_form=sms_form), limited)
    return _track_render(request, status_sms_sent=STATUS_SMS_SENT)


def _track_reply(request):
    """The reply form's POST: check the token, then the answer, then record it."""
    try:
        submission = reply_token_submission(request.POST["reply_token"])
    except ReplyTokenInvalid:
        error = _("This page has expired. Look up your request again to send your answer.")
        return _track_render(request, form=TrackForm(), reply_error=error, status=400)
    if submission.status != Status.NEEDS_INFO:
        return _track_render(
            request, submission=submission, reply_error=NOT_WAITING_FOR_REPLY, status=409
        )
    reply_form = CitizenReplyForm(request.POST, request.FILES)
    if not reply_form.is_valid():
        return _track_render(request, submission=submission, reply_form=reply_form, status=400)
    try:
        submission_citizen_reply(
            submission=submission,
            message=reply_form.cleaned_data["message"],
            files=reply_form.cleaned_data["files"],
        )
    except ValidationError as error:
        reply_form.add_error(None, error)
        return _track_render(request, submission=submission, reply_form=reply_form, status=400)
    except TransitionNotAllowed:  # answered or changed meanwhile
        submission.refresh_from_db()
        return _track_render(
            request, submission=submission, reply_error=NOT_WAITING_FOR_REPLY, status=409
        )
    return _track_render(request, submission=submission, reply_sent=True)


def _track_render(
    request, *, form=None, submission=None, reply_form=None, sms_form=None, status=200, **extra
):
    context = {
        "form": form if form is not None or submission is not None else TrackForm(),
        "sms_form": sms_form or StatusSmsForm(),
        "submission": submission,
        "events": submission_public_events(submission) if submission else [],
        "reply_form": reply_form,
        **extra,
    }
    return render(request, "submissions/track.html", context, status=status)
