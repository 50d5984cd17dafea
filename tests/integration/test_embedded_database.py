"""`make run` on a fresh machine migrates the embedded SQLite database (no `DATABASE_URL`):
every migration must apply there too, PostgreSQL-only work (concurrent index builds,
extended statistics, trigram search) skipped or done the plain way."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]


def manage(database: Path, *args: str) -> subprocess.CompletedProcess:
    """`manage.py <args>` with `make run`'s settings on the SQLite file `database`."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms_site.settings.dev",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )


def test_every_migration_applies_to_the_embedded_sqlite_database(tmp_path):
    database = tmp_path / "db.sqlite3"
    migrated = manage(database, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    with sqlite3.connect(database) as connection:
        indexes = {
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?",
                ("submissions_submission",),
            )
        }
    # The lists' indexes of submissions.0013, built concurrently on PostgreSQL.
    assert {
        "submission_status_created",
        "submission_service_created",
        "submission_open_created",
    } <= indexes
    pending = manage(database, "migrate", "--check")
    assert pending.returncode == 0, pending.stdout[-2000:]
