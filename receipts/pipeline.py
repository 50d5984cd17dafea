"""How this app joins a request's life: its PDF receipt and "received" SMS (pipeline
steps), the SMS of every new stage and the survey of a finished request (transition
listeners), the status sent again when the citizen asks (status request listener),
the one-time codes that prove a citizen's mobile (otp listener), and the link to a saved
draft (draft SMS listener)."""

import uuid

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from submissions.constants import Status
from submissions.events import (
    DraftNotice,
    OtpMessage,
    draft_sms_listeners,
    otp_listeners,
    status_request_listeners,
    transition_listeners,
)
from submissions.models import Submission, SubmissionEvent
from submissions.pipeline import pipeline

from .constants import SmsEvent
from .outbox import sms_message_dispatch
from .services import (
    receipt_generate,
    sms_draft_queue,
    sms_otp_queue,
    sms_queue,
    sms_received_queue,
)
from .survey import survey_invitation_sms, survey_invite


@pipeline.register(
    "receipt",
    label=_("PDF receipt"),
    time_limit=settings.RECEIPT_TIME_LIMIT_SECONDS,
    # The receipt promises the date routing commits the agency to.
    after=["routing"],
)
def receipt_step(submission: Submission) -> None:
    receipt_generate(submission=submission)


@pipeline.register("sms_received", label=_("“Received” SMS"), time_limit=30)
def sms_received_step(submission: Submission) -> None:
    """Queue the SMS (once) and hand it to a worker; its delivery is retried on its own row."""
    sms_message_dispatch(message=sms_received_queue(submission=submission))


@transition_listeners.register
def sms_for_new_stage(event: SubmissionEvent) -> None:
    """One SMS per stage the citizen can see; a referral within a stage sends none."""
    if event.status == event.previous_status:
        return
    submission = event.submission
    message = sms_queue(
        submission=submission,
        event=event.status,
        dedupe_key=f"status:{event.pk}",
        letter_number=submission.letter_number,
    )
    sms_message_dispatch(message=message)


@transition_listeners.register
def survey_for_finished_request(event: SubmissionEvent) -> None:
    """A completed or rejected request: invite the citizen to the satisfaction survey."""
    if event.status == event.previous_status:
        return
    survey = survey_invite(submission=event.submission)
    if survey is not None:
        sms_message_dispatch(message=survey_invitation_sms(survey))


@status_request_listeners.register
def sms_for_status_request(submission: Submission) -> None:
    """The citizen asked for the status by SMS: the template of the request's current
    stage (a new request's: "received"), to the mobile number on file, each time anew
    (the number of asks is limited by `submission_status_sms_request`)."""
    event = SmsEvent.RECEIVED if submission.status == Status.SUBMITTED else submission.status
    message = sms_queue(
        submission=submission,
        event=event,
        dedupe_key=f"status-request:{submission.pk}:{uuid.uuid4().hex}",
        letter_number=submission.letter_number,
    )
    sms_message_dispatch(message=message)


@otp_listeners.register
def sms_for_otp(otp: OtpMessage) -> None:
    """A one-time code: texted at once (the outbox retries it like any SMS)."""
    sms_message_dispatch(message=sms_otp_queue(otp=otp))


@draft_sms_listeners.register
def sms_for_draft(notice: DraftNotice) -> None:
    """A draft saved or about to expire: its resume link, texted to the draft's mobile."""
    sms_message_dispatch(message=sms_draft_queue(notice=notice))
