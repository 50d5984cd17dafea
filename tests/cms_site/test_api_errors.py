"""Hostile input on every JSON endpoint of the API: a 4xx in the documented shape with a
Persian message, never a 500, and the limits enforced by the parser before any work.

DESIGN.md, "Errors, everywhere": `400 {"errors": {field or "non_field_errors": [...]}}`,
`413/415 {"detail"}`, `409 {"detail", "current_status", "requested_status"}`.
"""

import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from django.test import Client, override_settings
from rest_framework.authtoken.models import Token

from formbuilder.validation import answers_validate
from routing.models import AutomationEndpoint, RoutingDecision
from routing.signing import signature_for
from submissions.constants import Status
from submissions.models import Submission, SubmissionEvent
from tests.factories import submission_make, user_with_permissions
from tests.submissions.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db

TEHRAN = timezone(timedelta(hours=3, minutes=30))
LIMITS = {"API_JSON_MAX_DEPTH": 8, "API_JSON_MAX_ITEMS": 1000}

NOT_AN_OBJECT = "بدنه درخواست باید یک شیء JSON ({…}) باشد."
NOT_JSON = "بدنه درخواست JSON معتبر نیست."
NOT_UTF8 = "بدنه درخواست باید متن UTF-8 باشد."
TOO_DEEP = "ساختار JSON بیش از ۸ سطح تودرتو است."
TOO_MANY = "JSON بیش از ۱۰۰۰ کلید و عضو فهرست دارد."
UNSTORABLE = "متن نویسه‌ای دارد که ذخیره‌شدنی نیست (نویسه تهی یا نیم‌جانشین تنها)."
TOO_LARGE_1KB = "درخواست بزرگ‌تر از ۱ کیلوبایت است."
SEND_JSON = "بدنه را با نوع application/json بفرستید."
SEND_JSON_OR_MULTIPART = "بدنه را با نوع application/json / multipart/form-data بفرستید."


def keys(count: int) -> bytes:
    return ("{" + ",".join(f'"k{i:06d}":0' for i in range(count)) + "}").encode()


def nested(levels: int) -> bytes:
    return ('{"a":' * levels + "1" + "}" * levels).encode()


# Body, and the one message the whole body earns.
HOSTILE_BODIES = {
    "list": (b"[null]", NOT_AN_OBJECT),
    "null": (b"null", NOT_AN_OBJECT),
    "string": (b'"x"', NOT_AN_OBJECT),
    "number": (b"42", NOT_AN_OBJECT),
    "broken": (b'{"tracking_code": ', NOT_JSON),
    "nan": (b'{"status": NaN}', NOT_JSON),
    "infinite": (b'{"status": 1e999}', NOT_JSON),
    "huge integer": (b'{"status": ' + b"9" * 5000 + b"}", NOT_JSON),
    "bad utf-8": (b'{"status": "\xff\xfe"}', NOT_UTF8),
    "bom": (b'\xef\xbb\xbf{"status": "x"}', NOT_JSON),
    "nul": (b'{"status": "a\\u0000b"}', UNSTORABLE),
    "lone surrogate": (b'{"status": "\\ud800"}', UNSTORABLE),
    "nul in a key": (b'{"a\\u0000": 1}', UNSTORABLE),
    "2,000 levels": (nested(2000), TOO_DEEP),
    "9 levels": (nested(9), TOO_DEEP),
    "deep list": (b"[" * 2000 + b"]" * 2000, TOO_DEEP),
    "5,000 keys": (keys(5000), TOO_MANY),
    "190,000 keys": (keys(190_000), TOO_MANY),
    "long list": (b'{"a": [' + b",".join([b"0"] * 5000) + b"]}", TOO_MANY),
}


@pytest.fixture
def staff_token(service):
    clerk = user_with_permissions(
        "clerk", "submissions.view_submission", "submissions.change_submission"
    )
    service.department.members.add(clerk)
    return Token.objects.create(user=clerk).key


@pytest.fixture
def endpoint(db):
    return AutomationEndpoint.objects.create(name="اتوماسیون", url="https://oa.example.ir/in")


@pytest.fixture
def delivered(service, endpoint):
    """A request of the service's department, delivered to the automation endpoint."""
    made = submission_make(service)
    Submission.objects.filter(pk=made.pk).update(department=service.department)
    RoutingDecision.objects.create(submission=made, connector="webhook", endpoint=endpoint)
    made.refresh_from_db()
    return made


