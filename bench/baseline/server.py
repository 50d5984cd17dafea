"""gunicorn for the bench, and CPU accounting from /proc (Linux).

The server runs in its own process group so that stopping it stops its workers too.
CPU is read per process (utime + stime) and for the whole machine, so a scenario can
say where its CPU went and how much other programs took from the same cores.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


class ServerError(Exception):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn serving `app` with `workers` sync workers on 127.0.0.1."""

    def __init__(
        self, gunicorn: Path, repo: Path, env: dict[str, str], log: Path, workers: int, app: str
    ):
        self.port = free_port()
        self.workers = workers
        self.log = log
        self._log_file = log.open("wb")
        command = [
            str(gunicorn),
            app,
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={workers}",
            "--worker-class=sync",
            f"--chdir={repo}",
            "--timeout=60",
            "--log-level=warning",
        ]
        self.process = subprocess.Popen(
            command,
            env={**os.environ, **env},
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, path: str, timeout: float = 60) -> None:
        """Until `path` answers 200 and every worker has started."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(
                    f"gunicorn exited ({self.process.returncode}):\n{self.log_tail()}"
                )
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", path)
                status = conn.getresponse().status
                conn.close()
            except OSError:
                status = None
            if status is not None and status != 200:
                raise ServerError(f"GET {path}: HTTP {status}\n{self.log_tail()}")
            if status == 200 and len(self.worker_pids()) == self.workers:
                return
            time.sleep(0.2)
        raise ServerError(f"gunicorn not ready after {timeout:.0f} s:\n{self.log_tail()}")

    def worker_pids(self) -> list[int]:
        return children(self.process.pid)

    def log_tail(self, lines: int = 30) -> str:
        self._log_file.flush()
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        """SIGTERM to the group (gunicorn stops gracefully), SIGKILL after 15 s."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
            except ProcessLookupError:
                pass
        self._log_file.close()


def proc_stat(pid: int) -> list[str] | None:
    """/proc/<pid>/stat from its 3rd field (state) on, or None if it has gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2 :].split()


def children(parent: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = proc_stat(int(entry.name))
            if stat and int(stat[1]) == parent:
                pids.append(int(entry.name))
    return pids


def cpu_ticks(pids: list[int]) -> dict[int, int]:
    """User + system clock ticks of each process still alive."""
    ticks = {}
    for pid in pids:
        stat = proc_stat(pid)
        if stat:
            ticks[pid] = int(stat[11]) + int(stat[12])
    return ticks


def cpu_seconds_between(before: dict[int, int], after: dict[int, int]) -> float:
    """CPU used between two snapshots; a process new in `after` counts from its start
    (it started in between), one gone from `after` is lost (its last ticks unknown)."""
    return sum(ticks - before.get(pid, 0) for pid, ticks in after.items()) / TICKS_PER_SECOND


def machine_ticks() -> tuple[int, int]:
    """(busy, total) ticks of all CPUs: busy includes time stolen by the hypervisor."""
    with open("/proc/stat") as stat:
        fields = [int(value) for value in stat.readline().split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return user + nice + system + irq + softirq + steal, sum(fields)
