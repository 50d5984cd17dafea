"""What bench/audit.py and bench/scale.py share: two data sets, small and big, each in its
own PostgreSQL database (the big one a copy of the migrated small one), the switch of
Django's connection between them, the query diagnostics (EXPLAIN, the tables read, the
server's settings and versions), the timed rounds and the report (`RunRecord`); and what
every bench uses: `POSTGRES` and `postgres_execute` (make and drop its databases),
`exit_status`. The figures' arithmetic and tables are in `bench/figures/`.

Standard library only at import: a bench imports this before Django is set up.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import re
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.baseline.server import cpu_seconds_between, cpu_ticks, machine_ticks
from bench.figures import SIZES

REPO = Path(__file__).resolve().parent.parent
# The local PostgreSQL every bench makes its databases on.
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
NOISY_PCT = 10  # other programs' share of the CPU above which a run is flagged
FROM_TABLE = re.compile(r'\bFROM "([a-z0-9_]+)"')
EXPLAIN_TOP = 3  # slowest queries kept (and explained at the big size) per page or endpoint
SQL_SHOWN = 3000  # characters of each kept query


class BenchError(Exception):
    """The bench could not run, or its result cannot be trusted."""


def exit_status(bench: str, run, args, failure: type[Exception], failed: int = 2) -> int:
    """`run(args)`'s exit status: a `failure` raised is said as the bench having FAILED
    (exit `failed`), Ctrl-C as interrupted (130)."""
    try:
        return run(args)
    except failure as error:
        print(f"{bench}: FAILED: {error}", file=sys.stderr)
        return failed
    except KeyboardInterrupt:
        print(f"{bench}: interrupted", file=sys.stderr)
        return 130


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
        self.opened: dict = {}  # the connections `wrappers` made, closed by `drop`

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

    def wrappers(self) -> dict:
        """Django's connection to each data set's database: the default one (the small
        set's), and one like it to the big set's."""
        from django.db import connections

        small = connections["default"]
        big = type(small)({**small.settings_dict, "NAME": self.names["big"]}, "default")
        self.opened = {"small": small, "big": big}
        return self.opened

    def config(self, sizes: dict, args) -> dict:
        """The JSON's first `config` entries: the sizes, their databases, the client, the
        rounds and calls per round (`args.rounds`, `args.per_round`)."""
        return {
            "sizes": sizes,
            "databases": self.names,
            "client": "django.test.Client, in process",
            "rounds": args.rounds,
            "per_round": args.per_round,
        }

    @contextlib.contextmanager
    def run_scope(self, *, seconds: int, keep_db: bool):
        """A run of the bench: BenchError once it takes over `seconds`; Django's environment
        (`environment`) with its files in a scratch folder; at the end (whatever happened)
        the alarm off, both databases dropped unless `keep_db`, the folder removed."""

        def timeout(signum, frame):
            raise BenchError(f"over the time budget of {seconds} s")

        signal.signal(signal.SIGALRM, timeout)
        signal.alarm(seconds)
        workdir = Path(tempfile.mkdtemp(prefix=f"khedmat-bench-{self.bench}-"))
        try:
            self.environment(workdir)
            yield
        finally:
            signal.alarm(0)
            if not keep_db:
                self.drop()
            shutil.rmtree(workdir, ignore_errors=True)

    def drop(self) -> None:
        """Close the connections, drop both databases; a failure is said, not raised."""
        for wrapper in self.opened.values():
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


# -- Timing --------------------------------------------------------------------------------


def warm_up(items, call, times: int) -> None:
    """Call each item (a page, an endpoint) at each size `times` times, untimed."""
    for item in items:
        for size in SIZES:
            for _ in range(times):
                call(item, size)


def in_rounds(items, rounds: int):
    """(item, size) for each item at each size once per round, every other round backwards,
    so that a change in the machine's load touches both sizes alike."""
    pairs = [(item, size) for item in items for size in SIZES]
    for number in range(rounds):
        yield from pairs if number % 2 == 0 else pairs[::-1]


@contextlib.contextmanager
def queries_logged(wrappers: dict, log):
    """Every query on the data sets' connections (`wrappers`) passes through `log` (an
    audit_bench.pages.QueryLog) inside the block."""
    with contextlib.ExitStack() as stack:
        for wrapper in wrappers.values():
            stack.enter_context(wrapper.execute_wrapper(log))
        yield


def timed_in_rounds(items, call, *, rounds: int, per_round: int, backend_pids: list[int]):
    """`call(item, size)` `per_round` times for each item at each size, `in_rounds`: per
    item name and size, a list of each round's samples; and the (before, after) `ticks_now`
    snapshots around the rounds."""
    ticks_before = ticks_now(backend_pids)
    samples = {item.name: {size: [] for size in SIZES} for item in items}
    for item, size in in_rounds(items, rounds):
        samples[item.name][size].append([call(item, size) for _ in range(per_round)])
    return samples, (ticks_before, ticks_now(backend_pids))


def ticks_now(backend_pids: list[int]) -> tuple:
    """CPU ticks of this process, of the data sets' PostgreSQL backends, of the machine."""
    return cpu_ticks([os.getpid()]), cpu_ticks(backend_pids), machine_ticks()


def cpu_used(ticks) -> tuple[float, float, float | None]:
    """Between the (before, after) `ticks_now` snapshots: this process's CPU seconds, the
    backends', and other programs' share of the machine in percent (None if unknown)."""
    before, after = ticks
    own = cpu_seconds_between(before[0], after[0])
    database = cpu_seconds_between(before[1], after[1])
    hz = os.sysconf("SC_CLK_TCK")
    busy = (after[2][0] - before[2][0]) / hz
    total = (after[2][1] - before[2][1]) / hz
    noise = round(max(0.0, busy - own - database) / total * 100, 1) if total else None
    return own, database, noise


# -- Query diagnostics ----------------------------------------------------------------------


def explain(wrapper, sql: str, params) -> list[str]:
    with wrapper.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return [row[0] for row in cursor.fetchall()]


def queries_kept(call, item, log) -> dict[str, list]:
    """Call the item once more at each size with `log` (an audit_bench.pages.QueryLog)
    keeping its queries: per size, (seconds, sql, params), slowest first."""
    kept = {}
    for size in SIZES:
        log.keep = True
        call(item, size)
        log.keep = False
        kept[size] = sorted(log.queries, key=lambda query: -query[0])
    return kept


def queries_profile(kept: dict[str, list]) -> dict:
    """The JSON of `queries_kept`: the queries by table and the slowest ones, per size."""
    return {
        "queries_by_table": {
            size: query_tables(sql for _ms, sql, _params in kept[size]) for size in SIZES
        },
        "slowest_queries": {
            size: [
                {"ms": round(ms * 1000, 2), "sql": sql[:SQL_SHOWN]}
                for ms, sql, _params in kept[size][:EXPLAIN_TOP]
            ]
            for size in SIZES
        },
    }


def plans(big, queries, sql_shown: int | None = None) -> list[dict]:
    """Each (seconds, sql, params) query run again under EXPLAIN on the big database; its
    SQL cut to `sql_shown` characters (None: whole)."""
    return [
        {
            "ms": round(ms * 1000, 2),
            "sql": sql[:sql_shown],
            "params": [str(p) for p in params] if params else [],
            "plan": explain(big, sql, params),
        }
        for ms, sql, params in queries
    ]


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


# -- The result ----------------------------------------------------------------------------


def item_figures(item, summaries: dict, result: dict, profiles: dict) -> dict:
    """A page's or an endpoint's JSON: what it is, its summary at each size, its ratios,
    its queries."""
    return {
        "what": item.what,
        **summaries[item.name],
        "ratio": result[item.name],
        **profiles[item.name],
    }


@dataclass
class RunRecord:
    """One run of a two-size bench as it goes: when it began, when its set-up was over,
    the wrong answers; and how its report speaks of them (`wrong`: what an answer is
    called) and of other programs' load (`noise_why`: why the ratios hold all the same)."""

    bench: str
    path: Path  # where the JSON goes
    wrong: str
    noise_why: str
    began: float = field(default_factory=time.monotonic)
    setup_seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def ready(self, timed: str) -> None:
        """The set-up is over: its seconds kept, and said with what is `timed` now."""
        self.setup_seconds = time.monotonic() - self.began
        print(f"{self.bench}: ready in {self.setup_seconds:.0f} s; {timed}", flush=True)

    def report(self, machine: dict, figures: dict, *, shown: str, summary: str) -> int:
        """Write the JSON: the bench's name, the time, the machine, its `figures`, the wrong
        answers (the first 50), the set-up's and the whole run's seconds. Then print `shown`
        (the table), a note when other programs took over NOISY_PCT of the CPU, and the
        `summary` line. The exit status: 1 with the wrong answers said, else 0."""
        document = {
            "benchmark": self.bench,
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "machine": machine,
            **figures,
            "errors": self.errors[:50],
            "error_count": len(self.errors),
            "setup_s": round(self.setup_seconds, 1),
            "wall_s": round(time.monotonic() - self.began, 1),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n")
        print(shown)
        noise = figures["other_programs_cpu_pct"]
        if noise is not None and noise > NOISY_PCT:
            print(
                f"{self.bench}: note: other programs took {noise}% of the CPU during the "
                f"timing; {self.noise_why}"
            )
        print(summary)
        if errors_said(self.bench, self.errors, self.wrong):
            return 1
        print(f"{self.bench}: wrote {self.path.relative_to(REPO)} in {document['wall_s']:.0f} s")
        return 0


def errors_said(bench: str, errors: list[str], what: str) -> bool:
    """Say the run FAILED with the first ten distinct wrong `what` (on stderr); False when
    there were none."""
    if not errors:
        return False
    print(f"{bench}: FAILED, {len(errors)} wrong {what}:", file=sys.stderr)
    for error in sorted(set(errors))[:10]:
        print(f"  {error}", file=sys.stderr)
    return True


# -- Figures --------------------------------------------------------------------------------


def size_summaries(samples: dict[str, dict[str, list]], summarise) -> dict[str, dict[str, dict]]:
    """Per name (a page, an endpoint) and size, `summarise` of its samples."""
    return {
        name: {size: summarise(by_size[size]) for size in SIZES}
        for name, by_size in samples.items()
    }


def settings_databases(url_variable: str, default_name: str) -> dict:
    """A bench settings module's DATABASES: the small data set's database, from the URL the
    bench sets in `url_variable`; one connection per data set for the whole run."""
    import dj_database_url

    url = os.environ.get(url_variable, f"postgres://postgres@127.0.0.1:5432/{default_name}")
    return {"default": dj_database_url.parse(url, conn_max_age=None)}
