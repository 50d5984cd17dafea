"""The citizens: concurrent clients that POST the suite's requests to the API at a steady
pace and keep at each one, as a patient client would, until it is accepted.

Every answer is recorded with its time, so that errors can be put down to the fault
that was going on. A client retries a connection error, a timeout and any 5xx after a
short wait (at most the Retry-After it was given), and gives up on a request only at the
deadline; a 4xx is a bug in the suite or the product and is not retried.
"""

from __future__ import annotations

import http.client
import itertools
import json
import threading
import time
from dataclasses import dataclass, field

from .content import FILE_KEY, answers, upload_bytes

# As long as gunicorn's --timeout and the proxy's read timeout in README's production
# section: a request held in the listen queue while gunicorn reloads is answered late,
# not given up on. One that waits longer (the new workers load slowly on a busy machine)
# is sent again with the same Idempotency-Key, so it is not stored twice.
TIMEOUT_SECONDS = 90
RETRY_WAIT_MAX_SECONDS = 1.0


@dataclass
class Attempt:
    index: int
    at: float  # monotonic
    outcome: str  # "201", "503", "500", "refused", "reset", "timeout", …
    detail: str = ""
    retry_after: str = ""
    json_detail: bool = False
    seconds: float = 0.0  # how long the answer took
    replayed: bool = False  # a 201 for an earlier attempt's request (Idempotency-Key)


@dataclass
class Outcome:
    attempts: list[Attempt] = field(default_factory=list)
    accepted: dict[int, str] = field(default_factory=dict)  # index → tracking code
    given_up: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, attempt: Attempt) -> None:
        with self.lock:
            self.attempts.append(attempt)


def request_body(index: int, files: bool) -> tuple[bytes, str]:
    """The body of request number `index` and its content type: JSON, or multipart with
    the answers in `data` and the request's own PDF (`--s3`)."""
    data = json.dumps({"data": answers(index)} if not files else answers(index))
    if not files:
        return data.encode(), "application/json"
    boundary = f"faults-boundary-{index:06d}"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="data"\r\n\r\n{data}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="{FILE_KEY}"; '
            f'filename="attachment-{index}.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        + upload_bytes(index)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def _post(port: int, path: str, body: tuple[bytes, str], key: str) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_SECONDS)
    try:
        conn.request(
            "POST",
            path,
            body=body[0],
            headers={
                "Content-Type": body[1],
                "Connection": "close",
                "Idempotency-Key": key,
            },
        )
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def _classify(exc: Exception) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "refused"
    if isinstance(exc, ConnectionResetError | http.client.RemoteDisconnected | BrokenPipeError):
        return "reset"
    if isinstance(exc, TimeoutError):
        return "timeout"
    return type(exc).__name__


class Load:
    """`clients` threads sending requests 0..n-1, request i not before t0 + i × pace.

    Each attempt goes to the next of `ports` in turn (a round-robin client in front of
    several web machines), so a retry after an error goes to another machine.

    The requests from `held_from` on wait instead for `release` (set when the database
    is stopped) and then go at once, so that clients are sending while it is down
    however late the faults before it ran."""

    def __init__(
        self,
        *,
        ports: list[int],
        service_code: str,
        n: int,
        clients: int,
        seconds: float,
        held_share: float = 0.2,
        files: bool = False,
    ):
        self.files = files
        self.ports = ports
        self._turn = itertools.count()
        self.path = f"/api/v1/services/{service_code}/submissions/"
        self.n = n
        self.clients = clients
        self.pace = seconds / n
        self.outcome = Outcome()
        self._next = 0
        self._next_lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self.t0 = 0.0
        self.deadline = 0.0
        self.held_from = n - int(n * held_share)
        self.release = threading.Event()

    def start(self, deadline_seconds: float) -> None:
        self.t0 = time.monotonic()
        self.deadline = self.t0 + deadline_seconds
        for number in range(self.clients):
            thread = threading.Thread(target=self._client, name=f"client-{number}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def accepted_count(self) -> int:
        with self.outcome.lock:
            return len(self.outcome.accepted)

    def finished(self) -> bool:
        return not any(thread.is_alive() for thread in self._threads)

    def join(self) -> None:
        for thread in self._threads:
            thread.join()

    def _take(self) -> int | None:
        with self._next_lock:
            if self._next >= self.n:
                return None
            self._next += 1
            return self._next - 1

    def _client(self) -> None:
        while (index := self._take()) is not None:
            if index >= self.held_from:
                # Sent at once when the database stops, and kept at while it is down.
                self.release.wait(timeout=max(self.deadline - time.monotonic(), 0))
            else:
                delay = self.t0 + index * self.pace - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            self._submit(index)

    def _port(self) -> int:
        with self._next_lock:
            return self.ports[next(self._turn) % len(self.ports)]

    def _submit(self, index: int) -> None:
        body = request_body(index, self.files)
        key = f"faults-request-{index}"  # the same for every attempt at this request
        while time.monotonic() < self.deadline:
            sent = time.monotonic()
            try:
                status, headers, content = _post(self._port(), self.path, body, key)
            except Exception as exc:  # every failure is a figure
                now = time.monotonic()
                self.outcome.record(
                    Attempt(index, now, _classify(exc), str(exc), seconds=now - sent)
                )
                time.sleep(RETRY_WAIT_MAX_SECONDS)
                continue
            attempt = Attempt(
                index,
                time.monotonic(),
                str(status),
                content[:300].decode("utf-8", "replace"),
                headers.get("Retry-After", ""),
                _is_detail(content),
                seconds=time.monotonic() - sent,
                replayed=headers.get("Idempotent-Replayed") == "true",
            )
            self.outcome.record(attempt)
            if status == 201:
                with self.outcome.lock:
                    self.outcome.accepted[index] = json.loads(content)["tracking_code"]
                return
            if status < 500:
                break
            time.sleep(_wait(attempt.retry_after))
        with self.outcome.lock:
            self.outcome.given_up.append(index)


def _is_detail(content: bytes) -> bool:
    try:
        parsed = json.loads(content)
    except ValueError:
        return False
    return isinstance(parsed, dict) and isinstance(parsed.get("detail"), str)


def _wait(retry_after: str) -> float:
    try:
        return min(float(retry_after), RETRY_WAIT_MAX_SECONDS)
    except ValueError:
        return RETRY_WAIT_MAX_SECONDS
