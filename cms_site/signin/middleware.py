"""Holds a signed-in user at the step they still owe (sign_in_step): the code of their
device, or, for an administrator under ADMIN_REQUIRE_2FA, enrolling one."""

from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse

from .constants import PASS_THROUGH_URL_NAMES, STEP_URL_NAMES
from .selectors import sign_in_step


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware. An admin page sends a user who owes a step to
    that step's page (and back afterwards); anywhere else (the staff API, private files)
    the user counts as anonymous until the step is done, so the password alone opens
    nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        step = sign_in_step(user=request.user)
        if step is None:
            return None
        step_url_name = STEP_URL_NAMES[step]
        url_name = request.resolver_match.url_name if request.resolver_match else None
        if url_name == step_url_name or url_name in PASS_THROUGH_URL_NAMES:
            return None
        if request.path_info.startswith(reverse("wagtailadmin_home")):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(step_url_name)}?{query}")
        request.user = AnonymousUser()
        request.auser = _anonymous
        return None


async def _anonymous():
    return AnonymousUser()
