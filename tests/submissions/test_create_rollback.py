"""A request that is not recorded leaves no file behind in storage."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError

from submissions.models import Submission, SubmissionFile
from tests.factories import submission_make
from tests.submissions.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db

DEED = {"deed": [{"name": "سند.pdf", "content_type": "application/pdf"}]}


def stored_files() -> set[Path]:
    return {path for path in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if path.is_file()}


def uploads():
    return {
        "deed": [
            SimpleUploadedFile("deed.pdf", PDF_BYTES, "application/pdf"),
            SimpleUploadedFile("deed-2.pdf", PDF_BYTES, "application/pdf"),
        ]
    }


def test_files_written_before_a_failure_are_deleted_with_the_rollback(service, monkeypatch):
    before = stored_files()

    def database_gone(**kwargs):
        raise OperationalError("the connection was lost")

    # The last write of the transaction fails, after both files reached storage.
    monkeypatch.setattr("submissions.services.pipeline_start", database_gone)
    with pytest.raises(OperationalError):
        submission_make(service, answers=DEED, uploads=uploads())
    assert stored_files() == before
    assert not Submission.objects.exists() and not SubmissionFile.objects.exists()


def test_a_recorded_request_keeps_its_files(service):
    before = stored_files()
    submission = submission_make(service, answers=DEED, uploads=uploads())
    new = stored_files() - before
    assert len(new) == 2
    assert {Path(item.file.path) for item in submission.files.all()} == new


class StoreDown(Exception):
    pass


def test_a_file_the_rollback_cannot_delete_is_deleted_by_the_sweep_once_the_store_answers(
    service, monkeypatch
):
    from django.core.files.storage import FileSystemStorage

    from submissions.models import UndeletedFile
    from submissions.pipeline.tasks import pipeline_sweep_task

    before = stored_files()

    def database_gone(**kwargs):
        raise OperationalError("the connection was lost")

    def store_down(self, name):
        raise StoreDown("the store does not answer")

    monkeypatch.setattr("submissions.services.pipeline_start", database_gone)
    with monkeypatch.context() as outage:
        outage.setattr(FileSystemStorage, "delete", store_down)
        with pytest.raises(OperationalError):
            submission_make(service, answers=DEED, uploads=uploads())
        left = stored_files() - before
        assert len(left) == 2  # written, and the delete failed
        noted = UndeletedFile.objects.all()
        assert {Path(settings.PRIVATE_MEDIA_ROOT) / item.name for item in noted} == left
        assert all("StoreDown" in item.last_error for item in noted)
        # The store still down: the sweep keeps both and counts the try.
        pipeline_sweep_task()
        assert stored_files() - before == left
        assert sorted(UndeletedFile.objects.values_list("attempts", flat=True)) == [0, 1]
    # The store answers again: the next sweep deletes them and forgets them.
    pipeline_sweep_task()
    assert stored_files() == before
    assert not UndeletedFile.objects.exists()
