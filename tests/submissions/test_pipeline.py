"""The request pipeline: steps recorded with the submission, run once, retried, swept."""

from datetime import timedelta

import pytest
from django.utils import timezone

from receipts.constants import SmsStatus
from receipts.models import Receipt, SmsMessage
from submissions.constants import StepState
from submissions.models import PipelineStep
from submissions.pipeline import (
    StepDefinition,
    pipeline,
    pipeline_step_retry,
    pipeline_step_run,
    pipeline_sweep,
    retry_delay,
)
from tests.factories import submission_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def flaky_step(monkeypatch):
    """A registered step that fails as many times as asked, then succeeds."""
    calls = []
    failures = {"left": 0}

    def handler(submission):
        calls.append(submission.pk)
        if failures["left"]:
            failures["left"] -= 1
            raise ConnectionError("automation system down")

    monkeypatch.setitem(
        pipeline._items,
        "flaky",
        StepDefinition(name="flaky", label="flaky", handler=handler, max_attempts=3),
    )
    return calls, failures


def step(submission, name):
    return PipelineStep.objects.get(submission=submission, name=name)


def test_a_submission_gets_its_steps_and_they_run_after_commit(
    service, received_template, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submission = submission_make(service)
    assert {s.name: s.state for s in submission.pipeline_steps.all()} == {
        "routing": StepState.PENDING,
        "delivery": StepState.PENDING,
        "receipt": StepState.PENDING,
        "sms_received": StepState.PENDING,
    }
    assert not Receipt.objects.exists()  # nothing ran inside the request's transaction
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    assert step(submission, "receipt").state == StepState.DONE
    assert step(submission, "sms_received").state == StepState.DONE
    assert Receipt.objects.filter(submission=submission).count() == 1
    message = SmsMessage.objects.get(submission=submission)
    assert message.status == SmsStatus.SENT  # the outbox backend
    assert message.recipient == "09121234567"
    assert message.body.endswith(
        submission.tracking_code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    )


def test_running_every_step_twice_gives_one_receipt_and_one_sms(
    service, received_template, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = submission_make(service)
    # A redelivered message finds the steps done and does nothing.
    for s in submission.pipeline_steps.all():
        assert pipeline_step_run(step_id=s.pk) == "skipped"
    # Even forced to run again (as after a worker died before recording "done"):
    PipelineStep.objects.filter(submission=submission).update(state=StepState.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        for s in submission.pipeline_steps.all():
            pipeline_step_run(step_id=s.pk)  # a step may already have woken the next one
    assert set(submission.pipeline_steps.values_list("state", flat=True)) == {StepState.DONE}
    assert Receipt.objects.filter(submission=submission).count() == 1
    assert SmsMessage.objects.filter(submission=submission).count() == 1


def test_a_failing_step_is_retried_with_back_off_then_fails_visibly(service, flaky_step, settings):
    calls, failures = flaky_step
    failures["left"] = 5
    submission = submission_make(service)
    flaky = step(submission, "flaky")
    before = timezone.now()
    assert pipeline_step_run(step_id=flaky.pk) == StepState.PENDING
    flaky.refresh_from_db()
    assert flaky.attempts == 1
    assert "automation system down" in flaky.last_error
    assert flaky.next_attempt_at >= before + timedelta(
        seconds=settings.PIPELINE_RETRY_BASE_SECONDS * 0.8
    )
    # Not due yet: a message arriving early does nothing.
    assert pipeline_step_run(step_id=flaky.pk) == "skipped"
    for _attempt in (2, 3):
        PipelineStep.objects.filter(pk=flaky.pk).update(next_attempt_at=timezone.now())
        pipeline_step_run(step_id=flaky.pk)
    flaky.refresh_from_db()
    assert flaky.state == StepState.FAILED and flaky.attempts == 3
    assert len(calls) == 3
    # The submission itself is untouched.
    submission.refresh_from_db()
    assert submission.status == "submitted"


def test_back_off_doubles_up_to_the_cap(settings):
    settings.PIPELINE_RETRY_BASE_SECONDS = 10
    settings.PIPELINE_RETRY_MAX_SECONDS = 100
    assert 8 <= retry_delay(1).total_seconds() <= 12
    assert 16 <= retry_delay(2).total_seconds() <= 24
    assert 80 <= retry_delay(10).total_seconds() <= 120


def test_staff_retry_starts_a_failed_step_again(
    service, flaky_step, django_capture_on_commit_callbacks
):
    calls, _ = flaky_step
    submission = submission_make(service)
    flaky = step(submission, "flaky")
    PipelineStep.objects.filter(pk=flaky.pk).update(state=StepState.FAILED, attempts=3)
    flaky.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        pipeline_step_retry(step=flaky)
    flaky.refresh_from_db()
    assert flaky.state == StepState.DONE and flaky.attempts == 1
    assert calls == [submission.pk]


def test_the_sweep_runs_steps_whose_message_was_lost(
    service, flaky_step, django_capture_on_commit_callbacks
):
    calls, _ = flaky_step
    submission = submission_make(service)  # on_commit never ran: the message was "lost"
    flaky = step(submission, "flaky")
    assert pipeline_sweep() == 0  # its own message is still in flight
    # The message's dispatch lease runs out: it was lost.
    PipelineStep.objects.filter(submission=submission).update(
        dispatched_until=timezone.now() - timedelta(seconds=1)
    )
    # Every step but "delivery" and "receipt", which wait for "routing".
    with django_capture_on_commit_callbacks(execute=True):
        assert pipeline_sweep() == 3
    flaky.refresh_from_db()
    assert flaky.state == StepState.DONE and calls == [submission.pk]


def test_the_sweep_takes_over_a_dead_workers_step(
    service, flaky_step, django_capture_on_commit_callbacks
):
    submission = submission_make(service)
    flaky = step(submission, "flaky")
    # A worker claimed it and died: running, with its lease expired.
    PipelineStep.objects.filter(pk=flaky.pk).update(
        state=StepState.RUNNING,
        attempts=1,
        lease_expires_at=timezone.now() - timedelta(seconds=1),
        dispatched_until=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        pipeline_sweep()
    flaky.refresh_from_db()
    assert flaky.state == StepState.DONE and flaky.attempts == 2


def test_a_running_step_with_a_live_lease_is_left_alone(service, flaky_step):
    calls, _ = flaky_step
    submission = submission_make(service)
    flaky = step(submission, "flaky")
    PipelineStep.objects.filter(pk=flaky.pk).update(
        state=StepState.RUNNING, attempts=1, lease_expires_at=timezone.now() + timedelta(minutes=1)
    )
    assert pipeline_step_run(step_id=flaky.pk) == "skipped"
    assert calls == []


def test_a_step_whose_worker_keeps_dying_ends_failed(service, flaky_step):
    submission = submission_make(service)
    flaky = step(submission, "flaky")
    PipelineStep.objects.filter(pk=flaky.pk).update(
        state=StepState.RUNNING, attempts=3, lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    pipeline_sweep()
    flaky.refresh_from_db()
    assert flaky.state == StepState.FAILED
    assert "worker stopped" in flaky.last_error


def test_a_step_waits_for_the_steps_it_comes_after(
    service, monkeypatch, django_capture_on_commit_callbacks
):
    order = []
    monkeypatch.setitem(
        pipeline._items,
        "first",
        StepDefinition(name="first", label="first", handler=lambda s: order.append("first")),
    )
    monkeypatch.setitem(
        pipeline._items,
        "second",
        StepDefinition(
            name="second",
            label="second",
            handler=lambda s: order.append("second"),
            after=("first",),
        ),
    )
    submission = submission_make(service)
    assert pipeline_step_run(step_id=step(submission, "second").pk) == "waiting"
    assert step(submission, "second").attempts == 0
    with django_capture_on_commit_callbacks(execute=True):
        pipeline_step_run(step_id=step(submission, "first").pk)  # wakes "second" when done
    assert order == ["first", "second"]
    assert step(submission, "second").state == StepState.DONE


def test_a_broker_down_at_commit_does_not_break_the_request(
    service, monkeypatch, django_capture_on_commit_callbacks
):
    from submissions import pipeline as pipeline_module

    def broker_down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(pipeline_module.tasks.pipeline_wake_task, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        submission = submission_make(service)  # no exception reaches the citizen
    assert submission.pk and step(submission, "receipt").state == StepState.PENDING
