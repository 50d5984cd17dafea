"""Real local HTTP servers that stand in for outside services in tests.

Each fake listens on 127.0.0.1 on a free port, in a thread, and is a context manager:
`with FakeKavenegar() as kavenegar: …`. `FakeServer` holds what they share: the
server's life cycle, the recorded requests and the queue of planned faults;
`PlannedAnswersServer` adds answers a test plans in place of the normal one.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


@dataclass
class RecordedRequest:
    """One request as the fake received it."""

    method: str
    path: str
    params: dict[str, str]  # query and form parameters, the last value of each
    headers: dict[str, str]
    body: bytes
    json: object = None  # the parsed body when it was JSON
    meta: dict = field(default_factory=dict)


@dataclass
class Fault:
    kind: str  # "fail", "reject" or "hang"
    status: int = 0
    seconds: float = 0.0


class FakeServer:
    """Base of the fakes: subclasses implement `answer(request) -> (status, body)`.

    Faults planned with `fail_next`, `reject_next` and `hang_next` apply to the next
    requests in order, whatever their path; `answer` decides what a fault means for
    its service (`take_fault()` hands it the next one).
    """

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self._faults: deque[Fault] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # Life cycle

    def start(self) -> FakeServer:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                fake._handle(self)

            do_POST = do_GET
            do_PUT = do_GET

            def log_message(self, format, *args):  # keep test output quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes hanging handlers up
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def origin(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # Planned faults

    def fail_next(self, n: int = 1, status: int = 500) -> None:
        """The next `n` requests get a server error (5xx)."""
        self._plan(n, Fault("fail", status=status))

    def reject_next(self, n: int = 1, status: int = 400) -> None:
        """The next `n` requests are refused with a client error (4xx)."""
        self._plan(n, Fault("reject", status=status))

    def hang_next(self, n: int = 1, seconds: float = 5.0) -> None:
        """The next `n` requests are handled, then answered only after `seconds`:
        what a client sees when the answer is lost (a read timeout, a killed worker)."""
        self._plan(n, Fault("hang", seconds=seconds))

    def _plan(self, n: int, fault: Fault) -> None:
        with self._lock:
            self._faults.extend([fault] * n)

    def take_fault(self) -> Fault | None:
        with self._lock:
            return self._faults.popleft() if self._faults else None

    def wait(self, seconds: float) -> None:
        """Sleep in a handler, cut short when the server stops."""
        self._stopping.wait(seconds)

    # Requests

    def answer(self, request: RecordedRequest) -> tuple[int, object]:
        raise NotImplementedError

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        url = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        params = dict(parse_qsl(url.query, keep_blank_values=True))
        parsed_json = None
        content_type = handler.headers.get("Content-Type", "")
        if content_type.startswith("application/x-www-form-urlencoded"):
            params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        elif content_type.startswith("application/json") and body:
            parsed_json = json.loads(body)
        request = RecordedRequest(
            method=handler.command,
            path=url.path,
            params=params,
            headers=dict(handler.headers.items()),
            body=body,
            json=parsed_json,
        )
        with self._lock:
            self.requests.append(request)
        status, payload = self.answer(request)
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json; charset=utf-8")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a hang): nothing to answer


class PlannedAnswersServer(FakeServer):
    """A fake whose normal answer a test can replace, one request at a time: its
    `answer` calls `take_answer()` where it would answer normally."""

    def __init__(self) -> None:
        super().__init__()
        self._answers: deque[tuple[int, object]] = deque()

    def answer_next(self, status: int, body: object) -> None:
        """The next request answered normally gets this answer instead (a dict, sent as
        JSON, or raw bytes)."""
        with self._lock:
            self._answers.append((status, body))

    def take_answer(self) -> tuple[int, object] | None:
        """The oldest answer planned with `answer_next` and not yet given, if any."""
        with self._lock:
            return self._answers.popleft() if self._answers else None
