"""The in-person desk's figures on the statistics page (issue 17, item 5): bookings,
check-ins, no-shows and waiting times by department, service and Jalali month, on a
known data set whose every figure is computed by hand below; the page, the CSV and XLSX
exports, a unit's staff, and a period without visits.

The data set (Jalali dates, Tehran time); the period is 1405/09/01 to 1405/10/30:

  #   service dept  time               kind     status      check-in  call      wait
  1   A       D1    1405/09/03 09:00   booked   called      09:02     09:07     5
  2   A       D1    1405/09/03 09:15   booked   called      09:10     09:20     10
  3   A       D1    1405/09/03 09:30   booked   no_show     —         —
  4   A       D1    1405/09/04 09:00   booked   checked_in  08:55     —         (waiting)
  5   B       D2    1405/09/05 10:00   walk-in  called      10:00     10:30     30
  6   B       D2    1405/10/02 09:00   booked   called      09:00     09:04     4
  7   B       D2    1405/10/02 09:15   booked   no_show     —         —
  8   B       D2    1405/10/02 09:30   booked   booked      —         —         (not decided)
  9   A       D1    1405/09/06 09:00   booked   cancelled   —         —         left out
  10  A       D1    1405/08/30 23:30   booked   booked      —         —         before the period
  11  A       D1    1405/10/30 23:30   booked   booked      —         —         its last evening
  12  A       D2    1405/10/03 09:00   booked   called      09:00     09:12:30  12.5

No-show rate: no-shows ÷ (booked visits checked in + no-shows); walk-ins never miss.
  overall  booked 9, walk-ins 1, checked in 6, no-shows 2, rate 2/7; waits 4, 5, 10,
           12.5, 30: average 12.3, median 10
  D1       5, 0, 3, 1, 1/4;  waits 5, 10:        average 7.5,  median 7.5
  D2       4, 1, 3, 1, 1/3;  waits 30, 4, 12.5:  average 15.5, median 12.5
  A        6, 0, 4, 1, 1/5;  waits 5, 10, 12.5:  average 9.1667, median 10
  B        3, 1, 2, 1, 1/2;  waits 30, 4:        average 17,   median 17
  Azar     4, 1, 4, 1, 1/4;  waits 5, 10, 30:    average 15,   median 10
  Dey      5, 0, 2, 1, 1/3;  waits 4, 12.5:      average 8.25, median 8.25
"""

import csv
import datetime
import io
from operator import attrgetter

import jdatetime
import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appointments.constants import BookingStatus
from appointments.models import Booking
from cms_site.statistics.periods import Period
from cms_site.statistics.visits import visit_statistics_for_period
from tests.factories import (
    DepartmentFactory,
    ServicePageFactory,
    department_member,
    user_with_permissions,
)

PERMISSION = "khedmat_statistics.view_statistics"
D1_NAME, D2_NAME = "اداره شهرسازی", "اداره درآمد"
A_TITLE, B_TITLE = "صدور کارت پایان کار", "گواهی عدم خلاف"


def j(year, month, day, hour=10, minute=0, second=0) -> datetime.datetime:
    """An aware datetime at a Jalali date and local (Tehran) time."""
    gregorian = jdatetime.date(year, month, day).togregorian()
    return timezone.make_aware(
        datetime.datetime.combine(gregorian, datetime.time(hour, minute, second))
    )


def jd(year, month, day) -> datetime.date:
    return jdatetime.date(year, month, day).togregorian()


PERIOD = Period(jd(1405, 9, 1), jd(1405, 10, 30))
QUERY = {"date_from": "1405/09/01", "date_to": "1405/10/30"}
B, W = False, True  # booked online, walk-in
S = BookingStatus


