"""How many requests per second go all the way through the pipeline: routing, delivery,
the PDF receipt and the "received" SMS, with real Celery workers on PostgreSQL and Redis.

    .venv/bin/python bench/pipeline.py [--submissions 200] [--rounds 2] [--workers 2]
        [--concurrency 1] [--keep-db]

It creates a fresh database (khedmat_bench_pipeline on the local PostgreSQL, as
bench/submit.py; `BENCH_POSTGRES_URL`, `BENCH_PIPELINE_DATABASE`), migrates it with
bench/baseline/settings.py (the base settings, DEBUG off), builds bench/submit.py's
service (20 questions, one step) with a "received" SMS template and no routing rule (the
`internal` connector: the cartable), starts its own Redis (bench/faults_bench/cluster.py,
nothing on disk) as broker and cache, a fake Kavenegar (tests/fakes) on 127.0.0.1 as
the SMS provider, and `--workers` Celery worker processes (`celery -A cms_site worker`,
prefork, `--concurrency` children each, prefetch 1, as `make worker` but one child each by
default: two processes for two cores). No beat: every step is woken by its message.

Each round creates N requests in this process through the service the API and the
wizard call (`answers_validate`, then `submission_create`, each in its own transaction,
publishing its wake-up after commit), as fast as it can while the workers already take
them, and waits until every one of them has its four steps done, its receipt stored and
its SMS accepted by the provider. The rate is N over the time from the first create to
the last of those (the steps' `finished_at`, the SMS's `sent_at`). A warm-up round of 10
requests runs first (a worker's first PDF loads fonts and stylesheet). The machine is
shared: run it more than once; each round's rate and the share of the CPU other programs
took are in the JSON.

Output: bench/results/pipeline.json and one summary line (the aim: at least 20 requests
per second on this 2-core machine). Exit 1 when a request did not get through within
`--timeout` seconds per round (a step failed, an SMS not sent); a missed aim does not.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.baseline.schedstat import cpu_ns  # noqa: E402
from bench.baseline.server import children, machine_ticks, proc_stat  # noqa: E402
from bench.faults_bench.cluster import RedisServer  # noqa: E402
from bench.faults_bench.processes import Managed, celery_worker, files_and_sms  # noqa: E402
from bench.two_sizes import POSTGRES, postgres_execute  # noqa: E402
from tests.fakes.kavenegar import FakeKavenegar  # noqa: E402

RESULTS = REPO / "bench" / "results" / "pipeline.json"
DATABASE = os.environ.get("BENCH_PIPELINE_DATABASE", "khedmat_bench_pipeline")
AIM_PER_SECOND = 20
WARMUP = 10
POLL_SECONDS = 0.25


class BenchError(Exception):
    """The bench could not run (not: the pipeline is slow)."""


def environment(folder: Path, redis_server: RedisServer, kavenegar) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.baseline.settings",
        "BENCH_DATABASE_URL": f"{POSTGRES}/{DATABASE}",
        "BENCH_SECRET_KEY": secrets.token_urlsafe(50),
        "CELERY_BROKER_URL": redis_server.url(0),
        "REDIS_URL": redis_server.url(1),
        **files_and_sms(folder, kavenegar),
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def worker(env: dict[str, str], folder: Path, number: int, concurrency: int) -> Managed:
    # At --loglevel=INFO each task's time is in the log: where a request waits is a finding.
    return celery_worker(env, folder, number, concurrency, bench="pipeline")


def django_prepare(env: dict[str, str]):
    os.environ.update(env)
    import django
    from django.core.management import call_command

    from bench.baseline.fixtures import site_build

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    return site_build()


def create(site, n: int) -> list[int]:
    """N requests through the services the API calls; returns their ids."""
    from bench.baseline.questions import api_answers
    from catalog.models import ServicePage
    from formbuilder.validation import answers_validate
    from submissions.services import submission_create

    service = ServicePage.objects.get(pk=site.service_pk)
    version = service.form_version
    ids = []
    for _ in range(n):
        result = answers_validate(version.schema, api_answers(), {})
        if not result.is_valid:
            raise BenchError(f"the bench's answers do not validate: {result.errors}")
        submission = submission_create(
            service=service, form_version=version, answers=result.answers, uploads=result.uploads
        )
        ids.append(submission.pk)
    return ids


def progress(ids: list[int]) -> dict:
    """How far the requests are: whole ones, and the last moment any of their work ended."""
    from django.db.models import Max

    from receipts.constants import SmsStatus
    from receipts.models import Receipt, SmsMessage
    from submissions.constants import StepState
    from submissions.models import PipelineStep

    steps = PipelineStep.objects.filter(submission_id__in=ids)
    sms = SmsMessage.objects.filter(submission_id__in=ids)
    sent = sms.filter(status__in=[SmsStatus.SENT, SmsStatus.DELIVERED])
    failed_steps = steps.filter(state=StepState.FAILED).count()
    figures = {
        "steps_done": steps.filter(state=StepState.DONE).count(),
        "steps_total": steps.count(),
        "steps_failed": failed_steps,
        "receipts": Receipt.objects.filter(submission_id__in=ids).count(),
        "sms_sent": sent.count(),
        "sms_failed": sms.filter(status=SmsStatus.FAILED).count(),
    }
    figures["whole"] = (
        figures["steps_done"] == figures["steps_total"] == 4 * len(ids)
        and figures["receipts"] == len(ids)
        and figures["sms_sent"] == len(ids)
    )
    figures["last_step_at"] = steps.aggregate(at=Max("finished_at"))["at"]
    figures["last_sms_at"] = sent.aggregate(at=Max("sent_at"))["at"]
    return figures


def wait_through(ids: list[int], timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        figures = progress(ids)
        if figures["whole"]:
            return figures
        if figures["steps_failed"] or figures["sms_failed"] or time.monotonic() > deadline:
            raise BenchError(f"requests did not get through: {figures}")
        time.sleep(POLL_SECONDS)


def database_cpu() -> dict[int, int]:
    """CPU ns of each PostgreSQL backend on the bench database now (this one included)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        return {pid: cpu_ns(pid) for (pid,) in cursor.fetchall()}


