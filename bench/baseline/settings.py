"""Settings of bench/submit.py: the product's base settings, production-like, on the
bench database, plus Wagtail's form builder and the baselines app.

bench/submit.py sets BENCH_DATABASE_URL and BENCH_SECRET_KEY for itself and for the
gunicorn workers it starts (they must share the key: sessions are signed with it).
"""

import os
import secrets

import dj_database_url

from cms_site.settings.base import *  # noqa: F403
from cms_site.settings.base import INSTALLED_APPS

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
SECRET_KEY = os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/khedmat_bench"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.contrib.forms", "bench.baseline"]
ROOT_URLCONF = "bench.baseline.urls"

# As in production, the web process only publishes each request's pipeline wake-up to a
# Redis broker (bench/submit.py sets CELERY_BROKER_URL to BENCH_BROKER_URL for itself and
# gunicorn). No worker consumes this queue during the web windows: the workers' work
# (routing, PDF, SMS) is run in bench/submit.py's own process afterwards and measured
# apart; bench/submit.py empties the queue at the end.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/13"
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = "khedmat-bench"

# Thousands of requests from one address and mobile: the submission throttle (tested on
# its own in tests/submissions/test_throttles.py) would refuse all but the first few.
SUBMISSION_RATE_LIMIT_PER_IP = SUBMISSION_RATE_LIMIT_PER_MOBILE = 10**9
