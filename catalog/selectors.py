"""Reads of the catalog for the API and other apps."""

import dataclasses
import datetime

import jdatetime
from django.utils import timezone
from wagtail.models import Site

from .holiday_calendar import jalali_year_span
from .lookup_cache import request_host_key, service_lookup_cached
from .models import Holiday, ServiceCategoryPage, ServicePage

__all__ = [
    "category_list_published",
    "holiday_calendar_gaps",
    "service_for_path",
    "service_get_published",
    "service_list_published",
    "site_for_request",
]


def category_list_published():
    """Live, public categories in the order editors arranged them."""
    return ServiceCategoryPage.objects.live().public().order_by("path")


def service_list_published(*, search: str = "", category: ServiceCategoryPage | None = None):
    """Live, public services, optionally in one category and matching a search text."""
    services = ServicePage.objects.published()
    if category is not None:
        services = services.child_of(category)
    return services.search_catalog(search)


def site_for_request(request) -> Site | None:
    """The request's site, as Wagtail finds it (and keeps it on the request, where
    Wagtail's template tags look)."""
    return Site.find_for_request(request)


def service_get_published(*, service_code: str) -> ServicePage | None:
    """The live, public service with this national code, or None (kept in Django's
    cache until a change to the catalog: catalog/lookup_cache.py)."""
    return service_lookup_cached(
        "code",
        (service_code,),
        lambda: ServicePage.objects.published().filter(service_code=service_code).first(),
    )


def _service_at(request, path: str) -> ServicePage | None:
    site = site_for_request(request)
    if site is None:
        return None
    url_path = site.root_page.url_path + path + "/"
    return ServicePage.objects.published().filter(url_path=url_path).first()


def service_for_path(request, path: str) -> ServicePage | None:
    """The live, public service at a URL path of the request's site.

    Wagtail's own routing walks the tree a query per level; pages under a service
    (its `apply/`) only need the service itself, found by its `url_path` under the
    site's root. The answer is kept in Django's cache by host, port and path until a
    change to the catalog (catalog/lookup_cache.py), so a publish, move or view
    restriction made by any process is seen by the next request.
    """
    path = path.strip("/")
    return service_lookup_cached(
        "path", (*request_host_key(request), path), lambda: _service_at(request, path)
    )


@dataclasses.dataclass(frozen=True)
class HolidayCalendarGaps:
    years_without_holidays: list[int]  # Jalali years, this one and the coming one
    estimates_ahead: int  # estimated holidays from today on, not yet confirmed

    def __bool__(self) -> bool:
        return bool(self.years_without_holidays or self.estimates_ahead)


def holiday_calendar_gaps(today: datetime.date | None = None) -> HolidayCalendarGaps:
    """What the holiday table lacks for due dates to be right: a Jalali year (this one
    or the coming one) with no holiday entered, and estimates nobody has confirmed."""
    today = today or timezone.localdate()
    this_year = jdatetime.date.fromgregorian(date=today).year
    missing = [
        year
        for year in (this_year, this_year + 1)
        if not Holiday.objects.filter(date__range=jalali_year_span(year)).exists()
    ]
    estimates = Holiday.objects.filter(is_estimate=True, date__gte=today).count()
    return HolidayCalendarGaps(missing, estimates)
