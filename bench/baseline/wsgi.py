"""gunicorn's application for bench/submit.py: the site's WSGI application, wrapped to
say what each request cost and to keep our per-process caches as cold as stock's.

Each response carries `X-Bench-Cpu: <web ns> <db ns>`: the CPU the gunicorn worker
spent on the request (the whole Django request: middleware, view, template, session
save) and the CPU its PostgreSQL backend spent meanwhile, both from the kernel's
scheduler statistics (`/proc/<pid>/schedstat`, nanoseconds on a CPU). With that, a
request inside a visit (our saving POST, which cannot be repeated without the steps
before it) is measured on its own. The status and headers are handed to the server
once the application has returned, so everything Django does before the body is sent
(the session saved, the transaction committed, the pipeline published) is counted.

Cold caches (`BENCH_COLD_CACHES=1`, bench/submit.py's default): stock's form page is
found by Wagtail's routing and rendered anew on every request; ours keeps one
per-process copy of an empty step's HTML per published version
(`formbuilder.forms.StepForm.render`). Before every request that copy is dropped
through the public `step_form_cache_clear()`, so each contender resolves and renders
the same way every time. What both share (Django's cache for Wagtail's site root
paths, the database's own buffers) stays as it is for both.
"""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application
from django.db import connection

from .schedstat import cpu_ns

application_inner = get_wsgi_application()  # sets Django up: the app's modules after it

from formbuilder.forms import step_form_cache_clear  # noqa: E402

COLD = os.environ.get("BENCH_COLD_CACHES", "1") == "1"


def backend_pid() -> int | None:
    """This worker's PostgreSQL backend, if it holds a connection (psycopg 3)."""
    raw = connection.connection
    return raw.info.backend_pid if raw is not None and not raw.closed else None


def application(environ, start_response):
    if COLD:
        step_form_cache_clear()
    db_before_pid = backend_pid()
    db_before = cpu_ns(db_before_pid)
    web_before = cpu_ns(os.getpid())
    held: list = []

    def hold(status, headers, exc_info=None):
        held[:] = [status, headers, exc_info]
        return lambda data: None  # Django never calls write()

    body = application_inner(environ, hold)
    web = cpu_ns(os.getpid()) - web_before
    db_pid = backend_pid()
    # A connection opened during the request: its backend's whole life is this request's.
    db = cpu_ns(db_pid) - (db_before if db_pid == db_before_pid else 0)
    status, headers, exc_info = held
    start_response(status, [*headers, ("X-Bench-Cpu", f"{web} {max(0, db)}")], exc_info)
    return body
