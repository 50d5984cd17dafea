"""The load side of bench/submit.py: browser-like HTTP clients and the scenarios they run.

Standard library only (it runs in the client processes, which never load Django).
Each client thread is one `Browser`: one HTTP/1.1 connection to 127.0.0.1 and its own
cookies; it fetches the form page and posts with the page's CSRF token, like a browser.
A scenario's operation is one request (a GET or a POST) or a whole visit (several).
"""

from __future__ import annotations

import http.client
import json
import re
import resource
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
from operator import attrgetter

from .questions import api_answers, stock_pairs, wizard_step_pairs

TIMEOUT_SECONDS = 30
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_BODY = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Target:
    """Where the contenders are served (the same server for all)."""

    port: int
    apply_path: str
    stock_path: str
    bare_path: str
    api_path: str
    same_path: str
    wizard_prefix: str


@dataclass
class Reply:
    status: int
    body: bytes
    location: str
    seconds: float
    failure: str = ""  # a connection error or timeout
    cpu: tuple[int, int] | None = None  # the server's X-Bench-Cpu: web and database ns


class Browser:
    """One citizen's browser: a keep-alive connection (reopened when the server closes
    it, as gunicorn's sync workers do after every response) and a cookie jar."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_SECONDS)
        self.cookies: dict[str, str] = {}

    def forget(self) -> None:
        """A new visitor: no cookies (no session, no CSRF cookie yet)."""
        self.cookies.clear()

    def fetch(self, method: str, path: str, body: bytes | None = None, content_type: str = ""):
        headers = {"Accept": "text/html,application/json", "Accept-Encoding": "identity"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = content_type
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            return Reply(0, b"", "", time.perf_counter() - start, f"{type(error).__name__}")
        seconds = time.perf_counter() - start
        for header in response.headers.get_all("Set-Cookie") or []:
            self._remember(header)
        cpu = response.headers.get("X-Bench-Cpu", "").split()
        return Reply(
            response.status,
            content,
            response.headers.get("Location", ""),
            seconds,
            cpu=(int(cpu[0]), int(cpu[1])) if len(cpu) == 2 else None,
        )

    def _remember(self, header: str) -> None:
        jar = SimpleCookie()
        try:
            jar.load(header)
        except CookieError:
            return
        for name, morsel in jar.items():
            if morsel["max-age"] == "0":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    def close(self) -> None:
        self.connection.close()


class Failed(Exception):
    """A request of an operation did not do what a browser expects."""


@dataclass
class Operation:
    """What one operation did: its requests' times and CPU (web and database ns, from the
    server's X-Bench-Cpu header), and the rows it was told were saved."""

    timings: list[tuple[str, float]] = field(default_factory=list)
    cpu: list[tuple[str, int, int]] = field(default_factory=list)
    saved: int = 0


def _check(op: Operation, label: str, reply: Reply, status: int, marker: bytes) -> Reply:
    op.timings.append((label, reply.seconds))
    if reply.cpu is not None:
        op.cpu.append((label, *reply.cpu))
    if reply.failure:
        raise Failed(f"{label}: {reply.failure}")
    if reply.status != status:
        raise Failed(f"{label}: HTTP {reply.status}")
    if marker and marker not in reply.body:
        raise Failed(f"{label}: HTTP {reply.status} without {marker.decode()!r}")
    return reply


def _token(reply: Reply, label: str) -> str:
    found = CSRF_INPUT.search(reply.body)
    if found is None:
        raise Failed(f"{label}: no CSRF token on the page")
    return found.group(1).decode()


def _form(pairs: list[tuple[str, str]], token: str) -> bytes:
    return urllib.parse.urlencode([("csrfmiddlewaretoken", token), *pairs]).encode()


# -- The contenders' pages and posts -----------------------------------------------------
# Markers tell a success from a page re-rendered with errors (also a 200).

