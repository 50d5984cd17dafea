"""Writes of appointments: book, cancel, move; at the desk, check in, call, no-show.

A slot's places are counted in its `Slot` row: booking adds one with a conditional
UPDATE (`booked < capacity`), which PostgreSQL re-evaluates after waiting for any
concurrent booking of the same row, so the last place goes to exactly one citizen.
"""

from __future__ import annotations

import datetime
import secrets

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from formbuilder.persian.identifiers import mobile_normalise

from .constants import BOOKING_CODE_LENGTH, CHANGEABLE_STATUSES, MAX_MOVES, BookingStatus
from .models import Booking, OpeningSchedule, QueueDay, Slot
from .notify import booking_sms_queue
from .selectors import schedule_for_service, slot_capacity


class BookingError(Exception):
    """A booking refused, with a Persian message for the citizen, the field it is about
    and the HTTP status the API answers with."""

    def __init__(self, message: str, *, field: str = "non_field_errors", status: int = 400):
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status


def _code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(BOOKING_CODE_LENGTH))


def _slot_take(schedule: OpeningSchedule, starts_at: datetime.datetime, now) -> Slot:
    """Take one place of a slot (inside the caller's transaction), or raise BookingError."""
    if starts_at <= now:
        raise BookingError(_("This time has passed. Choose a later one."), field="starts_at")
    horizon = timezone.localdate(now) + datetime.timedelta(days=schedule.horizon_days)
    if timezone.localdate(starts_at) >= horizon:
        raise BookingError(_("Bookings for this day are not open yet."), field="starts_at")
    capacity = slot_capacity(schedule, starts_at)
    if capacity <= 0:
        raise BookingError(_("There is no visiting time at this hour."), field="starts_at")
    slot, _created = Slot.objects.get_or_create(schedule=schedule, starts_at=starts_at)
    taken = Slot.objects.filter(pk=slot.pk, booked__lt=capacity).update(booked=F("booked") + 1)
    if not taken:
        raise BookingError(
            _("This time was just taken. Choose another one."), field="starts_at", status=409
        )
    return slot


def _slot_release(slot_id: int | None) -> None:
    if slot_id is not None:
        Slot.objects.filter(pk=slot_id, booked__gt=0).update(booked=F("booked") - 1)


def booking_create(
    *, service, starts_at: datetime.datetime, mobile: str, now: datetime.datetime | None = None
) -> Booking:
    """Book a place for a verified mobile at a free slot of the service; the SMS with
    the code, place, time and the link to change it is queued. Raises BookingError."""
    now = now or timezone.now()
    schedule = schedule_for_service(service)
    if schedule is None:
        raise BookingError(_("This service takes no bookings."), status=404)
    normalised = mobile_normalise(mobile or "")
    if normalised is None:
        raise BookingError(_("Enter a valid mobile number, e.g. 09121234567."), field="mobile")
    try:
        with transaction.atomic():
            slot = _slot_take(schedule, starts_at, now)
            booking = Booking.objects.create(
                code=_code(),
                manage_token=secrets.token_urlsafe(24),
                service=service,
                department_id=schedule.department_id,
                slot=slot,
                starts_at=starts_at,
                mobile=normalised,
                created_at=now,
            )
            booking_sms_queue(booking=booking, kind="booked")
    except IntegrityError as exc:
        if "appointments_one_open_booking" in str(exc):
            raise BookingError(
                _("This mobile already has a booking for this service: move or cancel it."),
                field="mobile",
                status=409,
            ) from exc
        raise
    return booking


def _changeable(booking: Booking) -> Booking:
    """The booking, locked, if the citizen may still change it; else BookingError."""
    locked = Booking.objects.select_for_update().get(pk=booking.pk)
    if locked.status not in CHANGEABLE_STATUSES:
        raise BookingError(
            _("This booking was cancelled or used; it cannot be changed."), status=409
        )
    return locked


def booking_cancel(*, booking: Booking, now: datetime.datetime | None = None) -> Booking:
    """Cancel a booking and free its place. Raises BookingError for one not open."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _changeable(booking)
        locked.status = BookingStatus.CANCELLED
        locked.cancelled_at = now
        locked.save(update_fields=["status", "cancelled_at"])
        _slot_release(locked.slot_id)
        booking_sms_queue(booking=locked, kind="cancelled")
    return locked


def booking_move(
    *, booking: Booking, starts_at: datetime.datetime, now: datetime.datetime | None = None
) -> Booking:
    """Move a booking to another free slot of its service: the new place is taken
    before the old one is freed, in one transaction. Raises BookingError."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _changeable(booking)
        if locked.moves >= MAX_MOVES:
            raise BookingError(_("This booking cannot be moved again."), status=409)
        if starts_at == locked.starts_at:
            raise BookingError(_("Choose a time other than the current one."), field="starts_at")
        schedule = schedule_for_service(locked.service)
        if schedule is None:
            raise BookingError(_("This service takes no bookings."), status=404)
        slot = _slot_take(schedule, starts_at, now)
        _slot_release(locked.slot_id)
        locked.slot, locked.starts_at = slot, starts_at
        locked.moves += 1
        locked.reminder_sent_at = None
        locked.save(update_fields=["slot", "starts_at", "moves", "reminder_sent_at"])
        booking_sms_queue(booking=locked, kind=f"moved{locked.moves}")
    return locked


