"""Real components: PostgreSQL (the test database), Redis as the broker, and real Celery
worker and beat processes started here, sharing the test database and file folders.

Each test process has its own queue, emptied around every test, so parallel test
processes and earlier runs never hand each other messages; the worker and beat are
killed when the test ends.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
import redis
from django.db import connection
from kombu import pools as kombu_pools

from cms_site.celery import app as celery_app
from tests.factories import submission_make
from tests.fakes.kavenegar import FakeKavenegar

REPO = Path(__file__).resolve().parents[2]
BROKER_URL = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/14")
CELERY = Path(sys.executable).with_name("celery")
# One queue per test process, emptied before and after each test.
QUEUE = f"khedmat-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"

# Fast clocks for the tests: retries, leases and the sweep in seconds, not minutes.
FAST_SETTINGS = {
    "PIPELINE_RETRY_BASE_SECONDS": "1",
    "PIPELINE_RETRY_MAX_SECONDS": "2",
    "PIPELINE_LEASE_MARGIN_SECONDS": "1",
    "PIPELINE_DISPATCH_LEASE_SECONDS": "3",
    "PIPELINE_SWEEP_INTERVAL_SECONDS": "1",
    "SMS_TIMEOUT_SECONDS": "2",
    "SMS_MAX_ATTEMPTS": "3",
    "RECEIPT_TIME_LIMIT_SECONDS": "5",
}


def wait_for(condition: Callable[[], object], *, timeout: float = 60, what: str = "") -> object:
    """Poll until `condition()` is truthy; fail the test with `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    pytest.fail(f"Timed out after {timeout}s waiting for {what or condition}")


def sweeps_send_nothing_more(rounds: int = 3) -> None:
    """Run every sweep beat runs, `rounds` times, from this process: once a request's
    work is done, none may send a step or an SMS again. With nothing sent and nothing left
    in the queue, no worker can do any of it a second time, so what the test counts
    afterwards is final (no waiting for something not to happen)."""
    from receipts.constants import SmsStatus
    from receipts.models import SmsMessage
    from receipts.outbox import sms_sweep
    from submissions.constants import StepState
    from submissions.models import PipelineStep
    from submissions.pipeline import pipeline_sweep

    wait_for(
        lambda: (
            not PipelineStep.objects.exclude(state__in=[StepState.DONE, StepState.FAILED]).exists()
            and not SmsMessage.objects.filter(status=SmsStatus.QUEUED).exists()
        ),
        what="every step and SMS to be finished",
    )
    for _ in range(rounds):
        assert pipeline_sweep() == 0, "a sweep sent a step again"
        assert sms_sweep() == 0, "a sweep sent an SMS again"
    wait_for(
        lambda: redis.Redis.from_url(BROKER_URL).llen(QUEUE) == 0,
        what="the workers to take every message already sent",
    )


def submit_during_outage(celery_processes, fake, service, *, failures: int, status: int):
    """`fake` answers its next `failures` calls with `status`; with a worker and beat
    running, a citizen's request to `service` is made; returns it."""
    fake.fail_next(failures, status=status)
    celery_processes.start_worker()
    celery_processes.start_beat()
    return submission_make(service)


class CeleryProcesses:
    """Starts and kills `celery worker` and `celery beat` for one queue."""

    def __init__(self, env: dict[str, str], queue: str, folder: Path) -> None:
        self.env = env
        self.queue = queue
        self.folder = folder
        self.processes: list[subprocess.Popen] = []
        self.worker: subprocess.Popen | None = None
        self.beat: subprocess.Popen | None = None
        self._starts = 0

    def _start(self, args: list[str], log_name: str) -> tuple[subprocess.Popen, Path]:
        log = self.folder / log_name
        process = subprocess.Popen(
            [str(CELERY), "-A", "cms_site", *args],
            cwd=REPO,
            env=self.env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed with its children
        )
        self.processes.append(process)
        return process, log

    def start_worker(self) -> subprocess.Popen:
        self._starts += 1
        process, log = self._start(
            [
                "worker",
                "-Q",
                self.queue,
                "-c",
                "1",
                "--pool",
                "prefork",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"{self.queue}-{self._starts}@%h",
            ],
            f"worker-{self._starts}.log",
        )
        wait_for(
            lambda: b"ready." in log.read_bytes() or process.poll() is not None,
            timeout=60,
            what="the Celery worker to start",
        )
        if process.poll() is not None:
            pytest.fail(f"The worker exited: {log.read_text(errors='replace')[-3000:]}")
        self.worker = process
        return process

    def start_beat(self) -> subprocess.Popen:
        process, _ = self._start(
            [
                "beat",
                "--loglevel",
                "INFO",
                "-s",
                str(self.folder / "beat-schedule"),
                "--pidfile",
                str(self.folder / "beat.pid"),
            ],
            "beat.log",
        )
        self.beat = process
        return process

    def kill(self, process: subprocess.Popen | None, sig: int = signal.SIGKILL) -> None:
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-4000:]}"
            for path in sorted(self.folder.glob("*.log"))
        )

    def stop_all(self) -> None:
        for process in self.processes:
            self.kill(process, signal.SIGTERM)


def _celery_caches_reset() -> None:
    """Celery builds its queue table and broker connection pool once, on first use (maybe
    by an earlier test of this process, with other settings): drop both, so that the next
    message goes where the current settings say."""
    celery_app.__dict__.pop("amqp", None)
    celery_app._pool = None
    kombu_pools.reset()  # kombu's process-wide pools, which Celery's are taken from


@pytest.fixture
def kavenegar():
    with FakeKavenegar() as fake:
        yield fake


@pytest.fixture
def celery_processes(transactional_db, settings, kavenegar):
    """Producer (this process) and consumers (worker, beat) on one fresh Redis queue."""
    try:
        redis.Redis.from_url(BROKER_URL).ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis is needed for the integration tests at {BROKER_URL}: {exc}")
    queue = QUEUE
    redis.Redis.from_url(BROKER_URL).delete(queue)
    folder = Path(tempfile.mkdtemp(prefix="khedmat-celery-"))
    database = connection.settings_dict
    env = {
        **os.environ,
        **FAST_SETTINGS,
        "DJANGO_SETTINGS_MODULE": "cms_site.settings.test",
        "TEST_DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        "SMS_BACKEND": "kavenegar",
        "KAVENEGAR_BASE_URL": kavenegar.base_url,
        "KAVENEGAR_API_KEY": kavenegar.api_key,
        "KAVENEGAR_SENDER": "10008663",
        "PYTHONUNBUFFERED": "1",
    }
    # Celery reads its configuration from Django's settings once, when it is first used:
    # read it now, before the settings below change, or what is put back afterwards would
    # be this test's non-eager set-up, and every later test of this process would publish
    # to a broker nobody reads (their requests never routed).
    previous = {
        key: celery_app.conf[key]
        for key in ("task_always_eager", "broker_url", "task_default_queue")
    }
    # This process publishes to the same queue, for real (not eagerly).
    for name, value in FAST_SETTINGS.items():
        setattr(settings, name, float(value) if "TIMEOUT" in name else int(value))
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.SMS_BACKEND = "kavenegar"
    settings.KAVENEGAR_BASE_URL = kavenegar.base_url
    settings.KAVENEGAR_API_KEY = kavenegar.api_key
    celery_app.conf.update(task_always_eager=False, broker_url=BROKER_URL, task_default_queue=queue)
    _celery_caches_reset()
    processes = CeleryProcesses(env, queue, folder)
    try:
        yield processes
    finally:
        processes.stop_all()
        celery_app.conf.update(previous)
        _celery_caches_reset()
        redis.Redis.from_url(BROKER_URL).delete(
            queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
        )
        if os.environ.get("KHEDMAT_KEEP_CELERY_LOGS") is None:
            for path in folder.glob("*"):
                path.unlink()
            folder.rmdir()
