"""The in-person desk's figures (issue 17, item 5): bookings, check-ins, no-shows and
waiting times by department, by service and by Jalali month, as report tables the page
and the exports share.

What a no-show, a waiting time and a period's visits are is the appointments app's
rule (`appointments.selectors`); here the rows are only added up. Two queries whatever
the number of bookings (counts grouped in SQL; the waiting times of the called visits,
which a median needs one by one) and two for the services' and departments' names.
"""

from dataclasses import dataclass

from django.utils.translation import gettext

from appointments.selectors import Visits, bookings_for_figures, visit_counts, visit_waits
from catalog.models import Department, ServicePage

from .periods import JalaliMonth, Period
from .selectors import DepartmentRef, ServiceRef, month_index, ranked, refs_named
from .tables import COUNT, DECIMAL, LINE, MONTH, RATE, TEXT, Column, ReportTable, ref_label

GROUPS = ("service", "department", "month")


@dataclass
class VisitStatistics:
    period: Period
    overall: Visits
    by_service: list[tuple[ServiceRef, Visits]]
    by_department: list[tuple[DepartmentRef, Visits]]
    by_month: list[tuple[JalaliMonth, Visits]]


def visit_statistics_for_period(
    *,
    period: Period,
    service: ServicePage | None = None,
    department: Department | None = None,
    reader=None,
) -> VisitStatistics:
    """The desk's visits in `period` (local dates, both included; a booking counts in the
    month of its time), optionally of one service and one department; with a `reader`,
    only the bookings they may see."""
    months = period.months
    bookings = bookings_for_figures(
        start_at=period.start_at,
        end_before=period.end_before,
        service=service,
        department=department,
        reader=reader,
    ).annotate(month=month_index(months, field="starts_at"))
    counts = visit_counts(bookings, *GROUPS)
    overall = Visits()
    by_service: dict = {}
    by_department: dict = {}
    by_month = [Visits() for _month in months]

    def groups(service_id, department_id, month) -> tuple[Visits, ...]:
        return (
            overall,
            by_service.setdefault(service_id, Visits()),
            by_department.setdefault(department_id, Visits()),
            by_month[month],
        )

    for row in counts:
        for visits in groups(*(row[name] for name in GROUPS)):
            visits.add(row)
    for service_id, department_id, month, wait in visit_waits(bookings, *GROUPS):
        for visits in groups(service_id, department_id, month):
            visits.add_wait(wait)
    services, departments = refs_named(counts)
    return VisitStatistics(
        period=period,
        overall=overall,
        by_service=ranked(by_service, services, size=lambda v: v.total),
        by_department=ranked(by_department, departments, size=lambda v: v.total),
        by_month=list(zip(months, by_month, strict=True)),
    )


def visit_tables(statistics: VisitStatistics) -> list[ReportTable]:
    """The desk's tables, in the page's order: by department, by service, by month.
    A period without visits has empty tables, which the page says in words."""
    overall = statistics.overall
    ranked = [
        (
            "visits-by-department",
            gettext("Appointments by department"),
            gettext("Department"),
            statistics.by_department,
        ),
        (
            "visits-by-service",
            gettext("Appointments by service"),
            gettext("Service"),
            statistics.by_service,
        ),
    ]
    tables = [
        _visits_table(
            slug,
            title,
            Column(heading, TEXT),
            [(ref_label(ref), visits) for ref, visits in refs],
            overall,
        )
        for slug, title, heading, refs in ranked
    ]
    by_month = _visits_table(
        "visits-by-month",
        gettext("Appointments by Jalali month"),
        Column(gettext("Month"), MONTH),
        statistics.by_month if overall.total else [],
        overall,
        chart=LINE,
    )
    return [*tables, by_month]


def _visits_table(slug, title, first: Column, pairs, overall: Visits, **options) -> ReportTable:
    def cells(visits: Visits) -> list:
        return [
            visits.booked,
            visits.walk_ins,
            visits.checked_in,
            visits.no_shows,
            visits.no_show_rate,
            visits.average_wait,
            visits.median_wait,
        ]

    return ReportTable(
        slug=slug,
        title=title,
        columns=[
            first,
            Column(gettext("Bookings"), COUNT),
            Column(gettext("Walk-ins"), COUNT),
            Column(gettext("Checked in"), COUNT),
            Column(gettext("No-shows"), COUNT),
            Column(gettext("No-show rate"), RATE),
            Column(gettext("Average wait (minutes)"), DECIMAL),
            Column(gettext("Median wait (minutes)"), DECIMAL),
        ],
        rows=[[label, *cells(visits)] for label, visits in pairs],
        footer=[gettext("Total"), *cells(overall)] if pairs else [],
        note=gettext(
            "Appointments whose time falls in the period (cancelled ones left out) and"
            " walk-ins of those days. No-show rate: no-shows ÷ (booked visits checked in +"
            " no-shows). Waiting time: from check-in to the call to a counter."
        ),
        empty=gettext("No appointments in this period."),
        **options,
    )
