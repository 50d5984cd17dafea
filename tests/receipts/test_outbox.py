"""The SMS outbox on the pipeline's retry machine: send once, retry, fail, sweep."""

import pytest

from receipts.constants import SmsErrorReason, SmsEvent, SmsStatus
from receipts.models import SmsMessage
from receipts.outbox import (
    sms_delivery_refresh,
    sms_message_deliver,
    sms_message_retry,
)
from receipts.services import sms_queue, sms_received_queue
from receipts.sms import SentSms, SmsBackend, SmsPermanentError, SmsTemporaryError
from tests.factories import submission_make

pytestmark = pytest.mark.django_db


class ScriptedBackend(SmsBackend):
    """A backend that answers from a script: an exception to raise, or a result."""

    def __init__(self, *answers, known=None, statuses=None):
        self.answers = list(answers)
        self.sent = []
        self.known = known or {}
        self.statuses = statuses or {}

    def send(self, sms):
        self.sent.append(sms)
        answer = self.answers.pop(0) if self.answers else SentSms(provider_id="p-1")
        if isinstance(answer, Exception):
            raise answer
        return answer

    def find_sent(self, local_id):
        return self.known.get(local_id)

    def delivery_statuses(self, provider_ids):
        return {pid: self.statuses[pid] for pid in provider_ids if pid in self.statuses}


@pytest.fixture
def message(service, received_template):
    return sms_received_queue(submission=submission_make(service))


def test_a_sent_message_records_the_provider_id(message):
    backend = ScriptedBackend(SentSms(provider_id="kv-99"))
    assert sms_message_deliver(message_id=message.pk, backend=backend) == SmsStatus.SENT
    message.refresh_from_db()
    assert message.provider_id == "kv-99" and message.attempts == 1 and message.sent_at
    # Delivered twice? The second call finds it sent and does nothing.
    assert sms_message_deliver(message_id=message.pk, backend=backend) == "skipped"
    assert len(backend.sent) == 1


def test_a_temporary_error_is_retried_later_then_fails(message, settings):
    settings.SMS_MAX_ATTEMPTS = 2
    backend = ScriptedBackend(SmsTemporaryError("HTTP 502"), SmsTemporaryError("timeout"))
    assert sms_message_deliver(message_id=message.pk, backend=backend) == SmsStatus.QUEUED
    message.refresh_from_db()
    assert "HTTP 502" in message.error
    assert sms_message_deliver(message_id=message.pk, backend=backend) == "skipped"  # not due
    SmsMessage.objects.filter(pk=message.pk).update(next_attempt_at=message.created_at)
    assert sms_message_deliver(message_id=message.pk, backend=backend) == SmsStatus.FAILED
    message.refresh_from_db()
    assert message.attempts == 2 and "timeout" in message.error


def test_a_permanent_error_fails_at_once(message):
    backend = ScriptedBackend(SmsPermanentError("411 invalid receptor"))
    assert sms_message_deliver(message_id=message.pk, backend=backend) == SmsStatus.FAILED


def test_a_retry_after_a_lost_answer_finds_the_message_instead_of_resending(message):
    SmsMessage.objects.filter(pk=message.pk).update(attempts=1)  # an attempt that died
    backend = ScriptedBackend(known={str(message.local_id): SentSms(provider_id="kv-7")})
    assert sms_message_deliver(message_id=message.pk, backend=backend) == SmsStatus.SENT
    assert backend.sent == []
    message.refresh_from_db()
    assert message.provider_id == "kv-7"


def test_staff_retry_queues_a_failed_message_again(message, django_capture_on_commit_callbacks):
    SmsMessage.objects.filter(pk=message.pk).update(status=SmsStatus.FAILED, attempts=6)
    message.refresh_from_db()
    assert sms_message_retry(message=message)
    assert message.status == SmsStatus.QUEUED and message.attempts == 0
    SmsMessage.objects.filter(pk=message.pk).update(status=SmsStatus.SENT)
    message.refresh_from_db()
    assert not sms_message_retry(message=message)  # only failed ones


def test_delivery_reports_are_recorded(message):
    sms_message_deliver(message_id=message.pk, backend=ScriptedBackend(SentSms("kv-5")))
    other = sms_queue(submission=message.submission, event=SmsEvent.RECEIVED, dedupe_key="other")
    sms_message_deliver(message_id=other.pk, backend=ScriptedBackend(SentSms("kv-6")))
    changed = sms_delivery_refresh(
        backend=ScriptedBackend(statuses={"kv-5": "delivered", "kv-6": "failed"})
    )
    assert changed == 2
    assert SmsMessage.objects.get(pk=message.pk).status == SmsStatus.DELIVERED
    assert SmsMessage.objects.get(pk=other.pk).status == SmsStatus.FAILED


# The outbox against the fake Kavenegar: what the provider answers decides the retry.


def make_due(message):
    SmsMessage.objects.filter(pk=message.pk).update(next_attempt_at=message.created_at)


def test_kavenegar_try_later_is_retried_and_the_message_sent(message, fake_kavenegar):
    fake_kavenegar.reject_next(1, status=409)  # "the server cannot answer now, try later"

    assert sms_message_deliver(message_id=message.pk) == SmsStatus.QUEUED
    message.refresh_from_db()
    assert (message.error_reason, message.error_code) == (SmsErrorReason.BUSY, "409")
    assert message.next_attempt_at > message.created_at  # backed off
    assert fake_kavenegar.sent == []

    make_due(message)
    assert sms_message_deliver(message_id=message.pk) == SmsStatus.SENT
    message.refresh_from_db()
    assert [sent.message for sent in fake_kavenegar.sent] == [message.body]
    assert message.provider_id == str(fake_kavenegar.sent[0].messageid)
    assert (message.attempts, message.error, message.error_reason) == (2, "", "")


@pytest.mark.parametrize(
    ("status", "reason"),
    [(418, SmsErrorReason.NO_CREDIT), (411, SmsErrorReason.INVALID_RECIPIENT)],
)
def test_kavenegar_refusal_fails_at_once_with_its_reason(message, fake_kavenegar, status, reason):
    fake_kavenegar.reject_next(1, status=status)

    assert sms_message_deliver(message_id=message.pk) == SmsStatus.FAILED
    message.refresh_from_db()
    assert (message.status, message.attempts) == (SmsStatus.FAILED, 1)
    assert (message.error_reason, message.error_code) == (reason, str(status))
    make_due(message)
    assert sms_message_deliver(message_id=message.pk) == "skipped"  # not tried again
    assert len(fake_kavenegar.requests) == 1


def test_a_backend_that_gives_no_reason_is_recorded_in_general(message):
    backend = ScriptedBackend(SmsPermanentError("HTTP 400: bad request"))
    sms_message_deliver(message_id=message.pk, backend=backend)
    message.refresh_from_db()
    assert (message.error_reason, message.error_code) == (SmsErrorReason.NOT_TAKEN, "")
    assert "HTTP 400" in message.error  # the technical text stays for the logs
