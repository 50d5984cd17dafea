"""The citizen's answer to a request for more information, on the tracking page."""

import re
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from submissions import replies
from submissions.constants import Actor, EventKind, Status
from submissions.models import Submission, SubmissionFile
from submissions.replies import reply_token_make, submission_citizen_reply
from submissions.services import TransitionNotAllowed, submission_transition
from tests.factories import submission_make
from tests.submissions.conftest import EXE_BYTES, PDF_BYTES

pytestmark = pytest.mark.django_db

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def waiting(service):
    """A request the staff asked more information about."""
    submission = submission_make(service)
    Submission.objects.filter(pk=submission.pk).update(status=Status.IN_REVIEW)
    submission_transition(
        submission=submission,
        status=Status.NEEDS_INFO,
        actor=Actor.STAFF,
        public_message="تصویر سند را بفرستید.",
    )
    submission.refresh_from_db()
    return submission


def private_files() -> list[Path]:
    return [path for path in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if path.is_file()]


def pdf(name="سند.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def lookup(client, submission):
    return client.post(
        "/track/", {"tracking_code": submission.tracking_code, "mobile": submission.mobile}
    )


def token_from(response) -> str:
    match = re.search(r'name="reply_token" value="([^"]+)"', response.content.decode())
    assert match, "the page has no reply form"
    return match.group(1)


def reply(client, token, message="سند پیوست شد.", files=()):
    data = {"reply_token": token, "message": message}
    if files:
        data["files"] = list(files)
    return client.post("/track/", data)


def assert_nothing_written(submission, files_before):
    submission.refresh_from_db()
    assert submission.status == Status.NEEDS_INFO
    assert not submission.files.exists()
    assert not submission.events.filter(previous_status=Status.NEEDS_INFO).exists()
    assert sorted(private_files()) == sorted(files_before)


# -- The page ---------------------------------------------------------------------------


def test_a_request_waiting_for_information_offers_a_reply_form(client, waiting):
    response = lookup(client, waiting)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in html
    assert 'name="message"' in html and 'name="files"' in html and "multiple" in html
    token = token_from(response)
    # The token names the request only to us: neither the code nor the mobile is in it.
    assert waiting.tracking_code not in token and waiting.mobile not in token
    assert replies.reply_token_submission(token) == waiting


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.IN_REVIEW, Status.COMPLETED])
def test_other_statuses_offer_no_reply_form(client, waiting, status):
    Submission.objects.filter(pk=waiting.pk).update(status=status)
    response = lookup(client, waiting)
    assert response.status_code == 200
    assert 'name="reply_token"' not in response.content.decode()


def test_a_failed_lookup_offers_no_reply_form(client, waiting):
    response = client.post(
        "/track/", {"tracking_code": waiting.tracking_code, "mobile": "09350000000"}
    )
    assert response.status_code == 404
    assert 'name="reply_token"' not in response.content.decode()


# -- A reply ----------------------------------------------------------------------------


def test_a_reply_with_files_sends_the_request_back_to_review(client, waiting):
    token = token_from(lookup(client, waiting))
    response = reply(
        client,
        token,
        message="  سند ملک پیوست شد.  ",
        files=[pdf(), SimpleUploadedFile("plan.png", PNG_BYTES, content_type="image/png")],
    )
    assert response.status_code == 200
    assert response.context["reply_sent"] is True
    assert 'name="reply_token"' not in response.content.decode()  # answered: no more form
    waiting.refresh_from_db()
    assert waiting.status == Status.IN_REVIEW
    event = waiting.events.last()
    assert (event.kind, event.status, event.previous_status) == (
        EventKind.STATUS,
        Status.IN_REVIEW,
        Status.NEEDS_INFO,
    )
    assert event.public_message == "سند ملک پیوست شد."
    assert event.actor is None and event.actor_name
    stored = list(waiting.files.order_by("pk"))
    assert [(f.field_key, f.original_name, f.content_type, f.size) for f in stored] == [
        ("reply", "سند.pdf", "application/pdf", len(PDF_BYTES)),
        ("reply", "plan.png", "image/png", len(PNG_BYTES)),
    ]
    with stored[0].file.open("rb") as handle:
        assert handle.read() == PDF_BYTES
    # The citizen sees their answer in the timeline.
    assert "سند ملک پیوست شد." in response.content.decode()


def test_a_reply_without_files_is_enough(client, waiting):
    response = reply(client, token_from(lookup(client, waiting)), message="نشانی درست است.")
    assert response.status_code == 200
    waiting.refresh_from_db()
    assert waiting.status == Status.IN_REVIEW
    assert not waiting.files.exists()


