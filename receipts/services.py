"""Writes of receipts and SMS: render and store a receipt; write an SMS for an event
(its sending is the outbox's, `receipts.outbox`).

Every function here is idempotent, because a worker may die after the side effect
and before it records it, and then the same work is asked for again.
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from catalog.workdays import working_days_add
from formbuilder.persian.jalali import format_jalali
from formbuilder.persian.text import to_persian_digits
from submissions.events import DRAFT_REMINDER, DraftNotice, OtpMessage
from submissions.models import Submission

from .constants import SmsEvent
from .links import sms_survey_url, sms_track_url
from .models import Receipt, SmsMessage, SmsTemplate
from .pdf import receipt_pdf_render
from .sealing import SECRET_MASK, sms_seal
from .sms.length import sms_length

logger = logging.getLogger(__name__)


# Receipts


def receipt_due_date(submission: Submission):
    """The committed completion date: the one routing fixed for the request (its rule's
    time limit, or the service's duration), the date staff are held to; for a request
    not routed yet, the service's duration in working days."""
    if submission.due_date is not None:
        return submission.due_date
    submitted_on = timezone.localdate(submission.created_at)
    return working_days_add(submitted_on, submission.service.duration_days or 0)


def receipt_generate(*, submission: Submission) -> Receipt:
    """Render and store the request's PDF receipt, once: a second call returns the first.

    The PDF is rendered with no lock held. Only storing it takes the request's row, for
    a moment and that row alone, so two workers that run the step at once (a redelivered
    message) store one receipt; the later one's rendering is dropped.
    """
    existing = Receipt.objects.filter(submission_id=submission.pk).first()
    if existing is not None:
        return existing
    current = Submission.objects.select_related("service", "form_version").get(pk=submission.pk)
    due_date = receipt_due_date(current)
    with translation.override(settings.LANGUAGE_CODE):
        pdf = receipt_pdf_render(submission=current, due_date=due_date)
    with transaction.atomic():
        Submission.objects.select_for_update(of=("self",), no_key=True).only("pk").get(
            pk=submission.pk
        )
        existing = Receipt.objects.filter(submission_id=submission.pk).first()
        if existing is not None:
            return existing
        receipt = Receipt(submission=current, size=len(pdf), due_date=due_date)
        _earlier_attempt_delete(receipt)
        receipt.file.save(f"{current.tracking_code}.pdf", ContentFile(pdf), save=False)
        try:
            receipt.save()
        except Exception:
            receipt.file.delete(save=False)  # no orphan file when the row cannot be written
            raise
    logger.info("Receipt of %s stored (%d bytes)", current.tracking_code, receipt.size)
    return receipt


def _earlier_attempt_delete(receipt: Receipt) -> None:
    """An object already at the receipt's name (models.receipt_path) belongs to an earlier
    attempt that never wrote its row: the caller holds the request's row and found no
    receipt. Deleted, so that this attempt's upload takes the name and none is orphaned."""
    name = receipt.file.field.generate_filename(receipt, "receipt.pdf")
    if receipt.file.storage.exists(name):
        logger.warning("Receipt object %s of an earlier attempt replaced", name)
        receipt.file.storage.delete(name)


# SMS


def sms_values(
    submission: Submission,
    *,
    status_label: str = "",
    letter_number: str = "",
    survey_token: str = "",
) -> dict[str, str]:
    """The placeholders' values for one request, as the citizen should read them.

    `survey_url` is filled only for the survey invitation, which passes its token.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "tracking_code": to_persian_digits(submission.tracking_code),
            "service": submission.service.title,
            "status": str(status_label or submission.get_status_display()),
            "letter_number": to_persian_digits(letter_number) if letter_number else "",
            "track_url": sms_track_url(),
            "survey_url": sms_survey_url(survey_token) if survey_token else "",
        }


def sms_queue(
    *,
    submission: Submission,
    event: str,
    dedupe_key: str,
    status_label: str = "",
    letter_number: str = "",
    survey_token: str = "",
) -> SmsMessage | None:
    """Write the SMS for an event of a request (an outbox row), once per `dedupe_key`.

    Returns None when the event has no active template (nothing to send). The caller
    sends it with `receipts.outbox.sms_message_dispatch`.
    """
    template = SmsTemplate.objects.filter(event=event, is_active=True).first()
    if template is None:
        logger.info("No active SMS template for %s; nothing sent for %s", event, submission)
        return None
    existing = SmsMessage.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing
    values = sms_values(
        submission,
        status_label=status_label,
        letter_number=letter_number,
        survey_token=survey_token,
    )
    body = template.render(values)
    try:
        with transaction.atomic():
            return SmsMessage.objects.create(
                recipient=submission.mobile,
                body=body,
                parts=sms_length(body).parts,
                submission=submission,
                event=event,
                dedupe_key=dedupe_key,
                provider_template=template.provider_template,
                tokens={
                    "token": submission.tracking_code,
                    "token2": letter_number or "-",
                    "token10": values["status"],
                    "token20": values["service"],
                },
            )
    except IntegrityError:  # queued by a concurrent run of the same step
        return SmsMessage.objects.get(dedupe_key=dedupe_key)


def sms_received_queue(*, submission: Submission) -> SmsMessage | None:
    """The "received, your code is …" SMS of a new request."""
    return sms_queue(
        submission=submission,
        event=SmsEvent.RECEIVED,
        dedupe_key=f"{SmsEvent.RECEIVED}:{submission.pk}",
    )


def _otp_text(template: SmsTemplate | None, code: str, minutes: int) -> str:
    """The one-time code's text with `code` in it: the template's, else a built-in one."""
    if template is not None:
        return template.render({"code": code})
    return gettext("Your code: %(code)s\nValid for %(minutes)s minutes.") % {
        "code": code,
        "minutes": to_persian_digits(str(minutes)),
    }


def sms_otp_queue(*, otp: OtpMessage) -> SmsMessage:
    """The SMS of a one-time code: the active "one-time code" template (its provider
    template, Kavenegar's verify/lookup, with the code as `token`), else a built-in text.
    Always written: without it nobody could sign in.

    The row shows the code masked («******», in the text and the token): nobody reading
    the SMS log or the database sees a code that still signs someone in. The real text
    is sealed beside it (receipts/sealing.py) for the worker that sends it."""
    template = SmsTemplate.objects.filter(event=SmsEvent.OTP, is_active=True).first()
    with translation.override(settings.LANGUAGE_CODE):
        body = _otp_text(template, to_persian_digits(otp.code), otp.valid_minutes)
        shown = _otp_text(template, SECRET_MASK, otp.valid_minutes)
    message, _created = SmsMessage.objects.get_or_create(
        dedupe_key=f"otp:{otp.challenge_id}",
        defaults={
            "recipient": otp.mobile,
            "body": shown,
            "parts": sms_length(body).parts,
            "event": SmsEvent.OTP,
            "provider_template": template.provider_template if template is not None else "",
            "tokens": {"token": SECRET_MASK},
            "sealed": sms_seal(body=body, tokens={"token": otp.code}),
        },
    )
    return message


def sms_draft_queue(*, notice: DraftNotice) -> SmsMessage:
    """The SMS of a saved draft (its resume link) or of its reminder (the date it goes,
    and a new link), to the draft's mobile, in the site's language. A fixed text, not an
    editor's template: the link is the only way back to the draft."""
    draft = notice.draft
    with translation.override(settings.LANGUAGE_CODE):
        if notice.kind == DRAFT_REMINDER:
            body = gettext("Your saved form will be deleted on %(date)s. Continue: %(url)s") % {
                "date": format_jalali(draft.expires_at),
                "url": notice.resume_url,
            }
        else:
            body = gettext("Your form is saved. Continue it here: %(url)s") % {
                "url": notice.resume_url
            }
    return SmsMessage.objects.create(
        recipient=draft.mobile,
        body=body,
        parts=sms_length(body).parts,
        dedupe_key=f"draft-{notice.kind}:{draft.pk}:{uuid.uuid4().hex}",
    )


def sms_text_queue(*, recipient: str, body: str, dedupe_key: str) -> SmsMessage:
    """Write an SMS that is not about a request (an appointment's code, its reminder):
    an outbox row with its text, once per `dedupe_key`. The caller sends it with
    `receipts.outbox.sms_message_dispatch`."""
    existing = SmsMessage.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return SmsMessage.objects.create(
                recipient=recipient,
                body=body,
                parts=sms_length(body).parts,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:  # written by a concurrent run
        return SmsMessage.objects.get(dedupe_key=dedupe_key)
