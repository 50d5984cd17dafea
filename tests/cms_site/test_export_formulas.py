"""Exports never carry a live formula (issue 11, item 7): a unit named like a formula
stays text in the audit, statistics and routing-rule CSV and XLSX files."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from appointments.models import Booking
from formbuilder.spreadsheets import cell_neutralise
from routing.models import RoutingRule
from tests.factories import (
    DepartmentFactory,
    ServicePageFactory,
    submission_in,
    submission_make,
    user_with_permissions,
)

FORMULA = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize("first", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_could_be_a_formula_gets_a_quote(first):
    assert cell_neutralise(f"{first}1+1") == f"'{first}1+1"


@pytest.mark.parametrize(
    "value", ["اداره شهرسازی", "1+1", "a=b", "", None, -5, 2.5, datetime.date(2026, 1, 1)]
)
def test_other_cells_are_left_alone(value):
    assert cell_neutralise(value) == value


def test_lazy_text_and_objects_become_their_neutralised_text():
    assert cell_neutralise(gettext_lazy("=SUM(A1)")) == "'=SUM(A1)"
    assert cell_neutralise(DepartmentFactory.build(name=FORMULA)) == "'" + FORMULA


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))


def xlsx_cells(response) -> list:
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def assert_neutralised(response_csv, response_xlsx):
    """The unit's name is in both files as quoted text, and no cell starts a formula."""
    assert response_csv.status_code == 200 and response_xlsx.status_code == 200
    cells = [cell for row in csv_rows(response_csv) for cell in row]
    assert "'" + FORMULA in cells
    assert not [cell for cell in cells if cell.startswith("=")]

    cells = xlsx_cells(response_xlsx)
    named = [cell for cell in cells if cell.value == "'" + FORMULA]
    assert named and all(cell.data_type == "s" for cell in named)
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert not [cell for cell in cells if str(cell.value).startswith("=")]


@pytest.mark.django_db
def test_the_audit_exports(client):
    DepartmentFactory(name=FORMULA)
    client.force_login(user_with_permissions("manager", "khedmat_audit.view_audit"))
    query = {"model": "catalog.department"}
    assert_neutralised(
        client.get("/admin/audit/", {**query, "format": "csv"}),
        client.get("/admin/audit/", {**query, "format": "xlsx"}),
    )


@pytest.mark.django_db
def test_the_statistics_exports(client, service):
    unit = DepartmentFactory(name=FORMULA)
    submission_in(unit, submission_make(service))
    client.force_login(
        user_with_permissions(
            "manager", "khedmat_statistics.view_statistics", "submissions.view_all_submissions"
        )
    )
    assert_neutralised(
        client.get("/admin/statistics/export/", {"format": "csv"}),
        client.get("/admin/statistics/export/", {"format": "xlsx", "department": unit.pk}),
    )


@pytest.mark.django_db
def test_the_statistics_exports_of_the_desks_visits(client, category):
    """A service named like a formula that only has a booking: named by the desk's tables."""
    service = ServicePageFactory(parent=category, title=FORMULA)
    Booking.objects.create(
        code="F0000001",
        manage_token="formula",
        service=service,
        department=service.department,
        starts_at=timezone.now(),
    )
    client.force_login(
        user_with_permissions(
            "manager", "khedmat_statistics.view_statistics", "submissions.view_all_submissions"
        )
    )
    assert_neutralised(
        client.get("/admin/statistics/export/", {"format": "csv"}),
        client.get("/admin/statistics/export/", {"format": "xlsx"}),
    )


@pytest.mark.django_db
def test_the_routing_rule_exports(client):
    RoutingRule.objects.create(
        name="rule", sort_order=1, department=DepartmentFactory(name=FORMULA)
    )
    client.force_login(user_with_permissions("admin", "routing.view_routingrule"))
    url = "/admin/snippets/routing/routingrule/"
    assert_neutralised(client.get(url, {"export": "csv"}), client.get(url, {"export": "xlsx"}))
