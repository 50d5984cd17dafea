"""SMS templates and the outbox: validation, filling, one message per event, retries."""

import pytest
from django.core.exceptions import ValidationError

from formbuilder.persian.text import to_persian_digits
from receipts.constants import SmsEvent, SmsStatus
from receipts.models import SmsMessage, SmsTemplate
from receipts.services import (
    sms_delivery_refresh,
    sms_message_deliver,
    sms_message_retry,
    sms_queue,
    sms_received_queue,
)
from receipts.sms import SentSms, SmsBackend, SmsPermanentError, SmsTemporaryError
from tests.factories import submission_make, user_with_permissions

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
def template(db):
    return SmsTemplate.objects.create(
        event=SmsEvent.RECEIVED, body="درخواست شما ثبت شد. کد رهگیری: {tracking_code}"
    )


@pytest.fixture
def message(service, template):
    return sms_received_queue(submission=submission_make(service))


def test_unknown_placeholders_are_refused_in_persian_terms():
    template = SmsTemplate(event=SmsEvent.COMPLETED, body="درخواست {code} انجام شد")
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert "{code}" in str(error.value)


def test_template_text_is_normalised():
    template = SmsTemplate(event=SmsEvent.COMPLETED, body="درخواست ي ك {tracking_code}\r\nتمام")
    template.full_clean()
    assert template.body == "درخواست ی ک {tracking_code}\nتمام"


def test_the_received_sms_carries_the_code_in_persian_digits(message):
    code = message.submission.tracking_code
    assert message.body == f"درخواست شما ثبت شد. کد رهگیری: {to_persian_digits(code)}"
    assert message.parts == 1 and message.status == SmsStatus.QUEUED
    assert message.tokens["token"] == code  # Kavenegar lookup tokens take no spaces


def test_one_message_per_event_whatever_the_calls(message):
    again = sms_received_queue(submission=message.submission)
    assert again.pk == message.pk
    assert SmsMessage.objects.count() == 1


def test_no_active_template_means_no_message(service, template):
    template.is_active = False
    template.save()
    assert sms_received_queue(submission=submission_make(service)) is None
    assert not SmsMessage.objects.exists()


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


class TestSmsAdmin:
    LIST = "/admin/sms/"

    def test_staff_see_and_resend_failed_messages(
        self, client, message, django_capture_on_commit_callbacks
    ):
        SmsMessage.objects.filter(pk=message.pk).update(
            status=SmsStatus.FAILED, error="SmsPermanentError: 411"
        )
        client.force_login(
            user_with_permissions(
                "staff1", "receipts.view_smsmessage", "receipts.change_smsmessage"
            )
        )
        page = client.get(self.LIST + "?status=failed").content.decode()
        assert "SmsPermanentError: 411" in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/admin/sms/{message.pk}/retry/")
        assert response.status_code == 302
        message.refresh_from_db()
        assert message.status == SmsStatus.SENT  # the outbox backend, eagerly

    def test_search_by_tracking_code_in_persian_digits(self, client, message):
        client.force_login(user_with_permissions("staff1", "receipts.view_smsmessage"))
        code = message.submission.tracking_code
        page = client.get(self.LIST, {"q": to_persian_digits(code)}).content.decode()
        assert message.body in page
        assert message.body not in client.get(self.LIST, {"q": "999"}).content.decode()

    def test_managers_cannot_resend(self, client, message):
        SmsMessage.objects.filter(pk=message.pk).update(status=SmsStatus.FAILED)
        client.force_login(user_with_permissions("manager1", "receipts.view_smsmessage"))
        assert client.get(self.LIST).status_code == 200
        denied = client.post(f"/admin/sms/{message.pk}/retry/")
        assert (denied.status_code, denied["Location"]) == (302, "/admin/")
        assert SmsMessage.objects.get(pk=message.pk).status == SmsStatus.FAILED

    def test_the_template_editor_has_the_live_counter(self, client, template):
        from tests.factories import UserFactory

        admin = UserFactory(username="root1", is_superuser=True)
        client.force_login(admin)
        response = client.get(f"/admin/snippets/receipts/smstemplate/edit/{template.pk}/")
        assert response.status_code == 200
        assert "sms_counter.js" in response.content.decode()
