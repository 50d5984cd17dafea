"""Who the citizen is: the mobile verified by a one-time code (the citizen identity of
`submissions`: its session for pages, its verification token for the API), and the
booking page's own two steps to verify it (mobile, then the code, purpose "booking")."""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from formbuilder.persian.identifiers import mobile_normalise
from submissions.citizen_session import citizen_mobile, citizen_sign_in
from submissions.constants import OtpPurpose
from submissions.otp import (
    OtpInvalid,
    OtpLimited,
    OtpResendTooSoon,
    otp_send,
    otp_verify,
    verification_token_mobile,
)
from submissions.ratelimit import client_ip


def verified_mobile(request) -> str | None:
    """The mobile the visitor proved with a one-time code in this session, if any."""
    return citizen_mobile(request)


def token_mobile(token: str) -> str | None:
    """The mobile a verification token (`POST /api/v1/otp/verify/`) stands for."""
    return verification_token_mobile(str(token or "")[:1000])


def mobile_verify_page(request, context: dict):
    """The booking page before the mobile is verified: send a code, then check it and
    sign the session in; back to the same page. Refusals are Persian and a 4xx."""
    template = "appointments/verify_first.html"
    if request.method != "POST":
        return render(request, template, context)
    mobile = mobile_normalise(request.POST.get("mobile", "")[:40])
    if mobile is None:
        context["error"] = _("Enter a valid mobile number, e.g. 09121234567.")
        return render(request, template, context, status=400)
    context["mobile"] = mobile
    if request.POST.get("action") == "verify":
        try:
            code = request.POST.get("code", "")[:40]
            otp_verify(mobile=mobile, code=code, purpose=OtpPurpose.BOOKING)
        except OtpInvalid as refused:
            context.update(error=refused.message, code_sent=True)
            return render(request, template, context, status=400)
        citizen_sign_in(request, mobile)
        return HttpResponseRedirect(request.get_full_path())
    try:
        otp_send(mobile=mobile, client_ip=client_ip(request), purpose=OtpPurpose.BOOKING)
    except OtpLimited as limited:
        context["error"] = _("Too many codes were asked for. Try again in %(wait)s.") % {
            "wait": limited.wait_text
        }
        context["code_sent"] = isinstance(limited, OtpResendTooSoon)  # the last code still holds
        return render(request, template, context, status=429)
    context["code_sent"] = True
    return render(request, template, context)
