"""The request pipeline on real components: PostgreSQL, Redis, Celery worker and beat
processes, and a fake Kavenegar on a real local port."""

import json
import time

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from formbuilder.persian.text import to_persian_digits
from receipts.constants import SmsEvent, SmsStatus
from receipts.models import Receipt, SmsMessage, SmsTemplate
from submissions.constants import StepState
from submissions.models import PipelineStep, Submission
from tests.factories import submission_make
from tests.submissions.conftest import PDF_BYTES

from .conftest import submit_during_outage, sweeps_send_nothing_more, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def received_template(transactional_db):
    return SmsTemplate.objects.create(
        event=SmsEvent.RECEIVED, body="درخواست شما ثبت شد. کد رهگیری: {tracking_code}"
    )


def steps_done(submission) -> bool:
    states = set(PipelineStep.objects.filter(submission=submission).values_list("state", flat=True))
    return states == {StepState.DONE}


def sms_of(submission) -> SmsMessage | None:
    return SmsMessage.objects.filter(submission=submission).first()


def sms_settled(submission, status: str, *, what: str) -> SmsMessage:
    """The request's SMS once it reaches `status` (a minute at most)."""
    wait_for(lambda: (m := sms_of(submission)) and m.status == status, timeout=60, what=what)
    return sms_of(submission)


def test_a_submission_gets_one_receipt_and_one_sms_from_a_real_worker(
    celery_processes, kavenegar, received_template, service, client
):
    celery_processes.start_worker()
    response = client.post(
        "/api/v1/services/10061077000/submissions/",
        {
            "data": json.dumps(
                {
                    "full_name": "مریم کاظمی",
                    "mobile": "۰۹۱۲۱۲۳۴۵۶۷",
                    "national_id": "0013542419",
                    "applicant_type": "person",
                    "area": 250,
                }
            ),
            "deed": SimpleUploadedFile("deed.pdf", PDF_BYTES, content_type="application/pdf"),
        },
    )
    assert response.status_code == 201, response.content
    submission = Submission.objects.get(tracking_code=response.json()["tracking_code"])
    wait_for(lambda: steps_done(submission), what="the pipeline", timeout=60)
    receipt = Receipt.objects.get(submission=submission)
    with receipt.file.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    wait_for(lambda: sms_of(submission).status == SmsStatus.SENT, what="the SMS to be sent")
    [message] = kavenegar.sent
    assert message.receptor == "09121234567"
    assert to_persian_digits(submission.tracking_code) in message.message
    assert sms_of(submission).provider_id == str(message.messageid)
    sweeps_send_nothing_more()
    assert len(kavenegar.sent) == 1
    assert Receipt.objects.filter(submission=submission).count() == 1


def test_a_provider_that_fails_for_a_while_is_retried_until_it_works(
    celery_processes, kavenegar, received_template, service
):
    submission = submit_during_outage(celery_processes, kavenegar, service, failures=2, status=502)
    message = sms_settled(submission, SmsStatus.SENT, what="the SMS after the provider recovered")
    assert message.attempts == 3
    assert len(kavenegar.sent) == 1
    assert steps_done(submission)


def test_a_provider_that_stays_down_fails_the_sms_visibly_and_nothing_else(
    celery_processes, kavenegar, received_template, service
):
    submission = submit_during_outage(
        celery_processes, kavenegar, service, failures=100, status=503
    )
    message = sms_settled(submission, SmsStatus.FAILED, what="the SMS to be marked failed")
    assert message.attempts == 3  # SMS_MAX_ATTEMPTS in the fast settings
    assert "503" in message.error
    assert kavenegar.sent == []
    submission.refresh_from_db()
    assert submission.status == "submitted"
    assert Receipt.objects.filter(submission=submission).exists()


def test_a_worker_killed_while_sending_loses_nothing_and_sends_once(
    celery_processes, kavenegar, received_template, service
):
    # Kavenegar takes the message but the answer never arrives: the worker dies waiting.
    kavenegar.hang_next(1, seconds=30)
    worker = celery_processes.start_worker()
    submission = submission_make(service)
    wait_for(lambda: len(kavenegar.sent) == 1, what="the provider to receive the SMS")
    celery_processes.kill(worker)
    assert sms_of(submission).status == SmsStatus.QUEUED
    celery_processes.start_worker()
    celery_processes.start_beat()  # the sweep finds the message once its lease expires
    wait_for(
        lambda: sms_of(submission).status == SmsStatus.SENT,
        timeout=60,
        what="the SMS after the restart",
    )
    assert len(kavenegar.sent) == 1  # found by its local id, not sent a second time
    assert sms_of(submission).provider_id == str(kavenegar.sent[0].messageid)
    assert sms_of(submission).attempts == 2


def test_a_worker_killed_while_rendering_the_receipt_loses_nothing(
    celery_processes, received_template, service
):
    submission = submission_make(service)  # queued; no worker is running yet
    database = connection.settings_dict
    blocker = psycopg.connect(
        host=database["HOST"],
        port=database["PORT"],
        user=database["USER"],
        dbname=database["NAME"],
        autocommit=False,
    )
    try:
        # Let no receipt be stored: the receipt step, run once routing is done, renders
        # the PDF and then waits on this lock to write its row, mid-step.
        blocker.execute("LOCK TABLE receipts_receipt IN SHARE MODE")
        worker = celery_processes.start_worker()
        wait_for(
            lambda: (
                PipelineStep.objects.get(submission=submission, name="receipt").state
                == StepState.RUNNING
            ),
            what="the receipt step to start",
        )
        time.sleep(0.5)
        celery_processes.kill(worker)
    finally:
        blocker.rollback()
        blocker.close()
    step = PipelineStep.objects.get(submission=submission, name="receipt")
    assert step.state == StepState.RUNNING and not Receipt.objects.exists()
    celery_processes.start_worker()
    celery_processes.start_beat()
    wait_for(lambda: steps_done(submission), timeout=60, what="the receipt after the restart")
    assert Receipt.objects.filter(submission=submission).count() == 1
    assert PipelineStep.objects.get(submission=submission, name="receipt").attempts == 2
    assert Submission.objects.get(pk=submission.pk).status == "submitted"
