import logging
import socket

import pytest
from django.core.exceptions import ImproperlyConfigured

from receipts.constants import SmsErrorReason
from receipts.sms import (
    OutgoingSms,
    SmsPermanentError,
    SmsTemporaryError,
    sms_backend_get,
)
from receipts.sms.http import answer_field, payload_fill
from receipts.sms.kavenegar import kavenegar_localid, lookup_tokens

RECIPIENT = "09121234567"


def closed_port() -> int:
    """A local port nobody listens on: connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def outgoing(**overrides) -> OutgoingSms:
    values = {
        "recipient": RECIPIENT,
        "body": "درخواست ۱۴۰۵۱۲۳۴۵۶۷۸ ثبت شد.",
        "local_id": "6f1c2b9e-0d4a-4c55-9a43-2f5b1e7d8c01",
    }
    return OutgoingSms(**(values | overrides))


# Registry


def test_unknown_backend_names_the_choices():
    with pytest.raises(LookupError) as error:
        sms_backend_get("nope")

    assert "'nope'" in str(error.value)
    for name in ("http", "kavenegar", "outbox"):
        assert name in str(error.value)


def test_the_configured_backend_is_used(settings):
    settings.SMS_BACKEND = "outbox"

    assert sms_backend_get().name == "outbox"


# Outbox


def test_outbox_sends_nothing_and_logs(caplog):
    backend = sms_backend_get("outbox")

    with caplog.at_level(logging.INFO, logger="receipts.sms"):
        sent = backend.send(outgoing())

    assert sent.provider_id == "outbox-6f1c2b9e-0d4a-4c55-9a43-2f5b1e7d8c01"
    assert sent.status == "sent"
    assert "درخواست ۱۴۰۵۱۲۳۴۵۶۷۸ ثبت شد." in caplog.text
    assert backend.find_sent("6f1c2b9e-0d4a-4c55-9a43-2f5b1e7d8c01") is None


# Kavenegar


def test_kavenegar_send_posts_the_message(fake_kavenegar):
    sent = sms_backend_get("kavenegar").send(outgoing())

    [request] = fake_kavenegar.requests_to("sms/send")
    assert request.method == "POST"
    assert request.params == {
        "receptor": RECIPIENT,
        "message": "درخواست ۱۴۰۵۱۲۳۴۵۶۷۸ ثبت شد.",
        "sender": "10004346",
        "localid": kavenegar_localid("6f1c2b9e-0d4a-4c55-9a43-2f5b1e7d8c01"),
    }
    [message] = fake_kavenegar.sent
    assert sent.provider_id == str(message.messageid)
    assert sent.status == "sent"


def test_kavenegar_without_sender_uses_the_account_line(fake_kavenegar, settings):
    settings.KAVENEGAR_SENDER = ""

    sms_backend_get("kavenegar").send(outgoing())

    assert "sender" not in fake_kavenegar.requests_to("sms/send")[0].params


def test_kavenegar_lookup_sends_the_tokens_without_forbidden_spaces(fake_kavenegar):
    sms = outgoing(
        provider_template="khedmat-status",
        tokens={
            "token": "14051234 5678",
            "token2": "-",
            "token10": "در حال بررسی",
            "token20": "صدور پروانه ساختمانی برای واحد مسکونی در منطقه یک شهر تهران",
        },
    )

    sent = sms_backend_get("kavenegar").send(sms)

    [request] = fake_kavenegar.requests_to("verify/lookup")
    assert request.params == {
        "receptor": RECIPIENT,
        "template": "khedmat-status",
        "token": "14051234-5678",
        "token2": "-",
        "token10": "در حال بررسی",
        "token20": "صدور پروانه ساختمانی برای واحد مسکونی در منطقه یک-شهر-تهران",
    }
    assert not fake_kavenegar.requests_to("sms/send")
    assert sent.provider_id == str(fake_kavenegar.sent[0].messageid)


def test_kavenegar_lookup_with_an_underscore_or_a_newline_is_sent(fake_kavenegar):
    sms = outgoing(
        provider_template="khedmat-status",
        tokens={"token": "140512345678", "token2": "ش_1405/77", "token20": "صدور\nپروانه"},
    )

    sms_backend_get("kavenegar").send(sms)

    [message] = fake_kavenegar.sent
    assert message.tokens == {
        "token": "140512345678",
        "token2": "ش-1405/77",
        "token20": "صدور پروانه",
    }


def test_kavenegar_localid_is_a_stable_number():
    uuid_text = "6f1c2b9e-0d4a-4c55-9a43-2f5b1e7d8c01"

    localid = kavenegar_localid(uuid_text)

    assert localid.isdigit()
    assert int(localid) < 2**63
    assert kavenegar_localid(uuid_text) == localid
    assert kavenegar_localid("6f1c2b9e-0d4a-4c55-9a43-2f5b1e7d8c02") != localid
    assert kavenegar_localid("12345") == "12345"


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        ({"token": " a  b\tc "}, {"token": "a-b-c"}),
        ({"token3": "x y"}, {"token3": "x-y"}),
        ({"token10": "1 2 3 4 5 6 7 8"}, {"token10": "1 2 3 4 5 6-7-8"}),
        ({"token20": "1 2 3 4 5 6 7 8 9"}, {"token20": "1 2 3 4 5 6 7 8 9"}),
        ({"token20": "1 2 3 4 5 6 7 8 9 10"}, {"token20": "1 2 3 4 5 6 7 8 9-10"}),
        ({"token": "a", "token2": "", "other": "x y"}, {"token": "a"}),
        ({"token": "می\u200cشود"}, {"token": "می\u200cشود"}),
        (
            {"token2": "1405_12/7", "token20": "الف_ب\nج"},
            {"token2": "1405-12/7", "token20": "الف-ب ج"},
        ),
    ],
)
def test_lookup_tokens(tokens, expected):
    assert lookup_tokens(tokens) == expected


def test_kavenegar_server_error_is_temporary(fake_kavenegar):
    fake_kavenegar.fail_next(1, status=502)

    with pytest.raises(SmsTemporaryError, match="502"):
        sms_backend_get("kavenegar").send(outgoing())

    assert fake_kavenegar.sent == []


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (409, SmsErrorReason.BUSY),  # "the server cannot answer now, try later"
        (429, SmsErrorReason.RATE_LIMITED),
        (451, SmsErrorReason.RATE_LIMITED),  # too many calls in a short time
        (503, SmsErrorReason.PROVIDER_ERROR),
    ],
)
def test_kavenegar_try_later_and_throttling_are_temporary(fake_kavenegar, status, reason):
    fake_kavenegar.reject_next(1, status=status)

    with pytest.raises(SmsTemporaryError) as error:
        sms_backend_get("kavenegar").send(outgoing())

    assert (error.value.reason, error.value.code) == (reason, str(status))


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (418, SmsErrorReason.NO_CREDIT),  # retrying does not help until it is charged
        (411, SmsErrorReason.INVALID_RECIPIENT),
        (412, SmsErrorReason.INVALID_SENDER),
        (424, SmsErrorReason.TEMPLATE),
        (401, SmsErrorReason.ACCOUNT),
        (501, SmsErrorReason.NOT_ALLOWED),  # a test account: only its owner's number
        (499, SmsErrorReason.REFUSED),  # a 4xx nobody documented
    ],
)
def test_kavenegar_refusals_are_permanent_with_a_reason_and_the_code(
    fake_kavenegar, status, reason
):
    fake_kavenegar.reject_next(1, status=status)

    with pytest.raises(SmsPermanentError) as error:
        sms_backend_get("kavenegar").send(outgoing())

    assert (error.value.reason, error.value.code) == (reason, str(status))


def test_kavenegar_refusal_is_permanent_with_its_message(fake_kavenegar):
    fake_kavenegar.reject_next(1, status=411)

    with pytest.raises(SmsPermanentError) as error:
        sms_backend_get("kavenegar").send(outgoing())

    assert "411" in str(error.value)
    assert "دریافت کننده نامعتبر است" in str(error.value)


def test_kavenegar_invalid_recipient_is_permanent(fake_kavenegar):
    with pytest.raises(SmsPermanentError, match="411"):
        sms_backend_get("kavenegar").send(outgoing(recipient="12345"))


def test_kavenegar_wrong_key_is_permanent_and_the_key_is_not_told(fake_kavenegar, settings):
    settings.KAVENEGAR_API_KEY = "s3cret-wrong-key"

    with pytest.raises(SmsPermanentError) as error:
        sms_backend_get("kavenegar").send(outgoing())

    assert "403" in str(error.value)
    assert "s3cret-wrong-key" not in str(error.value)
    assert error.value.__cause__ is None
    assert fake_kavenegar.requests[0].meta["api_key"] == "s3cret-wrong-key"


def test_kavenegar_network_error_is_temporary_and_hides_the_key(settings):
    settings.KAVENEGAR_API_KEY = "s3cret-key"
    settings.KAVENEGAR_BASE_URL = f"http://127.0.0.1:{closed_port()}/v1"

    with pytest.raises(SmsTemporaryError) as error:
        sms_backend_get("kavenegar").send(outgoing())

    assert "s3cret-key" not in str(error.value)
    assert error.value.__cause__ is None
    assert error.value.__suppress_context__


def test_kavenegar_timeout_is_temporary_and_the_retry_finds_the_message(fake_kavenegar, settings):
    settings.SMS_TIMEOUT_SECONDS = 0.3
    fake_kavenegar.hang_next(1, seconds=3)
    backend = sms_backend_get("kavenegar")
    sms = outgoing()

    with pytest.raises(SmsTemporaryError) as error:
        backend.send(sms)

    assert fake_kavenegar.api_key not in str(error.value)
    [message] = fake_kavenegar.sent  # Kavenegar took it; only the answer was lost
    found = backend.find_sent(sms.local_id)
    assert found is not None
    assert found.provider_id == str(message.messageid)
    assert found.status == "sent"
    assert fake_kavenegar.requests_to("sms/statuslocalmessageid")[0].params == {
        "localid": kavenegar_localid(sms.local_id)
    }


def test_kavenegar_find_sent_of_an_unknown_local_id_is_none(fake_kavenegar):
    assert sms_backend_get("kavenegar").find_sent("never-sent") is None


def test_kavenegar_find_sent_reports_delivery(fake_kavenegar):
    backend = sms_backend_get("kavenegar")
    sent = backend.send(outgoing())
    fake_kavenegar.set_delivery(sent.provider_id, 10)

    assert backend.find_sent(outgoing().local_id).status == "delivered"


def test_kavenegar_delivery_statuses_are_mapped(fake_kavenegar):
    backend = sms_backend_get("kavenegar")
    codes = [1, 2, 4, 5, 10, 6, 11, 13, 14]
    ids = []
    for number, code in enumerate(codes):
        sent = backend.send(outgoing(local_id=f"local-{number}"))
        fake_kavenegar.set_delivery(sent.provider_id, code)
        ids.append(sent.provider_id)

    statuses = backend.delivery_statuses([*ids, "999999", "outbox-abc"])

    assert [statuses[provider_id] for provider_id in ids] == [
        "sent",
        "sent",
        "sent",
        "sent",
        "delivered",
        "failed",
        "failed",
        "failed",
        "failed",
    ]
    assert statuses["999999"] == "failed"  # Kavenegar: unknown id (100)
    assert "outbox-abc" not in statuses
    [request] = fake_kavenegar.requests_to("sms/status")
    assert request.params["messageid"].split(",") == [*ids, "999999"]


def test_kavenegar_delivery_statuses_ask_500_ids_at_a_time(fake_kavenegar):
    backend = sms_backend_get("kavenegar")
    sent = backend.send(outgoing())
    fake_kavenegar.set_delivery(sent.provider_id, 10)
    ids = [sent.provider_id, *(str(number) for number in range(1, 1001))]

    statuses = backend.delivery_statuses(ids)

    assert len(fake_kavenegar.requests_to("sms/status")) == 3
    assert statuses[sent.provider_id] == "delivered"
    assert len(statuses) == 1001


def test_kavenegar_delivery_statuses_of_nothing_asks_nothing(fake_kavenegar):
    assert sms_backend_get("kavenegar").delivery_statuses([]) == {}
    assert fake_kavenegar.requests == []


def test_kavenegar_repeated_local_id_is_not_sent_twice(fake_kavenegar):
    backend = sms_backend_get("kavenegar")

    first = backend.send(outgoing())
    second = backend.send(outgoing())

    assert first.provider_id == second.provider_id
    assert len(fake_kavenegar.sent) == 1


def test_kavenegar_needs_a_key(settings):
    settings.KAVENEGAR_API_KEY = ""

    with pytest.raises(ImproperlyConfigured, match="KAVENEGAR_API_KEY"):
        sms_backend_get("kavenegar")


# Generic HTTP provider


def test_http_posts_the_filled_payload(fake_sms_http):
    body = 'کد {tracking_code} "تایید" شد {local_id} {body} \\ }{'

    sent = sms_backend_get("http").send(outgoing(body=body))

    [request] = fake_sms_http.requests
    assert request.method == "POST"
    assert request.path == "/api/send"
    assert request.headers["Authorization"] == "Bearer test-token"
    assert request.json == {
        "to": RECIPIENT,
        "text": body,
        "ref": "6f1c2b9e-0d4a-4c55-9a43-2f5b1e7d8c01",
    }
    assert sent.provider_id == "msg-1"
    assert sent.status == "sent"


def test_http_fills_nested_templates_and_keeps_other_values():
    template = {
        "messages": [{"to": ["{recipient}"], "text": "Hi: {body}!", "flash": False, "n": 2}],
        "meta": {"ref": "khedmat-{local_id}", "none": None},
        "{body}": "keys stay",
    }

    filled = payload_fill(
        template, {"recipient": "0912", "body": "{recipient} {x}", "local_id": "L1"}
    )

    assert filled == {
        "messages": [{"to": ["0912"], "text": "Hi: {recipient} {x}!", "flash": False, "n": 2}],
        "meta": {"ref": "khedmat-L1", "none": None},
        "{body}": "keys stay",
    }


def test_http_get_sends_query_parameters(fake_sms_http, settings):
    settings.SMS_HTTP_METHOD = "get"
    settings.SMS_HTTP_PAYLOAD = '{"receptor": "{recipient}", "message": "{body}", "flash": true}'

    sms_backend_get("http").send(outgoing(body="a&b=c"))

    [request] = fake_sms_http.requests
    assert request.method == "GET"
    assert request.params == {"receptor": RECIPIENT, "message": "a&b=c", "flash": "true"}


@pytest.mark.parametrize(
    ("answer", "path", "expected"),
    [
        ({"data": {"id": 42}}, "data.id", 42),
        ({"messages": [{"id": "x"}]}, "messages.0.id", "x"),
        ({"messages": []}, "messages.0.id", None),
        ({"data": {"id": {"deep": 1}}}, "data.id", None),
        (None, "data.id", None),
        ({"id": "top"}, "id", "top"),
    ],
)
def test_answer_field(answer, path, expected):
    assert answer_field(answer, path) == expected


def test_http_id_from_the_configured_path(fake_sms_http, settings):
    settings.SMS_HTTP_ID_FIELD = "result.messages.0.id"
    fake_sms_http.answer_next(201, {"result": {"messages": [{"id": 98765}]}})

    assert sms_backend_get("http").send(outgoing()).provider_id == "98765"


def test_http_without_an_id_uses_the_local_id(fake_sms_http):
    fake_sms_http.answer_next(200, b"OK")

    assert sms_backend_get("http").send(outgoing()).provider_id == outgoing().local_id


@pytest.mark.parametrize("status", [500, 503, 429, 408])
def test_http_server_errors_and_throttling_are_temporary(fake_sms_http, status):
    fake_sms_http.fail_next(1, status=status)

    with pytest.raises(SmsTemporaryError, match=str(status)):
        sms_backend_get("http").send(outgoing())


@pytest.mark.parametrize("status", [400, 401, 403, 422])
def test_http_client_errors_are_permanent(fake_sms_http, status):
    fake_sms_http.reject_next(1, status=status)

    with pytest.raises(SmsPermanentError, match=str(status)):
        sms_backend_get("http").send(outgoing())


def test_http_timeout_is_temporary_and_hides_the_query(fake_sms_http, settings):
    settings.SMS_HTTP_URL = fake_sms_http.url("/send?apikey=s3cret")
    settings.SMS_TIMEOUT_SECONDS = 0.3
    fake_sms_http.hang_next(1, seconds=3)

    with pytest.raises(SmsTemporaryError) as error:
        sms_backend_get("http").send(outgoing())

    assert "s3cret" not in str(error.value)
    assert fake_sms_http.requests[0].params["apikey"] == "s3cret"


def test_http_unreachable_is_temporary(settings, fake_sms_http):
    settings.SMS_HTTP_URL = f"http://127.0.0.1:{closed_port()}/send"

    with pytest.raises(SmsTemporaryError):
        sms_backend_get("http").send(outgoing())


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("SMS_HTTP_URL", "", "SMS_HTTP_URL"),
        ("SMS_HTTP_METHOD", "DELETE", "SMS_HTTP_METHOD"),
        ("SMS_HTTP_HEADERS", "{not json", "SMS_HTTP_HEADERS is not valid JSON"),
        ("SMS_HTTP_HEADERS", '{"X-Count": 3}', "SMS_HTTP_HEADERS"),
        ("SMS_HTTP_PAYLOAD", '["{body}"]', "SMS_HTTP_PAYLOAD must be a JSON object"),
        ("SMS_HTTP_PAYLOAD", '{"text": "{body}",}', "SMS_HTTP_PAYLOAD is not valid JSON"),
    ],
)
def test_http_invalid_settings_are_reported(fake_sms_http, settings, setting, value, message):
    setattr(settings, setting, value)

    with pytest.raises(ImproperlyConfigured, match=message):
        sms_backend_get("http")


def test_http_get_needs_a_flat_payload(fake_sms_http, settings):
    settings.SMS_HTTP_METHOD = "GET"
    settings.SMS_HTTP_PAYLOAD = '{"to": ["{recipient}"]}'

    with pytest.raises(ImproperlyConfigured, match="flat"):
        sms_backend_get("http")
