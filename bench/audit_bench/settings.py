"""Settings of bench/audit.py: the product's base settings, production-like (DEBUG off),
on the bench's PostgreSQL database.

bench/audit.py sets BENCH_AUDIT_DATABASE_URL (the small data set's database; the big
one is a copy of it, reached by the same settings with another name).
"""

import os
import secrets

from bench.two_sizes import settings_databases
from cms_site.settings.base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
SECRET_KEY = os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50)
DATABASES = settings_databases("BENCH_AUDIT_DATABASE_URL", "khedmat_bench_audit")
# Nothing is submitted during the bench; should anything enqueue a task, nobody runs it.
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = False
