"""Settings of bench/scale.py: bench/audit.py's (the product's base settings, production-like:
DEBUG off, no task run), on the bench's PostgreSQL database (bench/scale.py sets
BENCH_SCALE_DATABASE_URL; the big data set's database is a copy of it, reached by the same
settings with another name).

The tracking lookups' rate limit per address is lifted: the bench looks up hundreds of
requests from one address (the limits still count, in this process's memory cache).
"""

from bench.audit_bench.settings import *  # noqa: F403
from bench.two_sizes import settings_databases

DATABASES = settings_databases("BENCH_SCALE_DATABASE_URL", "khedmat_scale_bench")
# No parallel query workers: the measure is the CPU of the data set's one backend, which
# a parallel plan's workers would take out of it (the exact counts were such plans).
DATABASES["default"]["OPTIONS"] = {"options": "-c max_parallel_workers_per_gather=0"}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
TRACKING_RATE_LIMIT_PER_IP = 10**9
