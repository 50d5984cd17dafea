"""Files on S3-compatible object storage (cms_site/settings/storage.py), against a real
local S3 server (moto's server mode): citizens' uploads, the wizard's files and receipts
land in the bucket, are served only through the app's checked views, are deleted from
the bucket, and are never readable by anyone with the object's URL."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.test import Client
from django.utils import timezone

from cms_site.checks import private_files_check
from formbuilder import services as formbuilder_services
from formbuilder.services import wizard_uploads_delete_abandoned
from receipts import pdf as receipt_pdf
from receipts.models import Receipt, receipt_path
from receipts.services import receipt_generate
from submissions.models import Submission, SubmissionFile
from tests.factories import DepartmentFactory, UserFactory, clerk_of, submission_make
from tests.submissions.conftest import PDF_BYTES
from tests.submissions.test_api import URL as API_URL
from tests.submissions.test_api import answers
from tests.submissions.test_apply import APPLY, Wizard, pdf, step1

pytestmark = pytest.mark.django_db

CARTABLE = "/admin/cartable/"


def files_on_disk(settings) -> set[Path]:
    """Files under the local folders the S3 configuration replaces (none should appear)."""
    roots = [Path(settings.PRIVATE_MEDIA_ROOT), Path(settings.MEDIA_ROOT)]
    return {path for root in roots for path in root.rglob("*") if path.is_file()}


def wizard_upload(service, name="سند مالکیت.pdf") -> Wizard:
    wizard = Wizard(Client(), APPLY, service)
    wizard.post("s1", step1())
    review = wizard.post("s2", {"area": "120"}, {"deed": pdf(name)})
    assert "پاسخ‌هایتان را پیش از ارسال بررسی کنید" in review.content.decode()
    return wizard


def filed_with_a_file(service, department) -> tuple[Submission, SubmissionFile]:
    submission = submission_make(
        service,
        answers={"deed": [{"name": "سند.pdf", "content_type": "application/pdf"}]},
        uploads={"deed": [pdf("deed.pdf")]},
    )
    Submission.objects.filter(pk=submission.pk).update(department=department)
    return submission, submission.files.get()


def test_the_wizards_upload_lands_in_the_bucket_and_moves_when_sent(s3, service, settings):
    on_disk = files_on_disk(settings)
    wizard = wizard_upload(service)
    (in_progress,) = s3.keys("wizard-uploads/")
    assert s3.body(in_progress) == PDF_BYTES
    assert s3.keys("private/") == []

    wizard.post("review", {"confirm": "on"})
    stored = Submission.objects.get().files.get()
    assert stored.original_name == "سند مالکیت.pdf"
    assert s3.keys("wizard-uploads/") == []  # the wizard's copy is deleted once sent
    assert s3.keys("private/") == [f"private/{stored.file.name}"]
    assert s3.body(f"private/{stored.file.name}") == PDF_BYTES
    assert files_on_disk(settings) == on_disk  # nothing written to the local folders


def test_an_api_upload_lands_in_the_bucket(s3, client, service, settings):
    on_disk = files_on_disk(settings)
    response = client.post(API_URL, {"data": json.dumps(answers()), "deed": pdf()})
    assert response.status_code == 201, response.content
    stored = SubmissionFile.objects.get()
    assert s3.keys("private/submissions/") == [f"private/{stored.file.name}"]
    assert s3.body(f"private/{stored.file.name}") == PDF_BYTES
    assert files_on_disk(settings) == on_disk


def test_staff_of_the_unit_download_from_the_bucket_and_no_one_else(s3, client, service):
    unit_a, unit_b = DepartmentFactory(name="واحد الف"), DepartmentFactory(name="واحد ب")
    submission, stored = filed_with_a_file(service, unit_a)
    url = f"{CARTABLE}{submission.tracking_code}/files/{stored.pk}/"

    client.force_login(clerk_of(unit_a, "staff_a"))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]

    client.force_login(clerk_of(unit_b, "staff_b"))
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(username="outsider"))  # not even in the admin
    outsider = client.get(url)
    assert outsider.status_code == 302 and "/admin/login/" in outsider["Location"]
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]

    # The row outlives its object (deleted in the bucket): 404, not 500.
    s3.client.delete_object(Bucket=s3.bucket, Key=f"private/{stored.file.name}")
    client.force_login(clerk_of(unit_a, "staff_a2"))
    assert client.get(url).status_code == 404


def test_the_receipt_pdf_is_stored_in_the_bucket_and_served(s3, client, service, settings):
    on_disk = files_on_disk(settings)
    submission = submission_make(service)
    url = f"/requests/{submission.access_token}/receipt.pdf"
    assert client.get(url).status_code == 202  # not rendered yet

    receipt = receipt_generate(submission=submission)
    key = f"private/{receipt.file.name}"
    assert s3.keys("private/receipts/") == [key]
    stored = s3.body(key)
    assert stored.startswith(b"%PDF")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == stored
    assert files_on_disk(settings) == on_disk
    assert client.get(f"/requests/{'x' * 43}/receipt.pdf").status_code == 404


def test_a_receipt_attempt_that_died_after_its_upload_leaves_no_orphan(s3, service):
    """A worker killed between the upload and the row (bench/faults.py kills them): the
    step's next attempt replaces that object instead of adding a second one."""
    submission = submission_make(service)
    earlier = receipt_path(Receipt(submission=submission), "receipt.pdf")
    storages["private"].save(earlier, ContentFile(b"%PDF an earlier attempt's upload"))

    receipt = receipt_generate(submission=submission)
    assert s3.keys("private/receipts/") == [f"private/{receipt.file.name}"]
    stored = s3.body(f"private/{receipt.file.name}")
    assert stored.startswith(b"%PDF") and b"earlier attempt" not in stored
    assert receipt.size == len(stored)


