"""The desk's figures, computed in the database.

Every figure is about the requests submitted in a period (optionally of one service
or one department): whether they finished on time, their surveys; the SMS figures are
about the messages sent in the period (the channel's delivery, whatever the request). Each
query groups in SQL and returns one row per (service, department[, Jalali month]);
the totals by service, by department, by month and by half-year are rolled up from
those few rows in Python, so the number of queries and the Python work do not grow
with the number of requests.

A request's closing time is `Submission.closed_at`, set when it enters a final status
(completed or rejected). The requests' figures are read from one covering index
(`submission_cohort`): each request is classed in SQL (finished on time, late, open
overdue…, its age) and only the classes are counted, so the database does one cheap
grouping rather than a dozen filtered aggregates per row.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Q,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from catalog.models import Department, ServicePage
from receipts.constants import SURVEY_SCORES, SmsStatus
from receipts.models import SmsMessage, SurveyResponse
from submissions.constants import FINAL_STATUSES
from submissions.models import Submission
from submissions.selectors import overdue_q, submission_scope

from .periods import HalfYear, JalaliMonth, Period, day_start, period_half_year, period_month

# Ages of open requests, in days since submission: (first, last); None is open-ended.
AGE_BUCKETS: tuple[tuple[int, int | None], ...] = ((0, 3), (4, 7), (8, 14), (15, 30), (31, None))
# SMS whose fate is known or on its way: the denominator of the delivery rate.
SMS_ATTEMPTED = (SmsStatus.SENT, SmsStatus.DELIVERED, SmsStatus.FAILED)


@dataclass(frozen=True)
class ServiceRef:
    pk: int
    title: str
    code: str


@dataclass(frozen=True)
class DepartmentRef:
    pk: int | None  # None: requests not yet given to a department
    name: str


@dataclass
class Tally:
    """What is known of a group of requests. Tallies add up: totals are sums of rows."""

    total: int = 0
    finished: int = 0  # final status, with its final event
    on_time: int = 0
    late: int = 0
    open: int = 0
    open_in_time: int = 0
    open_overdue: int = 0
    processing: datetime.timedelta = field(default_factory=datetime.timedelta)
    ages: list[int] = field(default_factory=lambda: [0] * len(AGE_BUCKETS))

    def add(self, row: dict) -> None:
        """Add a row of `_tally_values`: `n` requests of one `state` (and `age`)."""
        count, state = row["n"], row["state"]
        self.total += count
        if state in _FINISHED_STATES:
            self.finished += count
            self.processing += row["processing"] or datetime.timedelta()
            if state == _ON_TIME:
                self.on_time += count
            elif state == _LATE:
                self.late += count
        elif state in _OPEN_STATES:
            self.open += count
            if state == _OPEN_IN_TIME:
                self.open_in_time += count
            elif state == _OPEN_OVERDUE:
                self.open_overdue += count
            if row["age"] is not None:
                self.ages[row["age"]] += count

    @property
    def overdue(self) -> int:
        """Finished after their committed date, or still open past it."""
        return self.late + self.open_overdue

    @property
    def without_due_date(self) -> int:
        """No committed date (or finished without a recorded final event)."""
        return self.total - self.on_time - self.late - self.open_in_time - self.open_overdue

    @property
    def on_time_rate(self) -> float | None:
        """Of the finished requests with a committed date, the share finished by it."""
        dated = self.on_time + self.late
        return self.on_time / dated if dated else None

    @property
    def average_days(self) -> float | None:
        """Average days from submission to the final event."""
        if not self.finished:
            return None
        return self.processing.total_seconds() / 86400 / self.finished


@dataclass
class Scores:
    """Satisfaction survey answers of a group of requests; adds up like `Tally`."""

    invited: int = 0
    answered: int = 0
    sums: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SURVEY_SCORES, 0))
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SURVEY_SCORES, 0))

    def add(self, row: dict) -> None:
        self.invited += row["invited"]
        self.answered += row["answered"]
        for axis in SURVEY_SCORES:
            self.sums[axis] += row[f"{axis}_sum"] or 0
            self.counts[axis] += row[f"{axis}_n"]

    def average(self, axis: str) -> float | None:
        return self.sums[axis] / self.counts[axis] if self.counts[axis] else None

    @property
    def response_rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None


@dataclass
class SmsFigures:
    counts: dict[str, int]

    @property
    def attempted(self) -> int:
        return sum(self.counts.get(status, 0) for status in SMS_ATTEMPTED)

    @property
    def delivery_rate(self) -> float | None:
        """Delivered / (sent + delivered + failed); queued messages are not judged yet."""
        attempted = self.attempted
        return self.counts.get(SmsStatus.DELIVERED, 0) / attempted if attempted else None


@dataclass
class DeskStatistics:
    period: Period
    today: datetime.date
    overall: Tally
    by_service: list[tuple[ServiceRef, Tally]]
    by_department: list[tuple[DepartmentRef, Tally]]
    by_month: list[tuple[JalaliMonth, int]]
    by_half_year: list[tuple[HalfYear, int]]
    sms: SmsFigures
    satisfaction: Scores
    satisfaction_by_service: list[tuple[ServiceRef, Scores]]
    satisfaction_by_department: list[tuple[DepartmentRef, Scores]]


@dataclass(frozen=True)
class Headline:
    """The dashboard's numbers: now, this Jalali month, and this half-year."""

    month: Period
    half_year: Period
    requests_this_month: int
    open: int
    overdue: int
    on_time_rate: float | None
    sms_delivery_rate: float | None
    satisfaction: float | None


