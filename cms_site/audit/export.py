"""The filtered audit trail as CSV (streamed, UTF-8 with a BOM for Excel) or XLSX.

Rows are read in keyset batches like the admin page, so memory stays flat; at most
`EXPORT_MAX_ROWS` rows are written, and a last row says so when the trail was cut.
"""

import csv
import io
from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from formbuilder.persian.jalali import format_jalali
from formbuilder.persian.language import persian_active
from formbuilder.spreadsheets import cell_neutralise

from .constants import EXPORT_BATCH, EXPORT_MAX_ROWS
from .selectors import AuditEntry, AuditFilters, audit_entries, audit_trail_iter

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel refuses cells longer than this.
XLSX_CELL_MAX = 32_000


def cells_neutralised(row: list[str]) -> list[str]:
    """A row whose text no spreadsheet runs as a formula (a unit named «=HYPERLINK(…)»)."""
    return [cell_neutralise(cell) for cell in row]


def export_header() -> list[str]:
    return [_("When"), _("Who"), _("Model"), _("Object ID"), _("Object"), _("Action"), _("Changes")]


def export_rows(
    *, filters: AuditFilters, user, limit: int = EXPORT_MAX_ROWS
) -> Iterator[list[str]]:
    """The trail's rows as text cells, newest first; a final notice when cut at `limit`."""
    batch = []
    written = 0
    # Related objects' names (users, units, services, forms), looked up once per export.
    names: dict = {}
    for key in audit_trail_iter(filters=filters, limit=limit + 1):
        if written + len(batch) == limit:
            yield from _cells(audit_entries(keys=batch, user=user, names_cache=names))
            yield [
                _("Cut at %(count)s rows: narrow the filters to export the rest.")
                % {"count": limit}
            ]
            return
        batch.append(key)
        if len(batch) == EXPORT_BATCH:
            yield from _cells(audit_entries(keys=batch, user=user, names_cache=names))
            written += len(batch)
            batch = []
    yield from _cells(audit_entries(keys=batch, user=user, names_cache=names))


def _cells(entries: list[AuditEntry]) -> Iterator[list[str]]:
    for entry in entries:
        # Latin digits: a spreadsheet sorts and filters them.
        yield [
            format_jalali(entry.when, with_time=True, persian=False),
            entry.who,
            entry.model_name,
            str(entry.key.object_id),
            entry.object_text,
            str(entry.action.label),
            "\n".join(change.as_text() for change in entry.changes),
        ]


class _Echo:
    """A file-like object whose write() returns the line, for csv.writer in a stream."""

    def write(self, value: str) -> str:
        return value


def csv_response(*, filters: AuditFilters, user, filename: str) -> StreamingHttpResponse:
    language = translation.get_language()

    def lines() -> Iterator[str]:
        # The stream is read after the view returns: keep the request's language.
        with translation.override(language):
            writer = csv.writer(_Echo())
            yield "\ufeff" + writer.writerow(cells_neutralised(export_header()))
            for row in export_rows(filters=filters, user=user):
                yield writer.writerow(cells_neutralised(row))

    response = StreamingHttpResponse(lines(), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(*, filters: AuditFilters, user, filename: str) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Audit trail")[:31])
    sheet.sheet_view.rightToLeft = persian_active()
    sheet.append(cells_neutralised(export_header()))
    for row in export_rows(filters=filters, user=user):
        sheet.append([cell[:XLSX_CELL_MAX] for cell in cells_neutralised(row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
