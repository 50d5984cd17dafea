"""`POST /api/v1/automation/events/`: signed status changes from an office-automation
system — signature, replay window, duplicates, unknown codes, the status machine, and
bad input that must never become a 500."""

import json
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.conf import settings
from django.test import Client

from formbuilder.persian.identifiers import verhoeff_check_digit
from receipts.constants import SmsEvent
from receipts.models import SmsMessage, SmsTemplate
from routing.constants import CALLBACK_MAX_AGE_SECONDS
from routing.models import AutomationEndpoint, RoutingDecision
from routing.signing import signature_for
from submissions.constants import EventKind, Status
from submissions.models import Submission, SubmissionEvent
from submissions.tracking import tracking_code_display, tracking_code_generate
from tests.factories import submission_make

pytestmark = pytest.mark.django_db

URL = "/api/v1/automation/events/"
ENDPOINT_NAME = "اتوماسیون اداری شهرداری"
TEHRAN = timezone(timedelta(hours=3, minutes=30))
# Fixed, not drawn: parametrized ids must be the same in every parallel test worker.
CODE = "10061077000" + verhoeff_check_digit("10061077000")
WRONG_CHECK_DIGIT = CODE[:-1] + str((int(CODE[-1]) + 1) % 10)


@pytest.fixture
def api():
    """A client that reads English messages (the language cookie) and enforces CSRF, as a
    browser would: the callback must not depend on either."""
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def endpoint(db):
    return AutomationEndpoint.objects.create(name=ENDPOINT_NAME, url="https://oa.example.ir/in")


@pytest.fixture
def other_endpoint(db):
    return AutomationEndpoint.objects.create(name="دبیرخانه مرکزی", url="https://dm.example.ir/in")


@pytest.fixture
def submission(service, endpoint, other_endpoint):
    """A request delivered to `endpoint` (another active endpoint exists too)."""
    made = submission_make(service)
    RoutingDecision.objects.create(submission=made, connector="webhook", endpoint=endpoint)
    return made


@pytest.fixture
def templates(db):
    for event in (SmsEvent.REGISTERED, SmsEvent.IN_REVIEW, SmsEvent.COMPLETED):
        SmsTemplate.objects.create(event=event, body=f"{event}: {{tracking_code}}")


def event(submission, **fields) -> dict:
    return {
        "event_id": f"evt-{uuid.uuid4()}",
        "tracking_code": submission.tracking_code,
        "status": Status.REGISTERED,
        "letter_number": "1405/777",
        "message": "درخواست شما در دبیرخانه ثبت شد.",
        "occurred_at": datetime.now(TEHRAN).isoformat(),
        **fields,
    }


def post(api, payload, *, secret=None, body=None, signature=None):
    """POST `payload` (or raw `body`) signed with `secret`, or with the given header."""
    if body is None:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    headers = {}
    if signature is None and secret is not None:
        signature = signature_for(secret, body)
    if signature is not None:
        headers["X-Khedmat-Signature"] = signature
    return api.post(URL, data=body, content_type="application/json", headers=headers)


def unchanged(submission, *, status=Status.SUBMITTED, events=1):
    submission.refresh_from_db()
    assert submission.status == status
    assert submission.events.count() == events
    assert not SmsMessage.objects.filter(submission=submission).exclude(event="received").exists()
    return True


# A good callback


def test_a_signed_event_moves_the_request_as_the_endpoint(
    api, submission, endpoint, templates, django_capture_on_commit_callbacks
):
    payload = event(submission)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(api, payload, secret=endpoint.secret)

    assert response.status_code == 200, response.content
    assert response.json() == {"status": "registered", "tracking_code": submission.tracking_code}
    submission.refresh_from_db()
    assert (submission.status, submission.letter_number) == (Status.REGISTERED, "1405/777")
    recorded = submission.events.get(kind=EventKind.STATUS)
    assert recorded.actor_name == ENDPOINT_NAME
    assert recorded.actor is None
    assert recorded.external_id == f"{endpoint.pk}:{payload['event_id']}"  # ids are per system
    assert recorded.public_message == payload["message"]
    assert (recorded.previous_status, recorded.status) == (Status.SUBMITTED, Status.REGISTERED)
    latest = submission.history.first()
    assert (latest.status, latest.history_change_reason) == (Status.REGISTERED, ENDPOINT_NAME)
    assert SmsMessage.objects.filter(submission=submission, event=SmsEvent.REGISTERED).count() == 1


