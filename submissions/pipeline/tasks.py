"""The pipeline's Celery tasks: thin wrappers, found through `submissions.tasks`."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from ..models import PipelineStep
from .registry import pipeline
from .runner import pipeline_enqueue, pipeline_step_run
from .sweep import pipeline_sweep

# A database that is down (a restart, a failover) is waited for with a few retries of the
# message itself, so the work keeps its one message in flight; past them, the dispatch
# lease runs out and the sweep sends it again.
DATABASE_RETRY = {
    "autoretry_for": (OperationalError, InterfaceError),
    "max_retries": 8,
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "retry_jitter": True,
}


@shared_task(name="submissions.pipeline_step_run", ignore_result=True, **DATABASE_RETRY)
def pipeline_step_task(step_id: int) -> str:
    return pipeline_step_run(step_id=step_id)


@shared_task(name="submissions.pipeline_wake", ignore_result=True, **DATABASE_RETRY)
def pipeline_wake_task(submission_id: int) -> int:
    return pipeline_enqueue(submission_id=submission_id)


@shared_task(name="submissions.pipeline_sweep", ignore_result=True)
def pipeline_sweep_task() -> int:
    from ..services import undeleted_files_delete  # services imports the pipeline

    sent = pipeline_sweep()
    undeleted_files_delete()
    return sent


def pipeline_step_publish(step_id: int) -> None:
    """Send one step to a worker, with its time limits (the retry machine's `publish`)."""
    name = PipelineStep.objects.filter(pk=step_id).order_by().values_list("name", flat=True).first()
    definition = pipeline.find(name)
    limit = definition.time_limit if definition else 60
    pipeline_step_task.apply_async(args=[step_id], soft_time_limit=limit, time_limit=limit + 15)
