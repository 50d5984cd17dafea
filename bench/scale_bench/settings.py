"""Settings of bench/scale.py: the product's base settings, production-like (DEBUG off),
on the bench's PostgreSQL database (bench/scale.py sets BENCH_SCALE_DATABASE_URL; the big
data set's database is a copy of it, reached by the same settings with another name).

The tracking lookups' rate limit per address is lifted: the bench looks up hundreds of
requests from one address (the limits still count, in this process's memory cache).
"""

import os
import secrets

import dj_database_url

from cms_site.settings.base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
SECRET_KEY = os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get(
            "BENCH_SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/khedmat_scale_bench"
        ),
        # One process, one connection per data set for the whole run.
        conn_max_age=None,
    )
}
# No parallel query workers: the measure is the CPU of the data set's one backend, which
# a parallel plan's workers would take out of it (the exact counts were such plans).
DATABASES["default"]["OPTIONS"] = {"options": "-c max_parallel_workers_per_gather=0"}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
TRACKING_RATE_LIMIT_PER_IP = 10**9
# Nothing is submitted during the bench; should anything enqueue a task, nobody runs it.
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = False
