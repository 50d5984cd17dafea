"""The page a locked-out sign-in gets (axes' AXES_LOCKOUT_CALLABLE): in Persian, in the
login page's look, 429 with the wait in minutes and in Retry-After."""

from django.conf import settings
from django.shortcuts import render

from .selectors import lockout_cooloff_minutes


def lockout_response(request, original_response=None, credentials=None):
    """Axes calls this instead of the login page once a user name and address pair has
    failed AXES_FAILURE_LIMIT times within AXES_COOLOFF_TIME."""
    context = {"minutes": lockout_cooloff_minutes()}
    response = render(request, "signin/lockout.html", context, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
