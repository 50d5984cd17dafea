"""`make run` on a fresh machine migrates the embedded SQLite database (no `DATABASE_URL`):
every migration must apply there too, PostgreSQL-only work (concurrent index builds,
extended statistics, trigram search) skipped or done the plain way."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.commands import manage_py, os_environment

pytestmark = pytest.mark.integration


def manage(database: Path, *args: str) -> subprocess.CompletedProcess:
    """`manage.py <args>` with `make run`'s settings on the SQLite file `database`."""
    env = os_environment(
        DJANGO_SETTINGS_MODULE="cms_site.settings.dev", DATABASE_URL=f"sqlite:///{database}"
    )
    return manage_py(*args, env=env, timeout=1200)


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
