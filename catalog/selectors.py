"""Reads of the catalog for the API and other apps."""

from .models import ServiceCategoryPage, ServicePage
from .resolution import (
    service_published_by_code,
    service_published_by_url_path,
    site_for_request,
)

__all__ = [
    "category_list_published",
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


def service_get_published(*, service_code: str) -> ServicePage | None:
    """The live, public service with this national code, or None."""
    return service_published_by_code(service_code)


def service_for_path(request, path: str) -> ServicePage | None:
    """The live, public service at a URL path of the request's site.

    Wagtail's own routing walks the tree a query per level; pages under a service
    (its `apply/`) only need the service itself. Both lookups are reused while the
    database says nothing they depend on changed (see `catalog.resolution`).
    """
    site = site_for_request(request)
    if site is None:
        return None
    return service_published_by_url_path(site.root_page.url_path + path.strip("/") + "/")