@pytest.fixture
def visits(category):
    d1, d2 = DepartmentFactory(name=D1_NAME), DepartmentFactory(name=D2_NAME)
    a = ServicePageFactory(parent=category, title=A_TITLE, department=d1)
    b = ServicePageFactory(parent=category, title=B_TITLE, department=d2)
    rows = {
        1: (a, d1, (9, 3, 9, 0), B, S.CALLED, (9, 2), (9, 7, 0)),
        2: (a, d1, (9, 3, 9, 15), B, S.CALLED, (9, 10), (9, 20, 0)),
        3: (a, d1, (9, 3, 9, 30), B, S.NO_SHOW, None, None),
        4: (a, d1, (9, 4, 9, 0), B, S.CHECKED_IN, (8, 55), None),
        5: (b, d2, (9, 5, 10, 0), W, S.CALLED, (10, 0), (10, 30, 0)),
        6: (b, d2, (10, 2, 9, 0), B, S.CALLED, (9, 0), (9, 4, 0)),
        7: (b, d2, (10, 2, 9, 15), B, S.NO_SHOW, None, None),
        8: (b, d2, (10, 2, 9, 30), B, S.BOOKED, None, None),
        9: (a, d1, (9, 6, 9, 0), B, S.CANCELLED, None, None),
        10: (a, d1, (8, 30, 23, 30), B, S.BOOKED, None, None),
        11: (a, d1, (10, 30, 23, 30), B, S.BOOKED, None, None),
        12: (a, d2, (10, 3, 9, 0), B, S.CALLED, (9, 0), (9, 12, 30)),
    }
    for number, (service, department, when, walk_in, status, checked, called) in rows.items():
        month, day, hour, minute = when
        Booking.objects.create(
            code=f"C{number:07d}",
            manage_token=f"token-{number}",
            service=service,
            department=department,
            starts_at=j(1405, month, day, hour, minute),
            mobile="" if walk_in else f"0912000{number:04d}",
            walk_in=walk_in,
            status=status,
            checked_in_at=j(1405, month, day, *checked) if checked else None,
            called_at=j(1405, month, day, *called) if called else None,
        )
    return {"A": a, "B": b, "D1": d1, "D2": d2}


# A group of visits' figures as the tests check them, in the tables' column order.
figures = attrgetter(
    "booked", "walk_ins", "checked_in", "no_shows", "no_show_rate", "average_wait", "median_wait"
)


def by_name(pairs) -> dict:
    return {getattr(ref, "name", None) or ref.title: figures(v) for ref, v in pairs}


@pytest.mark.django_db
def test_bookings_no_shows_and_waits_by_department_service_and_month(visits):
    stats = visit_statistics_for_period(period=PERIOD)
    approx = pytest.approx
    assert figures(stats.overall) == (9, 1, 6, 2, approx(2 / 7), approx(12.3), 10)
    assert by_name(stats.by_department) == {
        D1_NAME: (5, 0, 3, 1, 0.25, 7.5, 7.5),
        D2_NAME: (4, 1, 3, 1, approx(1 / 3), approx(15.5), 12.5),
    }
    assert by_name(stats.by_service) == {
        A_TITLE: (6, 0, 4, 1, 0.2, approx(27.5 / 3), 10),
        B_TITLE: (3, 1, 2, 1, 0.5, 17, 17),
    }
    assert [(m.month, figures(v)) for m, v in stats.by_month] == [
        (9, (4, 1, 4, 1, 0.25, 15, 10)),
        (10, (5, 0, 2, 1, approx(1 / 3), 8.25, 8.25)),
    ]


@pytest.mark.django_db
def test_filters_by_service_and_department(visits):
    by_service = visit_statistics_for_period(period=PERIOD, service=visits["B"])
    assert figures(by_service.overall) == (3, 1, 2, 1, 0.5, 17, 17)
    by_department = visit_statistics_for_period(period=PERIOD, department=visits["D2"])
    assert by_name(by_department.by_service) == {
        B_TITLE: (3, 1, 2, 1, 0.5, 17, 17),
        A_TITLE: (1, 0, 1, 0, 0, 12.5, 12.5),  # #12
    }


@pytest.mark.django_db
def test_a_units_staff_see_only_their_units_visits(visits):
    reader = department_member(user_with_permissions("d2_staff", PERMISSION), visits["D2"])
    stats = visit_statistics_for_period(period=PERIOD, reader=reader)
    assert figures(stats.overall) == (4, 1, 3, 1, pytest.approx(1 / 3), pytest.approx(15.5), 12.5)
    assert [ref.name for ref, _v in stats.by_department] == [D2_NAME]
    outsider = user_with_permissions("no_unit", PERMISSION)
    assert visit_statistics_for_period(period=PERIOD, reader=outsider).overall.total == 0


@pytest.mark.django_db
def test_query_count_does_not_grow_with_bookings(visits):
    with CaptureQueriesContext(connection) as before:
        visit_statistics_for_period(period=PERIOD)
    for number in range(20):
        Booking.objects.create(
            code=f"X{number:07d}",
            manage_token=f"more-{number}",
            service=visits["A"],
            department=visits["D1"],
            starts_at=j(1405, 9, 10, 9),
            walk_in=True,
            status=S.CALLED,
            checked_in_at=j(1405, 9, 10, 9),
            called_at=j(1405, 9, 10, 9, number),
        )
    with CaptureQueriesContext(connection) as after:
        stats = visit_statistics_for_period(period=PERIOD)
    assert len(before) == len(after) == 4
    assert stats.overall.walk_ins == 21


