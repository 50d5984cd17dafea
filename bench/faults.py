"""The fault suite: N API submissions through the whole system while it is broken on cue.

    .venv/bin/python bench/faults.py [--submissions 1000] [--short] [--clients 8] [--keep]
        [--web-processes 2] [--s3] [--client-patience S]

It starts its own PostgreSQL cluster (`initdb` in a temporary folder) and its own Redis,
gunicorn (production settings, several workers; with `--web-processes 2`, two gunicorn
masters on different ports, as two machines would be, which the clients use in turn),
two Celery workers and beat, a fake
Kavenegar and a fake automation system, builds a service whose routing rule delivers to
that system through the webhook connector, and fires the submissions from concurrent
clients while it injects, in turn: the automation system answering 503 for the first
half of the requests, the SMS provider answering 502 for a while after one hung call, a
worker SIGKILLed (twice), Redis killed and restarted with its queue lost, a graceful
gunicorn reload (HUP) and PostgreSQL stopped for 10 s. With `--s3`, every private file
(uploads, receipts) goes to a bucket of a local S3 server (moto) behind a proxy that
answers 503 for 10 s and is then gone for 10 s; each request sends a PDF, and once
settled the bucket must hold each accepted request's file and receipt exactly once and
nothing else, none readable anonymously, all downloadable through the app. Then it waits
for the system to settle and counts (bench/faults_bench/tally.py). Retries, leases and
sweeps run on a shorter clock than production's (`time_scale` in the JSON) so that a run
takes minutes.

Output: bench/results/faults.json (or --json) and one summary line. Exit 1 when a request
was lost, an SMS or a letter was sent twice, a client got a 500, or the system did not
settle in time.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.faults_bench.cluster import PostgresCluster, RedisServer  # noqa: E402
from bench.faults_bench.fakes import SwitchableAutomation, SwitchableKavenegar  # noqa: E402
from bench.faults_bench.load import Load  # noqa: E402
from bench.faults_bench.processes import (  # noqa: E402
    Gunicorn,
    celery_beat,
    celery_worker,
    files_and_sms,
)
from bench.faults_bench.report import report_build, summary_line  # noqa: E402
from bench.faults_bench.s3 import (  # noqa: E402
    S3Server,
    app_downloads,
    bucket_clean,
    bucket_figures,
    downloads_clean,
)
from bench.faults_bench.schedule import FaultSchedule  # noqa: E402
from bench.faults_bench.tally import QueueWatch, settled, tally  # noqa: E402

RESULTS = REPO / "bench" / "results" / "faults.json"
QUEUE = "khedmat"
AUTOMATION_SECRET = "faults-automation-secret"  # noqa: S105  (the fake's, for this run)

# Production's clock, shortened: retries, leases and sweeps in seconds.
TIME_SCALE = {
    "PIPELINE_SWEEP_INTERVAL_SECONDS": "2",
    "PIPELINE_RETRY_BASE_SECONDS": "2",
    "PIPELINE_RETRY_MAX_SECONDS": "16",
    "PIPELINE_LEASE_MARGIN_SECONDS": "5",
    "PIPELINE_DISPATCH_LEASE_SECONDS": "60",
    "PIPELINE_SWEEP_BATCH": "100",
    "DELIVERY_RETRY_HOURS": "0.25",
    "RECEIPT_TIME_LIMIT_SECONDS": "20",
    "SMS_TIMEOUT_SECONDS": "3",
}


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--short", action="store_true", help="150 submissions over 40 s")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--load-seconds", type=float, default=None)
    parser.add_argument("--sms-fault-seconds", type=float, default=None)
    parser.add_argument("--settle-timeout", type=float, default=None)
    parser.add_argument(
        "--client-patience",
        type=float,
        default=120,
        help="seconds after the load's end that a client keeps at a request before giving up",
    )
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument(
        "--web-processes",
        type=int,
        default=1,
        help="gunicorn masters on different ports, used in turn by the clients",
    )
    parser.add_argument(
        "--s3",
        action="store_true",
        help="private files on a local S3 server, which has an outage mid-run",
    )
    parser.add_argument("--worker-concurrency", type=int, default=2)
    parser.add_argument("--json", type=Path, default=RESULTS)
    parser.add_argument("--keep", action="store_true", help="keep the folder (logs, cluster)")
    args = parser.parse_args(argv)
    if args.short:
        args.submissions = 150 if args.submissions == 1000 else args.submissions
    # The settle timeouts are generous: the wait ends as soon as the system has settled,
    # and a busy machine (CI, shared cores) drains the backlog several times slower.
    defaults = (40, 10, 900) if args.short else (max(60, args.submissions / 8), 30, 1800)
    args.load_seconds = args.load_seconds or defaults[0]
    args.sms_fault_seconds = args.sms_fault_seconds or defaults[1]
    args.settle_timeout = args.settle_timeout or defaults[2]
    return args


def environment(folder: Path, postgres, redis_server, kavenegar, s3) -> dict[str, str]:
    return {
        **os.environ,
        **TIME_SCALE,
        "DJANGO_SETTINGS_MODULE": "bench.faults_bench.settings",
        "DATABASE_URL": postgres.url,
        "CELERY_BROKER_URL": redis_server.url(0),
        "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
        "REDIS_URL": redis_server.url(1),
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_BASE_URL": "http://127.0.0.1",
        **files_and_sms(folder, kavenegar),
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
        **(s3.environment() if s3 is not None else {}),
    }


def django_prepare(env: dict[str, str], automation, files: bool):
    os.environ.update(env)
    import django
    from django.core.management import call_command

    from bench.faults_bench.content import site_build

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    return site_build(
        automation_url=automation.url(), automation_secret=AUTOMATION_SECRET, files=files
    )


def settle(args, load, kavenegar, automation, since: float):
    """Poll the figures until the system has settled or the time is up. Returns the last
    figures, when it settled (None: never) and the first figures read after the last
    fault: the backlog that the time to settle drained."""
    from django.db import Error, connections

    deadline = since + args.settle_timeout
    figures: dict = {}
    backlog: dict = {}
    while True:
        try:
            figures = tally(
                accepted=dict(load.outcome.accepted), kavenegar=kavenegar, automation=automation
            )
        except Error:
            connections.close_all()  # the database was down; try again
        else:
            backlog = backlog or {
                "at": round(time.monotonic() - since, 1),
                "steps_not_done": figures["steps_not_done"],
                "sms_not_sent": figures["sms_not_sent"],
            }
            if settled(figures):
                return figures, time.monotonic(), backlog
        if time.monotonic() > deadline:
            return figures, None, backlog
        time.sleep(1.0)


def storage_check(result: dict, load, deployment: Deployment) -> None:
    """`--s3`: the bucket and the downloads through the app, once settled."""
    accepted = dict(load.outcome.accepted)
    bucket = bucket_figures(deployment.s3, set(accepted.values()))
    downloads = app_downloads([web.port for web in deployment.webs], accepted, deployment.s3)
    result["storage"] = {"bucket": bucket, "downloads": downloads}
    result["passed"] = result["passed"] and bucket_clean(bucket) and downloads_clean(downloads)


def web_name(number: int, args) -> str:
    return "gunicorn" if args.web_processes == 1 else f"gunicorn-{number}"


@dataclass
class Deployment:
    """Everything the suite runs, so that it can all be stopped whatever happened."""

    folder: Path
    postgres: PostgresCluster
    redis_server: RedisServer
    kavenegar: SwitchableKavenegar
    automation: SwitchableAutomation
    s3: S3Server | None = None
    env: dict[str, str] = field(default_factory=dict)
    webs: list[Gunicorn] = field(default_factory=list)
    workers: list = field(default_factory=list)
    beat: object = None

    @classmethod
    def create(cls, args) -> Deployment:
        folder = Path(tempfile.mkdtemp(prefix="khedmat-faults-"))
        return cls(
            s3=S3Server(folder) if args.s3 else None,
            folder=folder,
            postgres=PostgresCluster(folder / "postgres"),
            redis_server=RedisServer(folder),
            kavenegar=SwitchableKavenegar().start(),
            automation=SwitchableAutomation(secret=AUTOMATION_SECRET).start(),
        )

    def start(self, args):
        """The database, Redis, the content, then gunicorn, the workers and beat."""
        self.postgres.create()
        self.redis_server.start()
        if self.s3 is not None:
            self.s3.start()
        self.env = environment(
            self.folder, self.postgres, self.redis_server, self.kavenegar, self.s3
        )
        site = django_prepare(self.env, self.automation, files=self.s3 is not None)
        self.webs = [
            Gunicorn(self.env, self.folder, args.web_workers, name=web_name(n, args))
            for n in range(1, args.web_processes + 1)
        ]
        self.workers = [
            celery_worker(self.env, self.folder, n, args.worker_concurrency) for n in (1, 2)
        ]
        self.beat = celery_beat(self.env, self.folder)
        for process in self.processes():
            process.start()
        for web in self.webs:
            web.wait_ready(f"/api/v1/services/{site.service_code}/")
        for worker in self.workers:
            worker.wait_for_log("ready.", timeout=90)
        return site

    def processes(self) -> list:
        return [process for process in (*self.webs, *self.workers, self.beat) if process]

    def stop(self, *, keep: bool) -> None:
        for process in self.processes():
            process.stop()
        self.kavenegar.stop()
        self.automation.stop()
        self.redis_server.stop()
        if self.s3 is not None:
            self.s3.stop()
        if keep:
            self.postgres.stop()
            print(f"faults: kept {self.folder}", file=sys.stderr)
        else:
            self.postgres.destroy()
            shutil.rmtree(self.folder, ignore_errors=True)


def load_under_faults(args, deployment: Deployment, site) -> tuple[Load, FaultSchedule]:
    """Fire the submissions while the faults happen; returns when both are over."""
    load = Load(
        ports=[web.port for web in deployment.webs],
        service_code=site.service_code,
        n=args.submissions,
        clients=args.clients,
        seconds=args.load_seconds,
        files=args.s3,
    )
    schedule = FaultSchedule(
        args=args,
        load=load,
        webs=deployment.webs,
        workers=deployment.workers,
        redis_server=deployment.redis_server,
        postgres=deployment.postgres,
        kavenegar=deployment.kavenegar,
        automation=deployment.automation,
        s3=deployment.s3,
    )
    schedule.begin()
    load.start(deadline_seconds=args.load_seconds + args.client_patience)
    faults = threading.Thread(target=schedule.run, daemon=True)
    faults.start()
    load.join()
    faults.join()
    return load, schedule


def run(args) -> int:
    started = time.monotonic()
    deployment = Deployment.create(args)
    try:
        site = deployment.start(args)
        prepared = time.monotonic()
        watch = QueueWatch(deployment.redis_server.url(0), QUEUE)
        watch.start()
        load, schedule = load_under_faults(args, deployment, site)
        last_fault_end = schedule.last_end()
        figures, settled_at, backlog = settle(
            args, load, deployment.kavenegar, deployment.automation, last_fault_end
        )
        watch.stop()
        result = report_build(
            args=args,
            figures=figures,
            backlog=backlog,
            load=load,
            schedule=schedule,
            watch=watch,
            settled_at=settled_at,
            last_fault_end=last_fault_end,
            timings={
                "prepare_seconds": round(prepared - started, 1),
                "total_seconds": round(time.monotonic() - started, 1),
            },
            time_scale=TIME_SCALE,
            folder=deployment.folder if args.keep else None,
        )
        if deployment.s3 is not None:
            storage_check(result, load, deployment)
    finally:
        deployment.stop(keep=args.keep)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(summary_line(result))
    return 0 if result["passed"] else 1


def main() -> int:
    return run(arguments())


if __name__ == "__main__":
    sys.exit(main())
