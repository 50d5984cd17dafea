"""The in-person desk's appointments: opening hours and capacity, the slots' counters,
bookings and the day's queue tickets."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from catalog.model_fields import department_field, service_field

from .constants import BookingStatus


def _hours(label):
    return models.TimeField(label, null=True, blank=True)


# Field names of the weekly hours, by Jalali weekday (Saturday first).
WEEKDAY_FIELDS = ("sat", "sun", "mon", "tue", "wed", "thu", "fri")


class OpeningSchedule(models.Model):
    """When a department (or one of its services) receives visitors, and how many at once.

    A service's own schedule wins over its department's; days the working calendar
    (`catalog.workdays`: weekends and holidays) closes never have slots.
    """

    department = department_field("opening_schedules")
    service = service_field(
        "opening_schedules",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Leave empty for every service of the department."),
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"), default=15, help_text=_("For example 15.")
    )
    counters = models.PositiveSmallIntegerField(
        _("places per slot"),
        default=1,
        help_text=_("How many citizens each slot takes: usually the number of open counters."),
    )
    horizon_days = models.PositiveSmallIntegerField(
        _("booking horizon (days)"),
        default=30,
        help_text=_("How many days ahead citizens may book."),
    )
    location = models.TextField(_("where"), blank=True, help_text=_("Address sent by SMS."))
    is_active = models.BooleanField(_("active"), default=True)
    # Weekly hours: a day with no hours is closed.
    sat_opens = _hours(_("Saturday opens"))
    sat_closes = _hours(_("Saturday closes"))
    sun_opens = _hours(_("Sunday opens"))
    sun_closes = _hours(_("Sunday closes"))
    mon_opens = _hours(_("Monday opens"))
    mon_closes = _hours(_("Monday closes"))
    tue_opens = _hours(_("Tuesday opens"))
    tue_closes = _hours(_("Tuesday closes"))
    wed_opens = _hours(_("Wednesday opens"))
    wed_closes = _hours(_("Wednesday closes"))
    thu_opens = _hours(_("Thursday opens"))
    thu_closes = _hours(_("Thursday closes"))
    fri_opens = _hours(_("Friday opens"))
    fri_closes = _hours(_("Friday closes"))

    history = HistoricalRecords()

    panels = [
        FieldRowPanel([FieldPanel("department"), FieldPanel("service")]),
        FieldRowPanel(
            [FieldPanel("slot_minutes"), FieldPanel("counters"), FieldPanel("horizon_days")]
        ),
        FieldPanel("location"),
        FieldPanel("is_active"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel(f"{day}_opens"), FieldPanel(f"{day}_closes")])
                for day in WEEKDAY_FIELDS
            ],
            heading=_("Weekly hours (empty: closed)"),
        ),
    ]

    class Meta:
        verbose_name = _("opening schedule")
        verbose_name_plural = _("opening schedules")
        constraints = [
            models.UniqueConstraint(
                fields=["department"],
                condition=Q(service__isnull=True),
                name="appointments_one_schedule_per_department",
            ),
            models.UniqueConstraint(
                fields=["service"], name="appointments_one_schedule_per_service"
            ),
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="appointments_slot_5min"),
            models.CheckConstraint(condition=Q(counters__gte=1), name="appointments_counters_1"),
        ]

    def __str__(self):
        if self.service_id:
            return f"{self.department} — {self.service}"
        return str(self.department)

    def weekday_hours(self, weekday: int):
        """(opens, closes) on a Jalali weekday (0 = Saturday), or None when closed."""
        day = WEEKDAY_FIELDS[weekday]
        opens, closes = getattr(self, f"{day}_opens"), getattr(self, f"{day}_closes")
        return (opens, closes) if opens and closes and opens < closes else None

    def clean(self):
        errors = {}
        for day in WEEKDAY_FIELDS:
            opens, closes = getattr(self, f"{day}_opens"), getattr(self, f"{day}_closes")
            if bool(opens) != bool(closes):
                errors[f"{day}_closes"] = _("Give both the opening and the closing time.")
            elif opens and opens >= closes:
                errors[f"{day}_closes"] = _("The closing time is after the opening time.")
        if errors:
            raise ValidationError(errors)
        if self.slot_minutes is not None and self.slot_minutes < 5:
            raise ValidationError({"slot_minutes": _("A slot is at least 5 minutes long.")})
        if self.counters is not None and self.counters < 1:
            raise ValidationError({"counters": _("A slot takes at least one citizen.")})


class ScheduleException(models.Model):
    """A day that differs from the weekly hours: closed, or open at other hours or with
    another number of places."""

    schedule = models.ForeignKey(
        OpeningSchedule,
        verbose_name=_("opening schedule"),
        on_delete=models.CASCADE,
        related_name="exceptions",
    )
    date = models.DateField(_("date"))
    closed = models.BooleanField(_("closed all day"), default=True)
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    counters = models.PositiveSmallIntegerField(
        _("places per slot"), null=True, blank=True, help_text=_("Empty: as usual.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    panels = [
        FieldPanel("schedule"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("closed")]),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at"), FieldPanel("counters")]),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("schedule exception")
        verbose_name_plural = _("schedule exceptions")
        constraints = [
            models.UniqueConstraint(fields=["schedule", "date"], name="appointments_one_exception")
        ]

    def __str__(self):
        return f"{self.schedule} {self.date}"

    def clean(self):
        if self.closed:
            return
        if not (self.opens_at and self.closes_at):
            raise ValidationError(
                {"opens_at": _("Give the day's hours, or tick «closed all day».")}
            )
        if self.opens_at >= self.closes_at:
            raise ValidationError({"closes_at": _("The closing time is after the opening time.")})


class Slot(models.Model):
    """How many places of one slot are taken. Written only when someone books: a slot
    nobody booked has no row. Booking increments `booked` with a conditional UPDATE
    (`booked < capacity`), so two citizens never take the last place."""

    schedule = models.ForeignKey(OpeningSchedule, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField()
    booked = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["schedule", "starts_at"], name="appointments_one_slot"),
            models.CheckConstraint(condition=Q(booked__gte=0), name="appointments_booked_gte_0"),
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}: {self.booked}"


class Booking(models.Model):
    """A citizen's appointment (نوبت), or a walk-in the clerk registered at the desk."""

    code = models.CharField(_("booking code"), max_length=16, unique=True)
    manage_token = models.CharField(max_length=64, unique=True)
    service = service_field("bookings")
    department = department_field("bookings")
    slot = models.ForeignKey(
        Slot, null=True, blank=True, on_delete=models.PROTECT, related_name="bookings"
    )
    starts_at = models.DateTimeField(_("time"), db_index=True)
    mobile = models.CharField(_("mobile"), max_length=11, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    walk_in = models.BooleanField(_("walk-in"), default=False)
    moves = models.PositiveSmallIntegerField(_("moves"), default=0)
    created_at = models.DateTimeField(_("booked at"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    ticket = models.PositiveIntegerField(_("ticket"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    counter = models.PositiveSmallIntegerField(_("counter"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clerk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submission = models.ForeignKey(
        "submissions.Submission",
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at", "pk"]
        constraints = [
            # One citizen holds one booking of a service at a time.
            models.UniqueConstraint(
                fields=["mobile", "service"],
                condition=Q(status="booked", walk_in=False),
                name="appointments_one_open_booking",
            ),
        ]
        indexes = [models.Index(fields=["department", "starts_at"])]

    def __str__(self):
        return self.code


class QueueDay(models.Model):
    """The last ticket number a department handed out on a day (locked to add one)."""

    department = models.ForeignKey("catalog.Department", on_delete=models.CASCADE)
    date = models.DateField()
    last_ticket = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["department", "date"], name="appointments_one_queue_day"
            )
        ]

    def __str__(self):
        return f"{self.department} {self.date}: {self.last_ticket}"
