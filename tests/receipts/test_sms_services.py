"""SMS templates and writing a request's SMS: validation, filling, one message per event."""

import pytest
from django.core.exceptions import ValidationError

from formbuilder.persian.text import to_persian_digits
from receipts.constants import SmsErrorReason, SmsEvent, SmsStatus
from receipts.models import SmsMessage, SmsTemplate
from receipts.services import sms_received_queue
from tests.factories import (
    DepartmentFactory,
    department_staff,
    submission_make,
    submission_routed,
    user_with_permissions,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def message(service, received_template):
    submission = submission_routed(service)
    return sms_received_queue(submission=submission)


def unit_staff(message, username, *permissions):
    """Staff of the unit the message's request was routed to."""
    return department_staff(message.submission.department, username, *permissions)


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


def test_no_active_template_means_no_message(service, received_template):
    received_template.is_active = False
    received_template.save()
    assert sms_received_queue(submission=submission_make(service)) is None
    assert not SmsMessage.objects.exists()


class TestSmsAdmin:
    LIST = "/admin/sms/"
    RESEND_PERMISSIONS = ("receipts.view_smsmessage", "receipts.change_smsmessage")

    def test_staff_see_and_resend_failed_messages(
        self, client, message, django_capture_on_commit_callbacks
    ):
        SmsMessage.objects.filter(pk=message.pk).update(
            status=SmsStatus.FAILED,
            error="SmsPermanentError: Kavenegar sms/send [418]: insufficient credit",
            error_reason=SmsErrorReason.NO_CREDIT,
            error_code="418",
        )
        client.force_login(unit_staff(message, "staff1", *self.RESEND_PERMISSIONS))
        page = client.get(self.LIST + "?status=failed").content.decode()
        # The reason in Persian and the provider's raw code; not its English text.
        assert "اعتبار حساب پیامک تمام شده است" in page
        assert '<code dir="ltr">418</code>' in page
        assert "Kavenegar" not in page and "insufficient credit" not in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/admin/sms/{message.pk}/retry/")
        assert response.status_code == 302
        message.refresh_from_db()
        assert message.status == SmsStatus.SENT  # the outbox backend, eagerly

    def test_an_error_without_a_reason_is_said_in_persian(self, client, message):
        SmsMessage.objects.filter(pk=message.pk).update(
            status=SmsStatus.QUEUED, error="SmsTemporaryError: HTTP 502 Bad Gateway"
        )
        client.force_login(unit_staff(message, "staff1", "receipts.view_smsmessage"))
        page = client.get(self.LIST).content.decode()
        assert "پیامک به سامانهٔ پیامک سپرده نشد" in page
        assert "تلاش بعدی" in page  # queued again: when
        assert "Bad Gateway" not in page and "SmsTemporaryError" not in page

    def test_search_by_tracking_code_in_persian_digits(self, client, message):
        client.force_login(unit_staff(message, "staff1", "receipts.view_smsmessage"))
        code = message.submission.tracking_code
        page = client.get(self.LIST, {"q": to_persian_digits(code)}).content.decode()
        assert message.body in page
        assert message.body not in client.get(self.LIST, {"q": "999"}).content.decode()

    def test_staff_of_another_unit_neither_see_nor_resend(
        self, client, message, django_capture_on_commit_callbacks
    ):
        SmsMessage.objects.filter(pk=message.pk).update(status=SmsStatus.FAILED)
        client.force_login(
            department_staff(DepartmentFactory(), "staff2", *self.RESEND_PERMISSIONS)
        )
        code = message.submission.tracking_code
        for query in ({}, {"status": "failed"}, {"q": code}, {"q": message.recipient}):
            response = client.get(self.LIST, query)
            assert response.status_code == 200
            page = response.content.decode()
            # The list shows numbers in Persian digits. A search is echoed back in the
            # active-filter pill (and, in Latin digits, in the search box): the pill is
            # taken out, the rest of the page must not show the number.
            shown = page
            if "q" in query:
                pill = f'<b class="w-ml-1">{to_persian_digits(query["q"])}</b>'
                assert pill in page
                shown = page.replace(pill, "")
            assert to_persian_digits(message.recipient) not in shown
            assert to_persian_digits(code) not in shown
            assert f"/admin/sms/{message.pk}/retry/" not in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/admin/sms/{message.pk}/retry/")
        assert response.status_code == 404
        message.refresh_from_db()
        assert message.status == SmsStatus.FAILED and message.attempts == 0

    def test_survey_links_are_masked(self, client, message):
        from receipts.survey import survey_invite
        from submissions.constants import Status

        SmsTemplate.objects.create(event=SmsEvent.SURVEY, body="نظر شما: {survey_url}")
        submission = message.submission
        type(submission).objects.filter(pk=submission.pk).update(status=Status.COMPLETED)
        submission.refresh_from_db()
        token = survey_invite(submission=submission).token
        client.force_login(unit_staff(message, "staff1", "receipts.view_smsmessage"))
        page = client.get(self.LIST).content.decode()
        assert token not in page
        assert f"/s/{token[:4]}…" in page

    def test_managers_cannot_resend(self, client, message):
        SmsMessage.objects.filter(pk=message.pk).update(status=SmsStatus.FAILED)
        client.force_login(
            user_with_permissions(
                "manager1", "receipts.view_smsmessage", "submissions.view_all_submissions"
            )
        )
        assert client.get(self.LIST).status_code == 200
        denied = client.post(f"/admin/sms/{message.pk}/retry/")
        assert (denied.status_code, denied["Location"]) == (302, "/admin/")
        assert SmsMessage.objects.get(pk=message.pk).status == SmsStatus.FAILED

    def test_the_template_editor_has_the_live_counter(self, client, received_template):
        from tests.factories import UserFactory

        admin = UserFactory(username="root1", is_superuser=True)
        client.force_login(admin)
        response = client.get(f"/admin/snippets/receipts/smstemplate/edit/{received_template.pk}/")
        assert response.status_code == 200
        assert "sms_counter.js" in response.content.decode()