def month_index(months, field: str = "created_at") -> Case:
    """The index in `months` of a row's month, from its `field` (a request's creation
    time by default)."""
    return Case(
        *(
            When(**{f"{field}__lt": day_start(month.end)}, then=Value(index))
            for index, month in enumerate(months[:-1])
        ),
        default=Value(len(months) - 1),
        output_field=IntegerField(),
    )


def _grouped(rows: list[dict], kind):
    """`rows` added up (a Tally or Scores) overall, by service and by department."""
    overall = kind()
    by_service: dict = {}
    by_department: dict = {}
    for row in rows:
        overall.add(row)
        by_service.setdefault(row["service"], kind()).add(row)
        by_department.setdefault(row["department"], kind()).add(row)
    return overall, by_service, by_department


def statistics_for_period(
    *,
    period: Period,
    service: ServicePage | None = None,
    department: Department | None = None,
    today: datetime.date | None = None,
    reader=None,
) -> DeskStatistics:
    """Every figure of the statistics page for requests submitted in `period` (local
    dates, both included), optionally of one service and one department. Five queries
    whatever the number of requests: requests, service names, department names, SMS,
    surveys. With a `reader`, only the requests they may see count (`submission_scope`).
    """
    today = today or timezone.localdate()
    cohort = _cohort_q(period, service, department)
    months = period.months
    rows = _tally_values(
        _scoped(Submission.objects.filter(cohort), reader, "pk").annotate(
            month=month_index(months)
        ),
        today,
        "service",
        "department",
        "month",
    )
    sms = _sms_counts(period, service, department, reader)
    score_rows = list(
        _scoped(_surveys(period, service, department), reader, "submission")
        .values(service=F("submission__service"), department=F("submission__department"))
        .annotate(**_score_aggregates())
        .order_by()
    )
    services, departments = refs_named(rows)
    overall, by_service, by_department = _grouped(rows, Tally)
    per_month = [0] * len(months)
    for row in rows:
        per_month[row["month"]] += row["n"]
    half_years: dict[HalfYear, int] = {}
    for month, count in zip(months, per_month, strict=True):
        key = HalfYear(month.year, month.half)
        half_years[key] = half_years.get(key, 0) + count
    satisfaction, scores_by_service, scores_by_department = _grouped(score_rows, Scores)
    return DeskStatistics(
        period=period,
        today=today,
        overall=overall,
        by_service=ranked(by_service, services, size=lambda t: t.total),
        by_department=ranked(by_department, departments, size=lambda t: t.total),
        by_month=list(zip(months, per_month, strict=True)),
        by_half_year=list(half_years.items()),
        sms=sms,
        satisfaction=satisfaction,
        satisfaction_by_service=ranked(scores_by_service, services, size=lambda s: s.answered),
        satisfaction_by_department=ranked(
            scores_by_department, departments, size=lambda s: s.answered
        ),
    )


