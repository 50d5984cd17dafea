"""Reads of appointments: which schedule serves a service, its free slots, the desk's day."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone

from catalog.workdays import closed_day_test
from submissions.selectors import submissions_all_visible_to

from .constants import BookingStatus
from .models import Booking, OpeningSchedule, ScheduleException, Slot


@dataclass(frozen=True)
class FreeSlot:
    starts_at: datetime.datetime  # aware, in the site's time zone
    free: int  # places left


def jalali_weekday(day: datetime.date) -> int:
    """0 for Saturday … 6 for Friday."""
    return (day.weekday() + 2) % 7


def schedule_for_service(service) -> OpeningSchedule | None:
    """The active schedule that books visits for a service: its own, else its
    department's; None when the service takes no bookings."""
    if service is None or not service.department_id:
        return None
    schedules = OpeningSchedule.objects.filter(is_active=True).filter(
        Q(service=service) | Q(service__isnull=True, department_id=service.department_id)
    )
    # The service's own first (a NULL service sorts last in ascending order on PostgreSQL
    # and first on SQLite, so sort on a flag instead).
    return min(schedules, key=lambda schedule: schedule.service_id is None, default=None)


def _day_slots(schedule: OpeningSchedule, day: datetime.date, exception) -> tuple[list, int]:
    """The start times of a day's slots (naive times) and their capacity."""
    if exception is not None:
        if exception.closed:
            return [], 0
        hours = (exception.opens_at, exception.closes_at)
        capacity = exception.counters or schedule.counters
    else:
        hours = schedule.weekday_hours(jalali_weekday(day))
        capacity = schedule.counters
    if hours is None:
        return [], 0
    opens = datetime.datetime.combine(day, hours[0])
    closes = datetime.datetime.combine(day, hours[1])
    step = datetime.timedelta(minutes=schedule.slot_minutes)
    starts = []
    while opens + step <= closes:
        starts.append(opens)
        opens += step
    return starts, capacity


def slot_capacities(
    schedule: OpeningSchedule, start: datetime.date, end: datetime.date
) -> dict[datetime.datetime, int]:
    """Every slot of [start, end] the schedule opens (aware start → places), before
    bookings: closed weekdays, the working calendar's weekends and holidays, and the
    exceptions' closed days have none."""
    closed = closed_day_test(start, end)
    exceptions = {
        item.date: item
        for item in ScheduleException.objects.filter(
            schedule=schedule, date__gte=start, date__lte=end
        )
    }
    zone = timezone.get_current_timezone()
    slots = {}
    day = start
    while day <= end:
        if not closed(day):
            starts, capacity = _day_slots(schedule, day, exceptions.get(day))
            for naive in starts:
                slots[timezone.make_aware(naive, zone)] = capacity
        day += datetime.timedelta(days=1)
    return slots


def free_slots(
    schedule: OpeningSchedule,
    *,
    start: datetime.date | None = None,
    days: int | None = None,
    now: datetime.datetime | None = None,
) -> list[FreeSlot]:
    """The slots with a place left, from `start` (today) for `days` days (the schedule's
    horizon), later than `now`; in time order."""
    now = now or timezone.now()
    start = start or timezone.localdate(now)
    days = schedule.horizon_days if days is None else days
    end = start + datetime.timedelta(days=max(days - 1, 0))
    capacities = slot_capacities(schedule, start, end)
    if not capacities:
        return []
    taken = dict(
        Slot.objects.filter(
            schedule=schedule, starts_at__gte=min(capacities), starts_at__lte=max(capacities)
        ).values_list("starts_at", "booked")
    )
    return [
        FreeSlot(starts_at=starts_at, free=capacity - taken.get(starts_at, 0))
        for starts_at, capacity in sorted(capacities.items())
        if starts_at > now and capacity > taken.get(starts_at, 0)
    ]


def free_days(slots: list[FreeSlot]) -> list[tuple[datetime.date, list[FreeSlot]]]:
    """Free slots grouped by local day, in order."""
    days: dict[datetime.date, list[FreeSlot]] = {}
    for slot in slots:
        days.setdefault(timezone.localdate(slot.starts_at), []).append(slot)
    return list(days.items())


def slot_capacity(schedule: OpeningSchedule, starts_at: datetime.datetime) -> int:
    """How many places the slot starting at `starts_at` has (0: no such slot)."""
    day = timezone.localdate(starts_at)
    return slot_capacities(schedule, day, day).get(starts_at, 0)


def booking_place(booking: Booking) -> str:
    """Where the citizen goes, as the SMS and the booking's page say it: the unit, and
    the address its schedule gives (else the service's "where to visit", else the
    unit's address)."""
    department, service = booking.department, booking.service
    schedule = schedule_for_service(service)
    address = next(
        (
            text.strip()
            for text in (
                schedule.location if schedule else "",
                service.visit_location if service else "",
                department.address,
            )
            if text and text.strip()
        ),
        "",
    )
    return f"{department.name}، {address}" if address else department.name


def booking_by_token(token: str) -> Booking | None:
    if not token or len(token) > 64:
        return None
    bookings = Booking.objects.select_related("service", "department")
    return bookings.filter(manage_token=token).first()


