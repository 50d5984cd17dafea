"""The SMS of a one-time code (submissions/otp.py through `otp_listeners`): through
Kavenegar's verify/lookup when the "one-time code" template names a provider template,
else as a plain text with the built-in wording."""

import pytest

from receipts.constants import SmsEvent, SmsStatus
from receipts.models import SmsMessage, SmsTemplate
from submissions.otp import otp_send, otp_verify

pytestmark = pytest.mark.django_db

MOBILE = "09121234567"


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
    assert SmsMessage.objects.get(event=SmsEvent.OTP).status == SmsStatus.SENT
    otp_verify(mobile=MOBILE, code=code, purpose="signin")


def test_code_without_a_template_is_a_plain_text(
    fake_kavenegar, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        otp_send(mobile=MOBILE, client_ip="203.0.113.7", purpose="apply")

    [request] = fake_kavenegar.requests_to("sms/send")
    code = SmsMessage.objects.get(event=SmsEvent.OTP).tokens["token"]
    persian = code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert request.params["message"] == f"کد شما: {persian}\nاعتبار: ۲ دقیقه"
    assert request.params["receptor"] == MOBILE


def test_code_placeholder_only_in_the_one_time_code_template():
    from django.core.exceptions import ValidationError

    SmsTemplate(event=SmsEvent.OTP, body="کد: {code}").full_clean()
    with pytest.raises(ValidationError) as error:
        SmsTemplate(event=SmsEvent.OTP, body="کد {code} برای {tracking_code}").full_clean()
    assert "{tracking_code}" in str(error.value)
