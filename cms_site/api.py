"""What every part of the API shares: pagination, the error shapes, the schema hooks.

Errors, everywhere (DESIGN.md): `400 {"errors": {field or "non_field_errors": [message,
…]}}`; `401/403/404/405/413/415/429 {"detail"}`; `409 {"detail", "current_status",
"requested_status"}`. `exception_handler` builds every one of them, for every view, and
`error_responses_document` writes the same shapes into the OpenAPI schema.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from formbuilder.fields.text import local_digits
from submissions.constants import Status
from submissions.paging import positive_whole_number
from submissions.services import TransitionNotAllowed

from .api_json import BodyRefused


class StrictPageNumberPagination(PageNumberPagination):
    """`?page=` and `?page_size=`; a malformed value is a 400, not a silent default."""

    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = _("There is no such page.")

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is None or raw == "last":
            return super().get_page_number(request, paginator)
        if positive_whole_number(raw) is None:
            raise exceptions.ValidationError(
                {self.page_query_param: [_("Enter a whole number of 1 or more.")]}
            )
        return raw

    def get_schema_operation_parameters(self, view) -> list[dict]:
        """Both parameters documented as what they accept: whole numbers of 1 or more."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] = {**parameter["schema"], "minimum": 1}
        return parameters

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None and positive_whole_number(raw) is None:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [_("Enter a whole number of 1 or more.")]}
            )
        return super().get_page_size(request)


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class TransitionConflict(exceptions.APIException):
    """409: the status machine has no step from the request's status to the one asked."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"

    def __init__(self, *, current: str, requested: str) -> None:
        labels = dict(Status.choices)
        super().__init__(
            {
                "detail": _("A request in “%(current)s” cannot move to “%(requested)s”.")
                % {
                    "current": labels.get(current, current),
                    "requested": labels.get(requested, requested),
                },
                "current_status": current,
                "requested_status": requested,
            }
        )


def _body_too_large() -> PayloadTooLarge:
    kilobytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
    return PayloadTooLarge(
        _("The request is larger than %(size)s KB.") % {"size": local_digits(kilobytes)}
    )


def _unsupported(exc: exceptions.UnsupportedMediaType, context) -> exceptions.APIException:
    request = context.get("request")
    types = sorted({parser.media_type for parser in getattr(request, "parsers", None) or []})
    return exceptions.UnsupportedMediaType(
        exc.args[0] if exc.args else "",
        detail=_("Send the body as %(types)s.") % {"types": " / ".join(types) or "JSON"},
    )


def _api_exception(exc: Exception, context) -> Exception:
    """Django's and the services' exceptions as the API exception that answers them."""
    if isinstance(exc, Http404):
        return exceptions.NotFound(_("Not found."))
    if isinstance(exc, RequestDataTooBig):
        return _body_too_large()
    if isinstance(exc, (TooManyFieldsSent, TooManyFilesSent)):
        return exceptions.ValidationError([_("The request has too many parts.")])
    if isinstance(exc, TransitionNotAllowed):
        return TransitionConflict(current=exc.current, requested=exc.requested)
    if isinstance(exc, BodyRefused):
        return exceptions.ValidationError([exc.detail])
    if isinstance(exc, exceptions.ParseError):  # DRF's and Django's parsers: English, technical
        return exceptions.ValidationError([_("The request body could not be read.")])
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return _unsupported(exc, context)
    return exc


def error_lists(detail, prefix: str = "") -> dict[str, list[str]]:
    """A ValidationError's detail as `{field or "non_field_errors": [message, …]}`: nested
    fields named with dots (`steps.0.key`), Django's `__all__` as DRF's non-field key."""
    non_field = api_settings.NON_FIELD_ERRORS_KEY
    if isinstance(detail, dict):
        lists: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = non_field if key in ("__all__", non_field) and not prefix else str(key)
            path = f"{prefix}.{name}" if prefix else name
            for field, messages in error_lists(value, path).items():
                lists.setdefault(field, []).extend(messages)
        return lists
    if isinstance(detail, (list, tuple)):
        if any(isinstance(item, (dict, list, tuple)) for item in detail):
            return error_lists(dict(enumerate(detail)), prefix)
        return {prefix or non_field: [str(item) for item in detail]}
    return {prefix or non_field: [str(detail)]}


def exception_handler(exc, context):
    """DRF's handler, answering in the documented shapes (module docstring)."""
    exc = _api_exception(exc, context)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        response.data = {"errors": error_lists(exc.detail)}
    return response


def only_public_api_paths(endpoints):
    """drf-spectacular hook: document our /api/ only, not Wagtail's internal admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]