def statistics_headline(*, today: datetime.date | None = None, reader=None) -> Headline:
    """The dashboard's headline numbers, in six queries: requests this Jalali month,
    open and overdue requests now; for the requests of this half-year, the on-time
    rate and the average overall satisfaction; the delivery rate of this half-year's SMS.
    With a `reader`, only the requests they may see count.
    """
    today = today or timezone.localdate()
    month, half_year = period_month(today), period_half_year(today)
    # Three counts rather than one pass over every request: each has an index (created_at;
    # the partial index of open requests by due date).
    requests = _scoped(Submission.objects.order_by(), reader, "pk")
    open_requests = requests.exclude(status__in=sorted(FINAL_STATUSES))
    counts = {
        "this_month": requests.filter(
            created_at__gte=month.start_at, created_at__lt=month.end_before
        ).count(),
        "open": open_requests.count(),
        "overdue": requests.filter(overdue_q(today)).count(),
    }
    cohort = _cohort_q(half_year, None, None)
    timeliness = Tally()
    for row in _tally_values(requests.filter(cohort), today, ages=False):
        timeliness.add(row)
    scores = Scores()
    surveys = _scoped(_surveys(half_year, None, None), reader, "submission")
    scores.add(surveys.order_by().aggregate(**_score_aggregates()))
    sms = _sms_counts(half_year, None, None, reader)
    return Headline(
        month=month,
        half_year=half_year,
        requests_this_month=counts["this_month"],
        open=counts["open"],
        overdue=counts["overdue"],
        on_time_rate=timeliness.on_time_rate,
        sms_delivery_rate=sms.delivery_rate,
        satisfaction=scores.average("overall"),
    )


# -- Queries --------------------------------------------------------------------------


def _scoped(rows, reader, field: str):
    """The rows about requests `reader` may see (all without a reader)."""
    return rows if reader is None else submission_scope(rows, user=reader, field=field)


def _cohort_q(period: Period, service, department, *, prefix: str = "") -> Q:
    """Requests submitted in the period (of the service, of the department)."""
    q = Q(
        **{
            f"{prefix}created_at__gte": period.start_at,
            f"{prefix}created_at__lt": period.end_before,
        }
    )
    if service is not None:
        q &= Q(**{f"{prefix}service": service})
    if department is not None:
        q &= Q(**{f"{prefix}department": department})
    return q


# A request's state, as `_tally_values` classes it.
_ON_TIME, _LATE, _FINISHED = 1, 2, 3  # finished: by the due date, after it, none set
_CLOSED_UNKNOWN = 4  # a final status without a closing time (none recorded)
_OPEN_IN_TIME, _OPEN_OVERDUE, _OPEN = 5, 6, 7  # open: due later, past due, none set
_FINISHED_STATES = frozenset({_ON_TIME, _LATE, _FINISHED})
_OPEN_STATES = frozenset({_OPEN_IN_TIME, _OPEN_OVERDUE, _OPEN})


