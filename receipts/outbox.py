"""The SMS outbox: every message is a row, sent by a worker on the pipeline's retry
machine (`submissions.pipeline.retry`): claimed with a lease, retried with back-off,
swept when its message was lost or its worker died, failed after `SMS_MAX_ATTEMPTS`.

Sending is idempotent: a message whose earlier attempt may have reached the provider
(the worker died, or the answer was lost) is first looked up by its local id.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from submissions.pipeline import RetryQueue, retry_delay
from submissions.pipeline.retry import error_text

from .constants import SmsErrorReason, SmsStatus
from .models import SmsMessage
from .sealing import SealBroken, sms_unseal
from .sms import OutgoingSms, SmsError, SmsPermanentError, SmsTemporaryError, sms_backend_get

logger = logging.getLogger(__name__)

sms_outbox = RetryQueue(
    model=SmsMessage,
    waiting=Q(status=SmsStatus.QUEUED),
    publish="receipts.tasks.sms_message_publish",
    error_field="error",
    failed_updates={"status": SmsStatus.FAILED},
)


def _sms_lease() -> timedelta:
    # Long enough for one provider call (connect + read timeouts) and some.
    return timedelta(
        seconds=2 * settings.SMS_TIMEOUT_SECONDS + settings.PIPELINE_LEASE_MARGIN_SECONDS
    )


def sms_message_dispatch(*, message: SmsMessage | None) -> None:
    """Hand a queued message to a worker once the caller's transaction commits (a broker
    that is down leaves it to the sweep)."""
    if message is not None and message.status == SmsStatus.QUEUED:
        sms_outbox.dispatch([message.pk])


def sms_message_deliver(*, message_id: int, backend=None) -> str:
    """Send one queued message if it can be claimed; returns its status afterwards."""
    if not sms_outbox.claim(message_id, lease=_sms_lease(), now=timezone.now()):
        return "skipped"
    message = SmsMessage.objects.get(pk=message_id)
    backend = backend or sms_backend_get()
    try:
        found = backend.find_sent(str(message.local_id)) if message.attempts > 1 else None
        result = found or backend.send(sms_outgoing(message))
    except SmsTemporaryError as exc:
        return _sms_failed(message, exc, permanent=message.attempts >= settings.SMS_MAX_ATTEMPTS)
    except SmsPermanentError as exc:
        return _sms_failed(message, exc, permanent=True)
    status = SmsStatus.DELIVERED if result.status == SmsStatus.DELIVERED else SmsStatus.SENT
    SmsMessage.objects.filter(pk=message.pk).update(
        status=status,
        provider_id=result.provider_id[:100],
        error="",
        error_reason="",
        error_code="",
        lease_expires_at=None,
        sent_at=timezone.now(),
        delivered_at=timezone.now() if status == SmsStatus.DELIVERED else None,
    )
    return status


def sms_outgoing(message: SmsMessage) -> OutgoingSms:
    """The message as the provider gets it: a sealed real text (a one-time code's) opened
    in place of the masked one the log shows; SmsPermanentError when it cannot be."""
    body, tokens = message.body, dict(message.tokens or {})
    if message.sealed:
        try:
            body, tokens = sms_unseal(message.sealed)
        except SealBroken as exc:
            raise SmsPermanentError(str(exc), reason=SmsErrorReason.SEALED) from None
    return OutgoingSms(
        recipient=message.recipient,
        body=body,
        local_id=str(message.local_id),
        provider_template=message.provider_template,
        tokens=tokens,
    )


def _sms_failed(message: SmsMessage, exc: SmsError, *, permanent: bool) -> str:
    error = error_text(exc)
    # Why, for staff (in general when the backend does not say), and the provider's code.
    reason = {
        "error_reason": exc.reason or SmsErrorReason.NOT_TAKEN,
        "error_code": str(exc.code)[: SmsMessage._meta.get_field("error_code").max_length],
    }
    if permanent:
        sms_outbox.fail(message.pk, error=error, **reason)
        logger.error("SMS %s to %s failed: %s", message.pk, message.recipient, error)
        return SmsStatus.FAILED
    delay = retry_delay(message.attempts)
    sms_outbox.retry_later(message.pk, error=error, delay=delay, **reason)
    logger.warning(
        "SMS %s attempt %d failed, retrying in %ds: %s",
        message.pk,
        message.attempts,
        delay.total_seconds(),
        error,
    )
    return SmsStatus.QUEUED


def sms_sweep(*, batch: int | None = None) -> int:
    """Send a bounded batch of due messages that nobody is sending (a retry that is due, a
    message lost with the broker, a dead worker's); returns how many."""
    return sms_outbox.sweep(batch=batch)


def sms_message_retry(*, message: SmsMessage) -> bool:
    """Staff's "retry" of a failed message: queued again with fresh attempts, and handed
    to a worker."""
    updated = SmsMessage.objects.filter(pk=message.pk, status=SmsStatus.FAILED).update(
        status=SmsStatus.QUEUED,
        attempts=0,
        next_attempt_at=timezone.now(),
        lease_expires_at=None,
        dispatched_until=None,
    )
    message.refresh_from_db()
    if updated:
        sms_message_dispatch(message=message)
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
            ).update(
                status=SmsStatus.FAILED,
                error="The provider reports it undelivered.",
                error_reason=SmsErrorReason.UNDELIVERED,
                error_code="",
            )
    return changed
