"""The statistics as files for oversight reports: CSV (UTF-8 with a BOM, so Excel
reads Persian) with one section per table, and XLSX with one sheet per table.
Values are raw numbers (rates as fractions in XLSX, percentages in CSV); months are
"1405/08" so a spreadsheet sorts them.
"""

import csv
import io
import re

from django.http import HttpResponse
from django.utils.translation import get_language_bidi, gettext
from openpyxl import Workbook
from openpyxl.styles import Font

from formbuilder.spreadsheets import cell_neutralise

from .periods import HalfYear, JalaliMonth
from .tables import COUNT, DECIMAL, RATE, TEXT, ReportTable

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_NAME_LENGTH = 31  # Excel's limit
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
NUMBER_FORMATS = {RATE: "0.0%", DECIMAL: "0.00", COUNT: "#,##0"}


def export_value(value, kind: str, *, percent: bool = False):
    """A cell's value in a file: numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, JalaliMonth | HalfYear):
        return value.key
    if kind == RATE:
        return round(value * 100, 1) if percent else value
    if kind == DECIMAL:
        return round(value, 2)
    if kind == TEXT:
        return cell_neutralise(str(value))
    return value


def _text_row(*cells) -> list:
    """A row of labels and names (titles, headers, filters), neutralised like every text
    cell: a service or unit named «=HYPERLINK(…)» stays text."""
    return [cell_neutralise(cell) for cell in cells]


def statistics_csv(tables: list[ReportTable], *, about: list[tuple[str, str]]) -> bytes:
    """The tables one after another: title, header, rows, totals, key figures, a blank line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for label, value in about:
        writer.writerow(_text_row(label, value))
    writer.writerow([])
    for table in tables:
        writer.writerow(_text_row(table.title))
        writer.writerow(
            _text_row(*(f"{c.label} (%)" if c.kind == RATE else c.label for c in table.columns))
        )
        for row in [*table.rows, *([table.footer] if table.footer else [])]:
            writer.writerow(
                [
                    export_value(value, column.kind, percent=True)
                    for value, column in zip(row, table.columns, strict=True)
                ]
            )
        for label, value, kind in table.summary:
            writer.writerow(
                [
                    cell_neutralise(f"{label} (%)" if kind == RATE else label),
                    export_value(value, kind, percent=True),
                ]
            )
        writer.writerow([])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def statistics_xlsx(tables: list[ReportTable], *, about: list[tuple[str, str]]) -> bytes:
    """A first sheet naming the filters, then one sheet per table."""
    workbook = Workbook()
    rtl = get_language_bidi()
    sheet = workbook.active
    sheet.title = _sheet_name(gettext("Filters"), set())
    sheet.sheet_view.rightToLeft = rtl
    for label, value in about:
        sheet.append(_text_row(label, value))
    used = {sheet.title}
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(_sheet_name(table.title, used))
        used.add(sheet.title)
        sheet.sheet_view.rightToLeft = rtl
        sheet.append(_text_row(*(column.label for column in table.columns)))
        for cell in sheet[1]:
            cell.font = bold
        for row in [*table.rows, *([table.footer] if table.footer else [])]:
            sheet.append([export_value(v, c.kind) for v, c in zip(row, table.columns, strict=True)])
            for cell, column in zip(sheet[sheet.max_row], table.columns, strict=True):
                if column.kind in NUMBER_FORMATS:
                    cell.number_format = NUMBER_FORMATS[column.kind]
        for label, value, kind in table.summary:
            sheet.append([cell_neutralise(label), export_value(value, kind)])
            if kind in NUMBER_FORMATS:
                sheet.cell(row=sheet.max_row, column=2).number_format = NUMBER_FORMATS[kind]
        sheet.column_dimensions["A"].width = 36
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    """A valid, unique sheet name: no []:*?/\\, at most 31 characters."""
    base = _SHEET_FORBIDDEN.sub(" ", str(title)).strip()[:SHEET_NAME_LENGTH] or "Sheet"
    name, number = base, 2
    while name in used:
        suffix = f" {number}"
        name = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix
        number += 1
    return name


def export_response(
    tables: list[ReportTable], *, file_format: str, filename: str, about: list[tuple[str, str]]
) -> HttpResponse:
    """A download of the tables as `csv` or `xlsx`."""
    if file_format == "xlsx":
        content, content_type = statistics_xlsx(tables, about=about), XLSX_TYPE
    else:
        content, content_type = statistics_csv(tables, about=about), CSV_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response
