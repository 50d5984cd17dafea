"""The PDF receipt: what it says, where it is stored, and who can fetch it."""

import datetime
import re
import subprocess
import unicodedata

import pytest
from django.core.files.storage import default_storage, storages
from django.utils import timezone, translation

from catalog.models import AgencySettings
from formbuilder.persian.text import to_persian_digits
from receipts import pdf as receipt_pdf
from receipts.models import Receipt
from receipts.services import receipt_generate
from submissions.tracking import tracking_code_display
from tests.factories import submission_make

pytestmark = pytest.mark.django_db

# 1405/09/04 10:20 in Tehran (UTC+3:30): a Wednesday.
SUBMITTED = datetime.datetime(2026, 11, 25, 6, 50, tzinfo=datetime.UTC)


def pdf_text(data: bytes) -> str:
    """The PDF's text in logical order (poppler), as a reader would copy it."""
    result = subprocess.run(
        ["/usr/bin/pdftotext", "-", "-"], input=data, capture_output=True, check=True, timeout=30
    )
    return result.stdout.decode()


@pytest.fixture
def submission(service):
    return submission_make(service, created_at=SUBMITTED)


def test_the_receipt_carries_code_dates_service_and_answers(submission):
    agency = AgencySettings.load()
    agency.name = "شهرداری نمونه"
    agency.phone = "021-12345678"
    agency.save()
    receipt = receipt_generate(submission=submission)
    data = receipt.file.open("rb").read()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    # The tracking code, grouped in Persian digits, in its own left-to-right order.
    assert tracking_code_display(submission.tracking_code, persian=True) in text
    assert to_persian_digits("10061077000") in text  # the service code
    assert "صدور پروانه ساختمانی" in text
    assert "شهرداری نمونه" in text
    # Submitted 1405/09/05 at 10:20 Tehran time, in Jalali.
    assert "آذر" in text and to_persian_digits("1405") in text
    assert to_persian_digits("10:20") in text
    # 12 working days from Wednesday 1405/09/04 (Thursdays and Fridays closed): 1405/09/22.
    assert receipt.due_date == datetime.date(2026, 12, 13)
    visible = "".join(char for char in text if unicodedata.category(char) != "Cf")
    assert re.search(r"(?<![۰-۹])۲۲\s*آذر", visible)  # the due date, day and month
    assert "مریم کاظمی" in text  # an answer
    assert f"/track/?code={submission.tracking_code}" in text


def test_the_receipt_shows_the_mobile_and_national_id_masked(submission):
    context = receipt_pdf.receipt_context(submission=submission, due_date=datetime.date.today())
    shown = {
        item["label"]: item["value"] for section in context["answers"] for item in section["items"]
    }
    assert shown["شماره همراه"] == "۰۹۱۲***۴۵۶۷"
    assert shown["کد ملی"] == "۰۰۱***۲۴۱۹"
    text = pdf_text(receipt_generate(submission=submission).file.open("rb").read())
    for full in ("09121234567", "0013542419"):
        assert full not in text and to_persian_digits(full) not in text


def test_file_answers_show_names_not_contents(service):
    submission = submission_make(
        service, answers={"deed": [{"name": "deed-scan.pdf", "content_type": "application/pdf"}]}
    )
    text = pdf_text(receipt_generate(submission=submission).file.open("rb").read())
    assert "deed-scan.pdf" in text


def test_generating_twice_gives_one_receipt(submission):
    first = receipt_generate(submission=submission)
    storage = first.file.storage
    folder = first.file.name.rsplit("/", 1)[0]
    files_before = set(storage.listdir(folder)[1])
    second = receipt_generate(submission=submission)
    assert first.pk == second.pk
    assert Receipt.objects.count() == 1
    assert set(storage.listdir(folder)[1]) == files_before


def test_the_receipt_is_private_storage(submission):
    """In STORAGES["private"] (a private folder, or the bucket's private prefix), never in
    the published media."""
    receipt = receipt_generate(submission=submission)
    assert storages["private"].exists(receipt.file.name)
    assert not default_storage.exists(receipt.file.name)


