"""The SMS of a one-time code (submissions/otp.py through `otp_listeners`): through
Kavenegar's verify/lookup when the "one-time code" template names a provider template,
else as a plain text with the built-in wording. The provider gets the code; the SMS log
(its rows, the admin list) shows it masked, so staff never read a live code."""

import re

import pytest
from django.test import override_settings

from formbuilder.persian.text import to_persian_digits
from receipts.constants import SmsErrorReason, SmsEvent, SmsStatus
from receipts.models import SmsMessage, SmsTemplate
from receipts.outbox import sms_message_deliver
from submissions.otp import otp_send, otp_verify
from tests.factories import rate_limits_fresh

pytestmark = pytest.mark.django_db

MOBILE = "09121234567"
KEY = "a-secret-key-for-these-tests-only-0123456789"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test's codes to MOBILE count against its own hourly limit."""
    with rate_limits_fresh():
        yield


def assert_row_hides(message: SmsMessage, code: str) -> None:
    """Nothing stored on the message shows the code, in either digits."""
    stored = [message.body, str(message.tokens), message.sealed, str(message)]
    for written in (code, to_persian_digits(code)):
        assert not any(written in value for value in stored), written
    assert message.tokens == {"token": "******"} and "******" in message.body


def test_code_goes_through_kavenegar_lookup_template(
    fake_kavenegar, django_capture_on_commit_callbacks
):
    SmsTemplate.objects.create(
        event=SmsEvent.OTP, body="کد ورود: {code}", provider_template="khedmat-otp"
    )
    with django_capture_on_commit_callbacks(execute=True):
        otp_send(mobile=MOBILE, client_ip="203.0.113.7", purpose="signin")

    [request] = fake_kavenegar.requests_to("verify/lookup")
    code = request.params["token"]
    assert request.params == {"receptor": MOBILE, "template": "khedmat-otp", "token": code}
    assert not fake_kavenegar.requests_to("sms/send")
    message = SmsMessage.objects.get(event=SmsEvent.OTP)
    assert message.status == SmsStatus.SENT
    assert message.body == "کد ورود: ******"
    assert_row_hides(message, code)
    otp_verify(mobile=MOBILE, code=code, purpose="signin")


def test_code_without_a_template_is_a_plain_text(
    fake_kavenegar, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        otp_send(mobile=MOBILE, client_ip="203.0.113.7", purpose="apply")

    [request] = fake_kavenegar.requests_to("sms/send")
    persian = re.fullmatch(r"کد شما: ([۰-۹]{6})\nاعتبار: ۲ دقیقه", request.params["message"])
    assert persian, request.params["message"]
    assert request.params["receptor"] == MOBILE
    code = persian.group(1).translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
    message = SmsMessage.objects.get(event=SmsEvent.OTP)
    assert message.body == "کد شما: ******\nاعتبار: ۲ دقیقه"
    assert_row_hides(message, code)
    otp_verify(mobile=MOBILE, code=code, purpose="apply")


def test_the_admin_sms_log_shows_the_code_masked(admin_client, monkeypatch):
    monkeypatch.setattr("submissions.otp.secrets.randbelow", lambda _limit: 493817)
    otp_send(mobile=MOBILE, client_ip="203.0.113.7", purpose="signin")
    page = admin_client.get("/admin/sms/").content.decode()
    assert "کد شما: ******" in page
    assert "493817" not in page and "۴۹۳۸۱۷" not in page


def test_a_text_sealed_under_another_secret_key_fails_and_says_why(fake_kavenegar):
    with override_settings(SECRET_KEY=KEY):
        otp_send(mobile=MOBILE, client_ip="203.0.113.7", purpose="signin")
    message = SmsMessage.objects.get(event=SmsEvent.OTP)

    assert sms_message_deliver(message_id=message.pk) == SmsStatus.FAILED
    message.refresh_from_db()
    assert message.error_reason == SmsErrorReason.SEALED
    assert not fake_kavenegar.requests_to("sms/send")  # the masked text is never sent


def test_a_secret_key_fallback_opens_what_the_old_key_sealed(fake_kavenegar, monkeypatch):
    monkeypatch.setattr("submissions.otp.secrets.randbelow", lambda _limit: 271828)
    with override_settings(SECRET_KEY=KEY):
        otp_send(mobile=MOBILE, client_ip="203.0.113.7", purpose="signin")
    message = SmsMessage.objects.get(event=SmsEvent.OTP)

    with override_settings(SECRET_KEY_FALLBACKS=[KEY]):
        assert sms_message_deliver(message_id=message.pk) == SmsStatus.SENT
    [request] = fake_kavenegar.requests_to("sms/send")
    assert "۲۷۱۸۲۸" in request.params["message"]


def test_the_development_outbox_logs_the_real_text(
    settings, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    """The demo (`make run`, SMS_BACKEND=outbox) reads its code in the console."""
    settings.SMS_BACKEND = "outbox"
    monkeypatch.setattr("submissions.otp.secrets.randbelow", lambda _limit: 4321)
    with (
        caplog.at_level("INFO", logger="receipts.sms"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        otp_send(mobile=MOBILE, client_ip="203.0.113.7", purpose="signin")
    assert f"SMS to {MOBILE}" in caplog.text and "کد شما: ۰۰۴۳۲۱" in caplog.text
    assert SmsMessage.objects.get(event=SmsEvent.OTP).status == SmsStatus.SENT
    otp_verify(mobile=MOBILE, code="004321", purpose="signin")


def test_code_placeholder_only_in_the_one_time_code_template():
    from django.core.exceptions import ValidationError

    SmsTemplate(event=SmsEvent.OTP, body="کد: {code}").full_clean()
    with pytest.raises(ValidationError) as error:
        SmsTemplate(event=SmsEvent.OTP, body="کد {code} برای {tracking_code}").full_clean()
    assert "{tracking_code}" in str(error.value)
