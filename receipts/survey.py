"""The satisfaction survey of a finished request: invite the citizen by SMS, record the
answer once. The instruction on service desks requires this electronic survey; its axes
are receipts.constants.SURVEY_SCORES.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from formbuilder.persian.text import text_clean
from submissions.constants import FINAL_STATUSES
from submissions.models import Submission

from .constants import SURVEY_SCORES, SmsEvent
from .models import SmsMessage, SurveyResponse
from .services import sms_queue

SURVEY_SCORE_MIN, SURVEY_SCORE_MAX = 1, 5
SURVEY_COMMENT_MAX_LENGTH = 1000


class SurveyAlreadyAnswered(Exception):
    """The survey was answered before; an answer is recorded only once."""


def survey_sms_dedupe_key(submission_id: int) -> str:
    return f"{SmsEvent.SURVEY}:{submission_id}"


def survey_invite(*, submission: Submission) -> SurveyResponse | None:
    """Create the survey of a finished (completed or rejected) request and queue its SMS.

    Idempotent: a request has one survey and one invitation, whatever the calls. Returns
    None for a request that is not finished. The SMS is written to the outbox (nothing
    when the "survey" template is inactive); the caller hands it to a worker after commit
    (`survey_invitation_sms` finds it).
    """
    if submission.status not in FINAL_STATUSES:
        return None
    # get_or_create retries the read when a concurrent call created the row first; the
    # token is the model's (`survey_token_new`).
    survey, _created = SurveyResponse.objects.get_or_create(submission=submission)
    sms_queue(
        submission=submission,
        event=SmsEvent.SURVEY,
        dedupe_key=survey_sms_dedupe_key(submission.pk),
        survey_token=survey.token,
    )
    return survey


def survey_invitation_sms(survey: SurveyResponse) -> SmsMessage | None:
    """The outbox row of a survey's invitation, if one was queued."""
    return SmsMessage.objects.filter(dedupe_key=survey_sms_dedupe_key(survey.submission_id)).first()


def survey_by_token(*, token: str) -> SurveyResponse | None:
    """The survey a link points to, with what its page shows; None for an unknown token."""
    return SurveyResponse.objects.select_related("submission__service").filter(token=token).first()


def survey_answer(*, survey: SurveyResponse, scores: dict, comment: str) -> SurveyResponse:
    """Record the citizen's answer: a score of 1 to 5 on every axis and an optional comment.

    Raises ValidationError (by field) for a missing, unknown or out-of-range score or a
    comment over 1,000 characters, and SurveyAlreadyAnswered when the survey was answered
    before (even by a concurrent request: the write is conditional).
    """
    errors = {}
    for name in SURVEY_SCORES:
        value = scores.get(name)
        if value is None or value == "":
            errors[name] = _("Choose an answer for this question.")
            continue
        # Whole numbers only: 4.7 or True is no answer on a 1-5 scale.
        score = int(value) if type(value) is int or str(value).strip().isdigit() else None
        if score is None or not SURVEY_SCORE_MIN <= score <= SURVEY_SCORE_MAX:
            errors[name] = _("Choose one of the five answers.")
    unknown = sorted(set(scores) - set(SURVEY_SCORES))
    if unknown:
        errors["__all__"] = f"Unknown survey questions: {', '.join(unknown)}"
    comment = text_clean(comment or "", multiline=True)
    if len(comment) > SURVEY_COMMENT_MAX_LENGTH:
        errors["comment"] = _("Write at most 1,000 characters.")
    if errors:
        raise ValidationError(errors)

    values = {name: int(scores[name]) for name in SURVEY_SCORES}
    answered = SurveyResponse.objects.filter(pk=survey.pk, answered_at__isnull=True).update(
        answered_at=timezone.now(), comment=comment, **values
    )
    if not answered:
        raise SurveyAlreadyAnswered(f"The survey of request {survey.submission_id} was answered.")
    survey.refresh_from_db()
    return survey
