"""A form that requires a verified mobile (issue 16, item 2): the wizard asks for the code
before the review page and then locks the mobile question to the verified number; the API
takes a verification token; the in-person desk skips it."""

import json

import pytest

from submissions.models import Submission
from submissions.otp import verification_token_issue
from tests.sms import otp_code_sent

from .test_api import URL, answers, pdf
from .test_apply import APPLY, Wizard, step1
from .test_apply import pdf as wizard_pdf

pytestmark = pytest.mark.django_db

VERIFIED = "09121234567"
OTHER = "09359876543"


@pytest.fixture
def verifying(service):
    form = service.form_version.form
    form.verify_mobile = True
    form.save(update_fields=["verify_mobile"])
    return service


def code_for(mobile: str) -> str:
    return otp_code_sent(mobile)


def test_wizard_asks_for_the_code_before_the_review_and_locks_the_mobile(client, verifying):
    wizard = Wizard(client, APPLY, verifying)
    wizard.post("s1", step1(mobile=OTHER))
    response = wizard.post(
        "s2", {"area": "۱۲۰", "visit_date": "۱۴۰۵/۰۹/۱۰"}, {"deed": wizard_pdf()}
    )
    # Not the review: the sign-in page, offering the number typed, back to the review.
    assert response.status_code == 302
    signin = response["Location"]
    assert signin == "/my/signin/?next=%2Fservices%2Furban%2Fpermit%2Fapply%2Freview%2F"
    assert f'value="{OTHER}"' in client.get(signin).content.decode()
    # The citizen verifies another number than the one typed: that one is used.
    client.post(signin, {"mobile": VERIFIED})
    back = client.post(signin, {"action": "code", "code": code_for(VERIFIED)})
    assert back.status_code == 302 and back["Location"].endswith("/apply/review/")
    review = client.get(back["Location"]).content.decode()
    # Masked, like every page seen over a shoulder: a verified number needs no checking.
    assert "۰۹۱۲***۴۵۶۷" in review
    assert "۰۹۱۲۱۲۳۴۵۶۷" not in review and "09121234567" not in review
    assert "۰۹۳۵۹۸۷۶۵۴۳" not in review and "۰۹۳۵***۶۵۴۳" not in review
    # The mobile question, seen again, is filled and cannot be changed.
    first = client.get(APPLY + "s1/").content.decode()
    assert "disabled" in first.split('name="s1-mobile"')[1].split(">")[0]
    wizard.post("s1", step1(mobile=OTHER))
    client.get(APPLY + "review/")
    wizard.post("review", {"confirm": "on"})
    assert Submission.objects.get().mobile == VERIFIED


def test_wizard_without_verification_setting_goes_straight_to_review(client, service):
    wizard = Wizard(client, APPLY, service)
    wizard.post("s1", step1())
    response = wizard.post(
        "s2", {"area": "۱۲۰", "visit_date": "۱۴۰۵/۰۹/۱۰"}, {"deed": wizard_pdf()}
    )
    review = response.content.decode()
    assert "پاسخ‌هایتان را پیش از ارسال بررسی کنید" in review
    # A number nobody verified is shown in full, for the citizen to check.
    assert "۰۹۱۲۱۲۳۴۵۶۷" in review


def submit(client, data, **extra):
    return client.post(
        URL,
        {"data": json.dumps(data), "deed": pdf(), **extra},
    )


def test_api_refuses_a_submission_without_a_token(client, verifying):
    response = submit(client, answers())
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["verification_token"]
    assert not Submission.objects.exists()


def test_api_refuses_a_forged_token_and_another_mobile(client, verifying):
    assert submit(client, answers(), verification_token="forged").status_code == 400
    token, _ = verification_token_issue(OTHER)
    refused = submit(client, answers(mobile=VERIFIED), verification_token=token)
    assert refused.status_code == 400
    assert refused.json()["errors"] == {
        "mobile": ["این باید همان شمارهٔ همراهی باشد که با کد تأیید کردید."]
    }


def test_api_code_token_then_submission(client, verifying):
    client.post("/api/v1/otp/", {"mobile": VERIFIED}, content_type="application/json")
    verified = client.post(
        "/api/v1/otp/verify/",
        {"mobile": VERIFIED, "code": code_for(VERIFIED)},
        content_type="application/json",
    ).json()
    data = answers()
    data.pop("mobile")
    response = submit(client, data, verification_token=verified["token"])
    assert response.status_code == 201, response.content
    assert Submission.objects.get().mobile == VERIFIED


def test_in_person_desk_skips_the_code(admin_client, verifying):
    from submissions.desk import DeskApplyView

    assert DeskApplyView.verification_required(None) is False
