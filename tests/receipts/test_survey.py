"""The satisfaction survey: invited once when a request is finished, answered once."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from receipts.constants import SURVEY_SCORES, SmsEvent
from receipts.models import SmsMessage, SmsTemplate, SurveyResponse
from receipts.sms.length import sms_length
from receipts.survey import SurveyAlreadyAnswered, survey_answer, survey_invite
from submissions.constants import Actor, Status
from submissions.models import Submission
from submissions.services import submission_transition
from tests.factories import submission_make

pytestmark = pytest.mark.django_db

SURVEY_SMS = "نظرسنجی\n{survey_url}"  # the demo text
ALL_GOOD = dict.fromkeys(SURVEY_SCORES, "5")
# A real agency's address is longer than the test server's: 40 characters, the longest
# the one-part SMS leaves room for.
SITE_BASE_URL = "https://khedmat.shahrdari-nemoone.gov.ir"


@pytest.fixture
def templates(db, settings):
    settings.SITE_BASE_URL = SITE_BASE_URL
    SmsTemplate.objects.create(event=SmsEvent.SURVEY, body=SURVEY_SMS)
    for event in (Status.IN_REVIEW, Status.COMPLETED, Status.REJECTED, Status.NEEDS_INFO):
        SmsTemplate.objects.create(event=event, body=f"{event}: {{tracking_code}}")


def in_review(service) -> Submission:
    submission = submission_make(service)
    submission_transition(submission=submission, status=Status.IN_REVIEW, actor=Actor.STAFF)
    return submission


def finish(submission, status, capture):
    with capture(execute=True):
        submission_transition(submission=submission, status=status, actor=Actor.STAFF)


@pytest.fixture
def survey(service, templates, django_capture_on_commit_callbacks):
    submission = in_review(service)
    finish(submission, Status.COMPLETED, django_capture_on_commit_callbacks)
    return SurveyResponse.objects.get(submission=submission)


def survey_url(survey) -> str:
    return reverse("receipts:survey", args=[survey.token])


# Invitation


@pytest.mark.parametrize("status", [Status.COMPLETED, Status.REJECTED])
def test_a_finished_request_gets_one_survey_and_one_sms_with_its_link(
    service, templates, django_capture_on_commit_callbacks, status
):
    submission = in_review(service)
    finish(submission, status, django_capture_on_commit_callbacks)

    survey = SurveyResponse.objects.get(submission=submission)
    assert len(survey.token) == 16 and re.fullmatch(r"[A-Za-z0-9_-]+", survey.token)
    assert survey.answered_at is None
    message = SmsMessage.objects.get(submission=submission, event=SmsEvent.SURVEY)
    link = f"{SITE_BASE_URL}/s/{survey.token}/"
    assert message.body == f"نظرسنجی\n{link}"
    assert message.dedupe_key == f"survey:{submission.pk}"
    assert message.recipient == submission.mobile
    assert message.status == "sent"  # handed to the worker after commit
    assert SmsMessage.objects.filter(submission=submission, event=status).count() == 1


def test_the_survey_sms_fits_in_one_part(survey):
    assert len(SITE_BASE_URL) == 40
    message = SmsMessage.objects.get(event=SmsEvent.SURVEY)
    measured = sms_length(message.body)
    assert measured.parts == message.parts == 1, measured


@pytest.mark.parametrize("status", [Status.NEEDS_INFO, Status.REFERRED])
def test_other_statuses_invite_nobody(
    service, templates, django_capture_on_commit_callbacks, status
):
    submission = in_review(service)
    with django_capture_on_commit_callbacks(execute=True):
        submission_transition(submission=submission, status=status, actor=Actor.STAFF)
    assert not SurveyResponse.objects.exists()
    assert not SmsMessage.objects.filter(event=SmsEvent.SURVEY).exists()
    assert survey_invite(submission=submission) is None


def test_inviting_again_changes_nothing(survey):
    again = survey_invite(submission=survey.submission)
    assert (again.pk, again.token) == (survey.pk, survey.token)
    assert SurveyResponse.objects.count() == 1
    assert SmsMessage.objects.filter(event=SmsEvent.SURVEY).count() == 1


def test_without_an_active_template_the_survey_exists_but_no_sms_is_sent(
    service, templates, django_capture_on_commit_callbacks
):
    SmsTemplate.objects.filter(event=SmsEvent.SURVEY).update(is_active=False)
    submission = in_review(service)
    finish(submission, Status.COMPLETED, django_capture_on_commit_callbacks)
    assert SurveyResponse.objects.filter(submission=submission).exists()
    assert not SmsMessage.objects.filter(event=SmsEvent.SURVEY).exists()


# Answering (the service)


def test_an_answer_is_stored_once(survey):
    scores = {"overall": 4, "transparency": 3, "responsiveness": 5, "timeliness": 2}
    answered = survey_answer(
        survey=survey, scores={**scores, "staff_conduct": 1}, comment="  كار سريع بود ۱۲  "
    )
    assert answered.answered_at is not None
    assert (answered.overall, answered.timeliness, answered.staff_conduct) == (4, 2, 1)
    assert answered.comment == "کار سریع بود 12"  # Persian letters, ASCII digits, trimmed

    with pytest.raises(SurveyAlreadyAnswered):
        survey_answer(survey=survey, scores=ALL_GOOD, comment="دوباره")
    survey.refresh_from_db()
    assert (survey.overall, survey.comment) == (4, "کار سریع بود 12")


@pytest.mark.parametrize(
    ("scores", "field"),
    [
        ({**ALL_GOOD, "overall": 0}, "overall"),
        ({**ALL_GOOD, "timeliness": 6}, "timeliness"),
        ({**ALL_GOOD, "transparency": "x"}, "transparency"),
        ({**ALL_GOOD, "responsiveness": 4.5}, "responsiveness"),
        ({name: 5 for name in SURVEY_SCORES if name != "staff_conduct"}, "staff_conduct"),
    ],
)
def test_the_service_refuses_bad_scores(survey, scores, field):
    with pytest.raises(ValidationError) as error:
        survey_answer(survey=survey, scores=scores, comment="")
    assert field in error.value.message_dict
    survey.refresh_from_db()
    assert survey.answered_at is None


def test_the_service_refuses_a_long_comment(survey):
    with pytest.raises(ValidationError) as error:
        survey_answer(survey=survey, scores=ALL_GOOD, comment="خ" * 1001)
    assert "comment" in error.value.message_dict


# The page


def test_the_page_shows_the_service_the_code_and_five_radio_groups(client, survey):
    response = client.get(survey_url(survey))
    html = response.content.decode()

    assert response.status_code == 200
    assert survey.submission.service.title in html
    assert html.count("<fieldset") == html.count("<legend") == 5
    for name in SURVEY_SCORES:
        assert len(re.findall(rf'type="radio" name="{name}" value="[1-5]"', html)) == 5
    assert '<textarea name="comment"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_the_page_is_private(client, survey):
    for response in (client.get(survey_url(survey)), client.post(survey_url(survey), ALL_GOOD)):
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "no-referrer"
        assert response["X-Robots-Tag"] == "noindex"


def test_the_survey_works_once(client, survey):
    response = client.post(survey_url(survey), {**ALL_GOOD, "overall": "3", "comment": "خوب"})
    assert response.status_code == 200
    assert response.context["state"] == "thanks"
    assert "<form" not in response.content.decode().split("</header>")[1]
    survey.refresh_from_db()
    first_answered_at = survey.answered_at
    assert (survey.overall, survey.transparency, survey.comment) == (3, 5, "خوب")

    again = client.post(survey_url(survey), {**ALL_GOOD, "overall": "1", "comment": "بد"})
    assert again.status_code == 200
    assert again.context["state"] == "answered"
    assert again.context["form"] is None
    survey.refresh_from_db()
    assert (survey.overall, survey.comment, survey.answered_at) == (3, "خوب", first_answered_at)

    shown = client.get(survey_url(survey))
    assert shown.status_code == 200 and shown.context["state"] == "answered"
    assert 'type="radio"' not in shown.content.decode()


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({**ALL_GOOD, "overall": "7"}, ["overall"]),
        ({**ALL_GOOD, "staff_conduct": "0"}, ["staff_conduct"]),
        ({"overall": "5", "comment": "تنها یک پاسخ"}, list(SURVEY_SCORES[1:])),
        ({**ALL_GOOD, "comment": "خ" * 1001}, ["comment"]),
    ],
)
def test_bad_input_is_a_400_with_errors_linked_to_the_fields(client, survey, data, fields):
    response = client.post(survey_url(survey), data)
    html = response.content.decode()

    assert response.status_code == 400
    assert 'class="error-summary"' in html
    assert sorted(response.context["form"].errors) == sorted(fields)
    for name in fields:
        assert f'href="#id_{name}"' in html  # the summary links to the field
        assert f'id="id_{name}_error"' in html
    survey.refresh_from_db()
    assert survey.answered_at is None and survey.overall is None


def test_the_answers_given_are_kept_after_an_error(client, survey):
    response = client.post(survey_url(survey), {**ALL_GOOD, "overall": "", "comment": "متن"})
    html = response.content.decode()
    assert response.status_code == 400
    assert re.search(r'name="transparency" value="5"[^>]*checked', html)
    assert ">\nمتن</textarea>" in html


def test_an_unknown_token_is_a_404(client, survey):
    assert client.get(reverse("receipts:survey", args=["x" * 22])).status_code == 404
    assert client.post(reverse("receipts:survey", args=["x" * 22]), ALL_GOOD).status_code == 404
