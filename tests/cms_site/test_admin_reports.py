"""Wagtail's own reports, page history and lock notice in Jalali (issue 15, item 1):
filters read Jalali typing in any digits, pills and exports read in Jalali with Persian
digits, and the editor's lock notice is dated in Jalali."""

import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import translation
from wagtail.models import PageLogEntry

UTC = datetime.UTC
# 2026-12-01 10:00 UTC is 1405/09/10 13:30 in Tehran; 2026-11-01 is 1405/08/10.
DEC_1 = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
NOV_1 = datetime.datetime(2026, 11, 1, 10, 0, tzinfo=UTC)


def body(response) -> str:
    # Wagtail streams its CSV exports.
    return b"".join(response.streaming_content).decode("utf-8-sig")


def log_at(page, label: str, moment: datetime.datetime, user=None) -> None:
    entry = PageLogEntry.objects.create(
        page=page,
        content_type=ContentType.objects.get_for_model(page),
        label=label,
        action="wagtail.edit",
        user=user,
        timestamp=moment,
    )
    PageLogEntry.objects.filter(pk=entry.pk).update(timestamp=moment)


@pytest.fixture
def history(service, admin_user):
    log_at(service, "ویرایش آذر", DEC_1, admin_user)
    log_at(service, "ویرایش آبان", NOV_1, admin_user)
    return service


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["1405/09/10", "۱۴۰۵/۰۹/۱۰", "2026-12-01"])
def test_site_history_filters_by_a_jalali_day_typed_in_any_digits(admin_client, history, typed):
    response = admin_client.get(
        "/admin/reports/site-history/", {"timestamp_from": typed, "timestamp_to": typed}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "ویرایش آذر" in html and "ویرایش آبان" not in html
    # The active filter's pill reads in Jalali, the boxes carry the Jalali picker.
    assert "۱۰ آذر ۱۴۰۵" in html
    assert 'name="timestamp_from"' in html and "data-jdp" in html


@pytest.mark.django_db
def test_site_history_refuses_an_impossible_jalali_day_without_a_500(admin_client, history):
    response = admin_client.get("/admin/reports/site-history/", {"timestamp_from": "1405/13/40"})
    assert response.status_code == 200  # the filter is ignored, its box shows the error


@pytest.mark.django_db
def test_site_history_exports_jalali_dates_in_persian_digits(admin_client, history):
    response = admin_client.get("/admin/reports/site-history/", {"export": "csv"})
    assert response.status_code == 200
    assert "audit-log-1405-" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(body(response))))
    dates = {row[1]: row[-1] for row in rows[1:]}
    assert dates["ویرایش آذر"] == "۱۴۰۵/۰۹/۱۰، ۱۳:۳۰"
    assert dates["ویرایش آبان"] == "۱۴۰۵/۰۸/۱۰، ۱۳:۳۰"


@pytest.mark.django_db
def test_locked_pages_filter_and_export_in_jalali(admin_client, service, admin_user):
    type(service).objects.filter(pk=service.pk).update(
        locked=True, locked_at=DEC_1, locked_by=admin_user
    )
    found = admin_client.get("/admin/reports/locked/", {"locked_at_from": "۱۴۰۵/۰۹/۱۰"})
    missed = admin_client.get("/admin/reports/locked/", {"locked_at_from": "1405/09/11"})
    assert service.title in found.content.decode()
    assert service.title not in missed.content.decode()
    export = admin_client.get("/admin/reports/locked/", {"export": "csv"})
    text = body(export)
    assert "۱۴۰۵/۰۹/۱۰، ۱۳:۳۰" in text and "2026" not in text
    assert "locked-pages-report-1405-" in export["Content-Disposition"]


@pytest.mark.django_db
def test_aging_pages_filter_reads_a_jalali_day(admin_client, service):
    type(service).objects.filter(pk=service.pk).update(last_published_at=NOV_1)
    before = admin_client.get("/admin/reports/aging-pages/", {"last_published_at": "1405/08/11"})
    after = admin_client.get("/admin/reports/aging-pages/", {"last_published_at": "1405/08/09"})
    assert service.title in before.content.decode()
    assert service.title not in after.content.decode()
    assert "۱۱ آبان ۱۴۰۵" in before.content.decode()  # the pill


@pytest.mark.django_db
def test_page_history_filters_by_a_jalali_day(admin_client, history):
    url = f"/admin/pages/{history.pk}/history/"
    response = admin_client.get(url, {"timestamp_from": "1405/09/10", "timestamp_to": "1405/09/10"})
    html = response.content.decode()
    assert response.status_code == 200
    assert type(response.context["view"]).__name__ == "JalaliPageHistoryView"
    assert [entry.timestamp for entry in response.context["object_list"]] == [DEC_1]
    assert "۱۰ آذر ۱۴۰۵" in html and "آبان" not in html
    assert "data-jdp" in html


@pytest.mark.django_db
def test_the_editors_lock_notice_is_dated_in_jalali(client, service, admin_user):
    editor = get_user_model().objects.create_superuser("other", "other@example.com", "x")
    type(service).objects.filter(pk=service.pk).update(
        locked=True, locked_at=DEC_1, locked_by=admin_user
    )
    client.force_login(editor)
    html = client.get(f"/admin/pages/{service.pk}/edit/").content.decode()
    assert "۱۰ آذر ۱۴۰۵، ۱۳:۳۰" in html
    assert "2026" not in html.split('class="messages"')[1].split("</ul>")[0]


@pytest.mark.django_db
def test_a_form_lock_notice_is_dated_in_jalali(admin_client, service_form, admin_user):
    type(service_form).objects.filter(pk=service_form.pk).update(
        locked=True, locked_at=NOV_1, locked_by=admin_user
    )
    service_form.refresh_from_db()
    with translation.override("fa"):
        message = str(service_form.get_lock().get_message(admin_user))
    assert "۱۰ آبان ۱۴۰۵، ۱۳:۳۰" in message


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "box"),
    [
        ("/admin/reports/workflow/", "created_at_from"),
        ("/admin/reports/workflow_tasks/", "finished_at_to"),
    ],
)
def test_workflow_reports_filter_in_jalali(admin_client, url, box):
    response = admin_client.get(url, {box: "۱۴۰۵/۰۹/۱۰"})
    assert response.status_code == 200
    assert "۱۰ آذر ۱۴۰۵" in response.content.decode()  # the pill, read in Jalali
    assert type(response.context["view"]).__name__.startswith("JalaliWorkflow")
