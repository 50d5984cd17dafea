"""Settings of bench/faults.py: production's, on the suite's own PostgreSQL cluster and Redis.

bench/faults.py sets DATABASE_URL, CELERY_BROKER_URL, REDIS_URL, SECRET_KEY and
ALLOWED_HOSTS for itself, gunicorn and the Celery processes. Only what a bench over plain
HTTP on 127.0.0.1 cannot have differs from production: no redirect to HTTPS, and static
files served without the collected manifest (no `collectstatic` before each run).
"""

from cms_site.settings.production import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
# Thousands of requests from one address: the submission throttle (tested on its own in
# tests/submissions/test_throttles.py) would refuse all but the first few.
SUBMISSION_RATE_LIMIT_PER_IP = SUBMISSION_RATE_LIMIT_PER_MOBILE = 10**9
