"""Counting what became of the suite's requests: in the database (Django's ORM, in the
suite's own process), at the fake SMS provider and at the fake automation system."""

from __future__ import annotations

import threading
import time
from collections import Counter

from .content import RECEIVED_TEXT, REGISTERED_TEXT

ERROR_EXCERPT = 90


def _prefix(template: str) -> str:
    return template.split("{", 1)[0]


def per_request_sms(kavenegar, prefix: str) -> Counter:
    """Messages the provider took (one per local id, as Kavenegar keeps them), per mobile."""
    return Counter(
        message.receptor for message in kavenegar.sent if message.message.startswith(prefix)
    )


def tally(*, accepted: dict[int, str], kavenegar, automation) -> dict:
    """Every figure of the report, from the database and the fakes, as they are now.

    The database's figures come from one snapshot (a REPEATABLE READ transaction): read
    one query after another, a receipt committed between the count of receipts and the
    count of steps not done gave "999 receipts, every step done" while the workers were
    finishing, and the poll that read it was taken for the settled state."""
    from django.db import connection, transaction

    from .content import answers

    codes = set(accepted.values())
    mobiles = [answers(index)["mobile"] for index in accepted]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        database = {**_stored(codes), **_open_work()}
    return {
        "accepted": len(accepted),
        **database,
        **_sms(kavenegar, mobiles),
        **_deliveries(automation, codes),
    }


def _stored(codes: set[str]) -> dict:
    from django.db.models import Count, Q

    from receipts.models import Receipt
    from submissions.models import Submission, SubmissionEvent

    stored = dict(Submission.objects.values_list("tracking_code", "data__client_ref"))
    refs = Counter(stored.values())
    whole = Submission.objects.annotate(
        n_steps=Count("pipeline_steps", distinct=True),
        n_submitted=Count("events", filter=Q(events__status="submitted"), distinct=True),
    )
    return {
        "stored": len(stored),
        "lost": len(codes - set(stored)),
        "stored_not_accepted": len(set(stored) - codes),
        "stored_twice_by_client_retry": sum(count - 1 for count in refs.values() if count > 1),
        "half_written": whole.exclude(n_steps=4, n_submitted=1).count(),
        "events_submitted": SubmissionEvent.objects.filter(status="submitted").count(),
        "receipts": Receipt.objects.filter(submission__tracking_code__in=codes).count(),
        "registered_with_letter_number": Submission.objects.exclude(letter_number="").count(),
    }


def _sms(kavenegar, mobiles: list[str]) -> dict:
    received = per_request_sms(kavenegar, _prefix(RECEIVED_TEXT))
    registered = per_request_sms(kavenegar, _prefix(REGISTERED_TEXT))
    sends = kavenegar.sends_per_localid()
    return {
        "received_sms": {
            "requests_with_one": sum(1 for mobile in mobiles if received[mobile] == 1),
            "requests_with_none": sum(1 for mobile in mobiles if received[mobile] == 0),
            "requests_with_more": sum(1 for mobile in mobiles if received[mobile] > 1),
        },
        "registered_sms_duplicates": sum(1 for mobile in mobiles if registered[mobile] > 1),
        "sms_send_calls_repeated_local_id": sum(count - 1 for count in sends.values() if count > 1),
    }


def _deliveries(automation, codes: set[str]) -> dict:
    per_key = automation.deliveries_per_key()
    return {
        "deliveries": {
            "raw": sum(per_key.values()),
            "distinct_keys": len(per_key),
            "repeats_dropped_by_idempotency_key": sum(c - 1 for c in per_key.values() if c > 1),
            "letters_issued": len(automation.letters),
            "calls_total": len(automation.requests),
            "accepted_not_delivered": len(codes - set(per_key)),
        }
    }


def _open_work() -> dict:
    """Steps not done and SMS not sent, grouped by state and last error; files of requests
    not recorded that are still to be deleted (the store was down for their delete)."""
    from receipts.constants import SmsStatus
    from receipts.models import SmsMessage
    from submissions.constants import StepState
    from submissions.models import PipelineStep, UndeletedFile

    steps = Counter(
        (name, state, (error or "")[:ERROR_EXCERPT])
        for name, state, error in PipelineStep.objects.exclude(state=StepState.DONE).values_list(
            "name", "state", "last_error"
        )
    )
    sms = Counter(
        (status, (error or "")[:ERROR_EXCERPT])
        for status, error in SmsMessage.objects.filter(
            status__in=[SmsStatus.QUEUED, SmsStatus.FAILED]
        ).values_list("status", "error")
    )
    return {
        "steps_not_done": sum(steps.values()),
        "steps_not_done_why": [
            {"step": name, "state": state, "error": error, "count": count}
            for (name, state, error), count in steps.most_common(12)
        ],
        "sms_not_sent": sum(sms.values()),
        "sms_not_sent_why": [
            {"status": status, "error": error, "count": count}
            for (status, error), count in sms.most_common(8)
        ],
        "files_left_to_delete": UndeletedFile.objects.count(),
    }


def settled(figures: dict) -> bool:
    """Nothing left to do: every accepted request stored with its receipt, every step
    done, no file of an unrecorded request left to delete, every SMS out, one "received"
    SMS each, delivered and registered with a letter number. (Within `tally`'s one
    snapshot a done receipt step implies its receipt; the receipts are checked all the
    same, as README's fault suite promises.)"""
    return (
        figures["lost"] == 0
        and figures["receipts"] >= figures["accepted"]
        and figures["steps_not_done"] == 0
        and figures["files_left_to_delete"] == 0
        and figures["sms_not_sent"] == 0
        and figures["received_sms"]["requests_with_none"] == 0
        and figures["deliveries"]["accepted_not_delivered"] == 0
        and figures["registered_with_letter_number"] >= figures["accepted"]
    )


class QueueWatch:
    """The broker's queue length (messages waiting, and taken but not acknowledged),
    sampled twice a second while the suite runs; a dead Redis is a gap, not an error."""

    def __init__(self, redis_url: str, queue: str) -> None:
        self.redis_url = redis_url
        self.queue = queue
        self.samples: list[tuple[float, int, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        import redis

        client = redis.Redis.from_url(self.redis_url, socket_timeout=1, socket_connect_timeout=1)
        while not self._stop.wait(0.5):
            try:
                waiting = sum(
                    client.llen(key) for key in client.scan_iter(match=f"{self.queue}*", count=100)
                )
                unacked = client.hlen("unacked")
            except redis.RedisError:
                continue
            self.samples.append((time.monotonic(), waiting, unacked))

    def summary(self, t0: float) -> dict:
        if not self.samples:
            return {"max_waiting": None, "max_unacked": None, "series": []}
        step = max(1, len(self.samples) // 60)
        return {
            "max_waiting": max(waiting for _t, waiting, _u in self.samples),
            "max_unacked": max(unacked for _t, _w, unacked in self.samples),
            "series": [
                [round(t - t0, 1), waiting, unacked] for t, waiting, unacked in self.samples[::step]
            ],
        }
