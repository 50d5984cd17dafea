"""The PDF receipt: ours as production renders it against WeasyPrint on the same text as
plain HTML, each with and without HarfBuzz subsetting, side by side in one run.

    .venv/bin/python bench/receipt.py [--rounds 8] [--per-round 5] [--warmup 3] [--keep-samples]

It migrates a temporary SQLite database (in a temporary folder, with its own media;
never the developer's db.sqlite3), builds a service with a two-step form of 20 Persian
questions, the agency's name, phone, address and hours, and one request answered the
way the API stores it, and renders its receipt once through the production path
(`receipts.services.receipt_generate`), keeping the HTML it gave WeasyPrint. Then two
render processes start, one where WeasyPrint loaded libharfbuzz-subset and one where
the library was made unloadable before WeasyPrint was imported (it then subsets fonts
with fontTools); each checks which subsetter really runs, on every render. Each warms
up, then renders, in rounds (every contender once per round, every other round
backwards, so that a change in the machine's load touches all alike):

    styled  receipts.pdf.receipt_pdf_render for the request, as receipt_generate calls
            it; its HTML must be byte for byte the one production rendered
    plain   the same HTML without the stylesheet (so without the web font), the QR code
            and the classes, through plain HTML(string=...).write_pdf(), system fonts

It writes bench/results/receipt.json (per contender: n, receipts/s, median and p95 ms,
CPU per receipt; the PDFs' pages and fonts; the environment) and prints one summary
line: styled/plain by median CPU and wall time per receipt (the aim: <= 1.5x), and
without/with subsetting. A render that fails, HTML that is not production's, or a
subsetting mode that is not the one asked for, exits non-zero.
"""

from __future__ import annotations

import argparse
import ctypes.util
import hashlib
import json
import logging
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.baseline.server import cpu_seconds_between, cpu_ticks, machine_ticks  # noqa: E402
from bench.receipts_bench.figures import (  # noqa: E402
    AIM_STYLED_VS_PLAIN,
    NAMES,
    ratios,
    summarise,
    summary_line,
    table,
)
from bench.two_sizes import exit_status  # noqa: E402

RESULTS = REPO / "bench" / "results" / "receipt.json"
SETTINGS_MODULE = "cms_site.settings.dev"
TIME_BUDGET_SECONDS = 240
NOISY_PCT = 10  # other programs' share of the CPU above which the run is flagged


class BenchError(Exception):
    """The bench could not run, or its result cannot be trusted."""


# -- The request, built in this process ---------------------------------------------------


def django_environment(workdir: Path) -> dict[str, str]:
    env = {
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "DEBUG": "0",  # as in production (dev.py would turn it on)
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
        # Tasks go to a broker in memory that nobody reads: nothing runs behind our back.
        "CELERY_BROKER_URL": "memory://",
        "REDIS_URL": "",
        "LOG_LEVEL": "WARNING",
        # The track URL (and so the QR code) as long as a real one.
        "SITE_BASE_URL": os.environ.get("SITE_BASE_URL") or "https://khedmat.example.ir",
    }
    os.environ.update(env)
    return env


def request_prepare():
    import django
    from django.core.management import call_command
    from django.db import connections

    django.setup()
    # Publishing the request's tasks to the memory broker warns about its host name.
    logging.getLogger("kombu.connection").setLevel(logging.ERROR)
    call_command("migrate", interactive=False, verbosity=0)
    from bench.receipts_bench.content import request_build

    request = request_build()
    connections.close_all()
    return request


# -- The render processes -----------------------------------------------------------------


