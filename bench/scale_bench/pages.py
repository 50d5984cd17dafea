"""The endpoints bench/scale.py times, how one request is made and timed, and what each
answer must hold.

Requests go through Django's test Client in this process. For each one: wall time, this
process's CPU (view, serializer, template), the CPU of the data set's PostgreSQL
backend (`/proc/<pid>/schedstat`), and the time spent waiting for the database (every
query, through bench/audit_bench/pages.py's QueryLog). Web + database CPU is the
measure: other programs on the machine delay a request but hardly change its CPU.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from bench.baseline.schedstat import cpu_ns

CARTABLE = "/admin/cartable/"
CARTABLE_ROW = re.compile(rb'class="cartable-row')
STAFF_LIST = "/api/v1/submissions/"


@dataclass(frozen=True)
class Endpoint:
    name: str
    what: str
    # (client, the data set's sample requests, the call's number) -> (status, body, error)
    call: Callable
    as_clerk: bool = False


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float  # this process
    db_cpu: float  # the PostgreSQL backend
    db_wait: float
    queries: int


def _visible(samples, number):
    shown = [sample for sample in samples if sample.visible]
    return shown[number % len(shown)]


def _any(samples, number):
    return samples[number % len(samples)]


def _track_html(client, samples, number):
    sample = _any(samples, number)
    response = client.post(
        "/track/", {"tracking_code": sample.tracking_code, "mobile": sample.mobile}
    )
    body = response.content
    if response.status_code == 200 and b'class="timeline"' not in body:
        return response.status_code, body, "no timeline shown"
    return response.status_code, body, None


def _track_api(client, samples, number):
    sample = _any(samples, number)
    response = client.post(
        "/api/v1/track/",
        json.dumps({"tracking_code": sample.tracking_code, "mobile": sample.mobile}),
        content_type="application/json",
    )
    body = response.content
    if response.status_code == 200 and sample.tracking_code.encode() not in body:
        return response.status_code, body, "another request answered"
    return response.status_code, body, None


def _confirmation(client, samples, number):
    sample = _any(samples, number)
    response = client.get(f"/requests/{sample.access_token}/")
    return response.status_code, response.content, None


def _cartable(query: Callable[[object], str], *, rows: bool = True):
    def call(client, samples, number):
        response = client.get(CARTABLE + query(_visible(samples, number)))
        body = response.content
        if response.status_code == 200 and rows and not CARTABLE_ROW.search(body):
            return response.status_code, body, "no requests listed"
        return response.status_code, body, None

    return call


def _staff_list(query: str):
    def call(client, samples, number):
        response = client.get(STAFF_LIST + query)
        body = response.content
        if response.status_code == 200 and not json.loads(body)["results"]:
            return response.status_code, body, "no requests listed"
        return response.status_code, body, None

    return call


def _staff_detail(client, samples, number):
    sample = _visible(samples, number)
    response = client.get(f"{STAFF_LIST}{sample.tracking_code}/")
    body = response.content
    if response.status_code == 200 and not json.loads(body)["events"]:
        return response.status_code, body, "no events"
    return response.status_code, body, None


def endpoints(*, service_id: int, department_id: int) -> list[Endpoint]:
    cartable = [
        ("cartable", "", "inbox, first page, no filter"),
        ("cartable_code", "?q={code}", "inbox, a whole tracking code searched"),
        ("cartable_code_part", "?q={part}", "inbox, six digits of a code searched"),
        ("cartable_status", "?status=in_review", "inbox, one status (in review)"),
        ("cartable_service", f"?service={service_id}", "inbox, one service"),
        ("cartable_department", f"?department={department_id}", "inbox, the clerk's unit"),
        ("cartable_overdue", "?overdue=on", "inbox, overdue only"),
        ("cartable_mine", "?mine=on", "inbox, assigned to me"),
    ]
    found = [
        Endpoint("track_html", "POST /track/ (code and mobile), the status page", _track_html),
        Endpoint("track_api", "POST /api/v1/track/ (code and mobile)", _track_api),
        Endpoint("confirmation", "GET /requests/<token>/, the confirmation page", _confirmation),
    ]
    for name, query, what in cartable:

        def query_for(sample, query=query):
            return query.format(code=sample.tracking_code, part=sample.tracking_code[3:9])

        found.append(Endpoint(name, f"{CARTABLE}: {what}", _cartable(query_for), as_clerk=True))
    found += [
        Endpoint("api_list", f"GET {STAFF_LIST}, first page", _staff_list(""), as_clerk=True),
        Endpoint(
            "api_list_status",
            f"GET {STAFF_LIST}?status=in_review",
            _staff_list("?status=in_review"),
            as_clerk=True,
        ),
        Endpoint(
            "api_detail",
            f"GET {STAFF_LIST}<code>/, with its timeline",
            _staff_detail,
            as_clerk=True,
        ),
    ]
    return found


def rows_shown(body: bytes) -> int | None:
    """How many requests a list answer shows (the inbox's rows, the API's results): the
    work a page does, to be equal at both sizes."""
    if body.lstrip().startswith(b"{"):
        results = json.loads(body).get("results")
        return None if results is None else len(results)
    return len(CARTABLE_ROW.findall(body)) if CARTABLE_ROW.search(body) else None


def timed(endpoint: Endpoint, client, samples, number: int, log, backend_pid: int):
    """One call; (its Timing, an error or None, the rows it showed)."""
    log.reset(keep=log.keep)
    db_began = cpu_ns(backend_pid)
    cpu_began = time.process_time()
    began = time.perf_counter()
    status, body, error = endpoint.call(client, samples, number)
    wall = time.perf_counter() - began
    cpu = time.process_time() - cpu_began
    db_cpu = (cpu_ns(backend_pid) - db_began) / 1e9
    if status != 200:
        error = f"HTTP {status}"
    return (
        Timing(wall, cpu, db_cpu, log.seconds, log.count),
        f"{endpoint.name}: {error}" if error else None,
        rows_shown(body),
    )
