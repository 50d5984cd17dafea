from celery import shared_task

from .reminders import reminders_due


@shared_task(name="appointments.booking_reminders")
def booking_reminders_task() -> int:
    return reminders_due()