# At the desk


class DeskError(BookingError):
    pass


def _ticket_next(department_id: int, day: datetime.date) -> int:
    QueueDay.objects.get_or_create(department_id=department_id, date=day)
    queue = QueueDay.objects.select_for_update().get(department_id=department_id, date=day)
    queue.last_ticket += 1
    queue.save(update_fields=["last_ticket"])
    return queue.last_ticket


def booking_check_in(*, booking: Booking, user, now: datetime.datetime | None = None) -> Booking:
    """The citizen arrived: the booking gets the day's next queue ticket."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        if locked.status != BookingStatus.BOOKED:
            raise DeskError(_("Only a booked visit can be checked in."), status=409)
        if timezone.localdate(locked.starts_at) != timezone.localdate(now):
            raise DeskError(_("This booking is for another day."), status=409)
        locked.ticket = _ticket_next(locked.department_id, timezone.localdate(now))
        locked.status = BookingStatus.CHECKED_IN
        locked.checked_in_at = now
        locked.handled_by = user
        locked.save(update_fields=["ticket", "status", "checked_in_at", "handled_by"])
    return locked


def walk_in_create(*, service, user, mobile: str = "", now=None) -> Booking:
    """A citizen who came without a booking: checked in at once with a ticket."""
    now = now or timezone.now()
    if service is None or not service.department_id:
        raise DeskError(_("Choose a service."), field="service")
    with transaction.atomic():
        return Booking.objects.create(
            code=_code(),
            manage_token=secrets.token_urlsafe(24),
            service=service,
            department_id=service.department_id,
            starts_at=now,
            mobile=mobile_normalise(mobile or "") or "",
            walk_in=True,
            status=BookingStatus.CHECKED_IN,
            ticket=_ticket_next(service.department_id, timezone.localdate(now)),
            checked_in_at=now,
            created_at=now,
            handled_by=user,
        )


def queue_call_next(*, department, counter: int, user, now=None) -> Booking | None:
    """Call the longest-waiting checked-in citizen of the department to a counter; None
    when nobody waits. Two clerks calling at once get two different citizens."""
    now = now or timezone.now()
    if not 1 <= counter <= 99:
        raise DeskError(_("Enter a counter number from 1 to 99."), field="counter")
    with transaction.atomic():
        waiting = (
            Booking.objects.select_for_update(skip_locked=True)
            .filter(
                department=department,
                status=BookingStatus.CHECKED_IN,
                checked_in_at__date=timezone.localdate(now),
            )
            .order_by("checked_in_at", "ticket")
            .first()
        )
        if waiting is None:
            return None
        waiting.status = BookingStatus.CALLED
        waiting.called_at = now
        waiting.counter = counter
        waiting.handled_by = user
        waiting.save(update_fields=["status", "called_at", "counter", "handled_by"])
    return waiting


def booking_no_show(*, booking: Booking, user, now=None) -> Booking:
    """The citizen did not come: allowed once the booking's time has passed."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        if locked.status != BookingStatus.BOOKED:
            raise DeskError(_("Only a booked visit can be marked as a no-show."), status=409)
        if locked.starts_at > now:
            raise DeskError(_("The booking's time has not come yet."), status=409)
        locked.status = BookingStatus.NO_SHOW
        locked.handled_by = user
        locked.save(update_fields=["status", "handled_by"])
    return locked


def booking_link_submission(*, booking: Booking, submission) -> None:
    """The request the clerk registered for a booked visit (the in-person desk form)."""
    Booking.objects.filter(pk=booking.pk).update(submission=submission)


def booking_reminders_queue(*, now: datetime.datetime | None = None) -> int:
    """Queue the evening-before reminder of every open booking of tomorrow, once each."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    due = Booking.objects.filter(
        status=BookingStatus.BOOKED, reminder_sent_at=None, starts_at__date=tomorrow
    ).select_related("service", "department")
    count = 0
    for booking in due:
        with transaction.atomic():
            booking_sms_queue(booking=booking, kind="reminder")
            Booking.objects.filter(pk=booking.pk).update(reminder_sent_at=now)
        count += 1
    return count
