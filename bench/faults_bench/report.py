"""The suite's JSON and its one summary line."""

from __future__ import annotations

import platform
import time
from collections import Counter, defaultdict

# An error within this many seconds after a fault ended is still put down to it.
FAULT_TAIL_SECONDS = 3


def _fault_of(at: float, windows) -> str:
    """The fault going on at `at`, else the one that ended just before (its tail)."""
    # The latest fault first: a worker's restart may still be going on when the next starts.
    candidates = [window for window in reversed(windows) if window.name != "automation_503"]
    for tail in (0, FAULT_TAIL_SECONDS):
        for window in candidates:
            end = window.end if window.end is not None else time.monotonic()
            if window.start <= at <= end + tail:
                return window.name
    return "none"


def client_errors(load, schedule) -> dict[str, dict[str, int]]:
    """Answers other than 201 by fault and kind ("503", "500", "refused", "reset"…);
    503s are also counted with a Retry-After and a `{"detail"}` body."""
    errors: dict[str, Counter] = defaultdict(Counter)
    for attempt in load.outcome.attempts:
        if attempt.outcome == "201":
            continue
        fault = _fault_of(attempt.at, schedule.windows)
        errors[fault][attempt.outcome] += 1
        if attempt.outcome == "503":
            errors[fault]["503_with_retry_after"] += bool(attempt.retry_after)
            errors[fault]["503_with_detail"] += attempt.json_detail
    return {fault: dict(counts) for fault, counts in sorted(errors.items())}


def errors_within(load, schedule, name: str) -> dict[str, int] | None:
    """Answers other than 201 while the fault `name` went on (and its tail), whatever
    other fault overlapped it; None when the run had no such fault."""
    window = next((window for window in schedule.windows if window.name == name), None)
    if window is None:
        return None
    end = (window.end or time.monotonic()) + FAULT_TAIL_SECONDS
    return dict(
        Counter(
            attempt.outcome
            for attempt in load.outcome.attempts
            if attempt.outcome != "201" and window.start <= attempt.at <= end
        )
    )


def slowest_answers(load, schedule) -> dict[str, float]:
    """The longest a client waited for an answer, by the fault it was sent during."""
    slowest: dict[str, float] = defaultdict(float)
    for attempt in load.outcome.attempts:
        fault = _fault_of(attempt.at - attempt.seconds, schedule.windows)
        slowest[fault] = max(slowest[fault], round(attempt.seconds, 2))
    return dict(sorted(slowest.items()))


def _500_samples(load, limit: int = 3) -> list[str]:
    return [
        a.detail for a in load.outcome.attempts if a.outcome.startswith("5") and a.outcome != "503"
    ][:limit]


def passed(figures: dict, errors: dict, load, settled_at) -> bool:
    server_errors = sum(
        count
        for counts in errors.values()
        for kind, count in counts.items()
        if kind.isdigit() and kind.startswith("5") and kind != "503"
    )
    deliveries = figures.get("deliveries", {})
    return bool(
        figures
        and settled_at is not None
        and figures["lost"] == 0
        and figures["stored_twice_by_client_retry"] == 0
        and figures["half_written"] == 0
        and figures["received_sms"]["requests_with_more"] == 0
        and figures["registered_sms_duplicates"] == 0
        and deliveries["letters_issued"] == deliveries["distinct_keys"]
        and server_errors == 0
        and not load.outcome.given_up
    )


