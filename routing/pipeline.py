"""The pipeline steps this app adds to every request: routing, then delivery."""

from django.utils.translation import gettext_lazy as _

from submissions.models import Submission
from submissions.pipeline import pipeline

from .services import submission_deliver, submission_route


@pipeline.register("routing", label=_("Routing"), time_limit=30)
def routing_step(submission: Submission) -> None:
    submission_route(submission=submission)


@pipeline.register("delivery", label=_("Delivery to the handling system"), after=["routing"])
def delivery_step(submission: Submission) -> None:
    submission_deliver(submission=submission)
