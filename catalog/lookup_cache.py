"""Published services kept in Django's cache, found by national code or URL path.

Resolving a service (Wagtail's `live().public()`, its unit and its published form
version) reads the database three or four times; citizens' requests ask for the same few
services again and again. The answer is kept in the `default` cache (Redis in
production, shared by every process) with the generation token it was found under; the
current token is kept in that cache too. Any change that could alter an answer (a page
saved, published, unpublished, moved or deleted, a view restriction, a site, a form, a
form version or a unit saved or deleted) replaces the token, through the signals below,
so every process's next lookup ignores what it kept and reads the database again. The
token is replaced at once and again after the transaction commits, so a request that
read the old rows while the change was being made cannot keep them under the new token.

Not seen: changes made with `QuerySet.update()` or raw SQL, which send no signal. No code
of ours updates these tables that way; whoever does must call `service_lookup_invalidate()`
(the demo seed's one such update is followed by a page deletion, which does).

While the cache (Redis) is unreachable, lookups read the database and a change's
invalidation is only logged: the cache is a speed-up, never a reason to refuse a
citizen or an editor. (A Redis restart empties the cache; an entry kept across a
partition is dropped by its timeout at the latest.)
"""

from __future__ import annotations

import hashlib
import logging
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from formbuilder.models import FormVersion, ServiceForm
from formbuilder.shared_cache import SHARED_CACHE_UNREACHABLE

from .models import Department

__all__ = ["service_lookup_cached", "service_lookup_invalidate", "signals_connect"]

logger = logging.getLogger(__name__)

GENERATION_KEY = "catalog:lookup:generation"
# Entries are dropped by the token, not by time; the timeout only bounds the memory of
# entries no request asks for any more.
ENTRY_TIMEOUT = 60 * 60
# Whose saves and deletions change what a lookup answers.
WATCHED_MODELS = (Page, PageViewRestriction, Site, ServiceForm, FormVersion, Department)


def _generation() -> str:
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        token = cache.get(GENERATION_KEY)
    return token


def service_lookup_invalidate() -> None:
    """Make every process's next lookup read the database."""
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    except SHARED_CACHE_UNREACHABLE as error:
        logger.warning("Service lookups not invalidated, the cache is unreachable: %s", error)


def request_host_key(request) -> tuple[str, str]:
    """The host and port Wagtail finds the request's site by."""
    hostname = split_domain_port(request.get_host())[0]
    return hostname.lower(), str(request.get_port())


def service_lookup_cached(kind: str, parts: tuple[str, ...], load):
    """The service `load()` finds, from the cache when it was kept in this generation.

    One round trip to the cache: the generation and the entry are read together, and
    an entry kept under an older generation is ignored. Only services found are kept:
    a miss costs the database reads again, but nobody fills the cache with paths or
    codes that name nothing.
    """
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()
    key = f"catalog:lookup:{kind}:{digest}"
    try:
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or _generation()
    except SHARED_CACHE_UNREACHABLE as error:
        logger.warning("Service lookups read the database, the cache is unreachable: %s", error)
        return load()
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return entry[1]
    service = load()
    if service is not None:
        service.form_version  # noqa: B018 - kept with the page, for the next request
        try:
            cache.set(key, (generation, service), ENTRY_TIMEOUT)
        except SHARED_CACHE_UNREACHABLE as error:
            logger.warning("Service lookup not kept, the cache is unreachable: %s", error)
    return service


def _changed(sender=None, instance=None, **kwargs) -> None:
    if instance is not None and not isinstance(instance, WATCHED_MODELS):
        return
    service_lookup_invalidate()
    transaction.on_commit(service_lookup_invalidate, robust=True)


def signals_connect() -> None:
    """Connect the invalidation to every signal that marks a change (CatalogConfig.ready)."""
    uid = "catalog.lookup_cache"
    post_save.connect(_changed, dispatch_uid=f"{uid}.save")
    post_delete.connect(_changed, dispatch_uid=f"{uid}.delete")
    page_published.connect(_changed, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(_changed, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(_changed, dispatch_uid=f"{uid}.moved")
