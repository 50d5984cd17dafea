"""The statistics as tables: one source for the page (each table beside its chart)
and for the CSV and XLSX exports. Rows hold raw values; `cell_display` formats them
for the page in the active language (Persian digits, «٪», Jalali month names).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext

from formbuilder.persian.jalali import ENGLISH_MONTHS, PERSIAN_MONTHS
from formbuilder.persian.language import persian_active
from formbuilder.persian.text import to_persian_digits
from receipts.constants import SURVEY_SCORES, SmsStatus
from receipts.models import SurveyResponse

from .periods import HalfYear, JalaliMonth
from .selectors import AGE_BUCKETS, DepartmentRef, DeskStatistics, Scores, ServiceRef, Tally

# Kinds of columns: how a value is shown, and exported.
TEXT, COUNT, RATE, DECIMAL, MONTH, HALF_YEAR = "text", "count", "rate", "decimal", "month", "half"
BAR, LINE = "bar", "line"
SCORE_MAX = 5  # survey answers are 1 (very poor) to 5


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = COUNT


@dataclass
class ReportTable:
    """One figure: a titled table, and which of its columns the chart draws."""

    slug: str
    title: str
    columns: list[Column]
    rows: list[list]
    chart: str = BAR
    chart_column: int = 1  # the value drawn; column 0 labels the bars
    chart_max: float | None = None  # a fixed scale (scores); else the largest value
    note: str = ""
    footer: list = field(default_factory=list)  # a totals row, if any
    summary: list[tuple[str, object, str]] = field(default_factory=list)  # (label, value, kind)
    empty: str = ""  # what the page says when there are no rows (default: no requests)

    @property
    def display_rows(self) -> list[list[str]]:
        return [self.display(row) for row in self.rows]

    @property
    def display_footer(self) -> list[str]:
        return self.display(self.footer) if self.footer else []

    @property
    def display_summary(self) -> list[tuple[str, str]]:
        return [(label, cell_display(value, kind)) for label, value, kind in self.summary]

    def display(self, row: list) -> list[str]:
        return [
            cell_display(value, column.kind)
            for value, column in zip(row, self.columns, strict=True)
        ]


def number_display(value: float, decimals: int = 1) -> str:
    """«۴٫۳» in Persian, "4.3" otherwise; a whole number loses its ".0"."""
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if persian_active():
        text = to_persian_digits(text.replace(",", "\u066c").replace(".", "\u066b"))
    return text


def month_display(month: JalaliMonth) -> str:
    names = PERSIAN_MONTHS if persian_active() else ENGLISH_MONTHS
    text = f"{names[month.month - 1]} {month.year}"
    return to_persian_digits(text) if persian_active() else text


def half_year_display(half_year: HalfYear) -> str:
    template = (
        gettext("First half of %(year)s")
        if half_year.half == 1
        else gettext("Second half of %(year)s")
    )
    text = template % {"year": half_year.year}
    return to_persian_digits(text) if persian_active() else text


def cell_display(value, kind: str) -> str:
    if value is None:
        return "—"
    if kind == COUNT:
        return number_display(value, 0)
    if kind == RATE:
        return number_display(value * 100) + ("٪" if persian_active() else "%")
    if kind == DECIMAL:
        return number_display(value)
    if kind == MONTH:  # a totals row names itself in the month column
        return month_display(value) if isinstance(value, JalaliMonth) else str(value)
    if kind == HALF_YEAR:
        return half_year_display(value)
    return str(value)


def ref_label(ref: ServiceRef | DepartmentRef) -> str:
    if isinstance(ref, ServiceRef):
        return ref.title
    return ref.name or gettext("No department")


def age_label(first: int, last: int | None) -> str:
    if last is None:
        text = gettext("More than %(days)s days") % {"days": first - 1}
    else:
        text = gettext("%(first)s–%(last)s days") % {"first": first, "last": last}
    return to_persian_digits(text) if persian_active() else text


def score_label(axis: str) -> str:
    return str(SurveyResponse._meta.get_field(axis).verbose_name)


def report_tables(statistics: DeskStatistics) -> list[ReportTable]:
    """Every table of the page, in the page's order."""
    return [
        _requests_table(
            "by-service",
            gettext("Requests by service"),
            gettext("Service"),
            statistics.by_service,
            statistics.overall,
        ),
        _requests_table(
            "by-department",
            gettext("Requests by department"),
            gettext("Department"),
            statistics.by_department,
            statistics.overall,
        ),
        *_period_tables(statistics),
        _timeliness_table(statistics.overall),
        _processing_table(statistics),
        _open_by_age_table(statistics.overall),
        _sms_table(statistics),
        _scores_table(statistics.satisfaction),
        _scores_by_table(
            "satisfaction-by-service",
            gettext("Satisfaction by service"),
            gettext("Service"),
            statistics.satisfaction_by_service,
            statistics.satisfaction,
        ),
        _scores_by_table(
            "satisfaction-by-department",
            gettext("Satisfaction by department"),
            gettext("Department"),
            statistics.satisfaction_by_department,
            statistics.satisfaction,
        ),
    ]


