"""Settings shared by every environment.

Everything that differs between a developer's laptop, the test suite and
production is read from the environment (see DESIGN.md, "Set-up"); the
defaults are the embedded ones `make run` uses: SQLite, eager Celery tasks,
SMS to the outbox.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from . import cache, storage
from .env import env_bool, env_list

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


# A placeholder every environment but production may use; production refuses it.
DEFAULT_SECRET_KEY = "khedmat-insecure-development-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
# The public address for absolute links. Unset: links made while answering a request
# follow the request's own address, links made by workers the default Wagtail Site's
# (catalog/site_url.py). Set it in production (behind a proxy, and for SMS and receipts).
SITE_BASE_URL = os.environ.get("SITE_BASE_URL", "").rstrip("/")

INSTALLED_APPS = [
    # Ours, in the order of DESIGN.md's layout.
    "formbuilder",
    "catalog",
    "submissions",
    "routing",
    "receipts",
    "appointments",
    "cms_site",
    "cms_site.audit",
    "cms_site.statistics",
    "cms_site.signin",
    "cms_site.operations",
    # Wagtail.
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # The API and its self-hosted documentation.
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # History of every configuration change.
    "simple_history",
    # Admin sign-in: lockout after failed passwords, two-factor codes (cms_site/signin/).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # The health endpoint (cms_site/health.py) and the metrics (cms_site/metrics.py).
    "health_check",
    "django_prometheus",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.humanize",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # Request counts and latencies for /metrics (cms_site/metrics.py): first and last.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A database outage: 503 with Retry-After, not a 500 (cms_site/outage.py).
    "cms_site.outage.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms_site.middleware.PersianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Admin sign-in (cms_site/signin/): the second factor, then axes' lockout page.
    "django_otp.middleware.OTPMiddleware",
    "cms_site.signin.middleware.TwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Response headers (README, "Headers"): the Content-Security-Policy, the
    # Permissions-Policy, and no-store on every answer that may carry personal data.
    "cms_site.middleware.ContentSecurityPolicyMiddleware",
    "cms_site.middleware.PermissionsPolicyMiddleware",
    "cms_site.middleware.PrivateAnswersMiddleware",
    # Persian digits in the admin's text (formbuilder/persian/html.py).
    "cms_site.middleware.AdminPersianDigitsMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "cms_site.urls"
WSGI_APPLICATION = "cms_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A kept connection is checked before reuse: after a database restart the first
        # request opens a new one instead of failing on the dead one.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer makes a request wait this long at most, then 503.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        os.environ.get("DATABASE_CONNECT_TIMEOUT", "5")
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Axes first: it refuses a locked-out user and address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Persian first; English is the second language.
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", _("Persian")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "khedmat_language"
# Our own catalogue first, then the Persian strings Wagtail's catalogue lacks.
LOCALE_PATHS = [BASE_DIR / "locale", PROJECT_DIR / "wagtail_locale"]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Citizens' uploads and receipts: never under MEDIA_URL, served only through checked views.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
# Every file goes through one of these (cms_site/settings/storage.py): local folders here,
# S3-compatible object storage for all but static files when AWS_STORAGE_BUCKET_NAME is set.
STORAGES = storage.local_storages(PRIVATE_MEDIA_ROOT)
PRIVATE_STORAGE_ALIASES = storage.PRIVATE_STORAGE_ALIASES
# Saving a draft (submissions/drafts.py) sends an SMS: saves per mobile number and per
# address in the window. The drafts' lifetime is in pipeline.py, with beat's other sweeps.
DRAFT_SAVE_RATE_LIMIT_PER_MOBILE = int(os.environ.get("DRAFT_SAVE_RATE_LIMIT_PER_MOBILE", 5))
DRAFT_SAVE_RATE_LIMIT_PER_IP = int(os.environ.get("DRAFT_SAVE_RATE_LIMIT_PER_IP", 20))
DRAFT_SAVE_RATE_LIMIT_WINDOW = 60 * 60

# Request size limits (README, "Limits"). Django checks the first two against the request's
# Content-Length before reading the body; the API answers 413 / 400 in its error shape.
# Any one body that is not a file: an API JSON body, a multipart `data` part, a form page,
# an admin page edit. Django's default of 2.5 MiB, kept: the admin's largest StreamField
# edits need it, and the API's real guards are the JSON depth and item limits below.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440))
# Form fields in one POST. Not Django's 1,000: the admin's form builder posts about a dozen
# fields per question (type, id, order, deleted, label, key, rules...) and a few per choice,
# so a 200-question form with choices passes 2,500; 10,000 leaves room. JSON is not counted.
DATA_UPLOAD_MAX_NUMBER_FIELDS = int(os.environ.get("DATA_UPLOAD_MAX_NUMBER_FIELDS", 10_000))
# Files in one POST: Django's default; more than any form's file questions can take.
DATA_UPLOAD_MAX_NUMBER_FILES = int(os.environ.get("DATA_UPLOAD_MAX_NUMBER_FILES", 100))
# An upload larger than this goes to a temporary file instead of the worker's memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("FILE_UPLOAD_MAX_MEMORY_SIZE", 1_048_576))
STORAGES = storage.storages_configure(STORAGES, max_memory_size=FILE_UPLOAD_MAX_MEMORY_SIZE)
# JSON bodies of the API (and the multipart `data` part): a legitimate one is three levels
# deep ({"data": {"key": [...]}}) and holds one key per question.
API_JSON_MAX_DEPTH = int(os.environ.get("API_JSON_MAX_DEPTH", 8))
API_JSON_MAX_ITEMS = int(os.environ.get("API_JSON_MAX_ITEMS", 1_000))

# Wagtail.
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "میز خدمت الکترونیک")
WAGTAILADMIN_BASE_URL = SITE_BASE_URL or "http://127.0.0.1:8000"  # Wagtail's e-mails
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "cms_site.search",
        # No stemming: Persian has no PostgreSQL dictionary; we normalise ourselves.
        "SEARCH_CONFIG": "simple",
    }
}
# The admin makes no request to the internet (avatars, update check).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILADMIN_USER_LOGIN_FORM = "cms_site.admin_forms.PersianLoginForm"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "jpg", "png"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# Django REST framework and its OpenAPI schema.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["cms_site.api_json.JSONObjectParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "cms_site.api.StrictPageNumberPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "cms_site.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Khedmat API",
    "DESCRIPTION": "The electronic service desk's public catalog, applications and tracking, "
    "the staff API and the office-automation callbacks.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["cms_site.api.only_public_api_paths"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cms_site.api_schema.error_responses_document",
    ],
}

# Cache: the rate limits (tracking, submissions, status SMS) live here; Redis when REDIS_URL
# is set, which production requires (settings/production.py), through django-redis
# (cms_site/settings/cache.py).
CACHES = (
    cache.redis_caches(os.environ["REDIS_URL"])
    if os.environ.get("REDIS_URL")
    else {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
)

# Sessions hold the application wizard's answers: Django's cached_db store when there is a
# shared cache (Redis), read from it and written through to the database; otherwise the
# database store (a per-process cache would serve stale sessions).
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if os.environ.get("REDIS_URL")
    else "django.contrib.sessions.backends.db"
)
# With Redis, the sessions' own cache alias, on which a Redis error is logged and ignored
# (cache.redis_caches): the database still holds every session.
if os.environ.get("REDIS_URL"):
    SESSION_CACHE_ALIAS = cache.SESSIONS_CACHE
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# The proxies in front of the app (submissions/ratelimit.py client_ip): how many there
# are, or their addresses/networks. Only then is X-Forwarded-For read, from the right.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# Admin sign-in (cms_site/signin/, README "Signing in to the admin"). After this many
# failed passwords for one user name from one client address, that pair is locked out for
# the cool-off (an administrator may unlock it sooner); other users and addresses are not.
AXES_FAILURE_LIMIT = int(os.environ.get("ADMIN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("ADMIN_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "submissions.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "cms_site.signin.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Two-factor sign-in (TOTP): optional for everyone; Administrators and superusers must
# enrol before anything else when ADMIN_REQUIRE_2FA is on.
ADMIN_REQUIRE_2FA = env_bool("ADMIN_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME

# Tracking lookups (code + mobile) allowed per window, per client address and per code.
TRACKING_RATE_LIMIT_PER_IP = int(os.environ.get("TRACKING_RATE_LIMIT_PER_IP", "20"))
TRACKING_RATE_LIMIT_PER_CODE = int(os.environ.get("TRACKING_RATE_LIMIT_PER_CODE", "5"))
TRACKING_RATE_LIMIT_WINDOW = int(os.environ.get("TRACKING_RATE_LIMIT_WINDOW", "600"))

# Requests sent online (the wizard and the API; not the in-person desk) per window, per
# client address and per mobile number: each costs a stored request and an SMS.
SUBMISSION_RATE_LIMIT_PER_IP = int(os.environ.get("SUBMISSION_RATE_LIMIT_PER_IP", "20"))
SUBMISSION_RATE_LIMIT_PER_MOBILE = int(os.environ.get("SUBMISSION_RATE_LIMIT_PER_MOBILE", "5"))
SUBMISSION_RATE_LIMIT_WINDOW = int(os.environ.get("SUBMISSION_RATE_LIMIT_WINDOW", "3600"))

# "Send my request's status by SMS" (tracking code alone) per window, per code and per
# client address.
STATUS_SMS_RATE_LIMIT_PER_CODE = int(os.environ.get("STATUS_SMS_RATE_LIMIT_PER_CODE", "3"))
STATUS_SMS_RATE_LIMIT_PER_IP = int(os.environ.get("STATUS_SMS_RATE_LIMIT_PER_IP", "10"))
STATUS_SMS_RATE_LIMIT_WINDOW = int(os.environ.get("STATUS_SMS_RATE_LIMIT_WINDOW", "86400"))

# One-time codes by SMS (submissions/otp.py): a code is valid OTP_VALID_SECONDS and takes
# OTP_MAX_ATTEMPTS tries; another is sent after OTP_RESEND_SECONDS; at most
# OTP_RATE_LIMIT_PER_MOBILE codes a mobile and OTP_RATE_LIMIT_PER_IP a client address per
# OTP_RATE_LIMIT_WINDOW. A verified mobile's token (API) lasts OTP_TOKEN_SECONDS; a
# citizen signed in to /my/ is signed out after CITIZEN_SESSION_IDLE_SECONDS idle.
OTP_VALID_SECONDS = int(os.environ.get("OTP_VALID_SECONDS", "120"))
OTP_MAX_ATTEMPTS = int(os.environ.get("OTP_MAX_ATTEMPTS", "5"))
OTP_RESEND_SECONDS = int(os.environ.get("OTP_RESEND_SECONDS", "60"))
OTP_RATE_LIMIT_PER_MOBILE = int(os.environ.get("OTP_RATE_LIMIT_PER_MOBILE", "5"))
OTP_RATE_LIMIT_PER_IP = int(os.environ.get("OTP_RATE_LIMIT_PER_IP", "20"))
OTP_RATE_LIMIT_WINDOW = int(os.environ.get("OTP_RATE_LIMIT_WINDOW", "3600"))
OTP_TOKEN_SECONDS = int(os.environ.get("OTP_TOKEN_SECONDS", "1800"))
CITIZEN_SESSION_IDLE_SECONDS = int(os.environ.get("CITIZEN_SESSION_IDLE_SECONDS", "1800"))

# Background work (Celery, the request pipeline, the sweeps and beat's schedule, and the
# lifetimes beat enforces): their own module, cms_site/settings/pipeline.py.
from .pipeline import *  # noqa: E402, F403

# Beat's crontab hours (the daily digest) are the desk's.
CELERY_TIMEZONE = TIME_ZONE
# The health check of each file storage fails after this long (a new S3 connection, retries).
HEALTH_STORAGE_TIMEOUT_SECONDS = float(os.environ.get("HEALTH_STORAGE_TIMEOUT_SECONDS", "15"))

# SMS (receipts/sms/): `outbox` stores and logs, `kavenegar` sends through Kavenegar's
# REST API, `http` through a generic provider described by the SMS_HTTP_* variables.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "outbox")
SMS_TIMEOUT_SECONDS = float(os.environ.get("SMS_TIMEOUT_SECONDS", "10"))
SMS_MAX_ATTEMPTS = int(os.environ.get("SMS_MAX_ATTEMPTS", "6"))
KAVENEGAR_API_KEY = os.environ.get("KAVENEGAR_API_KEY", "")
KAVENEGAR_BASE_URL = os.environ.get("KAVENEGAR_BASE_URL", "https://api.kavenegar.com/v1")
KAVENEGAR_SENDER = os.environ.get("KAVENEGAR_SENDER", "")
SMS_HTTP_URL = os.environ.get("SMS_HTTP_URL", "")
SMS_HTTP_METHOD = os.environ.get("SMS_HTTP_METHOD", "POST")
SMS_HTTP_HEADERS = os.environ.get("SMS_HTTP_HEADERS", "{}")
SMS_HTTP_PAYLOAD = os.environ.get(
    "SMS_HTTP_PAYLOAD", '{"to": "{recipient}", "text": "{body}", "id": "{local_id}"}'
)
SMS_HTTP_ID_FIELD = os.environ.get("SMS_HTTP_ID_FIELD", "id")

# /metrics (cms_site/metrics.py) answers these addresses or networks, and any request with
# `Authorization: Bearer <METRICS_TOKEN>`; nobody when both are empty.
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS")
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
# Failed or unfinished steps and SMS older than this are on the admin dashboard and in
# the daily digest to the administrators (cms_site/operations/selectors.py).
OPS_STALE_AGE_SECONDS = int(os.environ.get("OPS_STALE_AGE_SECONDS", 6 * 3600))

# Outgoing mail (the daily digest): Django's SMTP backend, configured from the environment.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")

# Demo users' password; only `seed_demo` reads it.
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "khedmat-demo")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per search-index update is noise.
        "django_tasks": {"level": "WARNING"},
        # WeasyPrint logs every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Covering indexes (INCLUDE columns) serve the statistics on PostgreSQL; SQLite, the
# embedded demo database, builds them without the extra columns, which is fine there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# The security headers every answer carries: their own module.
from .headers import *  # noqa: E402, F403
