"""The health endpoint for the load balancer (README, "Health and metrics").

django-health-check's view with the checks this deployment needs: the database, the
cache (Redis in production), the file storages (the default one and each private entry,
in local folders or the S3 bucket: a file written, read and deleted), and, only when a
broker is configured (CELERY_BROKER_URL), the broker and the workers' heartbeat. Under the
embedded default (tasks run eagerly in the web process) the last two report OK.
"""

import contextlib
import dataclasses
import datetime
import functools
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from health_check import checks
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView, MediaType

from formbuilder.shared_cache import SHARED_CACHE_UNREACHABLE

# The cache key the beat task writes (cms_site/tasks.py) and the check reads.
HEARTBEAT_KEY = "khedmat:worker-heartbeat"
EXECUTOR_THREADS = 8  # more than the checks, which run at once


def heartbeat_write() -> None:
    """Record that a worker ran a task just now (kept twice as long as it may be old)."""
    cache.set(
        HEARTBEAT_KEY, timezone.now().timestamp(), timeout=2 * settings.WORKER_HEARTBEAT_MAX_AGE
    )


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker accepts a connection (OK when tasks run eagerly)."""

    timeout = datetime.timedelta(seconds=5)

    def run(self):
        if not settings.CELERY_BROKER_URL:
            return
        from cms_site.celery import app

        try:
            with app.connection_for_write(settings.CELERY_BROKER_URL) as connection:
                connection.ensure_connection(max_retries=1, timeout=3)
        except Exception as error:  # kombu wraps each transport's own errors
            # The broker's URL may carry a password: only the error's class is shown.
            raise ServiceUnavailable(f"broker unreachable ({type(error).__name__})") from error


@dataclasses.dataclass
class WorkerHeartbeat(HealthCheck):
    """A worker ran beat's heartbeat task recently (OK when tasks run eagerly)."""

    def run(self):
        if not settings.CELERY_BROKER_URL:
            return
        try:
            beat = cache.get(HEARTBEAT_KEY)
        except SHARED_CACHE_UNREACHABLE as error:  # the cache check names a dead cache
            raise ServiceUnavailable("heartbeat unreadable") from error
        if beat is None:
            raise ServiceUnavailable("no worker heartbeat")
        age = timezone.now().timestamp() - float(beat)
        if age > settings.WORKER_HEARTBEAT_MAX_AGE:
            raise ServiceUnavailable(f"worker heartbeat {age:.0f} s old")


@functools.cache
def _executor() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=EXECUTOR_THREADS, thread_name_prefix="health")


@dataclasses.dataclass
class Storage(checks.Storage):
    """The library's check of one STORAGES entry (a file written, read and deleted), given
    the time an object store may need: a thread's first S3 connection, and a slow answer
    retried (cms_site/settings/storage.py)."""

    @property
    def timeout(self) -> datetime.timedelta:
        return datetime.timedelta(seconds=settings.HEALTH_STORAGE_TIMEOUT_SECONDS)


class HealthView(HealthCheckView):
    checks = (
        "health_check.checks.Database",
        "health_check.checks.Cache",
        Storage,
        # Each private entry too: on S3 they sit under other prefixes, maybe other rights.
        *((Storage, {"alias": alias}) for alias in settings.PRIVATE_STORAGE_ALIASES),
        Broker,
        WorkerHeartbeat,
    )

    def get_executor(self):
        """One pool of threads for every probe of the process (never shut down): each
        keeps its S3 connection, instead of a new one per check per probe."""
        return contextlib.nullcontext(_executor())

    async def get(self, request, *args, **kwargs):
        # The library reads the Accept header after the checks and fails on a malformed one.
        try:
            list(MediaType.parse_header(request.headers.get("accept", "*/*")))
        except ValueError:
            message = gettext("The Accept header could not be read.")
            return HttpResponse(message, status=406, content_type="text/plain; charset=utf-8")
        return await super().get(request, *args, **kwargs)
