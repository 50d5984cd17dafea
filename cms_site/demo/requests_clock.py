"""Time for the demo's sample requests: `SeedClock` lets an action run now and be
recorded at the moment it stands for, `timestamps_settle` moves what it wrote there, and
`WorkingCalendar` lists the agency's working days around today (requests_data plans
each request's story in working days)."""

import bisect
import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, models
from django.utils import timezone

from catalog.models import Holiday
from catalog.workdays import weekend_days
from receipts.models import Receipt, SmsMessage, SurveyResponse
from routing.models import RoutingDecision
from submissions.models import PipelineStep, Submission, SubmissionEvent


class DemoRequestsError(Exception):
    """The sample requests cannot be built on this database; the message says what."""


class SeedClock:
    """Lets actions run now and be recorded at the moments they stand for.

    `at(moment)` opens a window at the real time it is entered; a timestamp written
    while it is the latest window is moved by `moved()` to `moment` plus the time since
    the window opened. Timestamps older than the first window are kept.
    """

    def __init__(self) -> None:
        self._opened: list[datetime.datetime] = []
        self._shifts: list[datetime.timedelta] = []

    @contextmanager
    def at(self, moment: datetime.datetime) -> Iterator[None]:
        opened = timezone.now()
        if moment >= opened:
            raise DemoRequestsError(f"A demo action is planned in the future: {moment}.")
        self._opened.append(opened)
        self._shifts.append(opened - moment)
        yield

    def moved(self, value: datetime.datetime | None) -> datetime.datetime | None:
        if value is None:
            return None
        window = bisect.bisect_right(self._opened, value) - 1
        return value if window < 0 else value - self._shifts[window]


def timestamps_settle(clock: SeedClock, submission_ids: list[int]) -> None:
    """Move every timestamp the seed's actions wrote about these requests to its moment:
    the requests and their history rows, events, pipeline steps, routing, SMS, surveys.

    One executemany per table: Django's bulk_update builds a CASE per row and field,
    which took longer than making the requests.
    """
    quote = connection.ops.quote_name
    for model, link in (
        (Submission, "pk"),
        (Submission.history.model, "id"),
        (SubmissionEvent, "submission"),
        (PipelineStep, "submission"),
        (RoutingDecision, "submission"),
        (SmsMessage, "submission"),
        (SurveyResponse, "submission"),
        (Receipt, "submission"),
    ):
        fields = [f for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)]
        pk = model._meta.pk
        rows = model._default_manager.filter(**{f"{link}__in": submission_ids}).values_list(
            pk.attname, *(field.attname for field in fields)
        )
        params = []
        for pk_value, *values in rows:
            moved = [clock.moved(value) for value in values]
            if moved != values:
                prepared = [
                    f.get_db_prep_value(v, connection) for f, v in zip(fields, moved, strict=True)
                ]
                params.append([*prepared, pk_value])
        if params:
            columns = ", ".join(f"{quote(field.column)} = %s" for field in fields)
            table, key = quote(model._meta.db_table), quote(pk.column)
            # Names from the models' meta, values as parameters.
            sql = f"UPDATE {table} SET {columns} WHERE {key} = %s"  # noqa: S608
            with connection.cursor() as cursor:
                cursor.executemany(sql, params)


class WorkingCalendar:
    """The agency's working days around today, counted as `catalog.workdays` counts them
    (weekend days and the holiday table), so a request's due date is one of them."""

    def __init__(self, today: datetime.date, back: int = 240, ahead: int = 120) -> None:
        closed_weekdays = weekend_days()
        first, last = today - datetime.timedelta(back), today + datetime.timedelta(ahead)
        holidays = set(
            Holiday.objects.filter(date__range=(first, last)).values_list("date", flat=True)
        )
        span = (first + datetime.timedelta(n) for n in range((last - first).days + 1))
        self.days = [d for d in span if d.weekday() not in closed_weekdays and d not in holidays]
        self.last = bisect.bisect_left(self.days, today) - 1  # the last one before today

    def index(self, day: datetime.date) -> int:
        """The index of `day`, or of the first working day after it."""
        return bisect.bisect_left(self.days, day)