def report_build(
    *,
    args,
    figures,
    backlog,
    load,
    schedule,
    watch,
    settled_at,
    last_fault_end,
    timings,
    time_scale,
    folder,
) -> dict:
    errors = client_errors(load, schedule)
    t0 = schedule.t0
    return {
        "config": {
            "submissions": args.submissions,
            "clients": args.clients,
            "load_seconds": args.load_seconds,
            "sms_fault_seconds": args.sms_fault_seconds,
            "web_workers": args.web_workers,
            "web_processes": args.web_processes,
            "celery_workers": 2,
            "worker_concurrency": args.worker_concurrency,
            "short": args.short,
            "s3": args.s3,
        },
        "time_scale": time_scale,
        "faults": [
            {
                "name": window.name,
                "start": round(window.start - t0, 1),
                "end": round((window.end or last_fault_end) - t0, 1),
            }
            for window in schedule.windows
        ],
        "figures": figures,
        "clients": {
            "given_up": len(load.outcome.given_up),
            "attempts": len(load.outcome.attempts),
            # Accepted on a repeat that the Idempotency-Key matched to an earlier attempt's
            # request (its answer had been lost): not stored twice.
            "answered_from_an_earlier_attempt": sum(a.replayed for a in load.outcome.attempts),
            "errors_by_fault": errors,
            "errors_during_s3_outage": errors_within(load, schedule, "s3_outage"),
            "slowest_answer_seconds_by_fault": slowest_answers(load, schedule),
            "server_error_samples": _500_samples(load),
        },
        "broker_queue": watch.summary(t0),
        "backlog_at_last_fault": backlog,
        "settled": settled_at is not None,
        "settle_seconds_after_last_fault": (
            round(settled_at - last_fault_end, 1) if settled_at is not None else None
        ),
        "last_fault_end": round(last_fault_end - t0, 1),
        "timings": timings,
        "machine": {"python": platform.python_version(), "cpus": _cpus()},
        "kept_folder": str(folder) if folder else None,
        "schedule_error": schedule.error,
        "passed": passed(figures, errors, load, settled_at) and not schedule.error,
    }


def _cpus() -> int:
    import os

    return os.cpu_count() or 0


def summary_line(result: dict) -> str:
    figures = result["figures"]
    deliveries = figures.get("deliveries", {})
    errors = result["clients"]["errors_by_fault"]
    five_hundreds = sum(
        count
        for counts in errors.values()
        for kind, count in counts.items()
        if kind.isdigit() and kind.startswith("5") and kind != "503"
    )
    settle = result["settle_seconds_after_last_fault"]
    backlog = result["backlog_at_last_fault"] or {}
    return _line(result, figures, deliveries, errors, five_hundreds, settle, backlog) + _storage(
        result
    )


def _storage(result: dict) -> str:
    storage = result.get("storage")
    if not storage:
        return ""
    bucket, downloads = storage["bucket"], storage["downloads"]
    return (
        f"; S3: {bucket['objects']} objects, requests without their file "
        f"{bucket['requests_without_their_file']} / receipt "
        f"{bucket['requests_without_a_receipt']}, orphans {bucket['orphan_objects']}, "
        f"anonymous GET {bucket['anonymous_get_by_status']}, downloads through the app "
        f"{downloads['answers']} (bodies differing {downloads['bodies_differ']}), "
        f"clients during the S3 outage {result['clients']['errors_during_s3_outage']}"
    )


def _line(result, figures, deliveries, errors, five_hundreds, settle, backlog) -> str:
    return (
        f"faults: {'PASS' if result['passed'] else 'FAIL'} "
        f"({result['config'].get('web_processes', 1)} web process(es)) "
        f"accepted {figures.get('accepted')}/{result['config']['submissions']}, "
        f"lost {figures.get('lost')}, "
        f"stored twice {figures.get('stored_twice_by_client_retry')} "
        f"({result['clients'].get('answered_from_an_earlier_attempt')} repeats answered "
        "from the first by their Idempotency-Key), "
        f"received SMS twice {figures.get('received_sms', {}).get('requests_with_more')}, "
        f"deliveries {deliveries.get('raw')} raw / {deliveries.get('distinct_keys')} keys "
        f"({deliveries.get('letters_issued')} letters), "
        f"steps not done {figures.get('steps_not_done')}, "
        f"SMS not sent {figures.get('sms_not_sent')}, "
        f"client 5xx other than 503: {five_hundreds}, "
        f"503 while PostgreSQL was down: {errors.get('postgres_stop', {}).get('503', 0)}, "
        f"max broker queue {result['broker_queue']['max_waiting']}, "
        f"settled {'in ' + str(settle) + ' s' if settle is not None else 'never'} "
        f"after the last fault (backlog then: {backlog.get('steps_not_done')} steps, "
        f"{backlog.get('sms_not_sent')} SMS)"
    )
