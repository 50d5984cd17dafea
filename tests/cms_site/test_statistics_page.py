"""The statistics page on the known data set (statistics_desk.py, the `desk` fixture): charts
and tables, filters, the CSV and XLSX exports, the dashboard panel, permissions."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from cms_site.statistics.periods import period_half_year
from submissions.constants import Status
from submissions.models import Submission
from tests.cms_site.statistics_desk import HALF_YEAR_QUERY, PERMISSION
from tests.factories import submission_make, user_with_permissions

# -- The page, exports, the dashboard -------------------------------------------------


@pytest.fixture
def manager(db):
    return user_with_permissions("manager", PERMISSION, "submissions.view_all_submissions")


@pytest.fixture
def editor(db):
    return user_with_permissions("editor")


@pytest.mark.django_db
def test_page_shows_charts_and_tables_without_cdn(client, manager, desk):
    client.force_login(manager)
    response = client.get(reverse("statistics_index"), HALF_YEAR_QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(response.context["sections"]) == 14
    # The in-person desk's three tables are empty (no bookings) and say so instead.
    assert html.count('role="img"') == html.count('class="statistics-chart"') == 11
    assert html.count("statistics-table") == 11
    assert html.count("نوبتی در این بازه نیست.") == 3
    assert '<title id="chart-by-month-title">' in html
    assert "statistics.css" in html
    for cdn in ("cdn.", "googleapis", "jsdelivr", "unpkg", "cdnjs"):
        assert cdn not in html
    # Persian by default: Jalali month names and Persian digits.
    assert "آذر ۱۴۰۵" in html
    by_month = next(t for t, _ in response.context["sections"] if t.slug == "by-month")
    assert by_month.display_rows[2] == ["آذر ۱۴۰۵", "۶"]


@pytest.mark.django_db
def test_page_defaults_to_the_current_half_year(client, manager):
    client.force_login(manager)
    response = client.get(reverse("statistics_index"))
    assert response.status_code == 200
    assert response.context["statistics"].period == period_half_year(timezone.localdate())


@pytest.mark.django_db
def test_page_filters_by_service(client, manager, desk):
    client.force_login(manager)
    response = client.get(reverse("statistics_index"), {**HALF_YEAR_QUERY, "service": desk["B"].pk})
    assert response.context["statistics"].overall.total == 4


@pytest.mark.django_db
def test_bad_filter_is_an_error_on_the_page(client, manager):
    client.force_login(manager)
    response = client.get(reverse("statistics_index"), {"date_from": "1405/02/31x", "service": "x"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "statistics" not in response.context
    export = client.get(reverse("statistics_export"), {"format": "pdf"})
    assert export.status_code == 400


@pytest.mark.django_db
def test_csv_export(client, manager, desk):
    client.force_login(manager)
    response = client.get(reverse("statistics_export"), {**HALF_YEAR_QUERY, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "statistics-14050701-14051229.csv" in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1] == [rows[1][0], "1405/07/01"]  # the filters come first
    months = rows.index(["1405/07", "2"])
    assert rows[months : months + 6] == [
        ["1405/07", "2"],
        ["1405/08", "1"],
        ["1405/09", "6"],
        ["1405/10", "0"],
        ["1405/11", "0"],
        ["1405/12", "0"],
    ]
    assert ["1405-H2", "9"] in rows
    timeliness = rows.index(["1405-H2", "9"]) + 2  # the next table, after a blank line
    assert [row[1] for row in rows[timeliness + 2 : timeliness + 7]] == ["2", "2", "1", "1", "3"]
    assert rows[timeliness + 7][1] == "50.0"  # the on-time rate, in percent


@pytest.mark.django_db
def test_xlsx_export_has_one_sheet_per_table(client, manager, desk):
    client.force_login(manager)
    response = client.get(reverse("statistics_export"), {**HALF_YEAR_QUERY, "format": "xlsx"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 1 + 14  # the filters, the tables, the desk's tables
    sheets = workbook.worksheets
    by_service = [list(row) for row in sheets[1].iter_rows(values_only=True)]
    assert by_service[1][1:5] == [5, 2, 2, 1]  # service A: requests, open, on time, overdue
    assert by_service[1][5] == pytest.approx(2 / 3)
    processing = [list(row) for row in sheets[6].iter_rows(values_only=True)]
    assert processing[-1][1:] == [5, pytest.approx(5.85)]
    satisfaction = [list(row) for row in sheets[9].iter_rows(values_only=True)]
    assert satisfaction[1][1:] == [4, 3]  # overall: average, answers
    assert sheets[1].sheet_view.rightToLeft


@pytest.mark.django_db
def test_dashboard_panel_for_managers_only(client, manager, editor, service):
    today = timezone.localdate()
    for _ in range(3):
        request = submission_make(service)
        Submission.objects.filter(pk=request.pk).update(
            status=Status.IN_REVIEW, due_date=today - datetime.timedelta(days=2)
        )
    client.force_login(manager)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-overdue-count="3"' in html
    assert "statistics.css" in html
    assert reverse("statistics_index") in html
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "data-overdue-count" not in html
    assert reverse("statistics_index") not in html


@pytest.mark.django_db
def test_permission_refused(client, editor):
    client.force_login(editor)
    for name in ("statistics_index", "statistics_export"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
