"""The status machine: every allowed and forbidden step, who may take it, one SMS a stage."""

import importlib
import itertools

import pytest
from django.apps import apps as django_apps

from receipts.constants import SmsEvent
from receipts.models import SmsMessage, SmsTemplate
from submissions.constants import Actor, Status
from submissions.models import Submission
from submissions.services import (
    TransitionForbidden,
    TransitionNotAllowed,
    submission_take,
    submission_transition,
)
from tests.factories import (
    DepartmentFactory,
    UserFactory,
    submission_make,
    submission_registered_by_automation,
)
from tests.submissions.conftest import SMS_OF_A_REFERRED_REQUEST

pytestmark = pytest.mark.django_db

# DESIGN.md's "Statuses", written out by hand (not read from the code's table), so a
# wrong edge in `TRANSITIONS` fails one of the two tests below.
ALLOWED = [
    ("submitted", "registered"),  # registered in the automation system
    ("submitted", "in_review"),  # taken into review straight away
    ("registered", "in_review"),
    ("in_review", "referred"),
    ("in_review", "needs_info"),
    ("in_review", "completed"),
    ("in_review", "rejected"),
    ("referred", "in_review"),
    ("referred", "referred"),  # referred on to yet another department
    ("needs_info", "in_review"),  # the citizen's answer, or staff
]
STATUSES = ["submitted", "registered", "in_review", "referred", "needs_info"]
STATUSES += ["completed", "rejected"]
FORBIDDEN = [pair for pair in itertools.product(STATUSES, STATUSES) if pair not in ALLOWED]


@pytest.fixture
def templates(db):
    for event in SmsEvent.values:
        SmsTemplate.objects.create(event=event, body=f"{event}: {{tracking_code}} {{status}}")


def at_status(service, status):
    submission = submission_make(service)
    Submission.objects.filter(pk=submission.pk).update(status=status)
    submission.refresh_from_db()
    return submission


@pytest.mark.parametrize(("current", "target"), ALLOWED)
def test_every_allowed_transition(service, current, target):
    submission = at_status(service, current)
    event = submission_transition(
        submission=submission, status=target, actor=Actor.STAFF, public_message="پیام"
    )
    submission.refresh_from_db()
    assert submission.status == target
    assert (event.previous_status, event.status, event.public_message) == (current, target, "پیام")
    # A request is closed when it enters a final status, at its event's time.
    expected_closed = event.created_at if target in ("completed", "rejected") else None
    assert submission.closed_at == expected_closed


def test_closing_times_are_filled_in_from_the_final_events(service):
    """The migration that added `closed_at` takes it from each request's final event."""
    closed_at_backfill = importlib.import_module(
        "submissions.migrations.0006_submission_closed_at"
    ).closed_at_backfill
    finished = at_status(service, Status.IN_REVIEW)
    event = submission_transition(submission=finished, status=Status.REJECTED, actor=Actor.STAFF)
    still_open = at_status(service, Status.IN_REVIEW)
    Submission.objects.update(closed_at=None)

    closed_at_backfill(django_apps, None)

    assert Submission.objects.get(pk=finished.pk).closed_at == event.created_at
    assert Submission.objects.get(pk=still_open.pk).closed_at is None


@pytest.mark.parametrize(("current", "target"), FORBIDDEN)
def test_every_forbidden_transition_changes_nothing(service, current, target):
    submission = at_status(service, current)
    with pytest.raises(TransitionNotAllowed):
        submission_transition(submission=submission, status=target, actor=Actor.STAFF)
    submission.refresh_from_db()
    assert submission.status == current
    assert submission.events.count() == 1  # only "submitted"


def test_the_statuses_are_the_designed_seven():
    assert sorted(Status.values) == sorted(STATUSES)


def test_the_citizen_may_only_answer_a_request_for_information(service):
    submission = at_status(service, Status.NEEDS_INFO)
    submission_transition(submission=submission, status=Status.IN_REVIEW, actor=Actor.CITIZEN)
    with pytest.raises(TransitionForbidden):
        submission_transition(submission=submission, status=Status.COMPLETED, actor=Actor.CITIZEN)


def test_one_sms_per_stage_and_none_for_a_referral_within_a_stage(
    service, templates, django_capture_on_commit_callbacks
):
    submission = submission_make(service)
    unit_a, unit_b = DepartmentFactory(), DepartmentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        submission_transition(submission=submission, status=Status.IN_REVIEW, actor=Actor.STAFF)
        submission_transition(
            submission=submission, status=Status.REFERRED, actor=Actor.STAFF, department=unit_a
        )
        submission_transition(
            submission=submission, status=Status.REFERRED, actor=Actor.STAFF, department=unit_b
        )
        submission_transition(submission=submission, status=Status.IN_REVIEW, actor=Actor.STAFF)
        submission_transition(submission=submission, status=Status.COMPLETED, actor=Actor.STAFF)
    sent = list(SmsMessage.objects.filter(submission=submission).order_by("pk"))
    assert [m.event for m in sent] == SMS_OF_A_REFERRED_REQUEST
    assert all(m.status == "sent" for m in sent)
    submission.refresh_from_db()
    assert submission.department == unit_b


def test_the_letter_number_is_kept_and_sent(service, templates, django_capture_on_commit_callbacks):
    SmsTemplate.objects.filter(event="registered").update(body="نامه {letter_number}")
    submission = submission_make(service)
    with django_capture_on_commit_callbacks(execute=True):
        submission_registered_by_automation(
            submission, actor_name="اتوماسیون", letter_number="1405/123"
        )
    submission.refresh_from_db()
    assert submission.letter_number == "1405/123"
    assert SmsMessage.objects.get(event="registered").body == "نامه ۱۴۰۵/۱۲۳"


def test_history_names_the_user(service):
    staff = UserFactory(username="reviewer")
    submission = submission_make(service)
    submission_transition(
        submission=submission, status=Status.IN_REVIEW, actor=Actor.STAFF, user=staff
    )
    latest = submission.history.first()
    assert latest.status == Status.IN_REVIEW and latest.history_user == staff


def test_taking_a_request_assigns_it_and_starts_the_review(service):
    staff = UserFactory(username="reviewer")
    submission = submission_make(service)
    submission_take(submission=submission, user=staff)
    assert submission.assigned_to == staff and submission.status == Status.IN_REVIEW