def test_the_endpoint_is_told_apart_by_its_secret(api, service, endpoint, other_endpoint):
    theirs = submission_make(service)
    RoutingDecision.objects.create(submission=theirs, connector="webhook", endpoint=other_endpoint)
    response = post(api, event(theirs), secret=other_endpoint.secret)
    assert response.status_code == 200, response.content
    assert theirs.events.get(kind=EventKind.STATUS).actor_name == other_endpoint.name


def test_a_request_walks_through_its_stages(api, submission, endpoint):
    stages = [
        Status.REGISTERED,
        Status.IN_REVIEW,
        Status.REFERRED,
        Status.REFERRED,  # referred again, to another unit: allowed
        Status.IN_REVIEW,
        Status.NEEDS_INFO,
        Status.IN_REVIEW,
        Status.COMPLETED,
    ]
    for stage in stages:
        response = post(api, event(submission, status=stage), secret=endpoint.secret)
        assert response.status_code == 200, (stage, response.content)
        assert response.json()["status"] == stage
    assert submission.events.filter(kind=EventKind.STATUS).count() == len(stages)


def test_persian_digits_spaces_and_dashes_in_the_code_are_accepted(api, submission, endpoint):
    persian = tracking_code_display(submission.tracking_code).replace(" ", "-", 1)
    response = post(api, event(submission, tracking_code=persian), secret=endpoint.secret)
    assert response.status_code == 200, response.content
    assert response.json()["tracking_code"] == submission.tracking_code


def test_optional_fields_may_be_left_out(api, submission, endpoint):
    payload = event(submission, status=Status.IN_REVIEW)
    del payload["letter_number"], payload["message"]
    response = post(api, payload, secret=endpoint.secret)
    assert response.status_code == 200, response.content
    submission.refresh_from_db()
    assert (submission.status, submission.letter_number) == (Status.IN_REVIEW, "")


def test_utc_times_with_z_are_accepted(api, submission, endpoint):
    at = (datetime.now(UTC) - timedelta(seconds=60)).isoformat().replace("+00:00", "Z")
    response = post(api, event(submission, occurred_at=at), secret=endpoint.secret)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == Status.REGISTERED
    assert unchanged(submission, status=Status.REGISTERED, events=2) is True


# Who is calling


def bad_signatures(endpoint, body: bytes):
    good = signature_for(endpoint.secret, body)
    return {
        "missing": None,
        "empty": "",
        "other secret": signature_for("not the secret", body),
        "other body": signature_for(endpoint.secret, body + b" "),
        "no scheme": good.removeprefix("sha256="),
        "other scheme": good.replace("sha256=", "sha1="),
        "truncated": good[:-2],
        "not hex": "sha256=" + "ز" * 64,
    }


@pytest.mark.parametrize(
    "kind",
    ["missing", "empty", "other secret", "other body", "no scheme", "other scheme", "truncated"]
    + ["not hex"],
)
def test_without_a_valid_signature_nothing_changes(api, submission, endpoint, templates, kind):
    body = json.dumps(event(submission), ensure_ascii=False).encode()
    signature = bad_signatures(endpoint, body)[kind]
    headers = {} if signature is None else {"X-Khedmat-Signature": signature}
    response = api.post(URL, data=body, content_type="application/json", headers=headers)
    assert response.status_code == 401, response.content
    assert "signature" in response.json()["detail"].lower()
    assert "X-Khedmat-Signature" in response.headers["WWW-Authenticate"]
    assert unchanged(submission)


