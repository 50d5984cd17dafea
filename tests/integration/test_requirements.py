"""Every dependency a process imports is declared: a fresh virtual environment made from
requirements.txt alone (what `make install` does) starts `celery worker` and `celery beat`
on Redis. pip's cache keeps it to a minute or two; nothing from requirements-dev.txt is
there, so an import the runtime forgot to declare fails here."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis

from .conftest import BROKER_URL

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory) -> Path:
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    installed = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", "-r", str(REPO / "requirements.txt")],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    return venv


def wait_for_line(process: subprocess.Popen, log: Path, marker: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        if marker in text:
            return text
        if process.poll() is not None:
            pytest.fail(f"exited with {process.returncode} before {marker!r}:\n{text[-3000:]}")
        time.sleep(0.3)
    pytest.fail(f"no {marker!r} after {timeout} s:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.mark.parametrize(
    ("command", "marker"),
    [
        (["worker", "--concurrency=1", "--without-gossip", "--without-mingle"], "ready."),
        # The sweep is sent to the broker through kombu's Redis transport.
        (["beat", "--schedule={folder}/beat-schedule"], "Sending due task pipeline-sweep"),
    ],
)
def test_a_celery_process_starts_from_requirements_txt_alone(fresh_venv, tmp_path, command, marker):
    queue = f"khedmat-fresh-{uuid.uuid4().hex[:8]}"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "cms_site.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "PIPELINE_SWEEP_INTERVAL_SECONDS": "1",
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp_path / "celery.log"
    args = [part.format(folder=tmp_path) for part in command]
    process = subprocess.Popen(
        [str(fresh_venv / "bin" / "celery"), "-A", "cms_site", *args, "--loglevel=INFO"],
        cwd=REPO,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for_line(process, log, marker, timeout=90)
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the worker and its pool
        process.wait(timeout=15)
        redis.Redis.from_url(BROKER_URL).delete(queue)
