"""The managers' reports at scale: the audit trail and the statistics with 100,000
requests and 1,000,000 history rows, against the same pages with 1,000 requests and
10,000 history rows, side by side in one run, in this process on PostgreSQL.

    .venv/bin/python bench/audit.py [--small 1000] [--small-history 10000]
        [--big 100000] [--history 1000000] [--rounds 8] [--per-round 3] [--warmup 3]
        [--keep-db]

It creates a fresh database (khedmat_bench_audit on the local PostgreSQL), migrates it
with bench/audit_bench/settings.py (the base settings, DEBUG off), builds a small
catalog (12 services, 6 departments, one form; tests/factories.py), 30 clerks and a
manager holding `khedmat_audit.view_audit` and `khedmat_statistics.view_statistics`,
logs the manager in, and copies that database (CREATE DATABASE ... TEMPLATE) to
khedmat_bench_audit_big.
Then it fills each with its size in bulk SQL (bench/audit_bench/data.py: requests over
the last 12 months, their history, events, SMS and surveys), and times, through
Django's test Client with the manager's session, each page at each size:

    audit        /admin/audit/                                 first page, no filter
    audit_model  /admin/audit/?model=submissions.submission    filtered by model
    audit_user   /admin/audit/?user=<a clerk>                  filtered by a user
    statistics   /admin/statistics/                            this Jalali half-year
    dashboard    /admin/                                       with the statistics panel

Every page is warmed up at both sizes first; then, in rounds (every page at both sizes
once per round, every other round backwards, so that a change in the machine's load
touches all alike), each is requested --per-round times. The database a request goes
to is switched between the two sizes by swapping the connection Django uses (two
connections kept open for the whole run). Every response is checked: HTTP 200, 50
entries on each audit page, the statistics' request count and the dashboard's overdue
count equal to the ones counted in SQL.

Then each page is requested once more at each size with its queries recorded; the
three slowest queries of each page at the big size are run again under
EXPLAIN (ANALYZE, BUFFERS). It drops both databases (unless --keep-db), writes
bench/results/audit.json (per page and size: median, p95, mean, CPU and database time
per request, queries; the big/small ratios; the slowest queries and the plans) and
prints one summary line: big/small by median time per page (the aim: <= 2x). A wrong
page or a failed build exits non-zero; a missed aim does not.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

# Standard library only until Django is set up.
from bench import two_sizes  # noqa: E402
from bench.audit_bench.figures import (  # noqa: E402
    AIM_BIG_VS_SMALL,
    TABLE,
    ratios,
    summarise,
    summary_line,
)
from bench.figures import SIZES  # noqa: E402

RESULTS = REPO / "bench" / "results" / "audit.json"
SETTINGS_MODULE = "bench.audit_bench.settings"
DATABASE = os.environ.get("BENCH_AUDIT_DATABASE", "khedmat_bench_audit")
# The small and big data sets' databases.
DBS = two_sizes.TwoDatabases(
    two_sizes.POSTGRES, DATABASE, "audit", "BENCH_AUDIT_DATABASE_URL", SETTINGS_MODULE
)
DATABASES = DBS.names
TIME_BUDGET_SECONDS = 540
# Said when other programs took much of the CPU while the pages were timed.
NOISE_WHY = "both sizes were timed in the same rounds, so the ratios are disturbed less."
# Catalog changes are made long before the requests (none are in the newest pages).
CATALOG_HISTORY_AGE = datetime.timedelta(days=400)


# -- Databases ------------------------------------------------------------------------------


def django_prepare(client):
    """Migrate, build the catalog, log the manager in (the session is copied with the
    database), and date the catalog's history before the requests'."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from bench.audit_bench.data import catalog_build
    from cms_site.audit.constants import AUDITED_LABELS
    from cms_site.audit.selectors import historical_model

    call_command("migrate", interactive=False, verbosity=0)
    catalog = catalog_build()
    client.force_login(get_user_model().objects.get(pk=catalog.manager_id))
    with connection.cursor() as cursor:
        for label in AUDITED_LABELS:
            if label != "submissions.submission":
                table = historical_model(label)._meta.db_table
                cursor.execute(
                    f"UPDATE {table} SET history_date = history_date - %s",  # noqa: S608
                    [CATALOG_HISTORY_AGE],
                )
    return catalog


def expected_figures(today: datetime.date):
    """The request count of the statistics' default period and the overdue count."""
    from bench.audit_bench.pages import Expected
    from cms_site.statistics.periods import period_half_year
    from cms_site.statistics.tables import COUNT, cell_display
    from submissions.constants import FINAL_STATUSES
    from submissions.models import Submission

    period = period_half_year(today)
    in_period = Submission.objects.filter(
        created_at__gte=period.start_at, created_at__lt=period.end_before
    ).count()
    overdue = (
        Submission.objects.filter(due_date__lt=today).exclude(status__in=FINAL_STATUSES).count()
    )
    return Expected(requests_in_period=str(cell_display(in_period, COUNT)), overdue=overdue)


# -- Main -----------------------------------------------------------------------------------


