"""A database that is down (a restart, a failover, a network cut) answers every client a
clear 503 with `Retry-After`, never a 500 with a traceback: `{"detail"}` on the API (the
documented error shape), a Persian page elsewhere. So does an object store (S3) that is
unreachable or answers 5xx ("Slow Down", "Service Unavailable") after botocore's own
retries: an upload or a download met it, and the same request will work once it is back.

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


def storage_unavailable(exception: BaseException) -> bool:
    """botocore's connection errors and timeouts, or an answer 5xx from the object store.
    A 4xx (a missing object, refused credentials) is not an outage."""
    try:
        from botocore.exceptions import ClientError, HTTPClientError
        from botocore.exceptions import ConnectionError as StorageConnectionError
    except ImportError:  # no S3 support installed: no S3 errors either
        return False
    if isinstance(exception, StorageConnectionError | HTTPClientError):
        return True
    if isinstance(exception, ClientError):
        status = exception.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
        return status >= 500
    return False


def unavailable(exception: BaseException | None) -> bool:
    """The database or the object store is down: this exception, or the one it was raised
    while handling (a clean-up that met the same outage)."""
    seen = 0
    while exception is not None and seen < 5:
        if isinstance(exception, DATABASE_ERRORS) or storage_unavailable(exception):
            return True
        if exception.__cause__ is not None or exception.__suppress_context__:
            exception = exception.__cause__
        else:
            exception = exception.__context__
        seen += 1
    return False


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 a client gets while the database (or the object store) is unavailable."""
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
    """A view that met a database or storage outage answers 503 (the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if unavailable(exception):
            logger.warning("Database or storage unavailable for %s: %r", request.path, exception)
            return database_unavailable_response(request)
        return None


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """`handler500`: a database or storage outage met outside a view is a 503 too;
    anything else is Django's plain 500 page."""
    if unavailable(sys.exc_info()[1]):
        return database_unavailable_response(request)
    return django_server_error(request, template_name=template_name)
