"""Production: everything from the environment, and refuse to start unsafely."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEFAULT_SECRET_KEY, SECRET_KEY, env_bool, env_list

DEBUG = False

if not SECRET_KEY or SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a long random value (at least 50 characters); "
        "production refuses the default development key."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the desk's host names.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The rate limits count in the cache: a per-process one lets each worker count alone.
# Settings, not a system check: gunicorn runs no checks, and this must stop it too.
if not os.environ.get("REDIS_URL") and not env_bool("ALLOW_LOCAL_CACHE"):
    raise ImproperlyConfigured(
        "Set REDIS_URL to a Redis every web process shares: the rate limits on tracking, "
        "submissions and status SMS are counted there, and a per-process cache lets each "
        "worker count alone. For a single process on purpose, set ALLOW_LOCAL_CACHE=1."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# Static files served by the application itself, compressed and cache-busted.
MIDDLEWARE = [
    MIDDLEWARE[0],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],
]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