def test_an_empty_answer_is_refused(client, waiting):
    before = private_files()
    token = token_from(lookup(client, waiting))
    response = reply(client, token, message=" \n ", files=[pdf()])
    assert response.status_code == 400
    assert response.context["reply_form"].errors["message"]
    assert token_from(response) == token  # the form is shown again, still usable
    assert_nothing_written(waiting, before)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not-a-token",
        signing.dumps({"submission": 1}),  # signed, but not for replies
        signing.dumps({"submission": 1}, salt="khedmat.submissions.citizen-reply", key="x" * 50),
    ],
    # Stable ids: signed tokens carry a timestamp, and parallel workers must collect alike.
    ids=["empty", "garbage", "other-salt", "other-key"],
)
def test_a_forged_token_is_refused(client, waiting, token):
    before = private_files()
    response = reply(client, token, files=[pdf()])
    assert response.status_code == 400
    assert response.context["reply_error"]
    assert response.context["submission"] is None  # nothing about any request is shown
    assert waiting.tracking_code not in response.content.decode()
    assert_nothing_written(waiting, before)


def test_a_token_edited_to_name_another_request_is_refused(client, waiting, service):
    before = private_files()
    other = submission_make(service)
    token = token_from(lookup(client, waiting))
    _payload, rest = token.split(":", 1)
    forged_payload = signing.b64_encode(f'{{"submission":{other.pk}}}'.encode()).decode()
    response = reply(client, f"{forged_payload}:{rest}")
    assert response.status_code == 400
    assert_nothing_written(waiting, before)


def test_an_expired_token_is_refused(client, waiting, monkeypatch):
    before = private_files()
    issued = time.time() - replies.REPLY_TOKEN_MAX_AGE - 60
    monkeypatch.setattr(signing.time, "time", lambda: issued)
    token = reply_token_make(submission=waiting)
    monkeypatch.undo()
    response = reply(client, token, files=[pdf()])
    assert response.status_code == 400
    assert response.context["reply_error"]
    assert_nothing_written(waiting, before)


def test_a_program_disguised_as_a_pdf_is_refused(client, waiting):
    before = private_files()
    token = token_from(lookup(client, waiting))
    response = reply(client, token, files=[pdf(), pdf("scan.pdf", EXE_BYTES)])
    assert response.status_code == 400
    errors = response.context["reply_form"].errors["files"]
    assert len(errors) == 1 and "scan.pdf" in errors[0]
    assert_nothing_written(waiting, before)


@pytest.mark.parametrize(
    "files",
    [
        pytest.param(
            lambda: [pdf("big.pdf", PDF_BYTES + b"0" * (replies.REPLY_MAX_SIZE_MB * 1024 * 1024))],
            id="an oversized file",
        ),
        pytest.param(lambda: [pdf(f"{n}.pdf") for n in range(4)], id="more than three files"),
    ],
)
def test_files_over_the_limits_are_refused(client, waiting, files):
    before = private_files()
    token = token_from(lookup(client, waiting))
    response = reply(client, token, files=files())
    assert response.status_code == 400
    assert response.context["reply_form"].errors["files"]
    assert_nothing_written(waiting, before)


def test_a_request_no_longer_waiting_is_a_409(client, waiting):
    before = private_files()
    token = token_from(lookup(client, waiting))
    submission_transition(submission=waiting, status=Status.IN_REVIEW, actor=Actor.STAFF)
    response = reply(client, token, files=[pdf()])
    assert response.status_code == 409
    assert response.context["reply_error"]
    assert not waiting.files.exists()
    assert sorted(private_files()) == sorted(before)
    assert waiting.events.filter(actor_name__gt="").count() == 0


def test_the_same_reply_sent_twice_is_recorded_once(client, waiting):
    token = token_from(lookup(client, waiting))
    assert reply(client, token, files=[pdf()]).status_code == 200
    again = reply(client, token, files=[pdf()])
    assert again.status_code == 409
    assert waiting.files.count() == 1
    assert waiting.events.filter(previous_status=Status.NEEDS_INFO).count() == 1


# -- The service ------------------------------------------------------------------------


def test_the_service_refuses_what_the_form_would(waiting):
    before = private_files()
    with pytest.raises(ValidationError):
        submission_citizen_reply(submission=waiting, message="   ", files=[])
    with pytest.raises(ValidationError):
        submission_citizen_reply(
            submission=waiting, message="پاسخ", files=[pdf("scan.pdf", EXE_BYTES)]
        )
    assert_nothing_written(waiting, before)


def test_the_service_leaves_no_file_behind_when_the_transition_fails(waiting, monkeypatch):
    before = private_files()

    def refuse(**kwargs):
        assert SubmissionFile.objects.filter(submission=waiting).count() == 1  # stored first
        raise TransitionNotAllowed(Status.NEEDS_INFO, Status.IN_REVIEW)

    monkeypatch.setattr(replies, "submission_transition", refuse)
    with pytest.raises(TransitionNotAllowed):
        submission_citizen_reply(submission=waiting, message="پاسخ", files=[pdf()])
    assert_nothing_written(waiting, before)


def test_the_service_refuses_a_request_not_waiting(waiting):
    Submission.objects.filter(pk=waiting.pk).update(status=Status.COMPLETED)
    with pytest.raises(TransitionNotAllowed):
        submission_citizen_reply(submission=waiting, message="پاسخ", files=[pdf()])
    assert not waiting.files.exists()
