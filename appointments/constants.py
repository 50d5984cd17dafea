from django.db import models
from django.utils.translation import gettext_lazy as _


class JalaliWeekday(models.IntegerChoices):
    """Days of the Jalali week, Saturday first (`date.weekday()` counts from Monday)."""

    SATURDAY = 0, _("Saturday")
    SUNDAY = 1, _("Sunday")
    MONDAY = 2, _("Monday")
    TUESDAY = 3, _("Tuesday")
    WEDNESDAY = 4, _("Wednesday")
    THURSDAY = 5, _("Thursday")
    FRIDAY = 6, _("Friday")


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    CHECKED_IN = "checked_in", _("Checked in")
    CALLED = "called", _("Called")
    NO_SHOW = "no_show", _("No-show")


# A booking that still holds its place in its slot.
HOLDING_STATUSES = (BookingStatus.BOOKED, BookingStatus.CHECKED_IN, BookingStatus.CALLED)
# Statuses a citizen may still cancel or move from.
CHANGEABLE_STATUSES = (BookingStatus.BOOKED,)

BOOKING_CODE_LENGTH = 8
# How many times a citizen may move one booking.
MAX_MOVES = 3