def _tally_values(requests, today: datetime.date, *group_by, ages: bool = True) -> list[dict]:
    """Rows of (`group_by`…, state, age, n, processing) for `Tally.add`: the requests
    counted by their state and, when open (and `ages`), their age bucket; processing is
    the sum of the finished ones' time from submission to closing."""
    final = Q(status__in=FINAL_STATUSES)
    closed = final & Q(closed_at__isnull=False)
    dated = closed & Q(due_date__isnull=False)
    state = Case(
        When(dated & Q(closed_at__date__lte=F("due_date")), then=Value(_ON_TIME)),
        When(dated, then=Value(_LATE)),
        When(closed, then=Value(_FINISHED)),
        When(final, then=Value(_CLOSED_UNKNOWN)),
        When(overdue_q(today), then=Value(_OPEN_OVERDUE)),
        When(due_date__isnull=False, then=Value(_OPEN_IN_TIME)),
        default=Value(_OPEN),
        output_field=IntegerField(),
    )
    # An age of n days: submitted on the local date n days before today.
    age = Value(None, output_field=IntegerField())
    if ages:
        age = Case(
            When(final, then=Value(None)),
            *(
                When(
                    created_at__gte=day_start(today - datetime.timedelta(days=last)),
                    then=Value(index),
                )
                for index, (_first, last) in enumerate(AGE_BUCKETS)
                if last is not None
            ),
            default=Value(len(AGE_BUCKETS) - 1),
            output_field=IntegerField(),
        )
    return list(
        requests.annotate(state=state, age=age)
        .values(*group_by, "state", "age")
        .annotate(
            n=Count("*"),
            processing=Sum(F("closed_at") - F("created_at"), filter=closed),
        )
        .order_by()
    )


def _surveys(period: Period, service, department):
    """The surveys of the period's requests. A survey is sent when its request is
    finished, never before it was submitted: the bound lets the survey index narrow
    the scan before the join to the period's requests."""
    return SurveyResponse.objects.filter(
        _cohort_q(period, service, department, prefix="submission__"),
        invited_at__gte=period.start_at,
    )


def _score_aggregates() -> dict:
    answered = Q(answered_at__isnull=False)
    aggregates = {"invited": Count("*"), "answered": Count("answered_at")}
    for axis in SURVEY_SCORES:
        aggregates[f"{axis}_sum"] = Sum(axis, filter=answered)
        aggregates[f"{axis}_n"] = Count(axis, filter=answered)  # blanks are not counted
    return aggregates


def _sms_counts(period: Period, service, department, reader=None) -> SmsFigures:
    """The SMS sent in the period (about the requests of the service, of the department),
    whenever their requests were submitted: the delivery rate is the channel's."""
    q = Q(created_at__gte=period.start_at, created_at__lt=period.end_before)
    if service is not None:
        q &= Q(submission__service=service)
    if department is not None:
        q &= Q(submission__department=department)
    messages = _scoped(SmsMessage.objects.filter(q), reader, "submission")
    counts = messages.order_by().values("status").annotate(n=Count("*"))
    return SmsFigures(counts={row["status"]: row["n"] for row in counts})


def refs_named(rows: list[dict]) -> tuple[dict, dict]:
    """The services and departments named in the rows, by primary key."""
    service_ids = {row["service"] for row in rows}
    department_ids = {row["department"] for row in rows} - {None}
    services = {
        pk: ServiceRef(pk, title, code)
        for pk, title, code in ServicePage.objects.filter(pk__in=service_ids).values_list(
            "pk", "title", "service_code"
        )
    }
    departments = {
        pk: DepartmentRef(pk, name)
        for pk, name in Department.objects.filter(pk__in=department_ids).values_list("pk", "name")
    }
    departments[None] = DepartmentRef(None, "")
    return services, departments


def ranked(groups: dict, refs: dict, *, size) -> list:
    """(ref, figures) pairs, the largest first; requests with no department come last."""
    pairs = [(refs[key], figures) for key, figures in groups.items() if key in refs]
    return sorted(
        pairs,
        key=lambda pair: (pair[0].pk is None, -size(pair[1]), _ref_name(pair[0])),
    )


def _ref_name(ref: ServiceRef | DepartmentRef) -> str:
    return ref.title if isinstance(ref, ServiceRef) else ref.name
