"""A manager reads the desk's figures and its audit trail in the browser, and downloads both.

From the dashboard's panel (the overdue count) to the statistics page (charts beside
their tables, a service filter, the CSV), then to the audit trail: a request's code
typed in Persian digits finds who changed it and what changed, and the filtered trail
downloads as XLSX. Nothing is fetched from outside the server.
"""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from formbuilder.persian.text import to_persian_digits
from submissions.constants import Actor, Status
from submissions.models import Submission
from submissions.services import submission_transition
from tests.browser.admin_login import sign_in
from tests.factories import (
    DepartmentFactory,
    ServiceFormFactory,
    ServicePageFactory,
    UserFactory,
    submission_make,
    user_with_permissions,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def desk(urban_category):
    """Two services: three requests of the permit service (one completed by a clerk, one
    overdue) and one of the other."""
    category = urban_category
    department = DepartmentFactory(name="واحد شهرسازی")
    permit, other = (
        ServicePageFactory(
            parent=category,
            title=title,
            slug=slug,
            service_code=code,
            duration_days=10,
            department=department,
            service_form=ServiceFormFactory(),
        )
        for title, slug, code in (
            ("صدور پروانه ساختمانی", "permit", "10061077000"),
            ("گواهی پایان کار", "completion", "10061077001"),
        )
    )
    clerk = UserFactory(username="clerk", first_name="مینا", last_name="رحیمی")
    completed, overdue, _fresh = (submission_make(permit) for _ in range(3))
    submission_make(other)
    submission_transition(
        submission=completed, status=Status.IN_REVIEW, actor=Actor.STAFF, user=clerk
    )
    submission_transition(
        submission=completed, status=Status.COMPLETED, actor=Actor.STAFF, user=clerk
    )
    Submission.objects.filter(pk=overdue.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=2), department=department
    )
    return {"permit": permit, "completed": completed}


def overdue_count_checked(page) -> None:
    """The dashboard: the overdue count, in Persian digits."""
    overdue = page.locator("[data-overdue-count]")
    assert overdue.get_attribute("data-overdue-count") == "1"
    assert overdue.locator("dd").inner_text().strip() == "۱"


def statistics_filtered_and_downloaded(page, base: str, permit) -> None:
    """The statistics: four requests this half-year, each chart beside its table; then
    filtered to the permit service (its three requests only) and downloaded as CSV."""
    with page.expect_navigation():
        page.get_by_role("link", name="همهٔ آمار").click()
    assert page.url.startswith(base + "/admin/statistics/")
    sections = page.locator("section.statistics-section")
    assert sections.count() >= 5
    by_service = page.locator("section#by-service")
    assert by_service.locator("svg").count() == 1
    permit_row = by_service.locator("tbody tr", has_text="صدور پروانه ساختمانی")
    assert permit_row.locator("td").first.inner_text().strip() == "۳"

    page.locator("select[name=service]").select_option(str(permit.pk))
    with page.expect_navigation():
        page.locator("form.statistics-filters").get_by_role("button", name="پالایش").click()
    assert f"service={permit.pk}" in page.url
    rows = page.locator("section#by-service tbody tr")
    assert rows.count() == 1 and rows.first.locator("td").first.inner_text().strip() == "۳"

    with page.expect_download() as download:
        page.get_by_role("link", name="دریافت CSV").click()
    csv_text = open(download.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    assert "صدور پروانه ساختمانی" in csv_text and "گواهی پایان کار" not in csv_text


def audit_trail_filtered_and_downloaded(page, base: str, completed) -> None:
    """The audit trail: the request's code in Persian digits finds the clerk and the
    changes; the filtered trail downloads as XLSX."""
    page.goto(base + "/admin/audit/")
    page.locator("input[name=object]").fill(to_persian_digits(completed.tracking_code))
    with page.expect_navigation():
        page.locator("form.khedmat-filters").get_by_role("button", name="پالایش").click()
    entries = page.locator("table.listing tbody tr")
    # Newest first: two changes by the clerk, the routing rules', the citizen's request.
    assert entries.count() == 4
    texts = entries.all_inner_texts()
    assert "مینا رحیمی" in texts[0] and "انجام شد" in texts[0]  # the status, in Persian
    assert "مینا رحیمی" in texts[1]
    assert "قاعده‌های ارجاع" in texts[2]
    assert "شهروند" in texts[3]

    with page.expect_download() as download:
        page.get_by_role("link", name="خروجی XLSX").click()
    sheet = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active  # noqa: SIM115
    cells = [
        " ".join(str(c) for c in row if c is not None) for row in sheet.iter_rows(values_only=True)
    ]
    assert len(cells) == 5  # the header and the four entries
    assert sum("مینا رحیمی" in row for row in cells) == 2


def test_a_manager_follows_the_figures_and_the_trail(
    desktop_page, live_server, desk, outside_requests
):
    page, base = desktop_page, live_server.url
    user_with_permissions(  # a manager reads every unit's figures
        "manager",
        "khedmat_audit.view_audit",
        "khedmat_statistics.view_statistics",
        "submissions.view_all_submissions",
    )
    sign_in(page, base, "/admin/", "manager")
    overdue_count_checked(page)
    statistics_filtered_and_downloaded(page, base, desk["permit"])
    audit_trail_filtered_and_downloaded(page, base, desk["completed"])
    assert outside_requests == []
