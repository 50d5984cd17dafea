"""The workers' share of a submission, measured in bench/submit.py's own process.

In production a request's pipeline (routing, delivery through its connector, the PDF
receipt, the "received" SMS) runs in Celery workers after the web request. Stock's form
has no such work. To say what a submission costs in all, the bench takes requests the
web windows created and runs their steps here, one after another as a worker would,
through the same public functions the tasks call (`pipeline_step_run`, then
`sms_message_deliver` for the SMS the step queued, sent to the fake Kavenegar of
tests/fakes on 127.0.0.1). It counts this thread's CPU (`time.thread_time_ns`: the fake
provider's threads in the same process are left out, a real provider's CPU is not ours)
and the CPU of this process's PostgreSQL backend (its schedstat), per step.

A few requests are run first and not counted: a worker is a long-lived process, and its
first PDF loads the fonts and the stylesheet once.
"""

from __future__ import annotations

import time

from .schedstat import cpu_ns

WARMUP = 3


def _backend_pid() -> int | None:
    from django.db import connection

    connection.ensure_connection()
    return connection.connection.info.backend_pid


def _measured(function, **kwargs) -> tuple[object, int, int]:
    pid = _backend_pid()
    db_before, before = cpu_ns(pid), time.thread_time_ns()
    result = function(**kwargs)
    spent = time.thread_time_ns() - before
    return result, spent, cpu_ns(pid) - db_before


def _one_submission(submission_id: int, totals: dict[str, list[int]]) -> None:
    from receipts.models import SmsMessage
    from submissions.models import PipelineStep
    from submissions.pipeline import pipeline, pipeline_step_run

    steps = dict(PipelineStep.objects.filter(submission_id=submission_id).values_list("name", "pk"))
    order = [name for name in ("routing", "delivery", "receipt", "sms_received") if name in steps]
    order += [definition.name for definition in pipeline if definition.name not in order]
    for name in order:
        state, cpu, db = _measured(pipeline_step_run, step_id=steps[name])
        if state != "done":
            raise RuntimeError(f"step {name} of request {submission_id} ended {state!r}")
        totals.setdefault(name, [0, 0])
        totals[name][0] += cpu
        totals[name][1] += db
    from receipts.outbox import sms_message_deliver

    messages = list(
        SmsMessage.objects.filter(submission_id=submission_id).values_list("pk", flat=True)
    )
    if not messages:
        raise RuntimeError(f"request {submission_id} queued no SMS (no active template?)")
    for message_id in messages:
        status, cpu, db = _measured(sms_message_deliver, message_id=message_id)
        if status not in ("sent", "delivered"):
            raise RuntimeError(f"SMS {message_id} of request {submission_id} ended {status!r}")
        totals.setdefault("sms_send", [0, 0])
        totals["sms_send"][0] += cpu
        totals["sms_send"][1] += db


def worker_cpu(submission_ids: list[int]) -> dict:
    """CPU per submission of the workers' work, by step (ms), over the ids after WARMUP."""
    warm, counted = submission_ids[:WARMUP], submission_ids[WARMUP:]
    if not counted:
        raise RuntimeError("no submissions left to measure the workers' work on")
    scratch: dict[str, list[int]] = {}
    for submission_id in warm:
        _one_submission(submission_id, scratch)
    totals: dict[str, list[int]] = {}
    for submission_id in counted:
        _one_submission(submission_id, totals)
    n = len(counted)
    by_step = {
        name: {"cpu_ms": round(cpu / n / 1e6, 2), "db_ms": round(db / n / 1e6, 2)}
        for name, (cpu, db) in totals.items()
    }
    cpu = sum(cpu for cpu, _db in totals.values()) / n / 1e6
    db = sum(db for _cpu, db in totals.values()) / n / 1e6
    return {
        "submissions": n,
        "cpu_ms": round(cpu, 2),
        "db_ms": round(db, 2),
        "total_ms": round(cpu + db, 2),
        "by_step": by_step,
    }
