"""A fake office-automation system (اتوماسیون اداری) on a real local port.

It takes what `routing.connectors.webhook` sends: a JSON `POST` signed with the shared
secret (`X-Khedmat-Signature: sha256=<hex HMAC of the body>`) and an `Idempotency-Key`.
A good request registers a letter and gets `200 {"letter_number": "1405/<n>"}`; the same
Idempotency-Key again gets the same letter, as a real system should answer a retry. A
bad signature gets 401, a missing key or body 400. Faults (`fail_next`, `reject_next`,
`hang_next`) come from FakeServer; a hang registers the letter and answers late, which
is what a client sees when the answer is lost.

    with FakeAutomation(secret=endpoint.secret) as automation:
        endpoint.url = automation.url()
        automation.fail_next(2, status=503)
        automation.letters  # {tracking code: letter number}
"""

from __future__ import annotations

import itertools
import threading

from routing.constants import IDEMPOTENCY_HEADER, SIGNATURE_HEADER
from routing.signing import signature_valid

from . import PlannedAnswersServer, RecordedRequest


class FakeAutomation(PlannedAnswersServer):
    def __init__(self, secret: str, first_letter: int = 1001) -> None:
        super().__init__()
        self.secret = secret
        self.letters: dict[str, str] = {}  # Idempotency-Key → letter number
        self.documents: dict[str, object] = {}  # Idempotency-Key → the JSON first received
        self._numbers = itertools.count(first_letter)
        self._letters_lock = threading.Lock()

    def url(self, path: str = "/letters") -> str:
        return f"{self.origin}{path}"

    @property
    def successes(self) -> list[RecordedRequest]:
        """The requests answered 2xx, oldest first."""
        return [request for request in self.requests if 200 <= request.meta.get("status", 0) < 300]

    def answer(self, request: RecordedRequest) -> tuple[int, object]:
        status, body = self._answer(request)
        request.meta["status"] = status
        return status, body

    def _answer(self, request: RecordedRequest) -> tuple[int, object]:
        key = _header(request, IDEMPOTENCY_HEADER)
        request.meta["idempotency_key"] = key
        signed = signature_valid(self.secret, request.body, _header(request, SIGNATURE_HEADER))
        request.meta["signature_ok"] = signed
        if not signed:
            return 401, {"error": "bad signature"}
        fault = self.take_fault()
        if fault is not None and fault.kind in ("fail", "reject"):
            return fault.status, {"error": f"HTTP {fault.status} from the fake automation"}
        if request.method != "POST" or not key or not isinstance(request.json, dict):
            return 400, {"error": "a signed JSON POST with an Idempotency-Key is expected"}
        with self._letters_lock:
            planned = self.take_answer()
            if planned is None:
                if key not in self.letters:
                    self.letters[key] = f"1405/{next(self._numbers)}"
                    self.documents[key] = request.json
                planned = (200, {"letter_number": self.letters[key]})
        if fault is not None and fault.kind == "hang":
            self.wait(fault.seconds)
        return planned


def _header(request: RecordedRequest, name: str) -> str:
    """A header by name, whatever its case on the wire."""
    wanted = name.lower()
    return next((value for key, value in request.headers.items() if key.lower() == wanted), "")