@pytest.fixture
def api(request):
    """`api(name, body)`: post a raw body to that endpoint, as its caller would. Each
    endpoint's fixtures are made on first use: the track endpoint needs none."""
    client = Client(enforce_csrf_checks=True)

    def post_to(name, body: bytes, content_type="application/json", **extra):
        headers = {}
        if name == "submissions":
            request.getfixturevalue("service")
            url = "/api/v1/services/10061077000/submissions/"
        elif name == "track":
            url = "/api/v1/track/"
        elif name == "transitions":
            token = request.getfixturevalue("staff_token")
            code = request.getfixturevalue("delivered").tracking_code
            headers["Authorization"] = f"Token {token}"
            url = f"/api/v1/submissions/{code}/transitions/"
        else:
            secret = request.getfixturevalue("endpoint").secret
            request.getfixturevalue("delivered")
            headers["X-Khedmat-Signature"] = signature_for(secret, body)
            url = "/api/v1/automation/events/"
        return client.post(url, data=body, content_type=content_type, headers=headers, **extra)

    return post_to


ENDPOINTS = ["submissions", "track", "transitions", "automation"]


def nothing_written() -> bool:
    """No request or event beyond the one `delivered` request the endpoint may need."""
    return Submission.objects.count() <= 1 and SubmissionEvent.objects.count() <= 1


@override_settings(**LIMITS)
@pytest.mark.parametrize("endpoint_name", ENDPOINTS)
@pytest.mark.parametrize("case", HOSTILE_BODIES)
def test_a_hostile_json_body_is_a_400_naming_why(api, endpoint_name, case):
    body, message = HOSTILE_BODIES[case]
    response = api(endpoint_name, body)
    assert response.status_code == 400, response.content[:300]
    assert response.json() == {"errors": {"non_field_errors": [message]}}
    assert len(response.content) < 1000  # not an echo of what was sent
    assert nothing_written()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
@pytest.mark.parametrize("endpoint_name", ENDPOINTS)
def test_an_oversized_body_is_a_413_from_its_length_before_it_is_read(api, endpoint_name):
    # The test client's payload raises if more than the 2 bytes sent are read: the
    # refusal must come from Content-Length alone.
    response = api(endpoint_name, b"{}", CONTENT_LENGTH="1025")
    assert response.status_code == 413
    assert response.json() == {"detail": TOO_LARGE_1KB}
    assert nothing_written()


@pytest.mark.parametrize("endpoint_name", ENDPOINTS)
@pytest.mark.parametrize("content_type", ["text/plain", "application/xml"])
def test_a_body_of_another_type_is_a_415(api, endpoint_name, content_type):
    response = api(endpoint_name, b'{"status": "in_review"}', content_type=content_type)
    assert response.status_code == 415
    expected = SEND_JSON_OR_MULTIPART if endpoint_name == "submissions" else SEND_JSON
    assert response.json() == {"detail": expected}
    assert nothing_written()


