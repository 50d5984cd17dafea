"""Celery tasks of requests: the pipeline's step runner and its periodic sweep, and the
housekeeping of saved drafts."""

import logging

from celery import shared_task

from .drafts import drafts_cleanup, drafts_cleanup_due
from .pipeline.tasks import pipeline_step_task, pipeline_sweep_task, pipeline_wake_task

__all__ = [
    "drafts_cleanup_start",
    "drafts_cleanup_task",
    "pipeline_step_task",
    "pipeline_sweep_task",
    "pipeline_wake_task",
]
logger = logging.getLogger(__name__)


@shared_task(name="submissions.drafts_cleanup", ignore_result=True)
def drafts_cleanup_task() -> tuple[int, int]:
    """Beat (every DRAFT_CLEANUP_INTERVAL_SECONDS): delete expired drafts with their files,
    text the reminders that are due. Returns (deleted, reminded)."""
    return drafts_cleanup()


def drafts_cleanup_start() -> None:
    """The citizen's pages pay for the drafts' housekeeping where no beat runs it (the
    embedded default): at most once an interval, the task starts from here (a worker runs
    it; without a broker it runs now), as the wizard does for abandoned uploads."""
    if not drafts_cleanup_due():
        return
    try:
        drafts_cleanup_task.delay()
    except Exception:  # housekeeping must never cost the citizen their page
        logger.exception("Could not start the cleanup of saved drafts")
