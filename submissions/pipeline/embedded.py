"""The embedded default (no broker: Celery runs tasks eagerly, in the caller): a new
request's pipeline (receipt PDF, SMS, routing) runs in a background thread of the web
process once the request is saved, so the citizen's send answers at once instead of
after 2-15 s. The confirmation's receipt link says "being prepared" until it is ready.

With a broker the workers do this and nothing here runs. A process that stops with work
queued leaves its steps to the sweep (their dispatch lease runs out), as with a broker.
Off with `PIPELINE_EMBEDDED_BACKGROUND=0` (and in tests, which run it in place).
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None


def embedded_background() -> bool:
    """Whether work handed over after commit runs in this process's background thread."""
    return bool(settings.CELERY_TASK_ALWAYS_EAGER and settings.PIPELINE_EMBEDDED_BACKGROUND)


def executor() -> ThreadPoolExecutor:
    """One worker thread: the steps run one after another, as a small worker would."""
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="khedmat-pipeline")
        return _executor


def run_in_background(function, *args) -> Future:
    return executor().submit(_run, function, *args)


def _run(function, *args) -> None:
    try:
        function(*args)
    except Exception:  # logged; the sweep starts the steps again
        logger.exception("Background pipeline work failed: %s", getattr(function, "__name__", ""))
    finally:
        connections.close_all()  # this thread's own connections
