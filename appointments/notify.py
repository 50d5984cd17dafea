"""The SMS a citizen receives about a booking, written to `receipts`' outbox."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from formbuilder.persian.jalali import format_jalali
from formbuilder.persian.text import to_persian_digits
from receipts.outbox import sms_message_dispatch
from receipts.services import sms_text_queue

from .selectors import booking_place


def booking_manage_url(booking) -> str:
    """The citizen's page of a booking (cancel or move), at the site's address."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("appointments:manage", args=[booking.manage_token])
    return f"{settings.SITE_BASE_URL}{path}"


def booking_sms_text(booking, kind: str) -> str:
    """The text of one SMS: the code, the day and time, the place, the link."""
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "code": to_persian_digits(booking.code),
            "when": format_jalali(booking.starts_at, with_time=True),
            "place": booking_place(booking),
            "url": booking_manage_url(booking),
        }
        if kind == "cancelled":
            return _("Booking %(code)s of %(when)s was cancelled.") % values
        if kind == "reminder":
            return (
                _("Reminder: your visit tomorrow %(when)s, %(place)s, code %(code)s. %(url)s")
                % values
            )
        return (
            _("Visit booked: code %(code)s, %(when)s, %(place)s. Cancel or move: %(url)s") % values
        )


def booking_sms_queue(*, booking, kind: str) -> None:
    """Write the SMS (once per booking and kind) and send it after the caller commits."""
    if not booking.mobile:
        return
    message = sms_text_queue(
        recipient=booking.mobile,
        body=booking_sms_text(booking, kind),
        dedupe_key=f"booking:{booking.pk}:{kind}",
    )
    sms_message_dispatch(message=message)  # sent once the caller commits
