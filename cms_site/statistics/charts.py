"""Server-side SVG charts: no script and no CDN, readable without colour.

Coordinates are computed along the reading direction ("inline" from the start edge)
and mirrored for right-to-left languages, so in Persian the labels sit on the right,
bars grow leftwards and time runs from right to left. Every text is anchored at its
start, which the `direction` attribute turns into the correct edge. Each chart is an
`<svg role="img">` with a `<title>`; the page puts the same numbers in a table beside
it, the accessible form of the figure.
"""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi

from .tables import LINE, ReportTable

WIDTH = 640
BAR_ROW = 30  # height of one bar's row
BAR_THICKNESS = 18
LABEL_SPACE = 200  # inline size of the labels' column
VALUE_SPACE = 70  # room after the longest bar for its value
LABEL_CHARACTERS = 30  # longer labels are cut (the table has them whole)
LINE_HEIGHT = 260
LINE_MARGIN = 40  # above and below the plot, for values and month names
LINE_STEP_MIN = 56  # inline space per point: wider charts scroll


@dataclass(frozen=True)
class ChartData:
    """What a chart draws: per point a label, a value and the value as shown."""

    title: str
    labels: list[str]
    values: list[float]
    value_labels: list[str]
    maximum: float | None = None  # the scale's top; None: the largest value

    @property
    def scale_max(self) -> float:
        """The value a full bar, or the top of the plot, stands for."""
        return self.maximum or max(self.values, default=0) or 1


def table_chart(table: ReportTable, *, chart_id: str) -> SafeString:
    """The chart of a report table: its first column labels, `chart_column` values."""
    data = ChartData(
        title=table.title,
        labels=[row[0] for row in table.display_rows],
        values=[row[table.chart_column] or 0 for row in table.rows],
        value_labels=[row[table.chart_column] for row in table.display_rows],
        maximum=table.chart_max,
    )
    draw = line_chart if table.chart == LINE else bar_chart
    return draw(data, chart_id=chart_id)


def _svg(*, chart_id: str, title: str, width: float, height: float, body: str) -> SafeString:
    rtl = get_language_bidi()
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="statistics-chart" role="img" '
        'aria-labelledby="{}-title" viewBox="0 0 {} {}" width="{}" height="{}" '
        'direction="{}" preserveAspectRatio="xMinYMin meet">'
        '<title id="{}-title">{}</title>{}</svg>',
        chart_id,
        _n(width),
        _n(height),
        _n(width),
        _n(height),
        "rtl" if rtl else "ltr",
        chart_id,
        title,
        mark_safe(body),  # noqa: S308 - built with format_html below
    )


def _n(value: float) -> str:
    """An SVG coordinate: short, and with ASCII digits whatever the language."""
    return f"{value:.1f}".removesuffix(".0")


def _x(inline: float, width: float, *, size: float = 0) -> float:
    """The x of something starting `inline` from the start edge and `size` long."""
    return width - inline - size if get_language_bidi() else inline


def _cut(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"


def bar_chart(data: ChartData, *, chart_id: str) -> SafeString:
    """Horizontal bars, one per label: long Persian names stay readable."""
    height = max(len(data.values), 1) * BAR_ROW + 10
    room = WIDTH - LABEL_SPACE - VALUE_SPACE
    rows = []
    points = zip(data.labels, data.values, data.value_labels, strict=True)
    for index, (label, value, shown) in enumerate(points):
        top = 5 + index * BAR_ROW
        length = room * min(value / data.scale_max, 1)
        baseline = top + BAR_ROW / 2 + 5
        rows.append(
            format_html(
                '<g class="statistics-chart__row">'
                '<text class="statistics-chart__label" x="{}" y="{}">{}</text>'
                '<rect class="statistics-chart__bar" x="{}" y="{}" width="{}" height="{}">'
                "<title>{}: {}</title></rect>"
                '<text class="statistics-chart__value" x="{}" y="{}">{}</text></g>',
                _n(_x(4, WIDTH)),
                _n(baseline),
                _cut(label),
                _n(_x(LABEL_SPACE, WIDTH, size=length)),
                _n(top + (BAR_ROW - BAR_THICKNESS) / 2),
                _n(length),
                BAR_THICKNESS,
                label,
                shown,
                _n(_x(LABEL_SPACE + length + 6, WIDTH)),
                _n(baseline),
                shown,
            )
        )
    axis = format_html(
        '<line class="statistics-chart__axis" x1="{}" x2="{}" y1="0" y2="{}"/>',
        _n(_x(LABEL_SPACE, WIDTH)),
        _n(_x(LABEL_SPACE, WIDTH)),
        _n(height),
    )
    return _svg(
        chart_id=chart_id, title=data.title, width=WIDTH, height=height, body=axis + "".join(rows)
    )


def line_chart(data: ChartData, *, chart_id: str) -> SafeString:
    """A line through the values in order (months): time runs in the reading direction."""
    count = max(len(data.values), 1)
    step = max(LINE_STEP_MIN, (WIDTH - 40) / count)
    width = step * count + 40
    plot = LINE_HEIGHT - 2 * LINE_MARGIN
    points = []
    for index, value in enumerate(data.values):
        x = _x(20 + step * (index + 0.5), width)
        y = LINE_MARGIN + plot * (1 - min(value / data.scale_max, 1))
        points.append((x, y))
    line = format_html(
        '<polyline class="statistics-chart__line" points="{}"/>',
        " ".join(f"{_n(x)},{_n(y)}" for x, y in points),
    )
    baseline = format_html(
        '<line class="statistics-chart__axis" x1="0" x2="{}" y1="{}" y2="{}"/>',
        _n(width),
        _n(LINE_MARGIN + plot),
        _n(LINE_MARGIN + plot),
    )
    marks = _line_marks(points, data.labels, data.value_labels)
    return _svg(
        chart_id=chart_id,
        title=data.title,
        width=width,
        height=LINE_HEIGHT,
        body=baseline + line + marks,
    )


def _line_marks(points, labels: list[str], value_labels: list[str]) -> SafeString:
    """Each point with its value above it and its month under it; with many months, every
    other month's name."""
    every = 1 if len(points) <= 12 else 2
    return format_html_join(
        "",
        '<g class="statistics-chart__point"><circle cx="{}" cy="{}" r="4"><title>{}: {}</title>'
        '</circle><text class="statistics-chart__value" x="{}" y="{}" text-anchor="middle">{}'
        '</text><text class="statistics-chart__label" x="{}" y="{}" text-anchor="middle">{}'
        "</text></g>",
        (
            (
                _n(x),
                _n(y),
                label,
                shown,
                _n(x),
                _n(y - 10),
                shown,
                _n(x),
                _n(LINE_HEIGHT - 12),
                label if index % every == 0 else "",
            )
            for index, ((x, y), label, shown) in enumerate(
                zip(points, labels, value_labels, strict=True)
            )
        ),
    )
