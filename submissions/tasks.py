"""Celery tasks of requests: the pipeline's step runner and its periodic sweep."""

from .pipeline.tasks import pipeline_step_task, pipeline_sweep_task, pipeline_wake_task

__all__ = ["pipeline_step_task", "pipeline_sweep_task", "pipeline_wake_task"]
