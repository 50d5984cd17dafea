"""A database that is down (a restart, a failover, a network cut) answers every client a
clear 503 with `Retry-After`, never a 500 with a traceback: `{"detail"}` on the API (the
documented error shape), a Persian page elsewhere.

Two places catch it, because an error can surface in a view or in a middleware (the
session saved after the view): `DatabaseUnavailableMiddleware.process_exception` for
views, and `server_error` (the project's `handler500`) for the rest. Neither needs the
database. Django closes the broken connection at the end of the request
(`CONN_HEALTH_CHECKS` checks a kept one before reuse), so the next request, once the
database is back, opens a new one: nothing has to be restarted.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.defaults import server_error as django_server_error

from .constants import DATABASE_RETRY_AFTER_SECONDS

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
API_PREFIX = "/api/"


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 a client gets while the database is unavailable."""
    if request.path.startswith(API_PREFIX):
        response = JsonResponse(
            {"detail": _("The service is briefly unavailable. Please try again in a minute.")},
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A view that met a database error answers 503 (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.warning("Database unavailable for %s: %s", request.path, exception)
            return database_unavailable_response(request)
        return None


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """`handler500`: a database error raised outside a view is a 503 too; anything else
    is Django's plain 500 page."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return database_unavailable_response(request)
    return django_server_error(request, template_name=template_name)
