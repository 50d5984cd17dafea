"""Scale: the lookups citizens and staff make every minute, with 1,000,000 requests
against the same with 1,000, side by side in one run, in this process on PostgreSQL.

    .venv/bin/python bench/scale.py [--rows 1000000] [--small 1000] [--rounds 6]
        [--per-round 4] [--warmup 3] [--keep-db]

It creates a fresh database (khedmat_scale_bench on the local PostgreSQL), migrates it
with bench/scale_bench/settings.py (the base settings, DEBUG off), builds a catalog
(48 services in 3 categories, 16 departments, 60 clerks; bench/audit_bench/data.py)
and a clerk of 8 of the 16 departments who may view and change requests, logs the clerk
in, and copies that database (CREATE DATABASE ... TEMPLATE) to khedmat_scale_bench_big.
Then it fills each with its size in bulk SQL (bench/scale_bench/data.py on top of
bench/audit_bench/data.py: a year of requests stored out of date order, their history,
events, SMS, surveys and pipeline steps) and times each endpoint at each size:

    track_html            POST /track/                    code and mobile: status page
    track_api             POST /api/v1/track/             code and mobile: JSON
    confirmation          GET /requests/<token>/          the citizen's confirmation
    cartable*             GET /admin/cartable/            the clerk's inbox, each filter
    api_list, api_list_status, api_detail  GET /api/v1/submissions/[<code>/]

Lookups cycle through 40 requests of each data set (half of them the clerk's). Every
endpoint is warmed up at both sizes; then, in rounds (every endpoint at both sizes once
per round, every other round backwards, so that a change in the machine's load touches
both sizes alike), each is called --per-round times. The measure is the CPU this
process and the data set's PostgreSQL backend spent on the request (median); wall time
is reported beside it. Every answer is checked (HTTP 200, the request or a list shown).

Then each endpoint is called once more at each size with its queries kept, and the
three slowest at the big size are run again under EXPLAIN (ANALYZE, BUFFERS). It drops
both databases (unless --keep-db), writes bench/results/scale.json and prints one
summary line: big/small by median web + database CPU per endpoint (the aim: <= 1.2x).
A wrong answer or a failed build exits non-zero; a missed aim does not.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

# Standard library only until Django is set up.
from bench import two_sizes  # noqa: E402
from bench.figures import SIZES  # noqa: E402
from bench.scale_bench.figures import AIM, TABLE, ratios, summarise, summary_line  # noqa: E402

RESULTS = REPO / "bench" / "results" / "scale.json"
SETTINGS_MODULE = "bench.scale_bench.settings"
DATABASE = os.environ.get("BENCH_SCALE_DATABASE", "khedmat_scale_bench")
# The small and big data sets' databases.
DBS = two_sizes.TwoDatabases(
    two_sizes.POSTGRES, DATABASE, "scale", "BENCH_SCALE_DATABASE_URL", SETTINGS_MODULE
)
DATABASES = DBS.names
TIME_BUDGET_SECONDS = 1500
# Said when other programs took much of the CPU while the endpoints were timed.
NOISE_WHY = "the measure is CPU per request, in the same rounds for both sizes."


def build(args, sizes):
    """Both databases, migrated, filled and open; the clients; the samples."""
    from django.core.management import call_command
    from django.utils import timezone

    from bench.scale_bench import data

    call_command("migrate", interactive=False, verbosity=0)
    catalog, clerk_id = data.catalog_make()
    DBS.copy()
    wrappers = DBS.wrappers()
    now = timezone.now()
    loads = {}
    for size in SIZES:
        print(f"scale: loading {size}: {sizes[size]:,} requests ...", flush=True)
        began = time.monotonic()
        loads[size] = data.load(wrappers[size], catalog, requests=sizes[size], now=now)
        loads[size]["total"] = round(time.monotonic() - began, 1)
        print(f"scale: loaded {size} in {loads[size]['total']} s", flush=True)
    found = (catalog.services[0][0], catalog.department_ids[0], clerk_id)
    return (found, wrappers, loads, *ready(wrappers, clerk_id))


def reuse(args, sizes):
    """The databases a run with --keep-db left, migrated to this code (new indexes)."""
    from django.core.management import call_command

    from bench.scale_bench import data

    wrappers = DBS.wrappers()
    for size in SIZES:
        two_sizes.use(wrappers[size])
        began = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        print(f"scale: migrated {size} in {time.monotonic() - began:.0f} s", flush=True)
        found = data.requests_count(wrappers[size])
        if found != sizes[size]:
            raise two_sizes.BenchError(
                f"{DATABASES[size]} holds {found:,} requests, not {sizes[size]:,}"
            )
    two_sizes.use(wrappers["small"])
    found = data.catalog_found()
    loads = {size: {"reused": True} for size in SIZES}
    return (found, wrappers, loads, *ready(wrappers, found[2]))


def ready(wrappers, clerk_id: int):
    """Each data set's row counts, sample requests and clients (the clerk signed in to
    each database: sessions are stored in it)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench.scale_bench import data

    rows, samples, clients = {}, {}, {}
    for size in SIZES:
        two_sizes.use(wrappers[size])
        rows[size] = {
            table_name: data.row_count(wrappers[size], table_name)
            for table_name in (
                "submissions_submission",
                "submissions_historicalsubmission",
                "submissions_submissionevent",
                "submissions_pipelinestep",
                "receipts_smsmessage",
            )
        }
        samples[size] = data.samples(wrappers[size], clerk_id=clerk_id)
        clerk = Client()
        clerk.force_login(get_user_model().objects.get(pk=clerk_id))
        clients[size] = {"citizen": Client(), "clerk": clerk}
    return clients, rows, samples


