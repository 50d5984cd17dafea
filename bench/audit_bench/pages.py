"""The pages bench/audit.py times, how one request is timed, and what each page must show.

Requests go through Django's test Client in this process (no server, no network): wall
time, this process's CPU time (Python: view, template) and the time spent in the
database (every query, timed by an execute wrapper on the connection) are taken for
each request.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

AUDIT_PATH = "/admin/audit/"
STATISTICS_PATH = "/admin/statistics/"
DASHBOARD_PATH = "/admin/"
AUDIT_ENTRY = re.compile(rb'<span class="w-status')
# The statistics page's first figure (requests in the period), the dashboard's overdue count.
FIRST_FIGURE = re.compile(rb'class="statistics-figures__item"><dt>[^<]*</dt><dd>([^<]*)</dd>')
OVERDUE_COUNT = re.compile(rb'data-overdue-count="(\d+)"')


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    what: str
    entries: int | None = None  # audit pages: the entries the first page must show


def pages(*, clerk_id: int, per_page: int) -> list[Page]:
    return [
        Page("audit", AUDIT_PATH, "audit trail, first page, no filter", per_page),
        Page(
            "audit_model",
            f"{AUDIT_PATH}?model=submissions.submission",
            "audit trail filtered by model = request",
            per_page,
        ),
        Page(
            "audit_user",
            f"{AUDIT_PATH}?user={clerk_id}",
            "audit trail filtered by one clerk (1/30 of the users' changes)",
            per_page,
        ),
        Page("statistics", STATISTICS_PATH, "statistics, default filters (this Jalali half-year)"),
        Page("dashboard", DASHBOARD_PATH, "admin dashboard with the statistics panel"),
    ]


@dataclass
class QueryLog:
    """An execute wrapper: counts and times queries; keeps them when `keep` is set."""

    keep: bool = False
    count: int = 0
    seconds: float = 0.0
    queries: list[tuple[float, str, object]] = field(default_factory=list)

    def __call__(self, execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - began
            self.count += 1
            self.seconds += spent
            if self.keep:
                self.queries.append((spent, sql, params))

    def reset(self, *, keep: bool = False) -> None:
        self.keep = keep
        self.count = 0
        self.seconds = 0.0
        self.queries = []


@dataclass(frozen=True)
class Sample:
    wall: float
    cpu: float
    db: float
    queries: int


@dataclass(frozen=True)
class Expected:
    """What the data set's pages must show, counted in SQL beside the page."""

    requests_in_period: str  # as the statistics page writes it
    overdue: int


def fetch(
    client, page: Page, log: QueryLog, expected: Expected
) -> tuple[Sample, str | None, bytes]:
    """One GET of the page, fully rendered; (its timings, an error or None, the body)."""
    log.reset(keep=log.keep)
    cpu_began = time.process_time()
    began = time.perf_counter()
    response = client.get(page.path)
    body = response.content  # a TemplateResponse is rendered by now; this is the bytes
    wall = time.perf_counter() - began
    cpu = time.process_time() - cpu_began
    error = check(page, response.status_code, body, expected)
    return Sample(wall, cpu, log.seconds, log.count), error, body


def check(page: Page, status: int, body: bytes, expected: Expected) -> str | None:
    """What is wrong with the response, or None: the page a manager expects."""
    if status != 200:
        return f"{page.name}: HTTP {status}"
    if page.entries is not None:
        shown = len(AUDIT_ENTRY.findall(body))
        if shown != page.entries:
            return f"{page.name}: {shown} entries shown, {page.entries} expected"
    elif page.name == "statistics":
        match = FIRST_FIGURE.search(body)
        shown = match.group(1).decode() if match else None
        if shown != expected.requests_in_period:
            wanted = expected.requests_in_period
            return f"{page.name}: {shown!r} requests shown, {wanted!r} expected"
    elif page.name == "dashboard":
        match = OVERDUE_COUNT.search(body)
        shown = int(match.group(1)) if match else None
        if shown != expected.overdue:
            return f"{page.name}: {shown} overdue shown, {expected.overdue} expected"
    return None
