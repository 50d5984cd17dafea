"""The site's public address for absolute links: one rule for every app.

`SITE_BASE_URL`, when set, wins everywhere: links made by workers (SMS, receipts, webhooks)
have no request to go by, and behind a proxy the request may not show the public
address. When it is unset, a link made while answering a request follows the address the
request came to (`request.build_absolute_uri`), so `runserver` on any port links to
itself; without a request, the root URL of Wagtail's default Site (Settings → Sites),
then `FALLBACK_BASE_URL`.
"""

from django.conf import settings
from wagtail.models import Site

FALLBACK_BASE_URL = "http://127.0.0.1:8000"


def site_base_url(request=None) -> str:
    """The address without a trailing slash: «https://khedmat.example.ir»."""
    if settings.SITE_BASE_URL:
        return settings.SITE_BASE_URL.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url.rstrip("/") if site else FALLBACK_BASE_URL


def site_url(path: str, request=None) -> str:
    """An absolute link to `path` (which starts with «/») on the site."""
    return f"{site_base_url(request)}{path}"