@pytest.mark.parametrize("endpoint_name", ["track", "transitions", "automation"])
def test_a_form_encoded_body_is_a_415_where_only_json_is_documented(api, endpoint_name):
    response = api(
        endpoint_name, b"status=in_review", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert response.json() == {"detail": SEND_JSON}


def test_field_errors_come_under_errors_on_every_endpoint(api):
    track = api("track", json.dumps({"tracking_code": "12", "mobile": "x"}).encode())
    assert track.status_code == 400
    assert set(track.json()) == {"errors"}
    assert set(track.json()["errors"]) == {"tracking_code", "mobile"}

    transition = api("transitions", json.dumps({"status": "flying"}).encode())
    assert transition.status_code == 400
    assert set(transition.json()) == {"errors"} and "status" in transition.json()["errors"]

    event = api("automation", json.dumps({"event_id": "e-1"}).encode())
    assert event.status_code == 400
    assert set(event.json()["errors"]) == {"tracking_code", "status", "occurred_at"}
    for messages in [*track.json()["errors"].values(), *event.json()["errors"].values()]:
        assert all(any("\u0600" <= ch <= "\u06ff" for ch in message) for message in messages)


# -- The submissions endpoint: the multipart `data` part, uploads, unknown keys -------


def multipart(client, data_part: str, **extra):
    return client.post(
        "/api/v1/services/10061077000/submissions/",
        {"data": data_part, "deed": _pdf()},
        **extra,
    )


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("deed.pdf", PDF_BYTES, content_type="application/pdf")


@override_settings(**LIMITS)
@pytest.mark.parametrize(
    "case", ["list", "null", "number", "broken", "nul", "2,000 levels", "5,000 keys"]
)
def test_a_hostile_data_part_is_a_400_on_data(client, service, case):
    body, message = HOSTILE_BODIES[case]
    response = multipart(client, body.decode())
    assert response.status_code == 400
    assert response.json() == {"errors": {"data": [message]}}
    assert Submission.objects.count() == 0


def test_an_upload_larger_than_the_form_allows_is_a_413_before_it_is_read(client, service):
    # The test form's one file question takes one file of at most 2 MB; the request's
    # Content-Length claims a gigabyte, and the payload raises if anything is read.
    response = client.post(
        "/api/v1/services/10061077000/submissions/",
        data=b"--x--",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(1024**3),
    )
    assert response.status_code == 413
    assert response.json() == {
        "detail": "درخواست بزرگ‌تر از حدی است که پرونده‌های این فرم اجازه می‌دهند "
        "(حداکثر ۴٫۶ مگابایت)."
    }
    assert Submission.objects.count() == 0


def test_unknown_keys_are_named_ten_at_most_and_the_rest_counted(client, service):
    data = {f"x{i:03d}": "?" for i in range(500)}
    response = client.post(
        "/api/v1/services/10061077000/submissions/", {"data": data}, content_type="application/json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    unknown = sorted(key for key in errors if key.startswith("x"))
    assert unknown == [f"x{i:03d}" for i in range(10)]
    assert errors["x000"] == ["این فرم پرسشی با این کلید ندارد."]
    assert errors["non_field_errors"] == ["و ۴۹۰ کلید دیگر که این فرم پرسشی برایشان ندارد."]
    assert Submission.objects.count() == 0


# -- One 409 across the staff and automation APIs ------------------------------------


def test_the_409_is_the_same_body_on_the_staff_and_automation_apis(api, delivered):
    Submission.objects.filter(pk=delivered.pk).update(status=Status.COMPLETED)
    staff = api("transitions", json.dumps({"status": "in_review"}).encode())
    event = {
        "event_id": f"evt-{uuid.uuid4()}",
        "tracking_code": delivered.tracking_code,
        "status": "in_review",
        "occurred_at": datetime.now(TEHRAN).isoformat(),
    }
    automation = api("automation", json.dumps(event).encode())
    expected = {
        "detail": "درخواست در وضعیت «انجام شد» نمی‌تواند به «در حال بررسی» برود.",
        "current_status": "completed",
        "requested_status": "in_review",
    }
    assert (staff.status_code, staff.json()) == (409, expected)
    assert (automation.status_code, automation.json()) == (409, expected)


# -- The parser stops at its limits (no timing: where it stopped, and what it skipped) ----


def test_the_item_limit_stops_the_scan_at_the_limit_not_at_the_end():
    from cms_site.api_json import BodyRefused, json_limits_check

    text = keys(190_000).decode()
    with pytest.raises(BodyRefused) as refused:
        json_limits_check(text, max_depth=8, max_items=1000)
    # Key 1,001 starts at about 11 bytes a key: the scan stopped there, not 2 MB later.
    assert refused.value.position == text.index('"k001000"') + len('"k001000"')


def test_the_depth_limit_stops_the_scan_at_the_ninth_level():
    from cms_site.api_json import BodyRefused, json_limits_check

    with pytest.raises(BodyRefused) as refused:
        json_limits_check("[" * 100_000 + "]" * 100_000, max_depth=8, max_items=1000)
    assert refused.value.position == 8


@override_settings(**LIMITS)
def test_a_refused_body_is_never_decoded(monkeypatch):
    from cms_site import api_json

    def decode(*args, **kwargs):
        raise AssertionError("json.loads ran on a body past the limits")

    monkeypatch.setattr(api_json.json, "loads", decode)
    for case in ("2,000 levels", "190,000 keys", "long list"):
        with pytest.raises(api_json.BodyRefused):
            api_json.json_object_load(HOSTILE_BODIES[case][0])


@override_settings(**LIMITS)
def test_a_body_within_the_limits_is_decoded_whole():
    from cms_site.api_json import json_object_load

    body = {"data": {"full_name": "مریم", "choices": ["a", "b"], "n": [[1, 2], {"k": None}]}}
    assert json_object_load(json.dumps(body).encode()) == body
    exactly = {f"k{i}": [0] for i in range(500)}  # 500 keys + 500 list items = 1,000
    assert json_object_load(json.dumps(exactly).encode()) == exactly
    assert json_object_load(nested(8)) == json.loads(nested(8))


def test_answers_validate_reports_a_bounded_number_of_unknown_keys(service):
    result = answers_validate(service.form_version.schema, {f"k{i}": 0 for i in range(190_000)})
    unknown = [key for key in result.errors if key.startswith("k")]
    assert len(unknown) == 10
    assert len(result.errors["__all__"]) == 1
