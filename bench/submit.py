"""Submitting a 20-question form: our wizard and our API against Wagtail's stock form
builder, a bare insert view and a view that writes the API's rows bare, side by side in
one run, under gunicorn on PostgreSQL. Like is compared with like.

    .venv/bin/python bench/submit.py [--duration 12] [--rounds 3] [--clients 8] [--warm-caches]

It creates a fresh database (khedmat_bench on the local PostgreSQL), migrates it with
bench/baseline/settings.py, builds a service with our form and a stock Wagtail form
page holding the same questions, starts gunicorn (5 sync workers on 127.0.0.1, serving
bench/baseline/wsgi.py: the site, with each request's web and database CPU in a response
header), and drives each scenario for a fixed time from browser-like clients in two
processes, in rounds (every scenario once per round, every other round backwards) so
that a change in the machine's load touches every contender alike:

    get    a new visitor opens the form page
    post   a client posts a filled form that saves (stock, bare), the API's JSON, and
           the same JSON to the same-writes view
    visit  a new visitor's whole visit (ours: page, step, review = the saving POST,
           confirmation page; stock: page, post with its landing page; bare: page, post)

The comparisons (bench/baseline/report.py): GET against GET; our saving POST (the
review POST inside the visit, measured alone by its CPU header) against stock's POST;
the whole visit against stock's; the API against stock's POST and against the
same-writes view. Then, with gunicorn stopped, the pipeline of 30 of the requests our
wizard and API saved (routing, delivery, PDF receipt, "received" SMS to a fake Kavenegar)
is run in this process, as a worker would, and its CPU per request reported apart and
added to ours (stock has no worker work).

Caches: stock finds its page through Wagtail's routing and renders its form on every
request; ours keeps a per-process copy of an empty step's HTML. By default the bench
drops that copy before every request (bench/baseline/wsgi.py), so both resolve and render
the same way each time; `--warm-caches` keeps it, to see what it is worth.

Output: bench/results/submit.json and one summary line of ratios by web + database CPU
per operation (the aims' measure, steady when other programs share the machine), then
the throughput ratios of the same run. Any response that is not what a browser expects
(status and page) is an error; more than 1% errors, or rows that do not match the saves
the clients were told of, exit non-zero. A missed aim does not.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

# Standard library only: the client processes import these too, never Django.
from bench.baseline import load  # noqa: E402
from bench.baseline.report import (  # noqa: E402
    COMPARISONS,
    ratios,
    summarise,
    summary_line,
    table,
)
from bench.baseline.server import (  # noqa: E402
    Server,
    ServerError,
    children,
    cpu_seconds_between,
    cpu_ticks,
    machine_ticks,
)
from bench.two_sizes import POSTGRES, exit_status, postgres_execute  # noqa: E402
from tests.fakes.kavenegar import FakeKavenegar  # noqa: E402

RESULTS = REPO / "bench" / "results" / "submit.json"
SETTINGS_MODULE = "bench.baseline.settings"
DATABASE = os.environ.get("BENCH_DATABASE", "khedmat_bench")
GUNICORN = Path(sys.executable).parent / "gunicorn"  # the interpreter's own environment
WSGI_APP = "bench.baseline.wsgi:application"  # the site, with each request's CPU in a header
WORKERS = 5
CLIENT_PROCESSES = 2
MAX_ERROR_RATE = 0.01
NOISY_PCT = 10  # other programs' share of the CPU above which the run is flagged
# Overridable for a machine so busy that migrating alone takes minutes.
TIME_BUDGET_SECONDS = int(os.environ.get("BENCH_TIME_BUDGET", "420"))
# The bench's own Redis database for the shared cache, emptied after the run.
CACHE_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
# The broker the web process publishes each request's pipeline to, as in production;
# nothing consumes the bench's queue, emptied after the run.
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/13")
BROKER_QUEUE = "khedmat-bench"
WORKER_SAMPLE = 33  # requests whose pipeline is run in this process (3 of them warm-up)


class BenchError(Exception):
    """The bench could not run (not: our code is slow)."""


# -- Database and Django (in this process, for building data and counting rows) -----------


def database_create() -> None:
    try:
        postgres_execute(POSTGRES, f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        postgres_execute(POSTGRES, f'CREATE DATABASE "{DATABASE}"')
    except Exception as error:
        raise BenchError(f"PostgreSQL at {POSTGRES}: {error}") from error


def queue_empty() -> None:
    """Drop the pipeline messages the bench's submissions enqueued (no worker ran them),
    and the sessions and cache entries the run left in its own cache database."""
    try:
        import redis

        redis.Redis.from_url(BROKER_URL).delete(BROKER_QUEUE)
        redis.Redis.from_url(CACHE_URL).flushdb()
    except Exception as error:
        print(f"submit: could not empty the bench queue and cache: {error}", file=sys.stderr)


def database_drop() -> None:
    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # noqa: S110  (Django may not be set up yet)
        pass
    try:
        postgres_execute(POSTGRES, f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    except Exception as error:
        print(f"submit: could not drop {DATABASE}: {error}", file=sys.stderr)


def django_environment(media: Path, kavenegar, cold: bool) -> dict[str, str]:
    """The environment of this process and of gunicorn's workers."""
    env = {
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "BENCH_DATABASE_URL": f"{POSTGRES}/{DATABASE}",
        "BENCH_SECRET_KEY": secrets.token_urlsafe(50),
        "MEDIA_ROOT": str(media / "media"),
        "PRIVATE_MEDIA_ROOT": str(media / "private"),
        # Like production: the pipeline is published to a Redis broker after commit, so
        # its work never runs inside the measured request (bench/baseline/settings.py).
        "CELERY_BROKER_URL": BROKER_URL,
        # Our per-process render cache dropped before every request (bench/baseline/wsgi.py).
        "BENCH_COLD_CACHES": "1" if cold else "0",
        # The workers' SMS, sent in this process (bench/baseline/worker.py), go to the fake.
        "SMS_BACKEND": "kavenegar",
        "KAVENEGAR_BASE_URL": kavenegar.base_url,
        "KAVENEGAR_API_KEY": kavenegar.api_key,
        "KAVENEGAR_SENDER": "10008663",
        # As production with several processes must be: one shared cache (the rate
        # limits), and sessions read from it (Django's cached_db session store).
        "REDIS_URL": CACHE_URL,
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    return env


def django_prepare():
    import django
    from django.core.management import call_command

    from bench.baseline.fixtures import site_build

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    return site_build()


def worker_measure() -> dict:
    """The workers' CPU per request, on requests our wizard and API saved in the run."""
    from bench.baseline.load import SAME_MOBILE
    from bench.baseline.worker import worker_cpu
    from submissions.models import Submission

    ids = list(
        Submission.objects.exclude(mobile=SAME_MOBILE)
        .order_by("-pk")
        .values_list("pk", flat=True)[:WORKER_SAMPLE]
    )
    try:
        return worker_cpu(ids)
    finally:
        from django.db import connection

        connection.close()


def row_counts(site) -> dict[str, int]:
    from django.db import connection

    from bench.baseline.fixtures import row_counts as counts

    try:
        return counts(site)
    finally:
        connection.close()


def database_backends() -> list[int]:
    """Process ids of the PostgreSQL backends serving the bench database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        pids = [row[0] for row in cursor.fetchall()]
    connection.close()
    return pids


# -- Measuring -------------------------------------------------------------------------------


def _sleep_until(moment: float) -> None:
    time.sleep(max(0.0, moment - time.monotonic()))


def measure(pool, server, target, site, name, *, clients, warmup, seconds) -> dict:
    """One window of one scenario: its clients' records and where the CPU went."""
    scenario = load.SCENARIOS[name]
    threads = max(1, clients // CLIENT_PROCESSES)
    rows_before = row_counts(site)
    begin = time.monotonic() + 0.5  # time for the clients' setup (one GET each)
    start = begin + warmup
    stop = start + seconds
    futures = [
        pool.submit(load.clients_run, name, target, threads, begin, stop)
        for _ in range(CLIENT_PROCESSES)
    ]
    _sleep_until(start - 0.3)
    workers, backends = server.worker_pids(), database_backends()
    client_pids = [pid for pid in children(os.getpid()) if pid != server.process.pid]
    _sleep_until(start)
    before = (cpu_ticks(workers), cpu_ticks(backends), cpu_ticks(client_pids), machine_ticks())
    _sleep_until(stop)
    backends = sorted({*backends, *database_backends()})
    after = (cpu_ticks(workers), cpu_ticks(backends), cpu_ticks(client_pids), machine_ticks())
    results = [
        future.result(timeout=warmup + seconds + load.TIMEOUT_SECONDS + 30) for future in futures
    ]
    rows_after = row_counts(site)
    records = [record for result in results for record in result["records"]]
    ticks = os.sysconf("SC_CLK_TCK")
    return {
        "records": records,
        "measured": [r for r in records if start <= r.end <= stop],
        "seconds": seconds,
        "server_cpu": cpu_seconds_between(before[0], after[0]),
        "db_cpu": cpu_seconds_between(before[1], after[1]),
        "client_cpu": cpu_seconds_between(before[2], after[2]),
        "machine_busy": (after[3][0] - before[3][0]) / ticks,
        "machine_total": (after[3][1] - before[3][1]) / ticks,
        "created": rows_after[scenario.contender] - rows_before[scenario.contender],
    }


# -- Main -----------------------------------------------------------------------------------


def _timeout(signum, frame):
    raise BenchError(f"over the time budget of {TIME_BUDGET_SECONDS} s")


def versions() -> dict:
    import django
    import wagtail

    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "gunicorn": subprocess.run(
            [str(GUNICORN), "--version"], capture_output=True, text=True, check=False
        ).stdout.strip(),
        "cpus": os.cpu_count(),
    }


def run(args) -> int:
    began = time.monotonic()
    names = list(load.SCENARIOS)
    seconds = args.duration / args.rounds
    planned = 30 + args.rounds * len(names) * (args.warmup + seconds + 1)
    if planned > TIME_BUDGET_SECONDS:
        raise BenchError(f"{planned:.0f} s planned; keep it under {TIME_BUDGET_SECONDS} s")
    if not GUNICORN.exists():
        raise BenchError(f"{GUNICORN} is missing: run `make install` first")
    signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(TIME_BUDGET_SECONDS)
    server = pool = kavenegar = None
    workdir = Path(tempfile.mkdtemp(prefix="khedmat-bench-"))
    try:
        print(f"submit: building {DATABASE} (migrate, pages, forms) ...", flush=True)
        database_create()
        kavenegar = FakeKavenegar().start()
        env = django_environment(workdir, kavenegar, cold=not args.warm_caches)
        site = django_prepare()
        pool = ProcessPoolExecutor(
            max_workers=CLIENT_PROCESSES, mp_context=multiprocessing.get_context("spawn")
        )
        pinged = [pool.submit(load.ping) for _ in range(CLIENT_PROCESSES)]
        server = Server(GUNICORN, REPO, env, workdir / "gunicorn.log", WORKERS, WSGI_APP)
        target = load.Target(
            port=server.port,
            apply_path=f"{site.service_path}apply/",
            stock_path=site.stock_path,
            bare_path="/bench/bare/",
            api_path=f"/api/v1/services/{site.service_code}/submissions/",
            same_path=f"/bench/same-writes/{site.service_code}/",
            wizard_prefix=f"khedmat_wizard_{site.service_pk}",
        )
        server.wait_ready(target.bare_path, timeout=TIME_BUDGET_SECONDS / 7)
        for future in pinged:
            future.result(timeout=60)
        setup_seconds = time.monotonic() - began
        print(
            f"submit: ready in {setup_seconds:.0f} s; {len(names)} scenarios, {args.rounds} "
            f"rounds of {args.warmup:g}+{seconds:g} s, {args.clients} clients, "
            f"gunicorn {WORKERS} sync workers on :{server.port}",
            flush=True,
        )
        windows: dict[str, list[dict]] = {name: [] for name in names}
        for round_number in range(args.rounds):
            # Every other round backwards, so that drift in the machine's load evens out.
            order = names if round_number % 2 == 0 else names[::-1]
            for name in order:
                window = measure(
                    pool,
                    server,
                    target,
                    site,
                    name,
                    clients=args.clients,
                    warmup=args.warmup,
                    seconds=seconds,
                )
                windows[name].append(window)
            print(f"  round {round_number + 1}/{args.rounds} done", flush=True)
        totals = row_counts(site)
        server_log = server.log_tail()
        server.stop()  # the workers' share is measured on an otherwise quiet server
        print("submit: running the pipeline of created requests in-process ...", flush=True)
        worker = worker_measure()
    except ServerError as error:
        raise BenchError(str(error)) from error
    finally:
        signal.alarm(0)
        if server is not None:
            server.stop()
        if kavenegar is not None:
            kavenegar.stop()
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        if not args.keep_db:
            database_drop()
        queue_empty()
        shutil.rmtree(workdir, ignore_errors=True)

    scenarios = {name: summarise(name, windows[name]) for name in names}
    result = ratios(scenarios, worker)
    report = {
        "benchmark": "submit",
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": versions(),
        "config": {
            "gunicorn_workers": WORKERS,
            "worker_class": "sync",
            "database": "postgresql",
            "clients": args.clients,
            "client_processes": CLIENT_PROCESSES,
            "rounds": args.rounds,
            "warmup_s_per_round": args.warmup,
            "measured_s_per_scenario": args.duration,
            "questions": 20,
            "aims_by_cpu": {name: aim for name, *_rest, aim in COMPARISONS},
            "cold_caches": not args.warm_caches,
            "wsgi_application": WSGI_APP,
        },
        "scenarios": scenarios,
        "worker": worker,
        "ratios": result,
        "rows_total": totals,
        "setup_s": round(setup_seconds, 1),
        "wall_s": round(time.monotonic() - began, 1),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")

    print(table(scenarios))
    noise = max(s["other_programs_cpu_pct"] for s in scenarios.values())
    if noise > NOISY_PCT:
        print(
            f"submit: note: other programs took up to {noise}% of the CPU during the run; "
            "ops/s ratios are disturbed by it, the CPU-per-op ratios much less."
        )
    print(summary_line(result, worker))
    problems = [
        f"{name}: {s['errors']} errors ({s['error_rate']:.1%}) {s['error_samples']}"
        for name, s in scenarios.items()
        if s["error_rate"] > MAX_ERROR_RATE
    ] + [
        f"{name}: {s['rows_created']} rows created, {s['rows_saved_acknowledged']} acknowledged"
        for name, s in scenarios.items()
        if not s["rows_ok"]
    ]
    if problems:
        print("submit: FAILED, the numbers above are not trustworthy:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        if "Traceback" in server_log or "Error" in server_log:
            print(f"gunicorn's log ends with:\n{server_log}", file=sys.stderr)
        return 1
    print(f"submit: wrote {RESULTS.relative_to(REPO)} in {report['wall_s']:.0f} s")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--duration", type=float, default=12, help="measured seconds per scenario, all rounds"
    )
    parser.add_argument("--rounds", type=int, default=3, help="passes over the scenarios")
    parser.add_argument("--warmup", type=float, default=1, help="unmeasured seconds per window")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--keep-db", action="store_true", help=f"leave {DATABASE} for a look")
    parser.add_argument(
        "--warm-caches",
        action="store_true",
        help="keep our per-process render cache between requests (stock has none)",
    )
    args = parser.parse_args()
    if args.rounds < 1 or args.duration <= 0 or args.clients < CLIENT_PROCESSES:
        parser.error(f"need rounds >= 1, duration > 0 and clients >= {CLIENT_PROCESSES}")
    return exit_status("submit", run, args, BenchError)


if __name__ == "__main__":
    sys.exit(main())