class Worker:
    def __init__(self, mode: str, env: dict[str, str], workdir: Path, warmup: int):
        self.mode = mode
        self.log_path = workdir / f"worker-subset-{mode}.log"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bench.receipts_bench.worker",
                f"--subset={mode}",
                f"--warmup={warmup}",
            ],
            cwd=REPO,
            env={**os.environ, **env},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )

    def receive(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            self.process.wait(timeout=10)
            raise BenchError(
                f"render process (subset {self.mode}) ended, exit {self.process.returncode}: "
                f"{self.log_tail()}"
            )
        message = json.loads(line)
        if "error" in message:
            raise BenchError(
                f"render process (subset {self.mode}): {message['error']}\n"
                f"{message.get('traceback', '')}{self.log_tail()}"
            )
        return message

    def send(self, command: dict) -> None:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def log_tail(self) -> str:
        self.log.flush()
        return self.log_path.read_text()[-3000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.log.close()


# -- The PDFs themselves (poppler-utils, as the tests use) -------------------------------


def _poppler(tool: str, path: Path) -> str | None:
    if not shutil.which(tool):
        return None
    done = subprocess.run([tool, str(path), "-"] if tool == "pdftotext" else [tool, str(path)],
                          capture_output=True, text=True, timeout=30, check=False)  # fmt: skip
    return done.stdout if done.returncode == 0 else None


def pdf_facts(path: Path) -> dict:
    info = _poppler("pdfinfo", path) or ""
    pages = next(
        (int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:")), None
    )
    fonts = [line.split()[0] for line in (_poppler("pdffonts", path) or "").splitlines()[2:]]
    return {"bytes": path.stat().st_size, "pages": pages, "fonts": fonts}


BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def same_text(styled: Path, plain: Path) -> dict:
    """Do both PDFs hold the same characters (poppler's extraction, without spaces and
    the bidi marks it adds; layout splits words and lines differently)?"""
    texts = [_poppler("pdftotext", path) for path in (styled, plain)]
    if None in texts:
        return {"checked": False}
    counts = [
        Counter(c for c in text.translate(BIDI_CONTROLS) if not c.isspace()) for text in texts
    ]
    return {
        "checked": True,
        "same_characters": counts[0] == counts[1],
        "characters": sum(counts[0].values()),
        "only_in_styled": "".join(sorted((counts[0] - counts[1]).elements()))[:40],
        "only_in_plain": "".join(sorted((counts[1] - counts[0]).elements()))[:40],
    }


# -- Main -------------------------------------------------------------------------------------


def _timeout(signum, frame):
    raise BenchError(f"over the time budget of {TIME_BUDGET_SECONDS} s")


def measure(args, workdir: Path) -> dict:
    """Build the request, start the render processes, run the rounds; all raw figures."""
    samples_dir = workdir / "samples"
    samples_dir.mkdir()
    print("receipt: migrating a temporary SQLite database, building the request ...", flush=True)
    env = django_environment(workdir)
    request = request_prepare()
    digest = hashlib.sha256(request.html.encode()).hexdigest()
    env = {
        **env,
        "BENCH_RECEIPT_SUBMISSION": str(request.submission_pk),
        "BENCH_RECEIPT_HTML_SHA256": digest,
        "BENCH_RECEIPT_SAMPLES": str(samples_dir),
    }
    workers: dict[str, Worker] = {}
    try:
        for mode in ("on", "off"):
            workers[mode] = Worker(mode, env, workdir, args.warmup)
        ready = {mode: worker.receive()["ready"] for mode, worker in workers.items()}
        print(
            f"receipt: render processes ready; {args.rounds} rounds of {args.per_round} "
            "receipts per contender",
            flush=True,
        )
        order = list(NAMES)
        batches: dict[str, list] = {name: [] for name in NAMES.values()}
        calls: dict[str, Counter] = {name: Counter() for name in NAMES.values()}
        pids = [worker.process.pid for worker in workers.values()] + [os.getpid()]
        before = (cpu_ticks(pids), machine_ticks())
        for number in range(args.rounds):
            # Every other round backwards, so that drift in the machine's load evens out.
            for mode, contender in order if number % 2 == 0 else order[::-1]:
                name = NAMES[mode, contender]
                workers[mode].send({"run": contender, "n": args.per_round})
                reply = workers[mode].receive()
                batches[name].append(reply["samples"])
                calls[name].update(reply["subset_calls"])
            print(f"  round {number + 1}/{args.rounds} done", flush=True)
        after = (cpu_ticks(pids), machine_ticks())
        logs = {}
        for mode, worker in workers.items():
            worker.send({"quit": True})
            logs[mode] = worker.receive()["bye"]["weasyprint_log"]
    finally:
        for worker in workers.values():
            worker.stop()

    # Every measured render must have used its mode's subsetter, and only that one.
    for (mode, _contender), name in NAMES.items():
        wanted, other = ("harfbuzz", "fonttools") if mode == "on" else ("fonttools", "harfbuzz")
        if calls[name][wanted] < len(batches[name]) * args.per_round or calls[name][other]:
            raise BenchError(f"{name}: subsetters called {dict(calls[name])}, expected {wanted}")

    ticks = os.sysconf("SC_CLK_TCK")
    busy = (after[1][0] - before[1][0]) / ticks
    total = (after[1][1] - before[1][1]) / ticks or 1.0
    ours = cpu_seconds_between(before[0], after[0])
    contenders = {name: summarise(batches[name]) for name in NAMES.values()}
    for (mode, contender), name in NAMES.items():
        contenders[name]["subset_calls"] = dict(calls[name])
        contenders[name]["pdf"] = pdf_facts(samples_dir / f"{contender}-subset-{mode}.pdf")
    return {
        "environment": {
            "python": platform.python_version(),
            "weasyprint": ready["on"]["weasyprint"],
            "cpus": os.cpu_count(),
            "harfbuzz_subset_on_system": ctypes.util.find_library("harfbuzz-subset"),
            # As each render process found it, verified: WeasyPrint's own test
            # (pdf/fonts.py), the libraries mapped into the process, and which subsetter
            # every render called (`subset_calls` of each contender).
            "render_processes": {f"subset_{mode}": state for mode, state in ready.items()},
            "weasyprint_log": {f"subset_{mode}": log for mode, log in logs.items()},
            # CPU other programs took during the rounds: the noise in the wall times.
            "other_programs_cpu_pct": round(100 * max(0.0, busy - ours) / total, 1),
        },
        "config": {
            "rounds": args.rounds,
            "per_round": args.per_round,
            "warmup_per_contender": args.warmup,
            "settings": SETTINGS_MODULE,
            "database": "sqlite, temporary",
            "site_base_url": env["SITE_BASE_URL"],
            "answers": request.answers,
            "steps": request.steps,
            "styled_html_bytes": len(request.html.encode()),
            "styled_html_sha256": digest,  # what receipt_generate rendered; every render checked
            "plain_html_bytes": len((samples_dir / "plain.html").read_bytes()),
            "production_pdf_bytes": len(request.pdf),
            "aim_styled_vs_plain_median_cpu": AIM_STYLED_VS_PLAIN,
        },
        "contenders": contenders,
        "same_text": same_text(
            samples_dir / "styled-subset-on.pdf", samples_dir / "plain-subset-on.pdf"
        ),
    }


def run(args) -> int:
    began = time.monotonic()
    signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(TIME_BUDGET_SECONDS)
    workdir = Path(tempfile.mkdtemp(prefix="khedmat-receipt-bench-"))
    try:
        figures = measure(args, workdir)
    finally:
        signal.alarm(0)
        if args.keep_samples:
            print(f"receipt: the database, sample PDFs and logs are in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    contenders = figures["contenders"]
    result = ratios(contenders)
    report = {
        "benchmark": "receipt",
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        **figures,
        "ratios": result,
        "wall_s": round(time.monotonic() - began, 1),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")

    print(table(contenders))
    noise = report["environment"]["other_programs_cpu_pct"]
    if noise > NOISY_PCT:
        print(
            f"receipt: note: other programs took {noise}% of the CPU during the run; wall "
            "times are disturbed by it, CPU per receipt much less."
        )
    if not report["same_text"].get("same_characters", True):
        print(f"receipt: note: the plain PDF's text differs: {report['same_text']}")
    print(summary_line(contenders, result))
    print(f"receipt: wrote {RESULTS.relative_to(REPO)} in {report['wall_s']:.0f} s")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=8, help="passes over the contenders")
    parser.add_argument("--per-round", type=int, default=5, help="receipts per contender per round")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured renders of each first")
    parser.add_argument(
        "--keep-samples", action="store_true", help="keep the database, PDFs and logs"
    )
    args = parser.parse_args()
    if args.rounds < 1 or args.per_round < 1 or args.warmup < 0:
        parser.error("need rounds >= 1, per-round >= 1 and warmup >= 0")
    return exit_status("receipt", run, args, BenchError, failed=1)


if __name__ == "__main__":
    sys.exit(main())