def bookings_visible_to(user) -> QuerySet[Booking]:
    """The bookings a user sees at the desk: managers and administrators all, staff
    those of their departments, anyone else none (the rule of `submissions_visible_to`)."""
    bookings = Booking.objects.select_related("service", "department", "handled_by")
    return bookings_scope(bookings, user=user)


def bookings_scope(bookings: QuerySet[Booking], *, user) -> QuerySet[Booking]:
    """`bookings` limited to those `user` may see (`bookings_visible_to`'s rule): the
    user's departments are named by their ids, so each booking stays one row and the
    figures can group them."""
    if not user.is_authenticated or not user.is_active:
        return bookings.none()
    if submissions_all_visible_to(user):
        return bookings
    return bookings.filter(department__in=user.departments.order_by().values("pk"))


def desk_day(*, department, day: datetime.date) -> list[Booking]:
    """A department's bookings and walk-ins of a day, by time (cancelled ones left out)."""
    return list(
        Booking.objects.select_related("service", "handled_by")
        .filter(department=department, starts_at__date=day)
        .exclude(status=BookingStatus.CANCELLED)
        .order_by("starts_at", "ticket", "pk")
    )


def hall_board(*, department, day: datetime.date, last: int = 6) -> list[Booking]:
    """The latest tickets called today (the waiting room's screen), newest first."""
    return list(
        Booking.objects.filter(
            department=department,
            called_at__date=day,
            status=BookingStatus.CALLED,
        )
        .exclude(ticket=None)
        .order_by("-called_at")[:last]
    )


def waiting_count(*, department, day: datetime.date) -> int:
    return Booking.objects.filter(
        department=department, checked_in_at__date=day, status=BookingStatus.CHECKED_IN
    ).count()


# -- Figures: the statistics page and its exports read the desk through these -----------


def no_show_q() -> Q:
    """A no-show: a booked visit the clerk marked as not come (`booking_no_show`)."""
    return Q(status=BookingStatus.NO_SHOW)


def waited_q() -> Q:
    """A visit whose waiting time is known: checked in, then called to a counter."""
    return Q(checked_in_at__isnull=False, called_at__isnull=False)


def waiting_time() -> ExpressionWrapper:
    """A visit's waiting time: from its check-in (its queue ticket) to its call."""
    return ExpressionWrapper(F("called_at") - F("checked_in_at"), output_field=DurationField())


def bookings_for_figures(
    *, start_at, end_before, service=None, department=None, reader=None
) -> QuerySet[Booking]:
    """The visits a period's figures count: bookings whose time is in [start_at,
    end_before) and walk-ins who came then, cancelled ones left out; of one service and
    one department when given; with a `reader`, only those they may see."""
    bookings = Booking.objects.filter(starts_at__gte=start_at, starts_at__lt=end_before).exclude(
        status=BookingStatus.CANCELLED
    )
    if service is not None:
        bookings = bookings.filter(service=service)
    if department is not None:
        bookings = bookings.filter(department=department)
    return bookings if reader is None else bookings_scope(bookings, user=reader)


def visit_counts(bookings: QuerySet[Booking], *group_by: str) -> list[dict]:
    """Rows of (`group_by`…, booked, walk_ins, checked_in, attended, no_shows) for
    `Visits.add`, counted in the database."""
    booked = Q(walk_in=False)
    return list(
        bookings.values(*group_by)
        .annotate(
            booked=Count("pk", filter=booked),
            walk_ins=Count("pk", filter=Q(walk_in=True)),
            checked_in=Count("checked_in_at"),
            attended=Count("pk", filter=booked & Q(checked_in_at__isnull=False)),
            no_shows=Count("pk", filter=no_show_q()),
        )
        .order_by()
    )


def visit_waits(bookings: QuerySet[Booking], *group_by: str) -> list[tuple]:
    """(`group_by`…, waiting time) of every visit whose waiting time is known: a median
    needs each one, not only their sum."""
    return list(
        bookings.filter(waited_q()).annotate(wait=waiting_time()).values_list(*group_by, "wait")
    )


@dataclass
class Visits:
    """What is known of a group of visits. Visits add up: totals are sums of rows."""

    booked: int = 0  # booked online (walk-ins not counted)
    walk_ins: int = 0
    checked_in: int = 0  # given a queue ticket: booked visits that came, and walk-ins
    attended: int = 0  # booked visits that came
    no_shows: int = 0
    waits: list[float] = field(default_factory=list)  # minutes, check-in to call

    def add(self, row: dict) -> None:
        for name in ("booked", "walk_ins", "checked_in", "attended", "no_shows"):
            setattr(self, name, getattr(self, name) + row[name])

    def add_wait(self, wait: datetime.timedelta) -> None:
        self.waits.append(wait.total_seconds() / 60)

    @property
    def total(self) -> int:
        return self.booked + self.walk_ins

    @property
    def no_show_rate(self) -> float | None:
        """Of the booked visits whose outcome is known (came or marked as not come), the
        share that did not come. Walk-ins cannot miss a visit, so they do not count."""
        decided = self.attended + self.no_shows
        return self.no_shows / decided if decided else None

    @property
    def average_wait(self) -> float | None:
        """Average minutes from check-in to call, of the visits that were called."""
        return sum(self.waits) / len(self.waits) if self.waits else None

    @property
    def median_wait(self) -> float | None:
        return statistics.median(self.waits) if self.waits else None
