"""The periodic sweep (Celery beat): steps whose message was lost, whose retry is due, or
whose worker died, go to a worker again, in bounded batches, oldest first."""

from __future__ import annotations

import logging

from django.db.models import Q
from django.utils import timezone

from ..constants import StepState
from ..models import PipelineStep
from .registry import pipeline
from .runner import prerequisites_done, steps_queue

logger = logging.getLogger(__name__)

WORKER_STOPPED = "The worker stopped before the step finished."


def _dead_and_exhausted(now) -> Q:
    """Running steps whose worker died (lease expired) during their last allowed attempt."""
    condition = Q(pk__in=[])
    for definition in pipeline:
        if definition.retry_window is not None:
            used_up = Q(first_attempt_at__lte=now - definition.retry_window())
        else:
            used_up = Q(attempts__gte=definition.max_attempts)
        condition |= Q(name=definition.name) & used_up
    return Q(state=StepState.RUNNING, lease_expires_at__lt=now) & condition


def pipeline_sweep(*, batch: int | None = None) -> int:
    """Fail the steps whose worker died on their last attempt, then send a batch of due
    steps that no message is in flight for and whose prerequisites are done. Returns how
    many steps were sent to a worker."""
    now = timezone.now()
    dead = PipelineStep.objects.filter(_dead_and_exhausted(now))
    for step in dead.only("pk", "last_error"):
        steps_queue.fail(step.pk, error=step.last_error or WORKER_STOPPED)
    sent = steps_queue.sweep(extra=prerequisites_done(), batch=batch)
    if sent:
        logger.info("Pipeline sweep sent %d steps", sent)
    return sent