def one_round(site, n: int, timeout: float, workers: list[Managed]) -> dict:
    from django.db import connection
    from django.utils import timezone

    pids = [w.process.pid for w in workers]
    db_before = database_cpu()
    before = (group_ticks(pids), machine_ticks())
    started = timezone.now()
    clock, cpu_clock = time.monotonic(), time.thread_time()
    ids = create(site, n)
    created_s, create_cpu = time.monotonic() - clock, time.thread_time() - cpu_clock
    figures = wait_through(ids, timeout)
    after = (group_ticks(pids), machine_ticks())
    db_after = database_cpu()
    db_cpu = sum(ns - db_before.get(pid, 0) for pid, ns in db_after.items()) / 1e9
    ended = max(figures["last_step_at"], figures["last_sms_at"])
    seconds = (ended - started).total_seconds()
    ticks = os.sysconf("SC_CLK_TCK")
    busy = (after[1][0] - before[1][0]) / ticks
    total = (after[1][1] - before[1][1]) / ticks or 1.0
    worker_cpu = (after[0] - before[0]) / ticks
    per_request = (worker_cpu + db_cpu + create_cpu) / n
    connection.close()
    return {
        "submissions": n,
        "seconds": round(seconds, 2),
        "per_second": round(n / seconds, 1),
        "create_seconds": round(created_s, 2),
        "create_per_second": round(n / created_s, 1),
        "worker_cpu_ms_per_submission": round(1000 * worker_cpu / n, 1),
        "database_cpu_ms_per_submission": round(1000 * db_cpu / n, 1),
        "create_cpu_ms_per_submission": round(1000 * create_cpu / n, 1),
        # What the machine's cores would allow if the bench had them to itself: the
        # ceiling the CPU per request sets, steadier than the rate on a shared machine.
        "cpu_bound_per_second": round(os.cpu_count() / per_request, 1),
        "machine_busy_pct": round(100 * busy / total, 1),
        "steps_done": figures["steps_done"],
        "receipts": figures["receipts"],
        "sms_sent": figures["sms_sent"],
    }


TASK_LINE = re.compile(rb"Task ([\w.]+)\[[^\]]+\] succeeded in ([0-9.]+)s")


def task_times(workers: list[Managed]) -> dict:
    """Each task's wall time in the workers' logs (warm-up included): count and median ms."""
    times: dict[str, list[float]] = {}
    for process in workers:
        try:
            text = process.log.read_bytes()
        except OSError:
            continue
        for name, seconds in TASK_LINE.findall(text):
            times.setdefault(name.decode(), []).append(float(seconds))
    return {
        name: {"n": len(values), "median_ms": round(1000 * statistics.median(values), 1)}
        for name, values in sorted(times.items())
    }


