"""The processes under test: gunicorn, Celery workers and beat, each in its own process
group (killing one kills its children), with its output in a log file."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .cluster import free_port

REPO = Path(__file__).resolve().parents[2]
# The virtualenv that runs the suite (a worktree may have none of its own).
BIN = Path(sys.executable).parent


class ProcessError(Exception):
    pass


class Managed:
    """One process group, started with `command` and the suite's environment."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], folder: Path):
        self.name = name
        self.command = command
        self.env = env
        self.log = folder / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.command,
            cwd=REPO,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal_group(self, sig: int) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)

    def kill(self) -> None:
        """SIGKILL to the whole group: the machine lost power, as far as it knows."""
        self.signal_group(signal.SIGKILL)
        if self.process is not None:
            self.process.wait(timeout=15)

    def stop(self) -> None:
        if not self.alive():
            return
        self.signal_group(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def wait_for_log(self, marker: str, timeout: float, start_at: int = 0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise ProcessError(f"{self.name} exited:\n{self.log_tail()}")
            if marker.encode() in self.log.read_bytes()[start_at:]:
                return
            time.sleep(0.2)
        raise ProcessError(f"{self.name}: no {marker!r} after {timeout:.0f} s:\n{self.log_tail()}")


class Gunicorn(Managed):
    """gunicorn with sync workers; `reload()` is the graceful reload of README's
    production section (HUP: new workers, old ones finish what they hold)."""

    def __init__(
        self, env: dict[str, str], folder: Path, workers: int, name: str = "gunicorn"
    ) -> None:
        self.port = free_port()
        self.workers = workers
        super().__init__(
            name,
            [
                str(BIN / "gunicorn"),
                "cms_site.wsgi:application",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={workers}",
                "--worker-class=sync",
                "--timeout=90",
                "--graceful-timeout=90",
                "--log-level=info",
                f"--config={Path(__file__).with_name('gunicorn_conf.py')}",
                # Every request with its status and seconds: a slow one is a finding.
                "--access-logfile=-",
                '--access-logformat=%(t)s %(p)s "%(r)s" %(s)s %(L)s',
            ],
            env,
            folder,
        )

    def wait_ready(self, path: str, timeout: float = 300) -> None:
        """Until `path` answers 200. Generous: on a busy machine the workers' first
        answers take seconds each; the wait ends as soon as one is there."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise ProcessError(f"{self.name} exited:\n{self.log_tail()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                conn.request("GET", path)
                status = conn.getresponse().status
                conn.close()
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise ProcessError(f"{self.name} not ready after {timeout:.0f} s:\n{self.log_tail()}")

    def reload(self) -> None:
        os.kill(self.process.pid, signal.SIGHUP)


def files_and_sms(folder: Path, kavenegar) -> dict[str, str]:
    """The environment entries that keep the site's files in `folder` and send its SMS
    to `kavenegar` (tests/fakes/kavenegar.py's FakeKavenegar)."""
    return {
        "MEDIA_ROOT": str(folder / "media"),
        "PRIVATE_MEDIA_ROOT": str(folder / "private"),
        "SMS_BACKEND": "kavenegar",
        "KAVENEGAR_BASE_URL": kavenegar.base_url,
        "KAVENEGAR_API_KEY": kavenegar.api_key,
        "KAVENEGAR_SENDER": "10008663",
    }


def celery_worker(
    env: dict[str, str], folder: Path, number: int, concurrency: int, bench: str = "faults"
) -> Managed:
    """Celery worker `number` of the bench, one task at a time per process, named
    `<bench>-<number>@host`."""
    return Managed(
        f"worker-{number}",
        [
            str(BIN / "celery"),
            "-A",
            "cms_site",
            "worker",
            "--loglevel=INFO",
            f"--concurrency={concurrency}",
            "--prefetch-multiplier=1",
            "--without-gossip",
            "--without-mingle",
            f"--hostname={bench}-{number}@%h",
        ],
        env,
        folder,
    )


def celery_beat(env: dict[str, str], folder: Path) -> Managed:
    return Managed(
        "beat",
        [
            str(BIN / "celery"),
            "-A",
            "cms_site",
            "beat",
            "--loglevel=INFO",
            f"--schedule={folder / 'beat-schedule'}",
            f"--pidfile={folder / 'beat.pid'}",
        ],
        env,
        folder,
    )