def test_the_fetcher_refuses_anything_but_our_files():
    fetcher = receipt_pdf._fetcher_class()()
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.com/logo.png")
    with pytest.raises(ValueError):
        fetcher.fetch(f"{receipt_pdf.BASE_URL}etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch(f"{receipt_pdf.BASE_URL}media/../../etc/passwd")
    css = fetcher.fetch(f"{receipt_pdf.BASE_URL}static/receipts/receipt.css")
    assert b"Vazirmatn" in css.read()


def test_a_remote_image_in_the_html_is_not_fetched(submission, monkeypatch):
    calls = []

    def no_network(*args, **kwargs):
        calls.append(args)
        raise AssertionError("network used")

    monkeypatch.setattr("urllib.request.OpenerDirector.open", no_network)
    data = receipt_pdf.html_to_pdf('<p>x</p><img src="http://127.0.0.1:9/x.png">')
    assert data.startswith(b"%PDF") and calls == []


def test_the_receipt_is_in_persian_whatever_the_worker_language(submission):
    with translation.override("en"):
        receipt = receipt_generate(submission=submission)
    assert "کد رهگیری" in pdf_text(receipt.file.open("rb").read())


class TestReceiptView:
    def url(self, submission):
        return f"/requests/{submission.access_token}/receipt.pdf"

    def test_the_stored_pdf_is_served_not_cached(self, client, submission):
        receipt_generate(submission=submission)
        response = client.get(self.url(submission))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content).startswith(b"%PDF")

    def test_while_rendering_the_citizen_is_asked_to_wait(self, client, submission):
        response = client.get(self.url(submission))
        assert response.status_code == 202
        assert response["Retry-After"]
        assert "no-store" in response["Cache-Control"]

    @pytest.mark.parametrize("token", ["x" * 43, "", "a" * 200])
    def test_a_wrong_token_is_404(self, client, submission, token):
        receipt_generate(submission=submission)
        assert client.get(f"/requests/{token}/receipt.pdf").status_code == 404

    def test_the_tracking_code_is_not_a_key(self, client, submission):
        receipt_generate(submission=submission)
        url = f"/requests/{submission.tracking_code}/receipt.pdf"
        assert client.get(url).status_code == 404

    def test_the_confirmation_page_links_the_receipt(self, client, submission):
        response = client.get(f"/requests/{submission.access_token}/")
        assert self.url(submission) in response.content.decode()


def test_due_date_counts_from_the_submission_day_in_tehran(service):
    # 21:00 UTC on a Wednesday is already Thursday (closed) in Tehran: counting starts
    # on Saturday, one working day later than from the UTC date.
    late = datetime.datetime(2026, 11, 25, 21, 0, tzinfo=datetime.UTC)
    assert timezone.localdate(late).weekday() == 3
    submission = submission_make(service, created_at=late)
    from receipts.services import receipt_due_date

    assert receipt_due_date(submission) == datetime.date(2026, 12, 14)


def test_the_receipt_promises_the_date_routing_committed_to(service):
    """A rule's shorter time limit is the date on the receipt, not the service's."""
    from routing.models import RoutingRule
    from routing.services import submission_route
    from submissions.pipeline import pipeline

    RoutingRule.objects.create(name="fast track", sort_order=10, sla_days=3)
    submission = submission_make(service, created_at=SUBMITTED)
    assert "routing" in pipeline.get("receipt").after  # made only once routing decided
    submission_route(submission=submission)
    receipt = receipt_generate(submission=submission)
    # 3 working days from Wednesday 1405/09/04 (Thursday and Friday closed): Monday.
    assert receipt.due_date == datetime.date(2026, 11, 30)
    text = pdf_text(receipt.file.open("rb").read())
    # The line as poppler reorders it: «۹ آذر ۱۴۰۵ (۳ روز کاری)», never the service's 12.
    line = re.sub("[\u202a-\u202e]", "", text.split("تاریخ تعهد انجام")[1].split("روش ارائه")[0])
    assert "آذر" in line and "روز کاری" in line
    assert sorted(re.findall("[۰-۹]+", line)) == sorted(["۹", "۳", "۱۴۰۵"])
