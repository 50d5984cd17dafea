"""Admin: the desk's statistics (read-only), and their export for oversight reports."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext

from formbuilder.persian.jalali import format_jalali

from .charts import table_chart
from .export import export_response
from .forms import StatisticsFilterForm
from .selectors import statistics_for_period
from .tables import COUNT, DECIMAL, RATE, cell_display, report_tables
from .visits import visit_statistics_for_period, visit_tables

PERMISSION = "khedmat_statistics.view_statistics"
EXPORT_FORMATS = ("csv", "xlsx")
TEMPLATE = "statistics/index.html"


def statistics_index(request):
    """The figures for the filtered period, each chart beside its table."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    form = StatisticsFilterForm(request.GET or None, today=timezone.localdate())
    context = {"form": form, "is_filtered": bool(request.GET)}
    if form.is_valid():
        statistics = statistics_for_period(**form.filters(), reader=request.user)
        tables = _tables(statistics, form.filters(), request.user)
        overall = statistics.overall
        context.update(
            statistics=statistics,
            figures=[
                (gettext("Requests"), cell_display(overall.total, COUNT)),
                (gettext("Open"), cell_display(overall.open, COUNT)),
                (gettext("Overdue"), cell_display(overall.overdue, COUNT)),
                (gettext("On-time rate"), cell_display(overall.on_time_rate, RATE)),
                (gettext("Average days"), cell_display(overall.average_days, DECIMAL)),
                (gettext("SMS delivery rate"), cell_display(statistics.sms.delivery_rate, RATE)),
                (
                    gettext("Average satisfaction"),
                    cell_display(statistics.satisfaction.average("overall"), DECIMAL),
                ),
            ],
            sections=[
                (table, table_chart(table, chart_id=f"chart-{table.slug}")) for table in tables
            ],
            export_query=_filters_query(request),
        )
    return _page(request, context)


def statistics_export(request):
    """`?format=csv|xlsx` and the page's filters: every table of the page, as a file."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    form = StatisticsFilterForm(request.GET, today=timezone.localdate())
    file_format = request.GET.get("format", "csv")
    if file_format not in EXPORT_FORMATS or not form.is_valid():
        if file_format not in EXPORT_FORMATS:
            form.add_error(None, gettext("Choose CSV or XLSX."))
        return _page(request, {"form": form, "is_filtered": True}, status=400)
    filters = form.filters()
    period = filters["period"]
    statistics = statistics_for_period(**filters, reader=request.user)
    tables = _tables(statistics, filters, request.user)
    about = [
        (gettext("Desk statistics"), ""),
        (gettext("From"), format_jalali(period.start, persian=False)),
        (gettext("To"), format_jalali(period.end, persian=False)),
        (gettext("Service"), str(filters["service"] or gettext("All"))),
        (gettext("Department"), str(filters["department"] or gettext("All"))),
    ]
    start, end = (
        format_jalali(day, persian=False).replace("/", "") for day in (period.start, period.end)
    )
    return export_response(
        tables, file_format=file_format, filename=f"statistics-{start}-{end}", about=about
    )


def _page(request, context: dict, status: int = 200) -> TemplateResponse:
    """The statistics page (the figures, or the filter form's errors) under its admin header."""
    context = {"page_title": gettext("Statistics"), "header_icon": "table", **context}
    return TemplateResponse(request, TEMPLATE, context, status=status)


def _tables(statistics, filters: dict, reader) -> list:
    """The page's tables and the export's: the requests', then the in-person desk's."""
    visits = visit_statistics_for_period(**filters, reader=reader)
    return report_tables(statistics) + visit_tables(visits)


def _filters_query(request) -> str:
    """The filters of this page, for its export links."""
    query = request.GET.copy()
    query.pop("format", None)
    return query.urlencode()