def _period_tables(statistics: DeskStatistics) -> list[ReportTable]:
    return [
        ReportTable(
            slug="by-month",
            title=gettext("Requests by Jalali month"),
            columns=[Column(gettext("Month"), MONTH), Column(gettext("Requests"))],
            rows=[[month, count] for month, count in statistics.by_month],
            chart=LINE,
        ),
        ReportTable(
            slug="by-half-year",
            title=gettext("Requests by half-year"),
            columns=[Column(gettext("Half-year"), HALF_YEAR), Column(gettext("Requests"))],
            rows=[[half, count] for half, count in statistics.by_half_year],
            note=gettext("The desk reports to the oversight bodies every six months."),
        ),
    ]


def _open_by_age_table(overall: Tally) -> ReportTable:
    return ReportTable(
        slug="open-by-age",
        title=gettext("Open requests by age"),
        columns=[Column(gettext("Age"), TEXT), Column(gettext("Open requests"))],
        rows=[
            [age_label(first, last), count]
            for (first, last), count in zip(AGE_BUCKETS, overall.ages, strict=True)
        ],
        note=gettext("Days since submission, today."),
    )


def _sms_table(statistics: DeskStatistics) -> ReportTable:
    return ReportTable(
        slug="sms",
        title=gettext("SMS delivery"),
        columns=[Column(gettext("Status"), TEXT), Column(gettext("Messages"))],
        rows=[[label, statistics.sms.counts.get(value, 0)] for value, label in SmsStatus.choices],
        summary=[(gettext("Delivery rate"), statistics.sms.delivery_rate, RATE)],
        note=gettext(
            "The messages sent in the period. Delivery rate: delivered ÷ (sent + delivered"
            " + failed)."
        ),
    )


def _requests_table(slug, title, label, pairs, overall: Tally) -> ReportTable:
    def cells(tally: Tally) -> list:
        return [tally.total, tally.open, tally.on_time, tally.overdue, tally.on_time_rate]

    return ReportTable(
        slug=slug,
        title=title,
        columns=[
            Column(label, TEXT),
            Column(gettext("Requests")),
            Column(gettext("Open")),
            Column(gettext("Finished on time")),
            Column(gettext("Overdue")),
            Column(gettext("On-time rate"), RATE),
        ],
        rows=[[ref_label(ref), *cells(tally)] for ref, tally in pairs],
        footer=[gettext("Total"), *cells(overall)],
    )


def _timeliness_table(overall: Tally) -> ReportTable:
    return ReportTable(
        slug="timeliness",
        title=gettext("On time and overdue"),
        columns=[Column(gettext("Requests"), TEXT), Column(gettext("Count"))],
        rows=[
            [gettext("Finished on time"), overall.on_time],
            [gettext("Finished late"), overall.late],
            [gettext("Open, within the committed date"), overall.open_in_time],
            [gettext("Open and overdue"), overall.open_overdue],
            [gettext("No committed date"), overall.without_due_date],
        ],
        summary=[(gettext("On-time rate"), overall.on_time_rate, RATE)],
        note=gettext(
            "A finished request is on time if it was finished by its committed date; "
            "an open one is overdue once that date has passed."
        ),
    )


def _processing_table(statistics: DeskStatistics) -> ReportTable:
    return ReportTable(
        slug="processing-time",
        title=gettext("Average processing time by service"),
        columns=[
            Column(gettext("Service"), TEXT),
            Column(gettext("Finished requests")),
            Column(gettext("Average days"), DECIMAL),
        ],
        rows=[
            [ref.title, tally.finished, tally.average_days]
            for ref, tally in statistics.by_service
            if tally.finished
        ],
        chart_column=2,
        footer=[
            gettext("All services"),
            statistics.overall.finished,
            statistics.overall.average_days,
        ],
        note=gettext("Days from submission to completion or rejection."),
    )


def _scores_table(scores: Scores) -> ReportTable:
    return ReportTable(
        slug="satisfaction",
        title=gettext("Satisfaction"),
        columns=[
            Column(gettext("Question"), TEXT),
            Column(gettext("Average (1–5)"), DECIMAL),
            Column(gettext("Answers")),
        ],
        rows=[
            [score_label(axis), scores.average(axis), scores.counts[axis]] for axis in SURVEY_SCORES
        ],
        chart_max=SCORE_MAX,
        summary=[
            (gettext("Surveys sent"), scores.invited, COUNT),
            (gettext("Answered"), scores.answered, COUNT),
            (gettext("Response rate"), scores.response_rate, RATE),
        ],
        note=gettext("Response rate: surveys answered ÷ surveys sent."),
    )


def _scores_by_table(slug, title, label, pairs, overall: Scores) -> ReportTable:
    def cells(scores: Scores) -> list:
        return [
            *(scores.average(axis) for axis in SURVEY_SCORES),
            scores.invited,
            scores.answered,
            scores.response_rate,
        ]

    return ReportTable(
        slug=slug,
        title=title,
        columns=[
            Column(label, TEXT),
            *(Column(score_label(axis), DECIMAL) for axis in SURVEY_SCORES),
            Column(gettext("Surveys sent")),
            Column(gettext("Answered")),
            Column(gettext("Response rate"), RATE),
        ],
        rows=[[ref_label(ref), *cells(scores)] for ref, scores in pairs],
        chart_max=SCORE_MAX,
        footer=[gettext("All"), *cells(overall)],
    )