def measure(args, wrappers, clients, samples, endpoint_list, errors):
    """Warm-up, then the timed rounds (per endpoint and size, each round's timings);
    then once more with the queries kept."""
    from bench.audit_bench.pages import QueryLog
    from bench.scale_bench.pages import timed

    log = QueryLog()
    pids = {size: two_sizes.backend_pid(wrapper) for size, wrapper in wrappers.items()}
    calls = {(endpoint.name, size): 0 for endpoint in endpoint_list for size in SIZES}
    shown = {}  # (endpoint, size): the rows its last answer listed

    def call(endpoint, size):
        two_sizes.use(wrappers[size])
        client = clients[size]["clerk" if endpoint.as_clerk else "citizen"]
        number = calls[endpoint.name, size]
        calls[endpoint.name, size] += 1
        timing, error, shown[endpoint.name, size] = timed(
            endpoint, client, samples[size], number, log, pids[size]
        )
        if error:
            errors.append(f"{size}: {error}")
        return timing

    with two_sizes.queries_logged(wrappers, log):
        two_sizes.warm_up(endpoint_list, call, args.warmup)
        timings, ticks = two_sizes.timed_in_rounds(
            endpoint_list,
            call,
            rounds=args.rounds,
            per_round=args.per_round,
            backend_pids=list(pids.values()),
        )
        profiles = {
            endpoint.name: {
                **profile(endpoint, call, log, wrappers["big"]),
                "rows_shown": {size: shown[endpoint.name, size] for size in SIZES},
            }
            for endpoint in endpoint_list
        }
    return timings, profiles, ticks


def profile(endpoint, call, log, big) -> dict:
    kept = two_sizes.queries_kept(call, endpoint, log)
    selects = [
        query
        for query in kept["big"][: two_sizes.EXPLAIN_TOP]
        if query[1].lstrip().upper().startswith("SELECT")
    ]
    return {
        **two_sizes.queries_profile(kept),
        "explain_big": two_sizes.plans(big, selects, two_sizes.SQL_SHOWN),
    }


def run(args) -> int:
    record = two_sizes.RunRecord("scale", RESULTS, wrong="answers", noise_why=NOISE_WHY)
    sizes = {"small": args.small, "big": args.rows}
    with DBS.run_scope(seconds=args.time_budget, keep_db=args.keep_db):
        if not args.reuse_db:
            print(f"scale: building {DATABASES['small']} (migrate, catalog, clerk) ...", flush=True)
            DBS.create()
        import django

        django.setup()
        from bench.scale_bench.pages import endpoints

        found, wrappers, loads, clients, rows, samples = (reuse if args.reuse_db else build)(
            args, sizes
        )
        endpoint_list = endpoints(service_id=found[0], department_id=found[1])
        if args.only:
            endpoint_list = [e for e in endpoint_list if e.name in args.only.split(",")]
        record.ready(
            f"{len(endpoint_list)} endpoints x 2 sizes, {args.rounds} rounds of {args.per_round}"
        )
        timings, profiles, ticks = measure(
            args, wrappers, clients, samples, endpoint_list, record.errors
        )
        machine = two_sizes.versions(wrappers["big"])

    summaries = two_sizes.size_summaries(timings, summarise)
    result = ratios(summaries)
    _own, _database, noise = two_sizes.cpu_used(ticks)
    figures = {
        "config": {
            **DBS.config(sizes, args),
            "warmup_per_endpoint_and_size": args.warmup,
            "aim_big_vs_small": AIM,
            "measure": "median of this process's CPU + its PostgreSQL backend's per request",
        },
        "data": {size: {**rows[size], "load_s": loads[size]} for size in SIZES},
        "endpoints": {
            e.name: two_sizes.item_figures(e, summaries, result, profiles) for e in endpoint_list
        },
        "ratios": result,
        "other_programs_cpu_pct": noise,
    }
    return record.report(
        machine,
        figures,
        shown=TABLE.render(summaries, result),
        summary=summary_line(result, sizes),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="requests, big size")
    parser.add_argument("--small", type=int, default=1_000, help="requests, small size")
    parser.add_argument("--rounds", type=int, default=6, help="passes over the endpoints")
    parser.add_argument("--per-round", type=int, default=4, help="calls per endpoint and round")
    parser.add_argument("--warmup", type=int, default=3, help="untimed calls per endpoint/size")
    parser.add_argument("--only", default="", help="comma-separated endpoint names")
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="measure on the databases a --keep-db run left (same --rows and --small), "
        "migrated first",
    )
    parser.add_argument(
        "--time-budget",
        type=int,
        default=TIME_BUDGET_SECONDS,
        help="give up after this many seconds (loading 1,000,000 requests on a shared "
        "machine takes long)",
    )
    parser.add_argument(
        "--keep-db", action="store_true", help=f"leave {', '.join(DATABASES.values())}"
    )
    args = parser.parse_args()
    if min(args.small, args.rows, args.rounds, args.per_round) < 1 or args.warmup < 0:
        parser.error("need sizes, rounds and per-round >= 1, warmup >= 0")
    if args.small < 100:
        parser.error("need at least 100 requests in the small size (the samples)")
    return two_sizes.exit_status("scale", run, args, two_sizes.BenchError)


if __name__ == "__main__":
    sys.exit(main())
