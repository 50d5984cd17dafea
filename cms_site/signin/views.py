"""The sign-in pages of the admin: the lockout list and its unlock (administrators), a
user's two-factor enrolment, the code asked after the password, and logout by POST."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from wagtail.admin.views.account import LogoutView

from .constants import ENROL_URL_NAME, LOCKOUTS_URL_NAME
from .forms import TokenForm, UnlockForm
from .selectors import (
    lockout_cooloff_minutes,
    lockout_list,
    two_factor_device,
    two_factor_required,
    two_factor_users,
    user_is_administrator,
)
from .services import (
    lockout_release,
    two_factor_disable,
    two_factor_enrol_confirm,
    two_factor_enrolment_start,
    two_factor_qr_svg,
    two_factor_secret,
    two_factor_verify,
)

# Wagtail's logout, for POST only: Wagtail's own view, asked with GET, answers 405 but
# still deletes the session cookie, so a link from any site signed staff out.
logout = require_POST(LogoutView.as_view())


def _administrator_required(request) -> None:
    if not user_is_administrator(request.user):
        raise PermissionDenied


def _next_url(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if allowed else default


@require_safe
def lockouts(request):
    """Failed sign-ins still counted, the locked ones first, each with an unlock button."""
    _administrator_required(request)
    context = {
        "page_title": _("Sign-in lockouts"),
        "header_icon": "lock",
        "entries": lockout_list(),
        "two_factor_users": two_factor_users(),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": lockout_cooloff_minutes(),
    }
    return TemplateResponse(request, "signin/lockouts.html", context)


@require_POST
def lockout_unlock(request):
    _administrator_required(request)
    form = UnlockForm(request.POST)
    if form.is_valid():
        lockout_release(
            username=form.cleaned_data["username"], ip_address=form.cleaned_data["ip_address"]
        )
        messages.success(request, _("The sign-in is unlocked: the next correct password works."))
    else:
        messages.error(request, _("Choose a locked sign-in to unlock."))
    return redirect(LOCKOUTS_URL_NAME)


@require_POST
def two_factor_remove(request, user_id: int):
    """An administrator removes a user's authenticator (a lost phone): the user signs in
    with the password, then enrols again (at once, if ADMIN_REQUIRE_2FA covers them)."""
    _administrator_required(request)
    user = get_object_or_404(get_user_model(), pk=user_id)
    two_factor_disable(user=user)
    messages.success(
        request,
        _("Two-factor sign-in of %(user)s is removed.") % {"user": user.get_username()},
    )
    return redirect(LOCKOUTS_URL_NAME)


@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_verify_view(request):
    """The code asked after the password from a user with a device (TwoFactorMiddleware
    sends them here)."""
    home = reverse("wagtailadmin_home")
    next_url = _next_url(request, home)
    device = two_factor_device(user=request.user)
    if device is None or request.user.is_verified():
        return redirect(next_url)
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if not device.verify_is_allowed()[0]:
            status = 429
            form.add_error(None, _("Too many wrong codes. Wait a minute and try again."))
        elif form.is_valid():
            token = form.cleaned_data["token"]
            if two_factor_verify(request=request, device=device, token=token):
                return redirect(next_url)
            form.add_error("token", _("This code is not right. Enter the code shown now."))
    context = {"form": form, "next": next_url}
    return TemplateResponse(request, "signin/verify.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_enrol(request):
    """Enrol an authenticator app: a QR code and the secret, confirmed by a first code.
    With a device already, the page says so and offers to remove it."""
    account = reverse(ENROL_URL_NAME)
    device = two_factor_device(user=request.user)
    if device is not None:
        context = {"enrolled": True, "can_disable": not two_factor_required(user=request.user)}
        return _enrol_page(request, context)
    pending = two_factor_enrolment_start(user=request.user)
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            token = form.cleaned_data["token"]
            if two_factor_enrol_confirm(request=request, device=pending, token=token):
                messages.success(request, _("Two-factor sign-in is on for your account."))
                return redirect(_next_url(request, account))
            form.add_error("token", _("This code is not right. Enter the code shown now."))
    context = {
        "enrolled": False,
        "required": two_factor_required(user=request.user),
        "form": form,
        "qr_svg": two_factor_qr_svg(pending),
        "secret": two_factor_secret(pending),
        "next": _next_url(request, ""),
    }
    return _enrol_page(request, context, status=status)


def _enrol_page(request, context: dict, status: int = 200) -> TemplateResponse:
    """The enrolment page, enrolled or not, under its admin header."""
    context = {"page_title": _("Two-factor sign-in"), "header_icon": "lock", **context}
    return TemplateResponse(request, "signin/enrol.html", context, status=status)


@require_POST
def two_factor_disable_view(request):
    if two_factor_required(user=request.user):
        messages.error(request, _("Administrators must keep two-factor sign-in on."))
    else:
        two_factor_disable(user=request.user)
        messages.success(request, _("Two-factor sign-in is off for your account."))
    return redirect(ENROL_URL_NAME)
