"""The pipeline a submission goes through after it is saved: one registry of steps.

Later apps add their steps (the receipt PDF, the "received" SMS, routing) by
registering a handler here from their `AppConfig.ready()`; this app never imports
them. Each step's state lives in a `PipelineStep` row written in the submission's own
transaction, so the broker is only a wake-up call:

- `pipeline_start()` creates the rows and, after commit, enqueues every ready step;
- `pipeline_step_run()` claims a step atomically (so two deliveries of one message
  never run it twice at once), runs its handler, and records the outcome: done, or a
  retry at an exponentially growing delay, or failed after `max_attempts`;
- `pipeline_sweep()` (Celery beat) re-enqueues steps that are due and steps whose
  worker died (their lease expired), so a lost message or a killed worker only delays.

Handlers must be idempotent: a worker can die after the side effect and before the
step is marked done, and then the step runs again.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .constants import StepState
from .models import PipelineStep, Submission

logger = logging.getLogger(__name__)

Handler = Callable[[Submission], None]


class StepPermanentError(Exception):
    """Raised by a handler when retrying cannot help: the step fails at once, for staff."""


ERROR_MAX_LENGTH = 2000


@dataclass(frozen=True)
class StepDefinition:
    """A registered step: what it does and how patiently it is retried."""

    name: str
    label: str
    handler: Handler
    after: tuple[str, ...] = ()
    max_attempts: int = 6
    time_limit: int = 60  # seconds; the worker gets a soft limit, and a hard one a bit later
    applies: Callable[[Submission], bool] = field(default=lambda submission: True)


class PipelineRegistry:
    """Steps by name, in the order they were registered."""

    def __init__(self) -> None:
        self._steps: dict[str, StepDefinition] = {}

    def register(
        self,
        name: str,
        *,
        label: str,
        after: Iterable[str] = (),
        max_attempts: int = 6,
        time_limit: int = 60,
        applies: Callable[[Submission], bool] | None = None,
    ) -> Callable[[Handler], Handler]:
        """Decorator: `@pipeline.register("receipt", label=_("PDF receipt"))`."""

        def decorator(handler: Handler) -> Handler:
            if name in self._steps and self._steps[name].handler is not handler:
                raise ValueError(f"A pipeline step named {name!r} is already registered.")
            self._steps[name] = StepDefinition(
                name=name,
                label=label,
                handler=handler,
                after=tuple(after),
                max_attempts=max_attempts,
                time_limit=time_limit,
                applies=applies or (lambda submission: True),
            )
            return handler

        return decorator

    def get(self, name: str) -> StepDefinition | None:
        return self._steps.get(name)

    def __iter__(self):
        return iter(self._steps.values())

    def label(self, name: str) -> str:
        step = self._steps.get(name)
        return str(step.label) if step else name


pipeline = PipelineRegistry()


def _lease(definition: StepDefinition) -> timedelta:
    return timedelta(seconds=definition.time_limit + settings.PIPELINE_LEASE_MARGIN_SECONDS)


def retry_delay(attempts: int) -> timedelta:
    """Exponential back-off with jitter: base, 2×base, 4×base… capped."""
    base = settings.PIPELINE_RETRY_BASE_SECONDS
    delay = min(base * 2 ** max(attempts - 1, 0), settings.PIPELINE_RETRY_MAX_SECONDS)
    return timedelta(seconds=delay * random.uniform(0.8, 1.2))  # noqa: S311 (not security)


def pipeline_start(*, submission: Submission) -> list[PipelineStep]:
    """Create the submission's steps (inside the caller's transaction); enqueue after commit."""
    steps = PipelineStep.objects.bulk_create(
        [
            PipelineStep(submission=submission, name=definition.name)
            for definition in pipeline
            if definition.applies(submission)
        ],
        ignore_conflicts=True,
    )
    submission_id = submission.pk
    # One message per request (the worker fans it out into its steps), so the web
    # request pays for a single publish. robust: a broker that is down must not turn a
    # saved request into an error page; the sweep enqueues what this could not.
    transaction.on_commit(lambda: pipeline_wake_task.delay(submission_id), robust=True)
    return steps


def _ready(step: PipelineStep, states: dict[str, str]) -> bool:
    definition = pipeline.get(step.name)
    return definition is not None and all(
        states.get(name) == StepState.DONE for name in definition.after if name in states
    )


def pipeline_enqueue(*, submission_id: int) -> int:
    """Send every pending, due step of a submission whose prerequisites are done to a worker."""
    steps = list(PipelineStep.objects.filter(submission_id=submission_id))
    states = {step.name: step.state for step in steps}
    now = timezone.now()
    sent = 0
    for step in steps:
        if step.state == StepState.PENDING and step.next_attempt_at <= now and _ready(step, states):
            _send_to_worker(step)
            sent += 1
    return sent


def _send_to_worker(step: PipelineStep, countdown: float | None = None) -> None:
    definition = pipeline.get(step.name)
    limit = definition.time_limit if definition else 60
    pipeline_step_task.apply_async(
        args=[step.pk],
        countdown=countdown,
        soft_time_limit=limit,
        time_limit=limit + 15,
    )


def _claim(step_id: int, now) -> bool:
    """Take the step for this worker; False when it is done, failed or someone has it."""
    step = PipelineStep.objects.filter(pk=step_id).only("name").first()
    definition = pipeline.get(step.name) if step else None
    if definition is None:
        return False
    return bool(
        PipelineStep.objects.filter(pk=step_id)
        .filter(
            Q(state=StepState.PENDING, next_attempt_at__lte=now)
            | Q(state=StepState.RUNNING, lease_expires_at__lt=now)
        )
        .update(
            state=StepState.RUNNING,
            attempts=F("attempts") + 1,
            lease_expires_at=now + _lease(definition),
        )
    )


def pipeline_step_run(*, step_id: int) -> str:
    """Run one step if it can be claimed; returns its state afterwards ("skipped" if not)."""
    now = timezone.now()
    if not _claim(step_id, now):
        return "skipped"
    step = PipelineStep.objects.select_related("submission").get(pk=step_id)
    definition = pipeline.get(step.name)
    states = dict(
        PipelineStep.objects.filter(submission_id=step.submission_id).values_list("name", "state")
    )
    if not _ready(step, states):
        # Woken too early: give the claim back; the prerequisite wakes this step when done.
        PipelineStep.objects.filter(pk=step.pk).update(
            state=StepState.PENDING, attempts=F("attempts") - 1, lease_expires_at=None
        )
        return "waiting"
    try:
        definition.handler(step.submission)
    except Exception as exc:
        return _record_failure(step, definition, exc)
    PipelineStep.objects.filter(pk=step.pk).update(
        state=StepState.DONE, last_error="", lease_expires_at=None, finished_at=timezone.now()
    )
    logger.info("Pipeline step %s of %s done", step.name, step.submission.tracking_code)
    _wake_dependants(step)
    return StepState.DONE


def _record_failure(step: PipelineStep, definition: StepDefinition, exc: Exception) -> str:
    step.refresh_from_db(fields=["attempts"])
    error = f"{type(exc).__name__}: {exc}"[:ERROR_MAX_LENGTH]
    if step.attempts >= definition.max_attempts or isinstance(exc, StepPermanentError):
        PipelineStep.objects.filter(pk=step.pk).update(
            state=StepState.FAILED, last_error=error, lease_expires_at=None
        )
        logger.error(
            "Pipeline step %s of %s failed for good after %d attempts: %s",
            step.name,
            step.submission.tracking_code,
            step.attempts,
            error,
        )
        return StepState.FAILED
    delay = retry_delay(step.attempts)
    PipelineStep.objects.filter(pk=step.pk).update(
        state=StepState.PENDING,
        last_error=error,
        lease_expires_at=None,
        next_attempt_at=timezone.now() + delay,
    )
    logger.warning(
        "Pipeline step %s of %s failed (attempt %d), retrying in %ds: %s",
        step.name,
        step.submission.tracking_code,
        step.attempts,
        delay.total_seconds(),
        error,
    )
    if not settings.CELERY_TASK_ALWAYS_EAGER:  # eager mode would retry at once, in a loop
        _send_to_worker(step, countdown=delay.total_seconds())
    return StepState.PENDING


def _wake_dependants(step: PipelineStep) -> None:
    waiting = [d.name for d in pipeline if step.name in d.after]
    if waiting:
        pipeline_enqueue(submission_id=step.submission_id)


def pipeline_sweep(*, limit: int = 500) -> int:
    """Re-enqueue steps that are due but were not picked up, and those of dead workers.

    A step whose worker died after its last allowed attempt is marked failed.
    Returns how many steps were sent to a worker.
    """
    now = timezone.now()
    grace = timedelta(seconds=settings.PIPELINE_SWEEP_GRACE_SECONDS)
    stale = PipelineStep.objects.filter(
        Q(state=StepState.PENDING, next_attempt_at__lte=now - grace)
        | Q(state=StepState.RUNNING, lease_expires_at__lt=now)
    ).order_by("next_attempt_at")[:limit]
    sent = 0
    submissions_seen: set[int] = set()
    for step in stale:
        definition = pipeline.get(step.name)
        if definition is None:
            continue
        if step.state == StepState.RUNNING and step.attempts >= definition.max_attempts:
            PipelineStep.objects.filter(pk=step.pk, state=StepState.RUNNING).update(
                state=StepState.FAILED,
                last_error=step.last_error or "The worker stopped before the step finished.",
                lease_expires_at=None,
            )
            continue
        if step.state == StepState.RUNNING:
            _send_to_worker(step)
            sent += 1
        elif step.submission_id not in submissions_seen:
            submissions_seen.add(step.submission_id)
            sent += pipeline_enqueue(submission_id=step.submission_id)
    if sent:
        logger.info("Pipeline sweep re-enqueued %d steps", sent)
    return sent


def pipeline_step_retry(*, step: PipelineStep) -> None:
    """Staff's "retry": a failed (or waiting) step starts again with fresh attempts."""
    updated = PipelineStep.objects.filter(
        pk=step.pk, state__in=[StepState.FAILED, StepState.PENDING]
    ).update(state=StepState.PENDING, attempts=0, next_attempt_at=timezone.now())
    if updated:
        submission_id = step.submission_id
        transaction.on_commit(lambda: pipeline_enqueue(submission_id=submission_id), robust=True)


# The Celery tasks: thin wrappers, found by `submissions.tasks`.


@shared_task(name="submissions.pipeline_step_run", ignore_result=True)
def pipeline_step_task(step_id: int) -> str:
    return pipeline_step_run(step_id=step_id)


@shared_task(name="submissions.pipeline_wake", ignore_result=True)
def pipeline_wake_task(submission_id: int) -> int:
    return pipeline_enqueue(submission_id=submission_id)


@shared_task(name="submissions.pipeline_sweep", ignore_result=True)
def pipeline_sweep_task() -> int:
    return pipeline_sweep()
