"""Throttles on what anyone can make the desk do: send requests (the wizard and the API,
per client address and per mobile number; not the in-person desk), and have a request's
status sent by SMS (per code and per address). A refused attempt is a 429 that says how
long to wait, stores nothing and sends no SMS."""

import json
import re

import pytest
from django.core.cache import cache
from django.test import override_settings

from cms_site.settings.cache import redis_caches
from formbuilder.persian.identifiers import verhoeff_check_digit
from receipts.constants import SmsEvent
from receipts.models import SmsMessage, SmsTemplate
from submissions.constants import Actor, Status
from submissions.models import Submission
from submissions.services import submission_transition
from submissions.tracking import tracking_code_generate
from tests.factories import submission_make, user_with_permissions

from .test_api import URL, answers, pdf
from .test_apply import APPLY, Wizard, step1
from .test_apply import pdf as wizard_pdf

pytestmark = pytest.mark.django_db

HOUR = "۶۰ دقیقه"  # the default window of the submission limits, as the message says it


@pytest.fixture
def templates(db):
    """Active SMS templates for a new request and for "in review"."""
    SmsTemplate.objects.create(event=SmsEvent.RECEIVED, body="ثبت شد: {tracking_code}")
    SmsTemplate.objects.create(
        event=SmsEvent.IN_REVIEW, body="در حال بررسی: {tracking_code} ({status})"
    )


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Call a view, then run what it handed over after commit (the pipeline, its SMS)."""

    def call(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return call


def submit(client, data, files, **extra):
    """The API's submission, multipart (the form has a file question)."""
    return client.post(URL, {"data": json.dumps(data), **files}, **extra)


def counts() -> tuple[int, int]:
    return Submission.objects.count(), SmsMessage.objects.count()


def retry_after(response) -> int:
    return int(response["Retry-After"])


# -- The API --------------------------------------------------------------------------


