"""When each fault happens, as a share of the load's duration, and how it is done.

The automation system answers 503 from the start until half of the requests have been
accepted; the others come one after the other, so that each client error can be put
down to one fault.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

REDIS_DOWN_SECONDS = 8
POSTGRES_DOWN_SECONDS = 10
WORKER_DOWN_SECONDS = 3
RELOAD_SETTLE_SECONDS = 5
SMS_HANG_EXTRA_SECONDS = 3
# `--s3`: the storage answers 503 Slow Down, then is gone, then comes back.
S3_BUSY_SECONDS = 10
S3_DOWN_SECONDS = 10


@dataclass
class FaultWindow:
    name: str
    start: float
    end: float | None = None


class FaultSchedule:
    def __init__(
        self, *, args, load, webs, workers, redis_server, postgres, kavenegar, automation, s3=None
    ):
        self.args = args
        self.load = load
        self.webs = webs
        self.workers = workers
        self.redis_server = redis_server
        self.postgres = postgres
        self.kavenegar = kavenegar
        self.automation = automation
        self.s3 = s3
        self.windows: list[FaultWindow] = []
        self.t0 = 0.0
        self._automation = None
        self._sms = None
        self.error = ""

    def begin(self) -> None:
        self.t0 = time.monotonic()
        self.automation.fail_from_now(503)
        self._automation = self._open("automation_503")

    def plan(self):
        storage = [(0.60, self.s3_outage)] if self.s3 is not None else []
        return [
            (0.10, self.sms_outage),
            (0.22, lambda: self.worker_kill(0, "worker_kill_1")),
            (0.35, self.redis_restart),
            (0.50, self.postgres_stop),
            *storage,
            (0.70, lambda: self.worker_kill(1, "worker_kill_2")),
            # Last: the new workers may take long to load on a busy machine, and requests
            # queued meanwhile wait for them (README, production).
            (0.80, self.gunicorn_reload),
        ]

    def run(self) -> None:
        """The faults in turn; a fault that could not be done is recorded, not raised."""
        try:
            self._run()
        except Exception as exc:  # reported, and the run fails
            self._failed(exc)
        finally:
            self.load.release.set()

    def _failed(self, exc: Exception) -> None:
        self.error = self.error or f"{type(exc).__name__}: {exc}"[:3000]
        for window in self.windows:
            window.end = window.end or time.monotonic()

    def _run(self) -> None:
        for share, action in self.plan():
            self._wait_until(self.t0 + share * self.args.load_seconds)
            action()
        while any(window.end is None for window in self.windows):
            self._automation_check(force=self.load.finished())
            self._sms_check()
            time.sleep(0.2)

    def last_end(self) -> float:
        return max(window.end or time.monotonic() for window in self.windows)

    # The faults

    def sms_outage(self) -> None:
        """One call hangs past the client's timeout (stored, answered late), then 502s."""
        self.kavenegar.hang_next(
            1, seconds=float(self._setting("SMS_TIMEOUT_SECONDS")) + SMS_HANG_EXTRA_SECONDS
        )
        self.kavenegar.fail_from_now(502)
        self._sms = self._open("sms_502")

    def worker_kill(self, number: int, name: str) -> None:
        """SIGKILL, and a restart a little later in the background (a worker can take
        long to start on a busy machine; the next faults keep their times)."""
        window = self._open(name)
        worker = self.workers[number]
        worker.kill()

        def restart() -> None:
            time.sleep(WORKER_DOWN_SECONDS)
            size = worker.log.stat().st_size
            worker.start()
            worker.wait_for_log("ready.", timeout=90, start_at=size)

        self._in_background(restart, window)

    def redis_restart(self) -> None:
        window = self._open("redis_kill")
        self.redis_server.kill()
        self._sleep(REDIS_DOWN_SECONDS)
        self.redis_server.start()
        window.end = time.monotonic()

    def gunicorn_reload(self) -> None:
        """Each web process in turn, as a deployment to several machines goes."""
        window = self._open("gunicorn_reload")
        for web in self.webs:
            web.reload()
            self._sleep(RELOAD_SETTLE_SECONDS)
        window.end = time.monotonic()

    def s3_outage(self) -> None:
        """In the background (the next faults keep their times): 503 Slow Down to every
        request, then connections refused, then the storage back with its objects."""
        window = self._open("s3_outage")

        def outage() -> None:
            self.s3.busy()
            time.sleep(S3_BUSY_SECONDS)
            self.s3.down()
            time.sleep(S3_DOWN_SECONDS)
            self.s3.up()

        self._in_background(outage, window)

    def postgres_stop(self) -> None:
        window = self._open("postgres_stop")
        self.postgres.stop("fast")
        self.load.release.set()
        self._sleep(POSTGRES_DOWN_SECONDS)
        self.postgres.start()
        window.end = time.monotonic()

    # Helpers

    def _setting(self, name: str) -> str:
        return self.webs[0].env[name]

    def _open(self, name: str) -> FaultWindow:
        window = FaultWindow(name, time.monotonic())
        self.windows.append(window)
        return window

    def _automation_check(self, force: bool = False) -> None:
        if self._automation.end is None and (
            force or self.load.accepted_count() * 2 >= self.args.submissions
        ):
            self.automation.recover()
            self._automation.end = time.monotonic()

    def _sms_check(self) -> None:
        window = self._sms
        due = window is not None and time.monotonic() >= window.start + self.args.sms_fault_seconds
        if due and window.end is None:
            self.kavenegar.recover()
            window.end = time.monotonic()

    def _in_background(self, fault, window: FaultWindow) -> None:
        """Run `fault` in a thread of its own (the next faults keep their times); the
        window ends when it has run; an exception is reported, and the run fails."""

        def run() -> None:
            try:
                fault()
                window.end = time.monotonic()
            except Exception as exc:  # reported, and the run fails
                self._failed(exc)

        threading.Thread(target=run, daemon=True).start()

    def _sleep(self, seconds: float) -> None:
        self._wait_until(time.monotonic() + seconds)

    def _wait_until(self, moment: float) -> None:
        while time.monotonic() < moment:
            self._automation_check()
            self._sms_check()
            time.sleep(0.1)
