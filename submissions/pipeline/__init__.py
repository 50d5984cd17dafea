"""The pipeline a submission goes through after it is saved.

Each step's state lives in a `PipelineStep` row written in the submission's own
transaction, so the broker is only a wake-up call. The package, by concern:

- `registry`: the steps other apps register (`pipeline.register(...)`);
- `retry`: the one retry machine (claim, lease, back-off, dispatch marks, the bounded
  sweep), shared with the SMS outbox (`receipts.outbox`);
- `runner`: start a submission's steps, run one, record it, wake what waited for it;
- `sweep`: the periodic sweep; `tasks`: the Celery tasks.

Handlers must be idempotent: a worker can die after the side effect and before the
step is marked done, and then the step runs again.
"""

from .registry import PipelineRegistry, StepDefinition, StepPermanentError, pipeline
from .retry import RetryQueue, retry_delay
from .runner import (
    pipeline_enqueue,
    pipeline_start,
    pipeline_step_retry,
    pipeline_step_run,
    pipeline_steps_requeue,
    steps_queue,
)
from .sweep import pipeline_sweep

__all__ = [
    "PipelineRegistry",
    "RetryQueue",
    "StepDefinition",
    "StepPermanentError",
    "pipeline",
    "pipeline_enqueue",
    "pipeline_start",
    "pipeline_step_retry",
    "pipeline_step_run",
    "pipeline_steps_requeue",
    "pipeline_sweep",
    "retry_delay",
    "steps_queue",
]