def test_a_staff_session_is_no_substitute_for_a_signature(api, submission, admin_user):
    api.force_login(admin_user)
    response = post(api, event(submission))
    assert response.status_code == 401
    assert unchanged(submission)


def test_the_signature_of_an_inactive_endpoint_is_refused(api, submission, endpoint):
    AutomationEndpoint.objects.filter(pk=endpoint.pk).update(is_active=False)
    response = post(api, event(submission), secret=endpoint.secret)
    assert response.status_code == 401
    assert unchanged(submission)


def test_an_endpoint_may_only_report_on_requests_sent_to_it(
    api, submission, endpoint, other_endpoint
):
    response = post(api, event(submission), secret=other_endpoint.secret)
    assert response.status_code == 404
    assert unchanged(submission)


# Replays and repeats


@pytest.mark.parametrize("offset", [-CALLBACK_MAX_AGE_SECONDS - 60, CALLBACK_MAX_AGE_SECONDS + 60])
def test_an_event_outside_the_time_window_is_refused_as_a_replay(api, submission, endpoint, offset):
    at = (datetime.now(TEHRAN) + timedelta(seconds=offset)).isoformat()
    response = post(api, event(submission, occurred_at=at), secret=endpoint.secret)
    assert response.status_code == 400
    [message] = response.json()["errors"]["occurred_at"]
    assert "replay" in message
    assert unchanged(submission)


def test_an_event_inside_the_time_window_is_accepted(api, submission, endpoint):
    at = (datetime.now(TEHRAN) - timedelta(seconds=CALLBACK_MAX_AGE_SECONDS - 30)).isoformat()
    response = post(api, event(submission, occurred_at=at), secret=endpoint.secret)
    assert response.status_code == 200
    assert response.json()["status"] == Status.REGISTERED
    submission.refresh_from_db()
    assert (submission.status, submission.letter_number) == (Status.REGISTERED, "1405/777")


def test_a_repeated_event_is_accepted_and_ignored(
    api, submission, endpoint, templates, django_capture_on_commit_callbacks
):
    payload = event(submission)
    with django_capture_on_commit_callbacks(execute=True):
        first = post(api, payload, secret=endpoint.secret)
        again = post(api, payload, secret=endpoint.secret)
        # The same id with other contents changes nothing either.
        other = post(api, {**payload, "status": Status.IN_REVIEW}, secret=endpoint.secret)
    assert first.status_code == 200
    for response in (again, other):
        assert response.status_code == 200
        assert response.json() == {"status": "duplicate", "tracking_code": submission.tracking_code}
    submission.refresh_from_db()
    assert submission.status == Status.REGISTERED
    assert SubmissionEvent.objects.filter(external_id__endswith=payload["event_id"]).count() == 1
    assert SmsMessage.objects.filter(submission=submission, event=SmsEvent.REGISTERED).count() == 1


def test_a_repeat_of_an_old_event_is_still_a_duplicate(api, submission, endpoint):
    """A system retrying after our answer was lost is told it is done, however late."""
    payload = event(submission)
    assert post(api, payload, secret=endpoint.secret).status_code == 200
    late = {**payload, "occurred_at": (datetime.now(TEHRAN) - timedelta(hours=2)).isoformat()}
    response = post(api, late, secret=endpoint.secret)
    assert (response.status_code, response.json()["status"]) == (200, "duplicate")


# Unknown requests and forbidden changes


def test_an_unknown_code_is_a_404(api, submission, endpoint):
    code = tracking_code_generate()
    assert not Submission.objects.filter(tracking_code=code).exists()
    response = post(api, event(submission, tracking_code=code), secret=endpoint.secret)
    assert response.status_code == 404
    assert response.json()["detail"]


def test_a_request_never_routed_is_a_404(api, service, endpoint):
    unrouted = submission_make(service)
    response = post(api, event(unrouted), secret=endpoint.secret)
    assert response.status_code == 404
    assert unchanged(unrouted)


