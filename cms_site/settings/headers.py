"""The security headers of every answer (cms_site/middleware.py; README, "Headers"):
Content-Security-Policy, Permissions-Policy, and which answers a cache may keep.
Imported by base.py."""

from csp.constants import NONE, SELF, UNSAFE_INLINE

from .env import env_list

# Content-Security-Policy (django-csp; README, "Headers"). The public site runs no inline
# script or style and loads nothing from another origin (Vazirmatn ships with us). An
# operator who must allow another source (a CDN for images, an embedded video) lists it
# in CSP_EXTRA_<DIRECTIVE>, e.g. CSP_EXTRA_IMG_SRC=https://media.example.ir; it is added
# to that directive on every path.
CSP_EXTENDABLE_DIRECTIVES = (
    "script-src",
    "style-src",
    "img-src",
    "font-src",
    "connect-src",
    "frame-src",
    "media-src",
    "form-action",
)


def csp_sources(directive: str, *sources: str) -> list[str]:
    """The sources of a directive, followed by the operator's CSP_EXTRA_<DIRECTIVE>."""
    extra = env_list("CSP_EXTRA_" + directive.upper().replace("-", "_"))
    return list(dict.fromkeys([*sources, *extra]))


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        **{directive: csp_sources(directive, SELF) for directive in CSP_EXTENDABLE_DIRECTIVES},
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Directives replaced on a path prefix (the longest matching prefix wins). The Wagtail
# admin writes inline scripts (inline panels, choosers, date pickers) and styles, shows an
# upload's preview from a blob: URL before it is sent, styles its autocomplete menus with
# a data: image, and frames its own previews (tests/browser/test_csp.py: no violation
# with these; without 'unsafe-inline' or blob: the editor, choosers and uploads report
# them). The API's browsable pages and its Swagger documentation use inline styles and
# data: images.
CONTENT_SECURITY_POLICY_BY_PATH = {
    "/admin/": {
        "script-src": csp_sources("script-src", SELF, UNSAFE_INLINE),
        "style-src": csp_sources("style-src", SELF, UNSAFE_INLINE),
        "img-src": csp_sources("img-src", SELF, "data:", "blob:"),
        "frame-ancestors": [SELF],
    },
    "/api/": {
        "style-src": csp_sources("style-src", SELF, UNSAFE_INLINE),
        "img-src": csp_sources("img-src", SELF, "data:"),
    },
}

# Permissions-Policy: browser features no page of the desk uses, refused to every page and
# to anything it might embed. Chromium warns about a feature it does not know, so only
# features it ships are listed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# Answers a cache may keep (no personal data): by URL name. Every other answer of the
# desk is sent with `Cache-Control: no-store` (cms_site/middleware.py).
PUBLIC_CACHEABLE_VIEWS = frozenset(
    {
        "wagtail_serve",  # the catalog's pages
        "api:service-list",
        "api:service-detail",
        "api:schema",
        "api:docs",
    }
)
