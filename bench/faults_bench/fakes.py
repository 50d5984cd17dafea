"""The fake SMS provider and automation system of tests/fakes/, switched into failure and
back on cue: while `failing` is set, every request gets that HTTP status (after any
planned fault, such as one hung call, has been taken)."""

from __future__ import annotations

import threading
from collections import Counter

from tests.fakes import Fault
from tests.fakes.automation import FakeAutomation
from tests.fakes.kavenegar import FakeKavenegar


class Switchable:
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._failing = 0
        self._switch_lock = threading.Lock()

    def fail_from_now(self, status: int) -> None:
        with self._switch_lock:
            self._failing = status

    def recover(self) -> None:
        with self._switch_lock:
            self._failing = 0

    def take_fault(self) -> Fault | None:
        planned = super().take_fault()
        if planned is not None:
            return planned
        with self._switch_lock:
            return Fault("fail", status=self._failing) if self._failing else None


class SwitchableKavenegar(Switchable, FakeKavenegar):
    def sends_per_localid(self) -> Counter:
        """How often each local id was asked to be sent (the provider sends it once)."""
        return Counter(
            request.params.get("localid", "")
            for request in self.requests_to("sms/send")
            if 200 <= request.meta.get("status", 0) < 300
        )

    def answer(self, request):
        status, body = super().answer(request)
        request.meta["status"] = status
        return status, body


class SwitchableAutomation(Switchable, FakeAutomation):
    def deliveries_per_key(self) -> Counter:
        """Successful deliveries per Idempotency-Key (a repeat is dropped by the receiver)."""
        return Counter(request.meta.get("idempotency_key") for request in self.successes)
