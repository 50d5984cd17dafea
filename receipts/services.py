"""Writes of receipts and SMS: render and store a receipt; queue and deliver an SMS.

Every function here is idempotent, because a worker may die after the side effect
and before it records it, and then the same work is asked for again.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation

from catalog.workdays import working_days_add
from formbuilder.persian.text import to_persian_digits
from submissions.models import Submission
from submissions.pipeline import retry_delay

from .constants import SmsEvent, SmsStatus
from .models import Receipt, SmsMessage, SmsTemplate
from .pdf import receipt_pdf_render
from .sms import OutgoingSms, SmsPermanentError, SmsTemporaryError, sms_backend_get
from .sms.length import sms_length

logger = logging.getLogger(__name__)
ERROR_MAX_LENGTH = 2000


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

    The submission row is locked while rendering, so two workers that run the step
    at once (a redelivered message) produce one receipt, not two.
    """
    with transaction.atomic():
        locked = (
            Submission.objects.select_for_update()
            .select_related("service", "form_version")
            .get(pk=submission.pk)
        )
        existing = Receipt.objects.filter(submission=locked).first()
        if existing is not None:
            return existing
        due_date = receipt_due_date(locked)
        with translation.override(settings.LANGUAGE_CODE):
            pdf = receipt_pdf_render(submission=locked, due_date=due_date)
        receipt = Receipt(submission=locked, size=len(pdf), due_date=due_date)
        receipt.file.save(f"{locked.tracking_code}.pdf", ContentFile(pdf), save=False)
        try:
            receipt.save()
        except Exception:
            receipt.file.delete(save=False)  # no orphan file when the row cannot be written
            raise
    logger.info("Receipt of %s stored (%d bytes)", locked.tracking_code, receipt.size)
    return receipt


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
            "track_url": f"{settings.SITE_BASE_URL}{reverse('submissions:track')}",
            "survey_url": (
                f"{settings.SITE_BASE_URL}{reverse('receipts:survey', args=[survey_token])}"
                if survey_token
                else ""
            ),
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
    sends it after commit with `receipts.tasks.sms_send_after_commit`.
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


def _sms_lease() -> timedelta:
    # Long enough for one provider call (connect + read timeouts) and some.
    return timedelta(
        seconds=2 * settings.SMS_TIMEOUT_SECONDS + settings.PIPELINE_LEASE_MARGIN_SECONDS
    )


def sms_message_deliver(*, message_id: int, backend=None) -> str:
    """Send one queued message if it can be claimed; returns its status afterwards.

    A message whose earlier attempt may have reached the provider (the worker died or
    the answer was lost) is first looked up by its local id, so it is not sent twice.
    """
    now = timezone.now()
    claimed = (
        SmsMessage.objects.filter(pk=message_id, status=SmsStatus.QUEUED, next_attempt_at__lte=now)
        .filter(Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now))
        .update(attempts=F("attempts") + 1, lease_expires_at=now + _sms_lease())
    )
    if not claimed:
        return "skipped"
    message = SmsMessage.objects.get(pk=message_id)
    backend = backend or sms_backend_get()
    try:
        found = backend.find_sent(str(message.local_id)) if message.attempts > 1 else None
        result = found or backend.send(_outgoing(message))
    except SmsTemporaryError as exc:
        return _sms_failed(message, exc, permanent=message.attempts >= settings.SMS_MAX_ATTEMPTS)
    except SmsPermanentError as exc:
        return _sms_failed(message, exc, permanent=True)
    status = SmsStatus.DELIVERED if result.status == SmsStatus.DELIVERED else SmsStatus.SENT
    SmsMessage.objects.filter(pk=message.pk).update(
        status=status,
        provider_id=result.provider_id[:100],
        error="",
        lease_expires_at=None,
        sent_at=timezone.now(),
        delivered_at=timezone.now() if status == SmsStatus.DELIVERED else None,
    )
    return status


def _outgoing(message: SmsMessage) -> OutgoingSms:
    return OutgoingSms(
        recipient=message.recipient,
        body=message.body,
        local_id=str(message.local_id),
        provider_template=message.provider_template,
        tokens=dict(message.tokens or {}),
    )


def _sms_failed(message: SmsMessage, exc: Exception, *, permanent: bool) -> str:
    error = f"{type(exc).__name__}: {exc}"[:ERROR_MAX_LENGTH]
    if permanent:
        SmsMessage.objects.filter(pk=message.pk).update(
            status=SmsStatus.FAILED, error=error, lease_expires_at=None
        )
        logger.error("SMS %s to %s failed: %s", message.pk, message.recipient, error)
        return SmsStatus.FAILED
    delay = retry_delay(message.attempts)
    SmsMessage.objects.filter(pk=message.pk).update(
        error=error, lease_expires_at=None, next_attempt_at=timezone.now() + delay
    )
    logger.warning(
        "SMS %s attempt %d failed, retrying in %ds: %s",
        message.pk,
        message.attempts,
        delay.total_seconds(),
        error,
    )
    return SmsStatus.QUEUED


def sms_due_message_ids(*, limit: int = 500) -> list[int]:
    """Queued messages that are due and not being sent: lost messages, dead workers."""
    now = timezone.now()
    grace = timedelta(seconds=settings.PIPELINE_SWEEP_GRACE_SECONDS)
    return list(
        SmsMessage.objects.filter(status=SmsStatus.QUEUED, next_attempt_at__lte=now - grace)
        .filter(Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def sms_message_retry(*, message: SmsMessage) -> bool:
    """Staff's "retry" of a failed message: queued again with fresh attempts.

    The caller hands it to a worker (`receipts.tasks.sms_send_after_commit`).
    """
    updated = SmsMessage.objects.filter(pk=message.pk, status=SmsStatus.FAILED).update(
        status=SmsStatus.QUEUED, attempts=0, next_attempt_at=timezone.now(), lease_expires_at=None
    )
    message.refresh_from_db()
    return bool(updated)


def sms_delivery_refresh(*, backend=None, max_age_days: int = 3) -> int:
    """Ask the provider which sent messages have been delivered (or not). Returns changes."""
    backend = backend or sms_backend_get()
    recent = timezone.now() - timedelta(days=max_age_days)
    pending = list(
        SmsMessage.objects.filter(status=SmsStatus.SENT, sent_at__gte=recent)
        .exclude(provider_id="")
        .values_list("provider_id", flat=True)[:500]
    )
    if not pending:
        return 0
    changed = 0
    for provider_id, status in backend.delivery_statuses(pending).items():
        if status == SmsStatus.DELIVERED:
            changed += SmsMessage.objects.filter(
                provider_id=provider_id, status=SmsStatus.SENT
            ).update(status=SmsStatus.DELIVERED, delivered_at=timezone.now())
        elif status == SmsStatus.FAILED:
            changed += SmsMessage.objects.filter(
                provider_id=provider_id, status=SmsStatus.SENT
            ).update(status=SmsStatus.FAILED, error="The provider reports it undelivered.")
    return changed