def data_load(wrappers, catalog, sizes) -> dict:
    """Fill each data set with its size of requests and history; its row counts and the
    seconds the load took."""
    from django.utils import timezone

    from bench.audit_bench import data

    now = timezone.now()
    loads = {}
    for size in SIZES:
        print(
            f"audit: loading {size}: {sizes[size]['requests']:,} requests, "
            f"{sizes[size]['history']:,} history rows ...",
            flush=True,
        )
        loads[size] = data.requests_load(wrappers[size], catalog, now=now, **sizes[size])
    rows = {size: data.row_counts(wrappers[size]) for size in SIZES}
    for size in SIZES:
        rows[size]["load_s"] = loads[size]
    return rows


def page_profile(page, request, log, big) -> dict:
    """The page's queries kept at each size; the slowest ones at the big size explained."""
    kept = two_sizes.queries_kept(request, page, log)
    explained = two_sizes.plans(big, kept["big"][: two_sizes.EXPLAIN_TOP])
    return {
        **two_sizes.queries_profile(kept),
        # The slowest query at the big size, then the next ones.
        "explain_big": explained[0],
        "explain_big_next": explained[1:],
    }


def run(args) -> int:
    record = two_sizes.RunRecord("audit", RESULTS, wrong="responses", noise_why=NOISE_WHY)
    sizes = {
        "small": {"requests": args.small, "history": args.small_history},
        "big": {"requests": args.big, "history": args.history},
    }
    with DBS.run_scope(seconds=TIME_BUDGET_SECONDS, keep_db=args.keep_db):
        print(f"audit: building {DATABASES['small']} (migrate, catalog, users) ...", flush=True)
        DBS.create()
        import django

        django.setup()
        from django.test import Client
        from django.utils import timezone

        from bench.audit_bench.pages import QueryLog, fetch, pages
        from cms_site.audit.constants import PER_PAGE

        client = Client()
        catalog = django_prepare(client)
        DBS.copy()
        wrappers = DBS.wrappers()
        big = wrappers["big"]
        rows = data_load(wrappers, catalog, sizes)

        today = timezone.localdate()
        expected = {}
        for size in SIZES:
            two_sizes.use(wrappers[size])
            expected[size] = expected_figures(today)
        page_list = pages(clerk_id=catalog.clerk_ids[0], per_page=PER_PAGE)
        log = QueryLog()

        def request(page, size):
            two_sizes.use(wrappers[size])
            sample, error, _body = fetch(client, page, log, expected[size])
            if error:
                record.errors.append(f"{size}: {error}")
            return sample

        with two_sizes.queries_logged(wrappers, log):
            two_sizes.warm_up(page_list, request, args.warmup)
            record.ready(
                f"{len(page_list)} pages x 2 sizes, "
                f"{args.rounds} rounds of {args.per_round} requests each"
            )
            samples, ticks = two_sizes.timed_in_rounds(
                page_list,
                request,
                rounds=args.rounds,
                per_round=args.per_round,
                backend_pids=[two_sizes.backend_pid(wrapper) for wrapper in wrappers.values()],
            )
            # Once more with the queries kept: the slowest ones, and the plan at the big size.
            profiles = {page.name: page_profile(page, request, log, big) for page in page_list}
        machine = two_sizes.versions(big)

    summaries = two_sizes.size_summaries(samples, summarise)
    result = ratios(summaries)
    own, database, noise = two_sizes.cpu_used(ticks)
    figures = {
        "config": {
            **DBS.config(sizes, args),
            "warmup_per_page_and_size": args.warmup,
            "aim_big_vs_small": AIM_BIG_VS_SMALL,
            "today": today.isoformat(),
        },
        "data": rows,
        "pages": {
            page.name: {
                "path": page.path,
                **two_sizes.item_figures(page, summaries, result, profiles),
            }
            for page in page_list
        },
        "ratios": result,
        "cpu_s": {"bench_process": round(own, 2), "database_backends": round(database, 2)},
        "other_programs_cpu_pct": noise,
    }
    slowest = [
        f"  slowest at big, {name}: {profile['explain_big']['ms']} ms: "
        f"{profile['explain_big']['sql'][:110]}..."
        for name, profile in profiles.items()
    ]
    return record.report(
        machine,
        figures,
        shown="\n".join([TABLE.render(summaries, result), *slowest]),
        summary=summary_line(result, sizes),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=1_000, help="requests, small size")
    parser.add_argument(
        "--small-history", type=int, default=10_000, help="history rows, small size"
    )
    parser.add_argument("--big", type=int, default=100_000, help="requests, big size")
    parser.add_argument("--history", type=int, default=1_000_000, help="history rows, big size")
    parser.add_argument("--rounds", type=int, default=8, help="passes over the pages")
    parser.add_argument("--per-round", type=int, default=3, help="requests per page and round")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests per page/size")
    parser.add_argument(
        "--keep-db", action="store_true", help=f"leave {', '.join(DATABASES.values())}"
    )
    args = parser.parse_args()
    if min(args.small, args.big, args.rounds, args.per_round) < 1 or args.warmup < 0:
        parser.error("need sizes, rounds and per-round >= 1, warmup >= 0")
    if args.small_history < args.small or args.history < args.big:
        parser.error("need at least one history row per request")
    return two_sizes.exit_status("audit", run, args, two_sizes.BenchError)


if __name__ == "__main__":
    sys.exit(main())
