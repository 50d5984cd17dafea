"""Running a submission's steps: start them with the submission, run one, record how it
ended, wake the steps that waited for it, and start failed ones again."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..constants import StepState
from ..models import PipelineStep, Submission
from .registry import StepDefinition, StepPermanentError, pipeline
from .retry import RetryQueue, dispatch_lease, error_text, retry_delay

logger = logging.getLogger(__name__)

steps_queue = RetryQueue(
    model=PipelineStep,
    waiting=Q(state__in=[StepState.PENDING, StepState.RUNNING]),
    publish="submissions.pipeline.tasks.pipeline_step_publish",
    error_field="last_error",
    claimed_updates={"state": StepState.RUNNING},
    waiting_updates={"state": StepState.PENDING},
    failed_updates={"state": StepState.FAILED},
)


def step_lease(definition: StepDefinition) -> timedelta:
    return timedelta(seconds=definition.time_limit + settings.PIPELINE_LEASE_MARGIN_SECONDS)


def pipeline_start(*, submission: Submission) -> list[PipelineStep]:
    """Create the submission's steps (inside the caller's transaction); wake a worker after
    commit. The steps are marked in flight with that message; a broker that is down
    clears the marks, and the sweep sends them."""
    steps = PipelineStep.objects.bulk_create(
        [
            PipelineStep(
                submission=submission,
                name=definition.name,
                dispatched_until=timezone.now() + dispatch_lease(),
            )
            for definition in pipeline
            if definition.applies(submission)
        ],
        ignore_conflicts=True,
    )
    submission_id = submission.pk
    # One message per request (the worker fans it out into its steps), so the web
    # request pays for a single publish.
    transaction.on_commit(lambda: _wake_publish(submission_id))
    return steps


def _wake_publish(submission_id: int) -> None:
    from .embedded import embedded_background, run_in_background

    if embedded_background():
        run_in_background(_wake_publish_now, submission_id)
    else:
        _wake_publish_now(submission_id)


def _wake_publish_now(submission_id: int) -> None:
    from .tasks import pipeline_wake_task

    try:
        pipeline_wake_task.delay(submission_id)
    except Exception as exc:  # a saved request must not become an error page
        logger.warning(
            "Broker unavailable; the sweep will start request %s: %s", submission_id, exc
        )
        PipelineStep.objects.filter(submission_id=submission_id).update(dispatched_until=None)


def prerequisites_done() -> Q:
    """Steps whose prerequisites (the steps they come `after`) are all done, in SQL."""
    condition = Q()
    for definition in pipeline:
        if definition.after:
            blocking = PipelineStep.objects.filter(
                submission_id=OuterRef("submission_id"), name__in=definition.after
            ).exclude(state=StepState.DONE)
            condition &= ~Q(name=definition.name) | ~Exists(blocking)
    return condition


def pipeline_enqueue(*, submission_id: int, names: Iterable[str] | None = None) -> int:
    """Send every pending, due step of a submission whose prerequisites are done (only
    those `names`, when given).

    The submission's few steps are read in one query and their prerequisites checked
    here, as `prerequisites_done()` checks them in SQL: a prerequisite blocks until its
    row is done; one with no row (it does not apply to the request) never blocks."""
    now = timezone.now()
    rows = list(
        PipelineStep.objects.filter(submission_id=submission_id)
        .order_by("pk")
        .values_list("pk", "name", "state", "next_attempt_at")
    )
    blocking = {name for _pk, name, state, _due in rows if state != StepState.DONE}
    wanted = None if names is None else set(names)
    ids = [
        pk
        for pk, name, state, due in rows
        if state == StepState.PENDING
        and due <= now
        and (wanted is None or name in wanted)
        and not blocking.intersection(_after(name))
    ]
    steps_queue.dispatch(ids)
    return len(ids)


def _after(name: str) -> tuple[str, ...]:
    """The steps a step comes after (none for a step no longer registered)."""
    definition = pipeline.find(name)
    return definition.after if definition else ()


def step_exhausted(step: PipelineStep, definition: StepDefinition, now) -> bool:
    if definition.retry_window is not None:
        started = step.first_attempt_at or now
        return now - started >= definition.retry_window()
    return step.attempts >= definition.max_attempts


def pipeline_step_run(*, step_id: int) -> str:
    """Run one step if it can be claimed; returns its state afterwards ("skipped" if not)."""
    now = timezone.now()
    # Read with its request before the claim: the name and the request do not depend on
    # it; the attempts it counts are read again only when the step fails.
    step = PipelineStep.objects.select_related("submission").filter(pk=step_id).order_by().first()
    definition = pipeline.find(step.name) if step else None
    first_attempt_at = Coalesce(F("first_attempt_at"), Value(now))
    if definition is None or not steps_queue.claim(
        step_id, lease=step_lease(definition), now=now, first_attempt_at=first_attempt_at
    ):
        return "skipped"
    if _prerequisites_pending(step, definition):
        # Woken too early: give the claim back; the prerequisite wakes this step when done.
        steps_queue.release(step_id)
        return "waiting"
    try:
        definition.handler(step.submission)
    except Exception as exc:
        step.refresh_from_db(fields=["attempts", "first_attempt_at"])
        return _record_failure(step, definition, exc)
    PipelineStep.objects.filter(pk=step.pk).update(
        state=StepState.DONE, last_error="", lease_expires_at=None, finished_at=timezone.now()
    )
    logger.info("Pipeline step %s of %s done", step.name, step.submission.tracking_code)
    _wake_dependants(step)
    return StepState.DONE


def _prerequisites_pending(step: PipelineStep, definition: StepDefinition) -> bool:
    """Whether a step it comes after is not done yet (as `prerequisites_done()`)."""
    return bool(definition.after) and (
        PipelineStep.objects.filter(submission_id=step.submission_id, name__in=definition.after)
        .exclude(state=StepState.DONE)
        .exists()
    )


def _record_failure(step: PipelineStep, definition: StepDefinition, exc: Exception) -> str:
    error = error_text(exc)
    if isinstance(exc, StepPermanentError) or step_exhausted(step, definition, timezone.now()):
        steps_queue.fail(step.pk, error=error)
        logger.error(
            "Pipeline step %s of %s failed for good after %d attempts: %s",
            step.name,
            step.submission.tracking_code,
            step.attempts,
            error,
        )
        return StepState.FAILED
    delay = retry_delay(step.attempts)
    steps_queue.retry_later(step.pk, error=error, delay=delay)
    logger.warning(
        "Pipeline step %s of %s failed (attempt %d), retrying in %ds: %s",
        step.name,
        step.submission.tracking_code,
        step.attempts,
        delay.total_seconds(),
        error,
    )
    return StepState.PENDING


def _wake_dependants(step: PipelineStep) -> None:
    """Send the steps that came after this one (the others have their own message)."""
    dependants = [definition.name for definition in pipeline if step.name in definition.after]
    if dependants:
        pipeline_enqueue(submission_id=step.submission_id, names=dependants)


def pipeline_step_retry(*, step: PipelineStep) -> None:
    """Staff's "retry": a failed (or waiting) step starts again with fresh attempts."""
    steps = PipelineStep.objects.filter(pk=step.pk, state__in=[StepState.FAILED, StepState.PENDING])
    if pipeline_steps_requeue(steps=steps):
        pipeline_enqueue(submission_id=step.submission_id)


def pipeline_steps_requeue(*, steps: QuerySet[PipelineStep]) -> int:
    """Start steps again with fresh attempts and a fresh retry window, due now (a failed
    one, or one backing off when what it waited for is back). The sweep sends them, in
    its bounded batches; returns how many."""
    return steps.update(
        state=StepState.PENDING,
        attempts=0,
        first_attempt_at=None,
        next_attempt_at=timezone.now(),
        lease_expires_at=None,
        dispatched_until=None,
    )