@pytest.mark.parametrize(
    ("current", "requested"),
    [
        (Status.SUBMITTED, Status.COMPLETED),
        (Status.SUBMITTED, Status.SUBMITTED),
        (Status.REGISTERED, Status.REGISTERED),
        (Status.IN_REVIEW, Status.REGISTERED),
        (Status.COMPLETED, Status.IN_REVIEW),
        (Status.REJECTED, Status.COMPLETED),
    ],
)
def test_a_change_the_status_machine_forbids_is_a_409(
    api, submission, endpoint, current, requested
):
    Submission.objects.filter(pk=submission.pk).update(status=current)
    response = post(api, event(submission, status=requested), secret=endpoint.secret)
    assert response.status_code == 409
    body = response.json()
    assert (body["current_status"], body["requested_status"]) == (current, requested)
    assert body["detail"]
    assert unchanged(submission, status=current)


# Bad input: always a 4xx with a message, never a 500


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not json", "The body is not valid JSON."),
        (b"{", "The body is not valid JSON."),
        (b"[]", "Send a JSON object ({…}) as the body."),
        (b'"text"', "Send a JSON object ({…}) as the body."),
        (b"null", "Send a JSON object ({…}) as the body."),
        (b"\xff\xfe{}", "The body must be text in UTF-8."),
        (b'{"a": NaN}', "The body is not valid JSON."),
    ],
)
def test_a_body_that_is_not_a_json_object_is_a_400(api, submission, endpoint, body, message):
    response = post(api, None, secret=endpoint.secret, body=body)
    assert response.status_code == 400, response.content
    assert response.json() == {"errors": {"non_field_errors": [message]}}
    assert unchanged(submission)


def test_an_empty_body_names_the_required_fields(api, submission, endpoint):
    response = post(api, None, secret=endpoint.secret, body=b"")
    assert response.status_code == 400, response.content
    assert set(response.json()["errors"]) == {"event_id", "tracking_code", "status", "occurred_at"}
    assert unchanged(submission)


@pytest.mark.parametrize("field", ["event_id", "tracking_code", "status", "occurred_at"])
def test_a_missing_field_is_a_400_naming_it(api, submission, endpoint, field):
    payload = event(submission)
    del payload[field]
    response = post(api, payload, secret=endpoint.secret)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert unchanged(submission)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("status", "archived"),
        ("status", 5),
        ("status", None),
        ("tracking_code", WRONG_CHECK_DIGIT),
        ("tracking_code", "12345"),
        ("tracking_code", None),
        ("tracking_code", ["123"]),
        ("event_id", ""),
        ("event_id", "x" * 101),
        ("event_id", {"id": 1}),
        ("letter_number", "x" * 65),
        ("letter_number", []),
        ("message", {"fa": "پیام"}),
        ("occurred_at", "yesterday"),
        ("occurred_at", "2026-13-45T10:00:00+03:30"),
        ("occurred_at", "2026-04-01T09:30:00"),  # no offset
        ("occurred_at", 1767225600),
        ("occurred_at", None),
    ],
)
def test_a_malformed_field_is_a_400_naming_it(api, submission, endpoint, field, value):
    response = post(api, event(submission, **{field: value}), secret=endpoint.secret)
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert field in errors
    assert all(isinstance(message, str) and message for message in errors[field])
    assert unchanged(submission)


def test_messages_are_in_persian_by_default(submission, endpoint):
    payload = event(submission)
    del payload["status"]
    response = post(Client(), payload, secret=endpoint.secret)
    assert response.status_code == 400
    [message] = response.json()["errors"]["status"]
    assert any("\u0600" <= char <= "\u06ff" for char in message), message


def test_only_post_is_allowed(api, endpoint):
    assert api.get(URL).status_code == 405


def test_the_callback_is_in_the_api_schema(api):
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"][URL]["post"]
    assert set(operation["responses"]) == {"200", "400", "401", "404", "409", "413", "415", "503"}
    assert any(p["name"] == "X-Khedmat-Signature" for p in operation["parameters"])
