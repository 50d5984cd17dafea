"""One retry machine for work kept in database rows: pipeline steps and outgoing SMS.

A row of work carries `attempts`, `next_attempt_at` (not before), `lease_expires_at`
(an attempt is under way until then; a worker that dies leaves it to expire) and
`dispatched_until` (a broker message for it is in flight until then). The broker only
wakes workers up; the rows are the truth:

- `dispatch()` marks rows as in flight and publishes one message each;
- `claim()` takes a due row for one attempt in a single UPDATE, so two messages for the
  same row never run it twice at once, and clears its dispatch mark (the message is used);
- `retry_later()` / `fail()` / `release()` record how an attempt ended; a retry is not
  scheduled on the broker: the sweep sends it when it is due;
- `sweep()` sends, oldest first, the due rows that no message is in flight for: retries,
  rows whose message died with the broker, rows of dead workers. It tops the broker's
  queue up to `PIPELINE_SWEEP_BATCH` messages and sends none while that many wait (or
  while `PIPELINE_DISPATCH_MAX_IN_FLIGHT` rows are marked), so the queue stays bounded
  however large the backlog, the workers drain it at their own speed, and new work
  (sent at once on commit) waits behind at most a batch. A mark normally lasts its
  dispatch lease; when the broker's queue is empty, a mark older than one sweep interval
  is known to be stale (its message is gone: Redis lost it, or a worker died holding
  it), and the row is sent again at once.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from celery import current_app
from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

ERROR_MAX_LENGTH = 2000


def retry_delay(attempts: int) -> timedelta:
    """Exponential back-off with jitter: base, 2×base, 4×base… capped."""
    base = settings.PIPELINE_RETRY_BASE_SECONDS
    delay = min(base * 2 ** max(attempts - 1, 0), settings.PIPELINE_RETRY_MAX_SECONDS)
    return timedelta(seconds=delay * random.uniform(0.8, 1.2))  # noqa: S311 (not security)


def error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:ERROR_MAX_LENGTH]


def dispatch_lease() -> timedelta:
    return timedelta(seconds=settings.PIPELINE_DISPATCH_LEASE_SECONDS)


def broker_waiting() -> int | None:
    """Messages waiting in the broker's queue, not yet taken by a worker; None without a
    broker (eager tasks) or when the broker cannot say."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return None
    try:
        with current_app.connection_for_read() as connection:
            channel = connection.default_channel
            try:
                declared = channel.queue_declare(
                    queue=settings.CELERY_TASK_DEFAULT_QUEUE, passive=True
                )
            except connection.channel_errors:
                return 0  # no such queue: nothing waits (Redis drops an empty list)
            return declared.message_count
    except Exception as exc:
        logger.warning("Could not read the broker's queue length: %s", exc)
        return None


@dataclass(frozen=True)
class RetryQueue:
    """The machine over one model. `waiting` selects rows that still want an attempt;
    the `*_updates` are the model's own fields to set on each transition; `publish` is
    the dotted path of a function that sends one row's id to a worker."""

    model: type[models.Model]
    waiting: Q
    publish: str
    error_field: str
    claimed_updates: dict = field(default_factory=dict)
    waiting_updates: dict = field(default_factory=dict)
    failed_updates: dict = field(default_factory=dict)

    def _rows(self):
        return self.model.objects

    def _not_leased(self, now: datetime) -> Q:
        return Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now)

    # Dispatch

    def dispatch(self, ids: list[int]) -> None:
        """Mark the rows in flight and send a message for each, once the caller's
        transaction commits. A broker that is down clears the marks, so the next sweep
        sends them; the caller's work is never undone by it."""
        if not ids:
            return
        self._rows().filter(pk__in=ids).update(dispatched_until=timezone.now() + dispatch_lease())
        transaction.on_commit(lambda: self.publish_now(ids))

    def publish_now(self, ids: list[int]) -> None:
        publish = import_string(self.publish)
        for position, pk in enumerate(ids):
            try:
                publish(pk)
            except Exception as exc:
                logger.warning("Broker unavailable, %d left to the sweep: %s", len(ids), exc)
                self.undispatch(ids[position:])
                return

    def undispatch(self, ids: list[int]) -> None:
        self._rows().filter(pk__in=ids).update(dispatched_until=None)

    # One attempt

    def claim(self, pk: int, *, lease: timedelta, now: datetime, **updates) -> bool:
        """Take a due, unleased row for one attempt; False if it is not there to take."""
        return bool(
            self._rows()
            .filter(self.waiting, pk=pk, next_attempt_at__lte=now)
            .filter(self._not_leased(now))
            .update(
                attempts=F("attempts") + 1,
                lease_expires_at=now + lease,
                dispatched_until=None,
                **self.claimed_updates,
                **updates,
            )
        )

    def release(self, pk: int) -> None:
        """Give a claim back unused (the attempt does not count)."""
        self._rows().filter(pk=pk).update(
            attempts=F("attempts") - 1, lease_expires_at=None, **self.waiting_updates
        )

    def retry_later(self, pk: int, *, error: str, delay: timedelta, **updates) -> None:
        """Record a failed attempt to try again after `delay`; `updates` are the model's
        own fields to set with it (what else it records about the error)."""
        self._rows().filter(pk=pk).update(
            lease_expires_at=None,
            next_attempt_at=timezone.now() + delay,
            **{self.error_field: error},
            **self.waiting_updates,
            **updates,
        )

    def fail(self, pk: int, *, error: str, **updates) -> None:
        """Record the last attempt as failed for good (with `updates`, as `retry_later`)."""
        self._rows().filter(pk=pk).update(
            lease_expires_at=None,
            dispatched_until=None,
            **{self.error_field: error},
            **self.failed_updates,
            **updates,
        )

    # The sweep

    def due(self, now: datetime, extra: Q | None = None, marks_before: datetime | None = None):
        """Rows that want an attempt now and that nobody is on: no live lease, no message
        in flight (a mark ending after `marks_before`, by default now)."""
        marks_before = marks_before or now
        return (
            self._rows()
            .filter(self.waiting, next_attempt_at__lte=now)
            .filter(self._not_leased(now))
            .filter(Q(dispatched_until__isnull=True) | Q(dispatched_until__lte=marks_before))
            .filter(extra or Q())
        )

    def sweep(self, *, extra: Q | None = None, batch: int | None = None) -> int:
        """Send due rows nobody is on, oldest first, topping the broker's queue up to a
        batch; returns how many.

        The rows are picked and marked in one transaction with SKIP LOCKED, so two beats
        (or a sweep that overlaps the next) never send the same rows.
        """
        now = timezone.now()
        size = batch or settings.PIPELINE_SWEEP_BATCH
        waiting = broker_waiting()
        marks_before = now
        if waiting is not None:
            size -= waiting
        if waiting == 0:
            # Nothing waits in the queue: a mark set before the last sweep is stale.
            interval = timedelta(seconds=settings.SWEEP_INTERVAL_SECONDS)
            marks_before = now + dispatch_lease() - interval
        in_flight = self._rows().filter(dispatched_until__gt=marks_before).count()
        size = min(size, settings.PIPELINE_DISPATCH_MAX_IN_FLIGHT - in_flight)
        if size <= 0:
            return 0
        with transaction.atomic():
            ids = list(
                self.due(now, extra, marks_before)
                .order_by("next_attempt_at", "pk")
                .select_for_update(skip_locked=True, of=("self",))
                .values_list("pk", flat=True)[:size]
            )
            self.dispatch(ids)
        return len(ids)
