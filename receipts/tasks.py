"""Celery tasks of receipts and SMS: thin wrappers that fetch by id and call a service."""

from celery import shared_task

from submissions.pipeline.tasks import DATABASE_RETRY

from .outbox import sms_delivery_refresh, sms_message_deliver, sms_sweep


@shared_task(name="receipts.sms_send", ignore_result=True, **DATABASE_RETRY)
def sms_send_task(message_id: int) -> str:
    """Send one message; a retry is sent again by the sweep when it is due."""
    return sms_message_deliver(message_id=message_id)


@shared_task(name="receipts.sms_sweep", ignore_result=True)
def sms_sweep_task() -> int:
    """Beat: send due messages nobody is sending (a retry, a lost message, a dead worker)."""
    return sms_sweep()


@shared_task(name="receipts.sms_delivery_refresh", ignore_result=True)
def sms_delivery_refresh_task() -> int:
    """Beat: record delivery reports of recently sent messages."""
    return sms_delivery_refresh()


def sms_message_publish(message_id: int) -> None:
    """Send one message's id to a worker (the retry machine's `publish`)."""
    sms_send_task.delay(message_id)