OURS_STEP = b'name="s1-full_name"'
OURS_REVIEW = b'class="review"'  # its form ends in a declaration: no review-confirm box
OURS_CONFIRMATION = b"data-tracking-code="
STOCK_PAGE = b'name="agree_terms"'
STOCK_LANDING = b'data-bench="stock-landing"'
BARE_PAGE = b'name="agree_terms"'
BARE_SAVED = b'data-bench="bare-saved"'


def ours_get(b: Browser, t: Target, op: Operation) -> str:
    """The first step at its own URL (`…/apply/` only redirects there)."""
    reply = b.fetch("GET", f"{t.apply_path}s1/")
    return _token(_check(op, "get", reply, 200, OURS_STEP), "get")


def ours_post_step(b: Browser, t: Target, op: Operation, token: str) -> None:
    """The step's POST redirects to the review page (Post/Redirect/Get), which the
    browser then loads: both requests count, as a citizen's browser makes both."""
    pairs = [(f"{t.wizard_prefix}-current_step", "s1"), *wizard_step_pairs("s1")]
    reply = b.fetch("POST", f"{t.apply_path}s1/", _form(pairs, token), FORM_BODY)
    _check(op, "post_step", reply, 302, b"")
    if not reply.location.endswith("/apply/review/"):
        raise Failed(f"post_step: redirected to {reply.location!r}")
    _check(op, "get_review", b.fetch("GET", f"{t.apply_path}review/"), 200, OURS_REVIEW)


def ours_post_review(b: Browser, t: Target, op: Operation, token: str) -> str:
    pairs = [(f"{t.wizard_prefix}-current_step", "review")]
    reply = b.fetch("POST", f"{t.apply_path}review/", _form(pairs, token), FORM_BODY)
    _check(op, "post_review", reply, 302, b"")
    if not reply.location.startswith("/requests/"):
        raise Failed(f"post_review: redirected to {reply.location!r}")
    op.saved += 1
    return reply.location


@dataclass(frozen=True)
class PlainForm:
    """A contender whose form is one plain page, saved by one POST of the stock answers."""

    contender: str
    path: Callable[[Target], str]
    page: bytes  # on the page with the form
    saved: bytes  # on the page the saving POST answers with

    def get(self, b: Browser, t: Target, op: Operation) -> str:
        """Open the page; its CSRF token."""
        return _token(_check(op, "get", b.fetch("GET", self.path(t)), 200, self.page), "get")

    def post(self, b: Browser, t: Target, op: Operation, token: str) -> None:
        reply = b.fetch("POST", self.path(t), _form(stock_pairs(), token), FORM_BODY)
        _check(op, "post", reply, 200, self.saved)
        op.saved += 1


STOCK = PlainForm("stock", attrgetter("stock_path"), STOCK_PAGE, STOCK_LANDING)
BARE = PlainForm("bare", attrgetter("bare_path"), BARE_PAGE, BARE_SAVED)


# -- Scenarios ---------------------------------------------------------------------------


class Scenario:
    """`setup` runs once per client before the clock starts; `run` is one operation."""

    name = ""
    contender = ""  # whose rows it writes: "ours", "stock" or "bare"
    kind = ""  # "get", "post" or "visit"
    requests_per_op = 1

    def setup(self, b: Browser, t: Target) -> str:
        return ""

    def run(self, b: Browser, t: Target, op: Operation, state: str) -> None:
        raise NotImplementedError


class PlainScenario(Scenario):
    """A scenario of a contender whose form is one plain page (stock, bare)."""

    def __init__(self, form: PlainForm):
        self.form = form
        self.name = f"{form.contender}.{self.kind}"
        self.contender = form.contender


class PlainGet(PlainScenario):
    kind = "get"

    def run(self, b, t, op, state):
        b.forget()
        self.form.get(b, t, op)


class PlainPost(PlainScenario):
    kind = "post"

    def setup(self, b, t):
        return self.form.get(b, t, Operation())

    def run(self, b, t, op, state):
        self.form.post(b, t, op, state)