def group_ticks(pids: list[int]) -> int:
    """Clock ticks ever spent by each worker and its prefork children: its own, its reaped
    children's (cutime, cstime: a child replaced after its maximum of tasks moves there
    whole) and its live children's; so the difference of two readings is exact."""
    total = 0
    for pid in pids:
        stat = proc_stat(pid)
        if stat:
            total += sum(int(value) for value in stat[11:15])
        for child in children(pid):
            stat = proc_stat(child)
            if stat:
                total += int(stat[11]) + int(stat[12])
    return total


def run(args) -> int:
    began = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="khedmat-pipeline-"))
    redis_server = RedisServer(folder)
    kavenegar = FakeKavenegar().start()
    workers: list[Managed] = []
    try:
        postgres_execute(POSTGRES, f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        postgres_execute(POSTGRES, f'CREATE DATABASE "{DATABASE}"')
        redis_server.start()
        env = environment(folder, redis_server, kavenegar)
        print(f"pipeline: building {DATABASE} (migrate, pages, forms) ...", flush=True)
        site = django_prepare(env)
        workers = [worker(env, folder, n + 1, args.concurrency) for n in range(args.workers)]
        for process in workers:
            process.start()
        for process in workers:
            process.wait_for_log("ready.", timeout=120)
        print(f"pipeline: {args.workers} workers ready; warm-up of {WARMUP} ...", flush=True)
        wait_through(create(site, WARMUP), args.timeout)
        rounds = []
        for number in range(args.rounds):
            rounds.append(one_round(site, args.submissions, args.timeout, workers))
            print(f"  round {number + 1}/{args.rounds}: {rounds[-1]['per_second']}/s", flush=True)
    finally:
        for process in workers:
            process.stop()
        tasks = task_times(workers)
        kavenegar.stop()
        redis_server.stop()
        if not args.keep_db:
            try:
                from django.db import connections

                connections.close_all()
            except Exception:  # noqa: S110  (Django may not be set up)
                pass
            postgres_execute(POSTGRES, f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        if args.keep_db:
            print(f"pipeline: kept the workers' logs in {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    rates = [r["per_second"] for r in rounds]
    report = {
        "benchmark": "pipeline",
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "config": {
            "workers": args.workers,
            "concurrency": args.concurrency,
            "submissions_per_round": args.submissions,
            "rounds": args.rounds,
            "steps": ["routing", "delivery (internal)", "receipt (PDF)", "sms_received"],
            "sms_provider": "tests/fakes/kavenegar.py on 127.0.0.1",
            "database": "postgresql (the machine's)",
            "broker": "redis (the bench's own)",
            "cpus": os.cpu_count(),
            "aim_per_second": AIM_PER_SECOND,
        },
        "rounds": rounds,
        # Wall time per task, on a shared machine: where a request's time goes.
        "task_wall_times": tasks,
        "per_second_median": statistics.median(rates),
        "per_second_best": max(rates),
        "aim_met": statistics.median(rates) >= AIM_PER_SECOND,
        "wall_s": round(time.monotonic() - began, 1),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    cpu = round(statistics.median(r["worker_cpu_ms_per_submission"] for r in rounds), 1)
    bound = round(statistics.median(r["cpu_bound_per_second"] for r in rounds), 1)
    print(
        f"pipeline: {report['per_second_median']} requests/s through routing, PDF and SMS "
        f"(median of {args.rounds} rounds of {args.submissions}: {rates}; aim >= "
        f"{AIM_PER_SECOND}/s {'met' if report['aim_met'] else 'NOT met'}) | {args.workers} "
        f"workers x {args.concurrency} | worker CPU {cpu} ms/request, all CPU allows {bound}/s "
        f"on {os.cpu_count()} idle cores | machine busy "
        f"{max(r['machine_busy_pct'] for r in rounds)}%"
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=200, help="requests per round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes")
    parser.add_argument("--concurrency", type=int, default=1, help="prefork children each")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per round")
    parser.add_argument("--keep-db", action="store_true", help=f"leave {DATABASE} and the logs")
    args = parser.parse_args()
    try:
        return run(args)
    except BenchError as error:
        print(f"pipeline: FAILED: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
