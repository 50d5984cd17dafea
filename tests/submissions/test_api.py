"""`POST /api/v1/services/{code}/submissions/` and `POST /api/v1/track/`."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from formbuilder.persian.identifiers import verhoeff_check_digit
from submissions.models import Submission, SubmissionFile
from submissions.tracking import tracking_code_generate

from .conftest import EXE_BYTES, PDF_BYTES

pytestmark = pytest.mark.django_db

URL = "/api/v1/services/10061077000/submissions/"


def answers(**overrides):
    data = {
        "full_name": "مریم كاظمی",
        "mobile": "۰۹۱۲۱۲۳۴۵۶۷",
        "national_id": "0013542419",
        "applicant_type": "company",
        "company_name": "شرکت نمونه",
        "area": 250,
        "visit_date": "1405/09/10",
    }
    data.update(overrides)
    return data


def submit(client, data, files=None):
    if files is None:
        return client.post(URL, {"data": data}, content_type="application/json")
    return client.post(URL, {"data": json.dumps(data), **files})


def pdf(name="deed.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_without_site_base_url_the_links_follow_the_address_called(client, service, settings):
    settings.SITE_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["localhost"]
    response = client.post(
        URL, {"data": json.dumps(answers()), "deed": pdf()}, HTTP_HOST="localhost:8123"
    )
    assert response.status_code == 201, response.json()
    code = Submission.objects.get().tracking_code
    assert response.json()["track_url"] == f"http://localhost:8123/track/?code={code}"


def test_detail_publishes_the_form_schema(client, service):
    form = client.get("/api/v1/services/10061077000/").json()["form"]
    assert form["version"] == 1
    assert [step["key"] for step in form["steps"]] == ["s1", "s2"]
    mobile = form["steps"][0]["fields"][1]
    assert mobile["key"] == "mobile" and mobile["type"] == "mobile" and mobile["required"]
    listing = client.get("/api/v1/services/").json()["results"]
    assert listing[0]["has_form"] is True


def test_multipart_submission_with_a_file(client, service):
    response = submit(client, answers(), {"deed": pdf()})
    assert response.status_code == 201, response.json()
    body = response.json()
    submission = Submission.objects.get()
    assert body["tracking_code"] == submission.tracking_code
    assert body["status"] == "submitted"
    assert body["receipt_url"] == f"http://testserver/requests/{submission.access_token}/"
    assert body["track_url"] == f"http://testserver/track/?code={submission.tracking_code}"
    assert submission.data["full_name"] == "مریم کاظمی"
    assert submission.data["visit_date"] == "2026-12-01"
    assert submission.data["company_name"] == "شرکت نمونه"
    assert submission.mobile == "09121234567"
    assert SubmissionFile.objects.get().size == len(PDF_BYTES)


def test_iso_dates_are_accepted(client, service):
    response = submit(client, answers(visit_date="2026-12-01"), {"deed": pdf()})
    assert response.status_code == 201
    assert Submission.objects.get().data["visit_date"] == "2026-12-01"


def test_json_without_the_required_file_names_the_field(client, service):
    response = submit(client, answers())
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["deed"]
    assert Submission.objects.count() == 0


def test_every_bad_answer_is_named_with_a_persian_message(client, service):
    bad = answers(mobile="12", national_id="1111111111", area="بسیار", visit_date="1404/12/30")
    response = submit(client, bad, {"deed": pdf()})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"mobile", "national_id", "area", "visit_date"}
    for messages in errors.values():
        assert messages and all(any("\u0600" <= ch <= "\u06ff" for ch in m) for m in messages)
    assert Submission.objects.count() == 0


def test_condition_makes_a_field_required(client, service):
    response = submit(client, answers(company_name=""), {"deed": pdf()})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["company_name"]


def test_hidden_answers_are_dropped(client, service):
    response = submit(client, answers(applicant_type="person"), {"deed": pdf()})
    assert response.status_code == 201
    assert "company_name" not in Submission.objects.get().data


def test_unknown_keys_are_refused(client, service):
    response = submit(client, answers(favourite_colour="آبی"), {"deed": pdf()})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["favourite_colour"]


def test_a_disguised_executable_is_refused(client, service):
    response = submit(client, answers(), {"deed": pdf("deed.pdf", EXE_BYTES)})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["deed"]
    assert Submission.objects.count() == 0
    assert SubmissionFile.objects.count() == 0


def test_an_oversized_file_is_refused(client, service):
    big = pdf(content=PDF_BYTES + b"0" * (2 * 1024 * 1024 + 1))
    response = submit(client, answers(), {"deed": big})
    assert response.status_code == 400
    assert "۲" in response.json()["errors"]["deed"][0]


@pytest.mark.parametrize(
    "payload",
    [{"data": "not an object"}, {"data": [1, 2]}, {}, {"answers": {}}],
)
def test_malformed_bodies_are_a_400(client, service, payload):
    response = client.post(URL, payload, content_type="application/json")
    assert response.status_code == 400
    assert "data" in response.json()["errors"]


def test_broken_json_is_a_400(client, service):
    response = client.post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    response = client.post(URL, {"data": "{not json"})
    assert response.status_code == 400


def test_unknown_service_or_no_form_is_a_404(client, service, category):
    assert client.post("/api/v1/services/99999999999/submissions/", {}).status_code == 404
    from tests.factories import ServicePageFactory

    ServicePageFactory(parent=category, service_code="55555555555", slug="offline")
    response = client.post("/api/v1/services/55555555555/submissions/", {"data": {}})
    assert response.status_code == 404


# -- tracking -------------------------------------------------------------------------


@pytest.fixture
def submitted(client, service):
    response = submit(client, answers(), {"deed": pdf()})
    return Submission.objects.get(tracking_code=response.json()["tracking_code"])


def track(client, code, mobile, **extra):
    return client.post(
        "/api/v1/track/",
        {"tracking_code": code, "mobile": mobile},
        content_type="application/json",
        **extra,
    )


def test_track_gives_status_and_timeline(client, submitted):
    persian = submitted.tracking_code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    response = track(client, f"{persian[:4]} {persian[4:8]}-{persian[8:]}", "+989121234567")
    assert response.status_code == 200
    body = response.json()
    assert body["tracking_code"] == submitted.tracking_code
    assert body["status"] == "submitted"
    assert body["status_label"] == "ثبت شد"
    assert body["service"] == {"service_code": "10061077000", "title": "صدور پروانه ساختمانی"}
    assert [event["status"] for event in body["timeline"]] == ["submitted"]


def test_unknown_code_and_wrong_mobile_look_the_same(client, submitted):
    other = tracking_code_generate()
    while other == submitted.tracking_code:
        other = tracking_code_generate()
    unknown = track(client, other, "09121234567")
    wrong_mobile = track(client, submitted.tracking_code, "09350000000")
    assert unknown.status_code == wrong_mobile.status_code == 404
    assert unknown.json() == wrong_mobile.json()


def test_a_mistyped_check_digit_is_a_400(client, submitted):
    code = submitted.tracking_code
    typo = code[:-1] + str((int(code[-1]) + 1) % 10)
    response = track(client, typo, "09121234567")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["tracking_code"]


@override_settings(TRACKING_RATE_LIMIT_PER_CODE=3)
def test_guessing_the_mobile_of_a_code_is_rate_limited(client, submitted):
    statuses = [
        track(
            client, submitted.tracking_code, f"0935000000{i}", REMOTE_ADDR=f"10.0.0.{i}"
        ).status_code
        for i in range(5)
    ]
    assert statuses == [404, 404, 404, 429, 429]
    # Even the right mobile is refused until the window passes.
    assert track(client, submitted.tracking_code, "09121234567").status_code == 429


@override_settings(TRACKING_RATE_LIMIT_PER_IP=4)
def test_one_address_is_rate_limited(client, submitted):
    statuses = []
    for _ in range(6):
        body = "01234567890"
        statuses.append(track(client, body + verhoeff_check_digit(body), "09121234567").status_code)
    assert statuses[:4] == [404] * 4
    assert statuses[4:] == [429, 429]