@override_settings(SUBMISSION_RATE_LIMIT_PER_MOBILE=2)
def test_api_limits_one_mobile_number_across_addresses(client, service, templates, committing):
    statuses = [
        committing(
            submit, client, answers(), {"deed": pdf()}, REMOTE_ADDR=f"10.0.0.{i}"
        ).status_code
        for i in range(2)
    ]
    assert statuses == [201, 201]
    assert counts() == (2, 2)  # each request stored, each "received" SMS written

    refused = committing(submit, client, answers(), {"deed": pdf()}, REMOTE_ADDR="10.0.0.9")
    assert refused.status_code == 429
    assert set(refused.json()) == {"detail"}
    assert HOUR in refused.json()["detail"]
    assert 3500 < retry_after(refused) <= 3600
    assert counts() == (2, 2)  # nothing stored, no SMS

    # Another mobile from the same address is not this mobile's limit.
    other = committing(
        submit, client, answers(mobile="09351112233"), {"deed": pdf()}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 201


@override_settings(SUBMISSION_RATE_LIMIT_PER_IP=2)
def test_api_limits_one_client_address_across_mobiles(client, service, templates, committing):
    mobiles = ["09121110001", "09121110002", "09121110003"]
    responses = [committing(submit, client, answers(mobile=m), {"deed": pdf()}) for m in mobiles]
    assert [r.status_code for r in responses] == [201, 201, 429]
    assert HOUR in responses[2].json()["detail"]
    assert "Retry-After" in responses[2]
    assert counts() == (2, 2)
    assert not Submission.objects.filter(mobile=mobiles[2]).exists()


@override_settings(SUBMISSION_RATE_LIMIT_PER_IP=2, TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_each_citizen_has_their_own_budget(client, service):
    def through_proxy(citizen, mobile):
        return submit(
            client,
            answers(mobile=mobile),
            {"deed": pdf()},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=citizen,
        ).status_code

    assert [through_proxy("5.5.5.5", f"0912111000{i}") for i in range(3)] == [201, 201, 429]
    assert through_proxy("6.6.6.6", "09121110009") == 201


@override_settings(SUBMISSION_RATE_LIMIT_PER_MOBILE=1)
def test_answers_that_fail_validation_do_not_use_the_budget(client, service):
    for _ in range(3):
        typo = submit(client, answers(national_id="1111111111"), {"deed": pdf()})
        assert typo.status_code == 400
    assert submit(client, answers(), {"deed": pdf()}).status_code == 201
    assert submit(client, answers(), {"deed": pdf()}).status_code == 429


# -- The wizard -----------------------------------------------------------------------


def apply_once(client, service, **step1_overrides):
    """Fill every step of the wizard; returns the answer to the review page's POST."""
    wizard = Wizard(client, APPLY, service)
    wizard.post("s1", step1(**step1_overrides))
    wizard.post("s2", {"area": "120"}, {"deed": wizard_pdf()})
    return wizard.post("review", {"confirm": "on"})


@override_settings(SUBMISSION_RATE_LIMIT_PER_MOBILE=1)
def test_wizard_limits_one_mobile_and_keeps_the_answers(client, service, templates, committing):
    assert committing(apply_once, client, service).status_code == 302
    assert counts() == (1, 1)

    refused = committing(apply_once, client, service, full_name="زهرا احمدی")
    html = refused.content.decode()
    assert refused.status_code == 429
    assert HOUR in html
    assert "پاسخ‌های شما نگه داشته شده است" in html
    assert "زهرا احمدی" in html  # the review page again, with the answers
    assert 3500 < retry_after(refused) <= 3600
    assert counts() == (1, 1)

    # Once the window has passed, sending again needs no retyping.
    cache.clear()
    again = Wizard(client, APPLY, service).post("review", {"confirm": "on"})
    assert again.status_code == 302
    assert Submission.objects.filter(data__full_name="زهرا احمدی").count() == 1


@override_settings(SUBMISSION_RATE_LIMIT_PER_IP=1)
def test_wizard_limits_one_client_address(client, service, templates, committing):
    assert committing(apply_once, client, service, mobile="09121110001").status_code == 302
    refused = committing(apply_once, client, service, mobile="09121110002")
    assert refused.status_code == 429
    assert HOUR in refused.content.decode()
    assert counts() == (1, 1)


@override_settings(SUBMISSION_RATE_LIMIT_PER_IP=1, SUBMISSION_RATE_LIMIT_PER_MOBILE=1)
def test_the_in_person_desk_is_not_limited(client, service):
    client.force_login(user_with_permissions("clerk", "submissions.add_submission"))
    desk = "/admin/desk/10061077000/"
    for _ in range(3):
        wizard = Wizard(client, desk, service)
        wizard.prefix = f"khedmat_wizard_desk_{service.pk}"
        wizard.post("s1", step1())
        wizard.post("s2", {"area": "120"}, {"deed": wizard_pdf()})
        assert wizard.post("review", {"confirm": "on"}).status_code == 302
    assert Submission.objects.filter(channel="in_person").count() == 3


# -- Tracking: the wait in minutes ----------------------------------------------------


@pytest.fixture
def submitted(service):
    return submission_make(service)


def other_code(submitted) -> str:
    code = tracking_code_generate()
    while code == submitted.tracking_code:
        code = tracking_code_generate()
    return code


@override_settings(TRACKING_RATE_LIMIT_PER_IP=2)
def test_tracking_page_429_says_the_minutes(client, submitted):
    form = {"tracking_code": submitted.tracking_code, "mobile": "09121234567"}
    for _ in range(2):
        client.post("/track/", form)
    response = client.post("/track/", form)
    assert response.status_code == 429
    assert "۱۰ دقیقه" in response.content.decode()  # the 600-second window
    assert 540 < retry_after(response) <= 600


@override_settings(TRACKING_RATE_LIMIT_PER_CODE=2)
def test_tracking_api_429_says_the_minutes(client, submitted):
    def track(mobile, address):
        return client.post(
            "/api/v1/track/",
            {"tracking_code": submitted.tracking_code, "mobile": mobile},
            content_type="application/json",
            REMOTE_ADDR=address,
        )

    assert [track(f"0935000000{i}", f"10.1.0.{i}").status_code for i in range(2)] == [404, 404]
    locked = track("09121234567", "10.1.0.9")  # the owner, locked out by the guesses
    assert locked.status_code == 429
    assert set(locked.json()) == {"detail"}
    assert "۱۰ دقیقه" in locked.json()["detail"]
    assert 540 < retry_after(locked) <= 600


# -- The status by SMS ----------------------------------------------------------------


def ask_page(client, code, address="127.0.0.1"):
    return client.post("/track/sms/", {"sms-tracking_code": code}, REMOTE_ADDR=address)


def ask_api(client, code, address="127.0.0.1"):
    return client.post(
        "/api/v1/track/sms/",
        {"tracking_code": code},
        content_type="application/json",
        REMOTE_ADDR=address,
    )


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@override_settings(TRACKING_RATE_LIMIT_PER_CODE=2)
def test_an_owner_locked_out_gets_the_status_by_sms(client, submitted, templates):
    for i in range(2):
        client.post(
            "/track/",
            {"tracking_code": submitted.tracking_code, "mobile": f"0935000000{i}"},
        )
    locked = client.post(
        "/track/", {"tracking_code": submitted.tracking_code, "mobile": "09121234567"}
    )
    assert locked.status_code == 429

    submission_transition(submission=submitted, status=Status.IN_REVIEW, actor=Actor.STAFF)
    sent_before = set(SmsMessage.objects.values_list("pk", flat=True))
    response = ask_page(client, submitted.tracking_code)
    assert response.status_code == 200
    assert "وضعیت کنونی آن با پیامک" in response.content.decode()
    [message] = SmsMessage.objects.exclude(pk__in=sent_before)
    assert message.recipient == submitted.mobile == "09121234567"
    assert message.body.startswith("در حال بررسی:")  # the current stage's template
    assert "در حال بررسی)" in message.body


def test_a_new_request_gets_the_received_text(client, submitted, templates):
    response = ask_api(client, submitted.tracking_code)
    assert response.status_code == 202
    message = SmsMessage.objects.get(submission=submitted)
    assert message.recipient == "09121234567"
    assert message.body.startswith("ثبت شد:")


def test_an_unknown_code_gets_the_same_answer_and_no_sms(client, submitted, templates):
    known_page = ask_page(client, submitted.tracking_code)
    unknown_page = ask_page(client, other_code(submitted))
    assert known_page.status_code == unknown_page.status_code == 200
    assert without_csrf(known_page.content.decode()) == without_csrf(unknown_page.content.decode())
    known_api = ask_api(client, submitted.tracking_code)
    unknown_api = ask_api(client, other_code(submitted))
    assert known_api.status_code == unknown_api.status_code == 202
    assert known_api.json() == unknown_api.json()
    assert "detail" in known_api.json()
    # Two SMS, both to the request's own mobile: none for the unknown code.
    assert list(SmsMessage.objects.values_list("recipient", flat=True)) == ["09121234567"] * 2


def test_sms_are_limited_per_code_per_day_from_any_address(client, submitted, templates):
    statuses = [
        ask_api(client, submitted.tracking_code, f"10.2.0.{i}").status_code for i in range(3)
    ]
    assert statuses == [202, 202, 202]
    refused = ask_api(client, submitted.tracking_code, "10.2.0.9")
    assert refused.status_code == 429
    assert "۲۴ ساعت" in refused.json()["detail"]  # a day's window, in hours
    assert 86000 < retry_after(refused) <= 86400
    page = ask_page(client, submitted.tracking_code, "10.2.0.8")
    assert page.status_code == 429 and "۲۴ ساعت" in page.content.decode()
    assert SmsMessage.objects.count() == 3


def test_an_unknown_code_is_limited_alike(client, submitted):
    code = other_code(submitted)
    answers_ = [ask_api(client, code, f"10.3.0.{i}").status_code for i in range(4)]
    assert answers_ == [202, 202, 202, 429]  # as a real code's: nothing tells them apart


@override_settings(STATUS_SMS_RATE_LIMIT_PER_IP=2)
def test_sms_are_limited_per_address(client, submitted, templates):
    codes = [submitted.tracking_code, other_code(submitted), other_code(submitted)]
    assert [ask_api(client, code).status_code for code in codes] == [202, 202, 429]


def test_a_mistyped_code_is_a_400_in_the_error_shape(client, submitted):
    body = submitted.tracking_code[:11]
    typo = body + str((int(verhoeff_check_digit(body)) + 1) % 10)
    api = ask_api(client, typo)
    assert api.status_code == 400
    assert list(api.json()["errors"]) == ["tracking_code"]
    page = ask_page(client, typo)
    assert page.status_code == 400
    assert "این کد رهگیری معتبر نیست" in page.content.decode()
    assert not SmsMessage.objects.exists()


def test_the_track_page_offers_the_status_by_sms(client):
    html = client.get("/track/").content.decode()
    assert 'action="/track/sms/"' in html
    assert 'name="sms-tracking_code"' in html


# -- The cache is down -----------------------------------------------------------------

REDIS_DOWN = redis_caches("redis://127.0.0.1:1/0")  # nothing listens there: refused


@override_settings(CACHES=REDIS_DOWN, SUBMISSION_RATE_LIMIT_PER_MOBILE=1)
def test_with_the_cache_down_requests_are_accepted_uncounted(client, service, caplog):
    first = submit(client, answers(), {"deed": pdf()})
    second = submit(client, answers(), {"deed": pdf()})
    assert (first.status_code, second.status_code) == (201, 201)
    assert Submission.objects.count() == 2
    assert "the cache is unreachable" in caplog.text


@override_settings(CACHES=REDIS_DOWN)
def test_with_the_cache_down_tracking_still_answers(client, submitted):
    response = client.post(
        "/api/v1/track/",
        {"tracking_code": submitted.tracking_code, "mobile": submitted.mobile},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["tracking_code"] == submitted.tracking_code
