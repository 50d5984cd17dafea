"""The pipeline steps this app adds to every request: routing, then delivery.

A delivery is retried for `DELIVERY_RETRY_HOURS` (48 by default) from its first attempt,
with the pipeline's capped back-off, before it fails for good; one that failed is started
again when its endpoint answers again (`routing.services`).
"""

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from submissions.models import Submission
from submissions.pipeline import pipeline

from .constants import DELIVERY_STEP, ROUTING_STEP
from .services import submission_deliver, submission_route


def delivery_retry_window() -> timedelta:
    return timedelta(hours=settings.DELIVERY_RETRY_HOURS)


@pipeline.register(ROUTING_STEP, label=_("Routing"), time_limit=30)
def routing_step(submission: Submission) -> None:
    submission_route(submission=submission)


@pipeline.register(
    DELIVERY_STEP,
    label=_("Delivery to the handling system"),
    after=[ROUTING_STEP],
    retry_window=delivery_retry_window,
)
def delivery_step(submission: Submission) -> None:
    submission_deliver(submission=submission)
