"""The evening-before reminder: beat runs `appointments.booking_reminders` every
`BOOKING_REMINDER_INTERVAL_SECONDS` and it sends reminders from `BOOKING_REMINDER_HOUR`
on. Under the embedded default (no broker, so no beat) the booking and desk pages nudge
the same work into the web process's background thread, at most once per interval."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from formbuilder.shared_cache import once_per_interval
from submissions.pipeline.embedded import embedded_background, run_in_background

from .services import booking_reminders_queue

NUDGE_KEY = "appointments:reminders-nudged"


def reminders_due(now=None) -> int:
    """Queue tomorrow's reminders if it is evening already; how many were queued."""
    now = now or timezone.now()
    if timezone.localtime(now).hour < settings.BOOKING_REMINDER_HOUR:
        return 0
    return booking_reminders_queue(now=now)


def reminders_nudge() -> None:
    """Embedded default only: run `reminders_due` in the background once per interval."""
    if not embedded_background():
        return
    if once_per_interval(NUDGE_KEY, settings.BOOKING_REMINDER_INTERVAL_SECONDS):
        run_in_background(reminders_due)
