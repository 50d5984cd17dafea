"""The citizen's own desk: sign in with a mobile and a one-time code (`/my/signin/`), see
every request made with that mobile (`/my/`), sign out (`/my/signout/`).

Signing in also verifies the mobile for a form that asks for it (the wizard sends the
citizen here before its review page, with `next` back to it).
"""

from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .citizen_session import citizen_mobile, citizen_sign_in, citizen_sign_out
from .constants import OtpPurpose, Status
from .forms import CitizenMobileForm, CitizenReplyForm, OtpCodeForm
from .otp import OtpInvalid, OtpRateLimited, OtpResendTooSoon, otp_send, otp_verify
from .ratelimit import client_ip
from .replies import reply_token_make
from .selectors import drafts_for_mobile, submissions_for_mobile

# The mobile a code was sent to, between the two pages of the sign-in.
PENDING_KEY = "citizen_signin_pending"
# A mobile to offer on the sign-in page (the one typed on a form being sent).
SUGGESTED_KEY = "citizen_signin_suggested"


def _safe_next(request) -> str:
    """Where to go after signing in: a path on this site, else /my/."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("submissions:my")


def _signin_url(next_path: str) -> str:
    return f"{reverse('submissions:my_signin')}?{urlencode({'next': next_path})}"


def signin_redirect(
    request, *, suggested_mobile: str = "", next_path: str = ""
) -> HttpResponseRedirect:
    """Send the citizen to sign in, back to `next_path` (this page) afterwards."""
    if suggested_mobile:
        request.session[SUGGESTED_KEY] = suggested_mobile
    return HttpResponseRedirect(_signin_url(next_path or request.get_full_path()))


def _render_signin(request, *, next_path, mobile_form=None, code_form=None, status=200, **extra):
    pending = request.session.get(PENDING_KEY)
    context = {
        "next": next_path,
        "pending_mobile": pending,
        "mobile_form": mobile_form
        or CitizenMobileForm(initial={"mobile": request.session.get(SUGGESTED_KEY, "")}),
        "code_form": code_form or OtpCodeForm(),
        **extra,
    }
    response = render(request, "submissions/my/signin.html", context, status=status)
    response["Referrer-Policy"] = "same-origin"  # no-referrer would send Origin: null
    return response


def _limited(response, limited):
    response.status_code = 429
    response["Retry-After"] = str(limited.wait_seconds)
    return response


def _code_send(request, mobile: str, next_path: str):
    """Send a code to `mobile` and show the code page (or why no code was sent)."""
    form = CitizenMobileForm(initial={"mobile": mobile})
    try:
        otp_send(mobile=mobile, client_ip=client_ip(request), purpose=OtpPurpose.SIGNIN)
    except OtpResendTooSoon as limited:
        request.session[PENDING_KEY] = mobile
        message = _("A code has just been sent. You can ask for another in %(wait)s.")
        notice = message % {"wait": limited.wait_text}
        return _limited(_render_signin(request, next_path=next_path, notice=notice), limited)
    except OtpRateLimited as limited:
        form.add_error(
            None,
            _(
                "Too many codes have been asked for this mobile number or from here. "
                "Please try again in %(wait)s."
            )
            % {"wait": limited.wait_text},
        )
        request.session.pop(PENDING_KEY, None)
        return _limited(_render_signin(request, next_path=next_path, mobile_form=form), limited)
    request.session[PENDING_KEY] = mobile
    return _render_signin(request, next_path=next_path, code_sent=True)


@never_cache
def my_signin(request):
    """`/my/signin/`: the mobile, then the code; then back to `next`."""
    next_path = _safe_next(request)
    if request.method != "POST":
        if citizen_mobile(request) is not None:
            return HttpResponseRedirect(next_path)
        if "change" in request.GET:
            request.session.pop(PENDING_KEY, None)
        return _render_signin(request, next_path=next_path)
    action = request.POST.get("action", "")
    pending = request.session.get(PENDING_KEY)
    if action == "resend" and pending:
        return _code_send(request, pending, next_path)
    if action == "code" and pending:
        return _code_check(request, pending, next_path)
    form = CitizenMobileForm(request.POST)
    request.session.pop(PENDING_KEY, None)
    if not form.is_valid():
        return _render_signin(request, next_path=next_path, mobile_form=form, status=400)
    return _code_send(request, form.cleaned_data["mobile"], next_path)


def _code_check(request, mobile: str, next_path: str):
    code_form = OtpCodeForm(request.POST)
    if not code_form.is_valid():
        return _render_signin(request, next_path=next_path, code_form=code_form, status=400)
    try:
        otp_verify(mobile=mobile, code=code_form.cleaned_data["code"], purpose=OtpPurpose.SIGNIN)
    except OtpInvalid as invalid:
        code_form.add_error("code", invalid.message)
        return _render_signin(request, next_path=next_path, code_form=code_form, status=400)
    request.session.pop(PENDING_KEY, None)
    request.session.pop(SUGGESTED_KEY, None)
    citizen_sign_in(request, mobile)
    return HttpResponseRedirect(next_path)


@never_cache
def my_requests(request):
    """`/my/`: every request made with the signed-in mobile, and nothing else."""
    mobile = citizen_mobile(request)
    if mobile is None:
        return signin_redirect(request)
    rows = [
        {
            "submission": submission,
            "reply_form": CitizenReplyForm(
                initial={"reply_token": reply_token_make(submission=submission)},
                auto_id=f"id_reply_{submission.pk}_%s",
            )
            if submission.status == Status.NEEDS_INFO
            else None,
        }
        for submission in submissions_for_mobile(mobile=mobile)
    ]
    context = {"mobile": mobile, "rows": rows, "drafts": drafts_for_mobile(mobile)}
    response = render(request, "submissions/my/requests.html", context)
    response["Referrer-Policy"] = "same-origin"  # no-referrer would send Origin: null
    return response


@require_POST
def my_signout(request):
    """`/my/signout/` (POST): forget the signed-in mobile."""
    citizen_sign_out(request)
    return HttpResponseRedirect(reverse("submissions:my_signin"))
