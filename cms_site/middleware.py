from csp.constants import SELF
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers


class PersianFirstLocaleMiddleware:
    """Activate the language the visitor chose, else Persian.

    Django's LocaleMiddleware would follow the browser's Accept-Language and
    show English to most visitors whose phones are set to English; the desk is
    Persian first, so only an explicit choice (the language cookie set by the
    switcher) changes it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the directives a path prefix replaces.

    `CONTENT_SECURITY_POLICY` is the strict policy of the public site;
    `CONTENT_SECURITY_POLICY_BY_PATH` maps a path prefix (the Wagtail admin, the API's
    browsable pages) to the directives it needs instead; the longest prefix wins. A view's
    own `csp_replace` decorator still has the last word. Wagtail's previews may be framed
    by the admin. PDF answers (receipts, documents) only forbid framing by other sites:
    Chromium's PDF viewer is an embedded plugin that `object-src 'none'` and a strict
    `style-src` would break.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if response.get("Content-Type", "").startswith("application/pdf"):
            parts.config = {"frame-ancestors": [SELF]}
            return parts
        replacements = path_directives(request.path_info)
        if getattr(request, "is_dummy", False):
            # Wagtail's preview of a page or snippet (its flag for middleware): the public
            # page under its own policy, shown in the admin's preview frame.
            replacements = {**replacements, "frame-ancestors": [SELF]}
        if replacements:
            parts.replace = {**replacements, **(parts.replace or {})}
        return parts


def path_directives(path: str) -> dict:
    """The directives `CONTENT_SECURITY_POLICY_BY_PATH` replaces on this path."""
    prefixes = [
        prefix for prefix in settings.CONTENT_SECURITY_POLICY_BY_PATH if path.startswith(prefix)
    ]
    if not prefixes:
        return {}
    return settings.CONTENT_SECURITY_POLICY_BY_PATH[max(prefixes, key=len)]


class PermissionsPolicyMiddleware:
    """`Permissions-Policy` on every answer, from `PERMISSIONS_POLICY` (feature → origins).

    Django has no setting for it; an empty list of origins (`camera=()`) refuses the
    feature to the page and to anything it embeds.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class PrivateAnswersMiddleware:
    """No cache, shared or the browser's, keeps an answer that may carry personal data.

    The one rule: every answer is private (`Cache-Control: no-store` with Django's
    never-cache headers) except the public content named in `PUBLIC_CACHEABLE_VIEWS` (the
    catalog's pages, the API's catalog and its schema). So the staff and tracking APIs,
    the submissions and automation endpoints, the wizard, the confirmation and receipt,
    the tracking and survey pages, and any page added later are private by default.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if answer_is_private(request):
            add_never_cache_headers(response)
        return response


def answer_is_private(request) -> bool:
    """Whether the answer to this request may carry personal data (see above)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        # Nothing resolved (an error before routing): no view could have written any.
        return False
    return match.view_name not in settings.PUBLIC_CACHEABLE_VIEWS


class AdminPersianDigitsMiddleware:
    """Persian digits in the admin's chrome (issue 15, item 3): counts, badges, pagination,
    relative times and sizes that Wagtail's templates and formatters write in Latin digits.

    Rewrites the text of the admin's HTML pages served in Persian
    (`formbuilder.persian.html`); inputs, links, scripts, `<code>` and whatever is marked
    `translate="no"` keep their characters, and the API, files and JSON are not touched.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/admin/"

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith(self.prefix)
            and translation.get_language() == "fa"
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not response.has_header("Content-Disposition")
        ):
            from formbuilder.persian.html import html_digits_persian

            charset = response.charset or "utf-8"
            html = html_digits_persian(response.content.decode(charset))
            response.content = html.encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
