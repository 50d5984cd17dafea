"""What bench/audit.py and bench/scale.py share: two data sets, small and big, each in its
own PostgreSQL database (the big one a copy of the migrated small one), the switch of
Django's connection between them, the query diagnostics (EXPLAIN, the tables read, the
server's settings and versions) and the figures' arithmetic (percentiles, ratios).

Standard library only at import: a bench imports this before Django is set up.
"""

from __future__ import annotations

import contextlib
import os
import platform
import re
import sys
import time
from collections import Counter
from pathlib import Path

SIZES = ("small", "big")
FROM_TABLE = re.compile(r'\bFROM "([a-z0-9_]+)"')


class BenchError(Exception):
    """The bench could not run, or its result cannot be trusted."""


# -- The two databases ----------------------------------------------------------------------


def postgres_execute(postgres: str, sql: str) -> None:
    """Run one statement in the server's `postgres` database (CREATE/DROP DATABASE)."""
    import psycopg

    with psycopg.connect(f"{postgres}/postgres", autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql)


class TwoDatabases:
    """The small and big databases of one bench: `name` and `name_big` on `postgres`."""

    def __init__(self, postgres: str, name: str, bench: str, url_variable: str, settings: str):
        self.postgres = postgres
        self.names = {"small": name, "big": f"{name}_big"}
        self.bench = bench  # the bench's name, in its messages
        self.url_variable = url_variable  # where its settings module reads the small one's URL
        self.settings = settings

    def create(self) -> None:
        """Drop both, create the small one (empty)."""
        try:
            for name in self.names.values():
                postgres_execute(self.postgres, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            postgres_execute(self.postgres, f'CREATE DATABASE "{self.names["small"]}"')
        except Exception as error:
            raise BenchError(f"PostgreSQL at {self.postgres}: {error}") from error

    def copy(self) -> None:
        """The big size's database: a copy of the migrated one, catalog and session included."""
        from django.db import connections

        connections.close_all()
        small, big = self.names["small"], self.names["big"]
        for attempt in range(20):
            try:
                postgres_execute(self.postgres, f'CREATE DATABASE "{big}" TEMPLATE "{small}"')
                return
            except Exception as error:  # e.g. autovacuum still connected to the template
                if attempt == 19:
                    raise BenchError(f"could not copy {small}: {error}") from error
                time.sleep(0.5)

    def drop(self, wrappers) -> None:
        """Close the connections, drop both databases; a failure is said, not raised."""
        for wrapper in wrappers:
            with contextlib.suppress(Exception):
                wrapper.close()
        for name in self.names.values():
            try:
                postgres_execute(self.postgres, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except Exception as error:
                print(f"{self.bench}: could not drop {name}: {error}", file=sys.stderr)

    def environment(self, workdir: Path) -> None:
        """The environment Django is set up with: the bench's settings, the small database,
        files in `workdir`."""
        os.environ.update(
            {
                "DJANGO_SETTINGS_MODULE": self.settings,
                self.url_variable: f"{self.postgres}/{self.names['small']}",
                "MEDIA_ROOT": str(workdir / "media"),
                "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
                "LOG_LEVEL": "WARNING",
            }
        )


def use(wrapper) -> None:
    """Send Django's default connection to this data set's database."""
    from django.db import connections

    connections["default"] = wrapper


# -- Query diagnostics ----------------------------------------------------------------------


def explain(wrapper, sql: str, params) -> list[str]:
    with wrapper.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return [row[0] for row in cursor.fetchall()]


def query_tables(queries) -> dict[str, int]:
    """How many queries read each table first (FROM ...): repeated lookups stand out."""
    found = Counter()
    for sql in queries:
        match = FROM_TABLE.search(sql)
        found[match.group(1) if match else "?"] += 1
    return dict(found.most_common())


def backend_pid(wrapper) -> int:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def server_settings(wrapper) -> dict:
    names = ("server_version", "shared_buffers", "work_mem", "jit", "random_page_cost")
    with wrapper.cursor() as cursor:
        values = {}
        for name in names:
            cursor.execute(f"SHOW {name}")
            values[name] = cursor.fetchone()[0]
        return values


def versions(wrapper) -> dict:
    import django
    import wagtail

    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "postgresql": server_settings(wrapper),
        "cpus": os.cpu_count(),
    }


# -- Figures --------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def ratio(big: float, small: float) -> float | None:
    """Big over small, two decimals; None when either is zero."""
    return round(big / small, 2) if big and small else None


def aim_verdict(result: dict[str, dict]) -> str:
    """ "met by all", or which names missed the aim (each result has `aim_met`)."""
    missed = [name for name, r in result.items() if not r["aim_met"]]
    return "met by all" if not missed else f"NOT met by {', '.join(missed)}"


def settings_databases(url_variable: str, default_name: str) -> dict:
    """A bench settings module's DATABASES: the small data set's database, from the URL the
    bench sets in `url_variable`; one connection per data set for the whole run."""
    import dj_database_url

    url = os.environ.get(url_variable, f"postgres://postgres@127.0.0.1:5432/{default_name}")
    return {"default": dj_database_url.parse(url, conn_max_age=None)}
