"""The request's site and a published service, resolved once per process and re-checked
against the database on every use.

Resolving them the ORM way (Wagtail's site lookup, `live().public()`, the service with its
unit and form, the form's latest version) costs four queries and a few milliseconds of
query building per request. Here each request runs one small hand-written query that reads
a *stamp*: the rows and columns that decide the answer (for a service: the page's state and
place, any view restriction over it, its form's state and latest version, and the latest
history record of the page, its form and its unit, which every save writes). While the stamp
is what it was, the objects resolved the ORM way last time are handed out again, as copies,
so that nothing a request caches on them reaches the next one. Any save, publish, move,
restriction or new form version changes the stamp: the next request, in every process,
resolves afresh. Nothing is shared between processes, and nothing needs invalidating.
"""

import copy
from functools import cache
from typing import Any

from django.db import connection
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site

from formbuilder.models import FormVersion, ServiceForm

from .models import Department, ServicePage

# Resolutions kept per process; cleared whole when full (a catalog has far fewer).
_MAX_ENTRIES = 512
_sites: dict[tuple[str, int], tuple[tuple, Site | None]] = {}
_services: dict[tuple[str, str], tuple[tuple, ServicePage | None]] = {}


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@cache
def _sites_sql() -> str:
    return (
        # Only table names from the models go into the text; values are parameters.
        f"SELECT s.id, s.hostname, s.port, s.site_name, s.root_page_id, s.is_default_site, "  # noqa: S608
        f"r.url_path FROM {_table(Site)} s JOIN {_table(Page)} r ON r.id = s.root_page_id "
        "ORDER BY s.id"
    )


@cache
def _services_sql(column: str) -> str:
    """The stamp of the services whose `column` (p.url_path or sp.service_code) matches."""
    page, service = _table(Page), _table(ServicePage)
    form, version = _table(ServiceForm), _table(FormVersion)
    restriction = _table(PageViewRestriction)

    def latest_history(model, key: str) -> str:
        history = _table(model.history.model)
        return f"(SELECT MAX(h.history_id) FROM {history} h WHERE h.id = {key})"  # noqa: S608

    # Only table names from the models and the fixed `column` go into the text.
    return (
        f"SELECT p.id, p.live, p.path, p.url_path, p.last_published_at, p.latest_revision_id, "  # noqa: S608
        f"{latest_history(ServicePage, 'p.id')}, "
        f"sp.service_code, sp.channel_online, sp.service_form_id, sp.department_id, "
        f"f.live, {latest_history(ServiceForm, 'f.id')}, "
        f"(SELECT v.id FROM {version} v WHERE v.form_id = f.id ORDER BY v.number DESC LIMIT 1), "
        f"{latest_history(Department, 'sp.department_id')}, "
        f"EXISTS (SELECT 1 FROM {restriction} vr JOIN {page} a ON a.id = vr.page_id "
        "WHERE a.path = SUBSTR(p.path, 1, LENGTH(a.path))) "
        f"FROM {page} p JOIN {service} sp ON sp.page_ptr_id = p.id "
        f"LEFT JOIN {form} f ON f.id = sp.service_form_id "
        f"WHERE {column} = %s ORDER BY p.path"
    )


def _stamp(sql: str, params: list[Any]) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return tuple(tuple(row) for row in cursor.fetchall())


def _copy(instance):
    """A copy of a model instance and of the instances it holds (a unit, a form, a root
    page), so what one request caches on them (cached properties, lazy relations) stays
    its own."""
    if instance is None:
        return None
    duplicate = copy.copy(instance)
    cache = duplicate._state.fields_cache
    for name, related in cache.items():
        if related is not None:
            cache[name] = _copy(related)
    return duplicate


def _remember(store: dict, key, value) -> None:
    if len(store) >= _MAX_ENTRIES:
        store.clear()
    store[key] = value


def site_for_request(request) -> Site | None:
    """Wagtail's `Site.find_for_request`, with the lookup reused while no site changed.

    Like Wagtail's, the answer is kept on the request, where Wagtail's template tags find it.
    """
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    stamp = _stamp(_sites_sql(), [])  # read before resolving: a change in between is seen next
    kept = _sites.get(key)
    if kept is not None and kept[0] == stamp:
        request._wagtail_site = _copy(kept[1])
        return request._wagtail_site
    site = Site.find_for_request(request)
    _remember(_sites, key, (stamp, _copy(site)))
    return site


def _service_published(column: str, value: str, resolve) -> ServicePage | None:
    stamp = _stamp(_services_sql(column), [value])
    if not stamp:  # no service page there at all, published or not
        return None
    key = (column, value)
    kept = _services.get(key)
    if kept is None or kept[0] != stamp:
        service = resolve()
        if service is not None:
            service.form_version  # noqa: B018  (resolved now, kept with the service)
        kept = (stamp, _copy(service))
        _remember(_services, key, kept)
    service = _copy(kept[1])
    if service is not None:
        version = _copy(kept[1].form_version)
        if version is not None:
            version.form = service.service_form  # the copy this request holds
        service.form_version = version
    return service


def service_published_by_url_path(url_path: str) -> ServicePage | None:
    """The live, public service whose Wagtail `url_path` this is, with its form version."""
    return _service_published(
        "p.url_path",
        url_path,
        lambda: ServicePage.objects.published().filter(url_path=url_path).first(),
    )


def service_published_by_code(service_code: str) -> ServicePage | None:
    """The live, public service with this national code, with its form version."""
    return _service_published(
        "sp.service_code",
        service_code,
        lambda: ServicePage.objects.published().filter(service_code=service_code).first(),
    )


def resolution_cache_clear() -> None:
    """Forget every resolution of this process (tests; never needed for correctness)."""
    _sites.clear()
    _services.clear()
