"""Reads of the catalog for the API and other apps."""

from wagtail.models import Site

from .models import ServiceCategoryPage, ServicePage

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


def site_for_request(request) -> Site | None:
    """The request's site, as Wagtail finds it (and keeps it on the request, where
    Wagtail's template tags look)."""
    return Site.find_for_request(request)


def service_get_published(*, service_code: str) -> ServicePage | None:
    """The live, public service with this national code, or None."""
    return ServicePage.objects.published().filter(service_code=service_code).first()


def service_for_path(request, path: str) -> ServicePage | None:
    """The live, public service at a URL path of the request's site.

    Wagtail's own routing walks the tree a query per level; pages under a service
    (its `apply/`) only need the service itself, found by its `url_path` under the
    site's root. Every lookup reads the database, so a publish, move or view restriction
    made by any process is seen by the next request.
    """
    site = site_for_request(request)
    if site is None:
        return None
    url_path = site.root_page.url_path + path.strip("/") + "/"
    return ServicePage.objects.published().filter(url_path=url_path).first()