class PlainVisit(PlainScenario):
    """Open the page, send it (stock's landing page comes back with the POST)."""

    kind, requests_per_op = "visit", 2

    def run(self, b, t, op, state):
        b.forget()
        self.form.post(b, t, op, self.form.get(b, t, op))


class OursGet(Scenario):
    """A new visitor opens the service's form (first step)."""

    name, contender, kind = "html.get", "ours", "get"

    def run(self, b, t, op, state):
        b.forget()
        ours_get(b, t, op)


class OursVisit(Scenario):
    """Open the form, send the step, confirm on the review page (the saving POST,
    `post_review`, measured on its own through its CPU header), open the confirmation."""

    name, contender, kind, requests_per_op = "html.visit", "ours", "visit", 4

    def run(self, b, t, op, state):
        b.forget()
        token = ours_get(b, t, op)
        ours_post_step(b, t, op, token)
        location = ours_post_review(b, t, op, token)
        _check(op, "get_confirmation", b.fetch("GET", location), 200, OURS_CONFIRMATION)


class ApiPost(Scenario):
    name, contender, kind = "api.post", "ours", "post"
    path = attrgetter("api_path")

    def setup(self, b, t):
        return json.dumps({"data": api_answers()}, ensure_ascii=False)

    def run(self, b, t, op, state):
        reply = b.fetch("POST", self.path(t), state.encode(), "application/json")
        _check(op, "post", reply, 201, b'"tracking_code"')
        op.saved += 1


SAME_MOBILE = "09129999999"  # tells the same-writes view's rows from ours


class SamePost(ApiPost):
    """The API's floor: the same JSON to a view that writes the same rows, bare."""

    name, contender, kind = "same.post", "same", "post"
    path = attrgetter("same_path")

    def setup(self, b, t):
        return json.dumps({"data": {**api_answers(), "mobile": SAME_MOBILE}}, ensure_ascii=False)


SCENARIOS = {
    scenario.name: scenario
    for scenario in (
        PlainGet(STOCK),
        PlainGet(BARE),
        OursGet(),
        PlainPost(STOCK),
        PlainPost(BARE),
        ApiPost(),
        SamePost(),
        PlainVisit(STOCK),
        PlainVisit(BARE),
        OursVisit(),
    )
}


# -- One client process ------------------------------------------------------------------


@dataclass
class Record:
    start: float  # time.monotonic(): the same clock in every process on Linux
    end: float
    timings: list[tuple[str, float]]
    saved: int
    error: str = ""
    cpu: list[tuple[str, int, int]] = field(default_factory=list)


def _client(scenario: Scenario, target: Target, begin: float, stop: float, out: list) -> None:
    browser = Browser(target.port)
    try:
        try:
            state = scenario.setup(browser, target)
        except Failed as error:
            now = time.monotonic()
            out.append(Record(now, now, [], 0, f"setup: {error}"))
            return
        time.sleep(max(0.0, begin - time.monotonic()))
        while time.monotonic() < stop:
            op = Operation()
            start = time.monotonic()
            error = ""
            try:
                scenario.run(browser, target, op, state)
            except Failed as failure:
                error = str(failure)
            out.append(Record(start, time.monotonic(), op.timings, op.saved, error, op.cpu))
    finally:
        browser.close()


def clients_run(name: str, target: Target, threads: int, begin: float, stop: float) -> dict:
    """Run `threads` clients of scenario `name` from `begin` until `stop` (monotonic
    times); return their records and this process's CPU time."""
    scenario = SCENARIOS[name]
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    outs: list[list[Record]] = [[] for _ in range(threads)]
    workers = [
        threading.Thread(target=_client, args=(scenario, target, begin, stop, out), daemon=True)
        for out in outs
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=max(0.0, stop - time.monotonic()) + TIMEOUT_SECONDS + 5)
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    return {"records": [record for out in outs for record in out], "cpu_seconds": cpu}


def ping() -> bool:
    """Lets the parent start the client processes before the first scenario."""
    return True
