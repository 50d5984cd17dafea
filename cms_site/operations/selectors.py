"""What operators watch: the pipeline's queue, failed steps and SMS (README, "Health
and metrics"). One selector per figure; the metrics, the admin dashboard's panel and the
daily digest all read them here."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from receipts.constants import SmsStatus
from receipts.models import SmsMessage
from submissions.constants import StepState
from submissions.models import PipelineStep
from submissions.pipeline import pipeline
from submissions.selectors import counts_by, submission_scope

STEP_NOT_DONE = (StepState.PENDING, StepState.RUNNING)
SMS_NOT_SENT = (SmsStatus.QUEUED, SmsStatus.FAILED)


def pipeline_queue_depth() -> int:
    """Steps due now and not done (pending, or running), across every request."""
    return PipelineStep.objects.filter(
        state__in=STEP_NOT_DONE, next_attempt_at__lte=timezone.now()
    ).count()


def failed_steps_by_name() -> dict[str, int]:
    """Steps that failed for good, per step name."""
    return counts_by(PipelineStep.objects.filter(state=StepState.FAILED), "name")


def failed_sms_by_reason() -> dict[str, int]:
    """SMS that failed for good, per provider answer (our reason; "" when none is known)."""
    return counts_by(SmsMessage.objects.filter(status=SmsStatus.FAILED), "error_reason")


def stale_cutoff():
    return timezone.now() - timedelta(seconds=settings.OPS_STALE_AGE_SECONDS)


def stale_steps(user=None):
    """Steps failed, or still not done, that were created longer than OPS_STALE_AGE ago;
    only those of requests `user` may see (all when None: the digest)."""
    rows = PipelineStep.objects.filter(
        Q(state=StepState.FAILED) | Q(state__in=STEP_NOT_DONE), created_at__lt=stale_cutoff()
    ).select_related("submission")
    return rows if user is None else submission_scope(rows, user=user)


def stale_sms(user=None):
    """SMS failed, or still not sent, that were created longer than OPS_STALE_AGE ago;
    only those of requests `user` may see (all when None: the digest)."""
    rows = SmsMessage.objects.filter(
        status__in=SMS_NOT_SENT, created_at__lt=stale_cutoff()
    ).select_related("submission")
    return rows if user is None else submission_scope(rows, user=user)


def oldest(rows, count: int) -> list:
    """The `count` oldest rows; a step carries its name as staff read it (`label`)."""
    found = list(rows.order_by("created_at", "pk")[:count])
    for row in found:
        if isinstance(row, PipelineStep):
            row.label = pipeline.label(row.name)
    return found
