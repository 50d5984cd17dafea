"""Celery tasks of receipts and SMS: thin wrappers that fetch by id and call a service."""

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .constants import SmsStatus
from .models import SmsMessage
from .services import sms_delivery_refresh, sms_due_message_ids, sms_message_deliver


@shared_task(name="receipts.sms_send", ignore_result=True)
def sms_send_task(message_id: int) -> str:
    """Send one message; when the provider failed for now, come back at its next attempt."""
    status = sms_message_deliver(message_id=message_id)
    if status == SmsStatus.QUEUED and not settings.CELERY_TASK_ALWAYS_EAGER:
        message = SmsMessage.objects.only("next_attempt_at").get(pk=message_id)
        delay = max((message.next_attempt_at - timezone.now()).total_seconds(), 0)
        sms_send_task.apply_async(args=[message_id], countdown=delay)
    return status


@shared_task(name="receipts.sms_sweep", ignore_result=True)
def sms_sweep_task() -> int:
    """Beat: wake up queued messages nobody is sending (a lost message, a dead worker)."""
    due = sms_due_message_ids()
    for message_id in due:
        sms_send_task.delay(message_id)
    return len(due)


@shared_task(name="receipts.sms_delivery_refresh", ignore_result=True)
def sms_delivery_refresh_task() -> int:
    """Beat: record delivery reports of recently sent messages."""
    return sms_delivery_refresh()


def sms_send_after_commit(message: SmsMessage | None) -> None:
    """Hand a queued message to a worker once the transaction that wrote it commits.

    robust: a broker that is down must not undo the caller's work; the sweep sends it.
    """
    if message is None or message.status != SmsStatus.QUEUED:
        return
    message_id = message.pk
    transaction.on_commit(lambda: sms_send_task.delay(message_id), robust=True)
