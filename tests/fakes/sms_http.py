"""A fake generic SMS provider for `receipts.sms.http`, on a real local port.

It takes any path and method, records the request (query, JSON body, headers) and
answers `{"data": {"id": "msg-<n>"}}` with 200, unless told otherwise:

    with FakeSmsHttp() as provider:
        settings.SMS_HTTP_URL = provider.url("/send")
        provider.answer_next(202, {"messages": [{"id": 7}]})
        provider.fail_next(1, status=503)
"""

from __future__ import annotations

import itertools

from . import PlannedAnswersServer, RecordedRequest


class FakeSmsHttp(PlannedAnswersServer):
    def __init__(self) -> None:
        super().__init__()
        self._ids = itertools.count(1)

    def url(self, path: str = "/send") -> str:
        return f"{self.origin}{path}"

    def answer(self, request: RecordedRequest) -> tuple[int, object]:
        fault = self.take_fault()
        if fault is not None and fault.kind in ("fail", "reject"):
            return fault.status, {"error": f"HTTP {fault.status} from the fake provider"}
        status, body = self.take_answer() or (200, {"data": {"id": f"msg-{next(self._ids)}"}})
        if fault is not None and fault.kind == "hang":
            self.wait(fault.seconds)
        return status, body
