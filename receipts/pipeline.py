"""The pipeline steps this app adds to every request: its PDF receipt and "received" SMS."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from submissions.models import Submission
from submissions.pipeline import pipeline

from .services import receipt_generate, sms_received_queue
from .tasks import sms_send_after_commit


@pipeline.register(
    "receipt", label=_("PDF receipt"), time_limit=settings.RECEIPT_TIME_LIMIT_SECONDS
)
def receipt_step(submission: Submission) -> None:
    receipt_generate(submission=submission)


@pipeline.register("sms_received", label=_("“Received” SMS"), time_limit=30)
def sms_received_step(submission: Submission) -> None:
    """Queue the SMS (once) and hand it to a worker; its delivery is retried on its own row."""
    sms_send_after_commit(sms_received_queue(submission=submission))
