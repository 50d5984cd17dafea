"""One-time codes by SMS (issue 16): stored hashed, six digits in any script, two minutes,
five tries, once each, one mobile's code useless for another, resend after a minute and a
few an hour; and the API that trades a code for a verification token."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from receipts.constants import SmsEvent
from receipts.models import SmsMessage, SmsTemplate
from receipts.outbox import sms_outgoing
from submissions.models import OtpChallenge
from submissions.otp import (
    OtpInvalid,
    OtpRateLimited,
    OtpResendTooSoon,
    otp_code_clean,
    otp_send,
    otp_verify,
    verification_token_issue,
    verification_token_mobile,
)
from tests.sms import otp_code_sent

pytestmark = pytest.mark.django_db

MOBILE = "09121234567"
OTHER = "09359876543"
IP = "203.0.113.7"


def sent_code(mobile: str = MOBILE) -> str:
    """The code in the last SMS to `mobile` (the provider template's token)."""
    return otp_code_sent(mobile)


def send(mobile: str = MOBILE, purpose: str = "signin", ip: str = IP) -> str:
    otp_send(mobile=mobile, client_ip=ip, purpose=purpose)
    return sent_code(mobile)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def to_persian(code: str) -> str:
    return code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def age(seconds: int) -> None:
    """Every code issued so far as if sent `seconds` earlier."""
    for challenge in OtpChallenge.objects.all():
        challenge.created_at -= timedelta(seconds=seconds)
        challenge.expires_at -= timedelta(seconds=seconds)
        challenge.save()


def test_code_is_six_digits_texted_and_stored_only_hashed():
    code = send()
    challenge = OtpChallenge.objects.get()
    assert len(code) == 6 and code.isdigit()
    assert code not in challenge.code_hash and code not in challenge.salt
    assert challenge.expires_at - challenge.created_at == timedelta(seconds=120)
    message = SmsMessage.objects.get(event=SmsEvent.OTP)
    assert message.recipient == MOBILE
    # The log shows it masked; the provider is handed the code (tests/sms.py).
    assert message.body == "کد شما: ******\nاعتبار: ۲ دقیقه"
    assert to_persian(code) in sms_outgoing(message).body


def test_right_code_accepted_once_then_replay_refused():
    code = send()
    otp_verify(mobile=MOBILE, code=code, purpose="signin")
    with pytest.raises(OtpInvalid) as refused:
        otp_verify(mobile=MOBILE, code=code, purpose="signin")
    assert refused.value.reason == "used"
    assert str(refused.value) == "این کد قبلاً به کار رفته است. کد تازه‌ای بخواهید."


@pytest.mark.parametrize(
    "script",
    [
        to_persian,
        lambda code: code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
        lambda code: f" {code[:3]} {code[3:]} ",
    ],
    ids=["persian", "arabic-indic", "spaced"],
)
def test_code_accepted_in_any_digit_script(script):
    code = send()
    otp_verify(mobile=MOBILE, code=script(code), purpose="signin")
    assert OtpChallenge.objects.get().used_at is not None


def test_code_clean_refuses_letters_and_other_lengths():
    assert otp_code_clean("۱۲۳۴۵۶") == "123456"
    assert otp_code_clean("12345") is None
    assert otp_code_clean("1234567") is None
    assert otp_code_clean("12a456") is None


def test_expired_code_refused():
    code = send()
    age(121)
    with pytest.raises(OtpInvalid) as refused:
        otp_verify(mobile=MOBILE, code=code, purpose="signin")
    assert refused.value.reason == "expired"


def test_wrong_codes_counted_and_fifth_ends_the_code():
    code = send()
    messages = []
    for _ in range(5):
        with pytest.raises(OtpInvalid) as refused:
            otp_verify(mobile=MOBILE, code=wrong(code), purpose="signin")
        messages.append(str(refused.value))
    assert messages[0] == "کد درست نیست. ۴ بار دیگر می‌توانید امتحان کنید."
    assert messages[4] == "کد درست نیست و دیگر پذیرفته نمی‌شود. کد تازه‌ای بخواهید."
    # The right code after five wrong ones is too late.
    with pytest.raises(OtpInvalid) as refused:
        otp_verify(mobile=MOBILE, code=code, purpose="signin")
    assert refused.value.reason == "too_many"
    assert OtpChallenge.objects.get().attempts == 5


def test_malformed_code_not_counted_as_a_try():
    code = send()
    with pytest.raises(OtpInvalid):
        otp_verify(mobile=MOBILE, code="12", purpose="signin")
    assert OtpChallenge.objects.get().attempts == 0
    otp_verify(mobile=MOBILE, code=code, purpose="signin")


def test_code_for_one_mobile_refused_for_another(monkeypatch):
    # Two different codes, whatever chance would draw: 111111, then 222222.
    drawn = iter([111111, 222222])
    monkeypatch.setattr("submissions.otp.secrets.randbelow", lambda _limit: next(drawn))
    code = send(MOBILE)
    send(OTHER)
    assert (code, sent_code(OTHER)) == ("111111", "222222")
    with pytest.raises(OtpInvalid) as refused:
        otp_verify(mobile=OTHER, code=code, purpose="signin")
    assert refused.value.reason == "wrong"
    # Still good for its own mobile.
    otp_verify(mobile=MOBILE, code=code, purpose="signin")


def test_code_for_one_purpose_refused_for_another():
    code = send(purpose="signin")
    with pytest.raises(OtpInvalid) as refused:
        otp_verify(mobile=MOBILE, code=code, purpose="apply")
    assert refused.value.reason == "none"


def test_no_code_sent_refused():
    with pytest.raises(OtpInvalid) as refused:
        otp_verify(mobile=MOBILE, code="123456", purpose="signin")
    assert refused.value.reason == "none"


def test_resend_only_after_a_minute_and_new_code_replaces_old():
    first = send()
    with pytest.raises(OtpResendTooSoon) as limited:
        otp_send(mobile=MOBILE, client_ip=IP, purpose="signin")
    assert 55 <= limited.value.wait <= 60
    assert limited.value.wait_text == "۱ دقیقه"
    assert OtpChallenge.objects.count() == 1
    age(61)
    second = send()
    assert OtpChallenge.objects.count() == 2
    if first != second:
        with pytest.raises(OtpInvalid):
            otp_verify(mobile=MOBILE, code=first, purpose="signin")
    otp_verify(mobile=MOBILE, code=second, purpose="signin")


@override_settings(OTP_RATE_LIMIT_PER_MOBILE=3, OTP_RATE_LIMIT_PER_IP=100)
def test_codes_per_mobile_per_hour_limited():
    for _ in range(3):
        send()
        age(61)
    with pytest.raises(OtpRateLimited) as limited:
        otp_send(mobile=MOBILE, client_ip="198.51.100.9", purpose="signin")
    assert 3500 < limited.value.wait <= 3600
    assert OtpChallenge.objects.count() == 3


@override_settings(OTP_RATE_LIMIT_PER_MOBILE=100, OTP_RATE_LIMIT_PER_IP=2)
def test_codes_per_client_address_per_hour_limited():
    send("09120000001")
    send("09120000002")
    with pytest.raises(OtpRateLimited):
        otp_send(mobile="09120000003", client_ip=IP, purpose="signin")
    otp_send(mobile="09120000003", client_ip="198.51.100.9", purpose="signin")


def test_provider_template_used_when_the_otp_template_names_one():
    SmsTemplate.objects.create(
        event=SmsEvent.OTP, body="کد ورود: {code}", provider_template="khedmat-otp"
    )
    code = send()
    message = SmsMessage.objects.get(event=SmsEvent.OTP)
    assert message.provider_template == "khedmat-otp"
    assert (message.tokens, message.body) == ({"token": "******"}, "کد ورود: ******")
    outgoing = sms_outgoing(message)
    assert (outgoing.tokens, outgoing.body) == ({"token": code}, f"کد ورود: {to_persian(code)}")


def test_verification_token_names_its_mobile_until_it_expires():
    token, expires_at = verification_token_issue("۰۹۱۲۱۲۳۴۵۶۷")
    assert verification_token_mobile(token) == MOBILE
    assert timedelta(seconds=1790) < expires_at - timezone.now() <= timedelta(seconds=1800)
    assert verification_token_mobile(token[:-2] + "xx") is None
    assert verification_token_mobile("") is None
    with override_settings(OTP_TOKEN_SECONDS=-1):
        assert verification_token_mobile(token) is None


# The API: POST /api/v1/otp/ and /api/v1/otp/verify/


def api_send(client, mobile=MOBILE, **extra):
    return client.post("/api/v1/otp/", {"mobile": mobile, **extra}, content_type="application/json")


def api_verify(client, code, mobile=MOBILE, **extra):
    return client.post(
        "/api/v1/otp/verify/",
        {"mobile": mobile, "code": code, **extra},
        content_type="application/json",
    )


def test_api_code_for_a_token(client):
    sent = api_send(client, "۰۹۱۲ ۱۲۳ ۴۵۶۷")
    assert sent.status_code == 202
    assert sent.json()["detail"] == "یک کد شش‌رقمی به این شماره پیامک شد."
    assert OtpChallenge.objects.get().purpose == "apply"
    verified = api_verify(client, to_persian(sent_code()))
    assert verified.status_code == 200
    assert set(verified.json()) == {"token", "expires_at"}
    assert verification_token_mobile(verified.json()["token"]) == MOBILE


def test_api_wrong_and_replayed_codes_are_400_in_persian(client):
    api_send(client)
    code = sent_code()
    refused = api_verify(client, wrong(code))
    assert refused.status_code == 400
    assert refused.json() == {
        "errors": {"code": ["کد درست نیست. ۴ بار دیگر می‌توانید امتحان کنید."]}
    }
    assert api_verify(client, code).status_code == 200
    replayed = api_verify(client, code)
    assert replayed.status_code == 400
    assert replayed.json()["errors"]["code"] == ["این کد قبلاً به کار رفته است. کد تازه‌ای بخواهید."]


def test_api_resend_too_soon_is_429_with_retry_after(client):
    assert api_send(client).status_code == 202
    again = api_send(client)
    assert again.status_code == 429
    assert 55 <= int(again["Retry-After"]) <= 60
    assert again.json() == {
        "detail": "کدی همین حالا فرستاده شد. ۱ دقیقه دیگر می‌توانید کد تازه بخواهید."
    }
    assert OtpChallenge.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [{"mobile": "12345"}, {"mobile": MOBILE, "purpose": "signin"}, {}, []],
    ids=["not-a-mobile", "signin-not-by-api", "empty", "not-an-object"],
)
def test_api_bad_input_is_400_and_sends_nothing(client, body):
    response = client.post("/api/v1/otp/", body, content_type="application/json")
    assert response.status_code == 400
    assert "errors" in response.json()
    assert not SmsMessage.objects.exists()


def test_api_verify_of_a_code_sent_to_another_mobile(client):
    api_send(client, MOBILE)
    refused = api_verify(client, sent_code(MOBILE), mobile=OTHER)
    assert refused.status_code == 400
    assert refused.json()["errors"]["code"] == ["کدی برای این شماره فرستاده نشده است. کد بخواهید."]


def test_api_documents_the_otp_endpoints(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    assert {"202", "400", "429"} <= set(schema["paths"]["/api/v1/otp/"]["post"]["responses"])
    verify = schema["paths"]["/api/v1/otp/verify/"]["post"]
    assert {"200", "400"} <= set(verify["responses"])