# -- The page and the exports ---------------------------------------------------------


@pytest.fixture
def manager(db):
    return user_with_permissions("manager", PERMISSION, "submissions.view_all_submissions")


def section(response, slug):
    return next(table for table, _chart in response.context["sections"] if table.slug == slug)


@pytest.mark.django_db
def test_page_shows_the_desks_figures_in_persian(client, manager, visits):
    client.force_login(manager)
    response = client.get(reverse("statistics_index"), QUERY)
    assert response.status_code == 200
    by_department = section(response, "visits-by-department")
    assert by_department.display_rows == [
        [D2_NAME, "۴", "۱", "۳", "۱", "۳۳٫۳٪", "۱۵٫۵", "۱۲٫۵"],
        [D1_NAME, "۵", "۰", "۳", "۱", "۲۵٪", "۷٫۵", "۷٫۵"],
    ]
    assert by_department.display_footer[1:] == ["۹", "۱", "۶", "۲", "۲۸٫۶٪", "۱۲٫۳", "۱۰"]
    by_month = section(response, "visits-by-month")
    assert by_month.display_rows == [
        ["آذر ۱۴۰۵", "۴", "۱", "۴", "۱", "۲۵٪", "۱۵", "۱۰"],
        ["دی ۱۴۰۵", "۵", "۰", "۲", "۱", "۳۳٫۳٪", "۸٫۲", "۸٫۲"],  # 8.25 to one decimal
    ]
    html = response.content.decode()
    assert 'id="visits-by-service"' in html and "۹٫۲" in html  # service A's average wait


@pytest.mark.django_db
def test_csv_export_has_the_desks_figures(client, manager, visits):
    client.force_login(manager)
    response = client.get(reverse("statistics_export"), {**QUERY, "format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    months = rows.index(["1405/09", "4", "1", "4", "1", "25.0", "15.0", "10.0"])
    assert rows[months + 1] == ["1405/10", "5", "0", "2", "1", "33.3", "8.25", "8.25"]
    assert rows[months + 2][1:] == ["9", "1", "6", "2", "28.6", "12.3", "10.0"]  # the total
    assert [D1_NAME, "5", "0", "3", "1", "25.0", "7.5", "7.5"] in rows
    assert [B_TITLE, "3", "1", "2", "1", "50.0", "17.0", "17.0"] in rows


@pytest.mark.django_db
def test_xlsx_export_has_one_sheet_per_desk_table(client, manager, visits):
    client.force_login(manager)
    response = client.get(reverse("statistics_export"), {**QUERY, "format": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheets = workbook.worksheets[-3:]  # by department, by service, by month
    by_service = [list(row) for row in sheets[1].iter_rows(values_only=True)]
    assert by_service[1] == [A_TITLE, 6, 0, 4, 1, 0.2, 9.17, 10]
    assert by_service[2] == [B_TITLE, 3, 1, 2, 1, 0.5, 17, 17]
    by_month = [list(row) for row in sheets[2].iter_rows(values_only=True)]
    assert by_month[1] == ["1405/09", 4, 1, 4, 1, 0.25, 15, 10]
    assert by_month[3][1:] == [9, 1, 6, 2, pytest.approx(2 / 7), 12.3, 10]


@pytest.mark.django_db
def test_the_export_counts_only_the_readers_units(client, visits):
    reader = department_member(user_with_permissions("d1_staff", PERMISSION), visits["D1"])
    client.force_login(reader)
    response = client.get(reverse("statistics_export"), {**QUERY, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [D1_NAME, "5", "0", "3", "1", "25.0", "7.5", "7.5"] in rows
    assert not any(D2_NAME in row or B_TITLE in row for row in rows)


@pytest.mark.django_db
def test_a_period_without_visits(client, manager, visits):
    empty = Period(jd(1405, 7, 1), jd(1405, 7, 30))
    stats = visit_statistics_for_period(period=empty)
    assert (stats.overall.total, stats.by_service, stats.by_department) == (0, [], [])
    assert stats.overall.no_show_rate is stats.overall.median_wait is None
    client.force_login(manager)
    query = {"date_from": "1405/07/01", "date_to": "1405/07/30"}
    html = client.get(reverse("statistics_index"), query).content.decode()
    assert html.count("نوبتی در این بازه نیست.") == 3
    response = client.get(reverse("statistics_export"), {**query, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    title = rows.index(["نوبت‌ها به تفکیک ماه شمسی"])
    assert rows[title + 1][0] == "ماه" and rows[title + 2 :] == [[]]  # a header, no rows