def test_the_receipt_reads_the_published_logo_from_the_bucket(s3):
    name = default_storage.save("images/logo.png", ContentFile(b"\x89PNG logo", name="logo.png"))
    assert s3.keys("media/") == [f"media/{name}"]
    fetched = receipt_pdf._fetcher_class()().fetch(f"{receipt_pdf.BASE_URL}media/{name}")
    assert fetched.read() == b"\x89PNG logo"
    with pytest.raises(ValueError, match="Missing media file"):
        receipt_pdf._fetcher_class()().fetch(f"{receipt_pdf.BASE_URL}media/images/none.png")


def test_abandoned_wizard_uploads_are_deleted_from_the_bucket(s3, service, monkeypatch):
    wizard_upload(service)
    storages["wizard_uploads"].save("nested/left-over", ContentFile(b"old"))
    assert len(s3.keys("wizard-uploads/")) == 2
    assert wizard_uploads_delete_abandoned() == 0  # fresh: kept
    assert len(s3.keys("wizard-uploads/")) == 2

    later = timezone.now() + timedelta(hours=25)  # past the default age of a day
    monkeypatch.setattr(formbuilder_services.timezone, "now", lambda: later)
    assert wizard_uploads_delete_abandoned() == 2
    assert s3.keys("wizard-uploads/") == []
    assert wizard_uploads_delete_abandoned() == 0  # a second cleanup finds nothing


def test_nothing_in_the_bucket_is_publicly_readable(s3, client, service):
    wizard_upload(service)
    client.post(API_URL, {"data": json.dumps(answers()), "deed": pdf()})
    receipt_generate(submission=Submission.objects.get())
    keys = s3.keys()
    assert {key.split("/")[0] for key in keys} == {"private", "wizard-uploads"}
    assert len(keys) == 3  # the wizard's file, the request's file, the receipt
    for key in keys:
        assert s3.anonymous_get(key).status_code == 403, key
        grants = s3.client.get_object_acl(Bucket=s3.bucket, Key=key)["Grants"]
        assert not [grant for grant in grants if "URI" in grant["Grantee"]], key

    # The control: the same object through a short-lived signed link is readable.
    receipt_key = next(key for key in keys if key.startswith("private/receipts/"))
    link = storages["private"].url(receipt_key.removeprefix("private/"))
    assert "X-Amz-Expires=300" in link and "X-Amz-Signature=" in link
    assert requests.get(link, timeout=10).content.startswith(b"%PDF")


def test_published_media_are_public_only_when_the_operator_says_so(s3, settings, monkeypatch):
    from tests.s3 import s3_storages

    private_media = default_storage.save("images/a.png", ContentFile(b"a"))
    assert s3.anonymous_get(f"media/{private_media}").status_code == 403
    monkeypatch.setenv("AWS_MEDIA_PUBLIC", "1")
    settings.STORAGES = s3_storages(settings.STORAGES)
    public = default_storage.save("images/b.png", ContentFile(b"b"))
    assert s3.anonymous_get(f"media/{public}").content == b"b"
    assert "Signature" not in default_storage.url(public)
    # The private entries stay private.
    storages["private"].save("receipts/c.pdf", ContentFile(b"c"))
    assert s3.anonymous_get("private/receipts/c.pdf").status_code == 403
    assert private_files_check(None) == []


def test_a_private_entry_made_public_is_refused_by_the_checks(s3, settings):
    assert private_files_check(None) == []
    entry = settings.STORAGES["wizard_uploads"]
    for options in ({"default_acl": "public-read"}, {"querystring_auth": False}):
        settings.STORAGES = {
            **settings.STORAGES,
            "wizard_uploads": {**entry, "OPTIONS": {**entry["OPTIONS"], **options}},
        }
        (error,) = private_files_check(None)
        assert error.id == "cms_site.E002" and 'STORAGES["wizard_uploads"]' in error.msg


def test_health_checks_every_storage_in_the_bucket(s3, client, settings):
    settings.CELERY_BROKER_URL = ""
    # Room for a busy test machine (its first S3 connections take seconds); not a timing test.
    settings.HEALTH_STORAGE_TIMEOUT_SECONDS = 120
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    storage_checks = {name: status for name, status in response.json().items() if "Storage" in name}
    assert len(storage_checks) == 4, storage_checks  # default, private, wizard_uploads, drafts
    assert set(storage_checks.values()) == {"OK"}
    assert s3.keys() == []  # each check's test file deleted again

    s3.client.delete_bucket(Bucket=s3.bucket)  # the bucket gone (or unreachable)
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    assert response.status_code == 500
    failing = {name for name, status in response.json().items() if status != "OK"}
    assert failing == set(storage_checks)
