"""What every part of the API shares: pagination, error shape, the schema hook, the URLs."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler


class StrictPageNumberPagination(PageNumberPagination):
    """`?page=` and `?page_size=`; a malformed value is a 400, not a silent default."""

    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = _("There is no such page.")

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is None or raw == "last":
            return super().get_page_number(request, paginator)
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise exceptions.ValidationError(
                {self.page_query_param: [_("Enter a whole number of 1 or more.")]}
            )
        return raw

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None and (not raw.isascii() or not raw.isdigit() or int(raw) < 1):
            raise exceptions.ValidationError(
                {self.page_size_query_param: [_("Enter a whole number of 1 or more.")]}
            )
        return super().get_page_size(request)


def exception_handler(exc, context):
    """DRF's handler, with Django's Http404 given a translated JSON body too."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    return drf_exception_handler(exc, context)


def only_public_api_paths(endpoints):
    """drf-spectacular hook: document our /api/ only, not Wagtail's internal admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]
