"""Settings of bench/audit.py: the product's base settings, production-like (DEBUG off),
on the bench's PostgreSQL database.

bench/audit.py sets BENCH_AUDIT_DATABASE_URL (the small data set's database; the big
one is a copy of it, reached by the same settings with another name).
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
            "BENCH_AUDIT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/khedmat_bench_audit"
        ),
        # One process, one connection per data set for the whole run.
        conn_max_age=None,
    )
}
# Nothing is submitted during the bench; should anything enqueue a task, nobody runs it.
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = False
