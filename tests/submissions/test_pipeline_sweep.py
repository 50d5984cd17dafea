"""The sweep on the retry machine: one message in flight per step, sent in bounded batches,
oldest first, none past the limit in flight; retries sent when due; a broker that is down
leaves the work to the next sweep."""

from datetime import timedelta

import pytest
from django.utils import timezone

from submissions.constants import StepState
from submissions.models import PipelineStep
from submissions.pipeline import StepDefinition, pipeline, pipeline_step_run, pipeline_sweep
from tests.factories import submission_make

pytestmark = pytest.mark.django_db

# The steps a new request can run at once; "receipt" and "delivery" wait for "routing".
READY_STEPS = {"routing", "sms_received"}


@pytest.fixture
def published(monkeypatch):
    """The step ids sent to the broker, in order (no worker runs them)."""
    sent: list[int] = []
    monkeypatch.setattr("submissions.pipeline.tasks.pipeline_step_publish", sent.append)
    return sent


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    def run() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return pipeline_sweep()

    return run


def lost_backlog(service, n: int) -> list[int]:
    """`n` requests whose wake-up message was lost (no message in flight), the ids of their
    ready steps from the oldest due to the newest."""
    now = timezone.now()
    for number in range(n):
        submission = submission_make(service)
        PipelineStep.objects.filter(submission=submission).update(
            dispatched_until=None, next_attempt_at=now - timedelta(minutes=n - number)
        )
    return list(
        PipelineStep.objects.filter(name__in=READY_STEPS)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)
    )


def test_a_lost_step_is_sent_once_and_again_only_when_its_message_is_overdue(
    service, published, sweep
):
    ready = lost_backlog(service, 1)
    assert sweep() == 2 and published == ready
    # Its message is in flight: however often the sweep runs, nothing more is sent.
    assert sweep() == 0 and sweep() == 0
    assert published == ready
    # The message's dispatch lease runs out (it died with the broker): sent again.
    PipelineStep.objects.filter(pk__in=ready).update(
        dispatched_until=timezone.now() - timedelta(seconds=1)
    )
    assert sweep() == 2 and published == ready + ready


def test_a_backlog_is_sent_oldest_first_in_batches_up_to_the_limit_in_flight(
    service, published, sweep, settings
):
    settings.PIPELINE_SWEEP_BATCH = 5
    settings.PIPELINE_DISPATCH_MAX_IN_FLIGHT = 12
    ready = lost_backlog(service, 10)  # 20 ready steps
    assert [sweep(), sweep(), sweep(), sweep()] == [5, 5, 2, 0]
    assert published == ready[:12]
    # Workers claim five (their messages are used up): the sweep sends the next five.
    PipelineStep.objects.filter(pk__in=ready[:5]).update(
        state=StepState.RUNNING,
        lease_expires_at=timezone.now() + timedelta(minutes=1),
        dispatched_until=None,
    )
    assert sweep() == 5
    assert published == ready[:17]


def test_steps_waiting_for_another_are_not_sent(service, published, sweep):
    lost_backlog(service, 3)
    sweep()
    names = set(PipelineStep.objects.filter(pk__in=published).values_list("name", flat=True))
    assert names == READY_STEPS


def test_a_broker_that_is_down_leaves_the_steps_to_the_next_sweep(service, monkeypatch, sweep):
    ready = lost_backlog(service, 2)

    def broker_down(step_id):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr("submissions.pipeline.tasks.pipeline_step_publish", broker_down)
    assert sweep() == 4  # picked, but not sent: no exception, and no mark left behind
    assert not PipelineStep.objects.filter(pk__in=ready, dispatched_until__isnull=False).exists()
    sent: list[int] = []
    monkeypatch.setattr("submissions.pipeline.tasks.pipeline_step_publish", sent.append)
    assert sweep() == 4 and sent == ready


def test_a_failed_attempt_is_sent_again_by_the_sweep_when_due(
    service, published, sweep, monkeypatch
):
    calls = []

    def flaky(submission):
        calls.append(submission.pk)
        if len(calls) == 1:
            raise ConnectionError("automation system down")

    monkeypatch.setitem(
        pipeline._items, "flaky", StepDefinition(name="flaky", label="flaky", handler=flaky)
    )
    submission = submission_make(service)
    step = PipelineStep.objects.get(submission=submission, name="flaky")
    assert pipeline_step_run(step_id=step.pk) == StepState.PENDING
    step.refresh_from_db()
    assert step.dispatched_until is None and step.next_attempt_at > timezone.now()
    PipelineStep.objects.filter(submission=submission).exclude(pk=step.pk).update(
        state=StepState.DONE
    )
    assert sweep() == 0  # not due yet: no message scheduled for it
    PipelineStep.objects.filter(pk=step.pk).update(next_attempt_at=timezone.now())
    assert sweep() == 1 and published == [step.pk]


def test_the_sweep_tops_the_broker_queue_up_to_a_batch(
    service, published, sweep, settings, monkeypatch
):
    settings.PIPELINE_SWEEP_BATCH = 5
    ready = lost_backlog(service, 5)  # 10 ready steps
    monkeypatch.setattr("submissions.pipeline.retry.broker_waiting", lambda: 5)
    assert sweep() == 0  # the workers have a batch waiting already
    monkeypatch.setattr("submissions.pipeline.retry.broker_waiting", lambda: 2)
    assert sweep() == 3 and published == ready[:3]


def test_with_nothing_waiting_in_the_broker_a_mark_older_than_a_sweep_is_stale(
    service, published, sweep, settings, monkeypatch
):
    """Redis restarted empty: the messages of the marked rows are gone; they are sent
    again at the next sweep, not one dispatch lease later."""
    settings.PIPELINE_DISPATCH_LEASE_SECONDS = 300
    settings.SWEEP_INTERVAL_SECONDS = 15
    ready = lost_backlog(service, 2)
    sent_at = timezone.now() - timedelta(seconds=16)
    PipelineStep.objects.filter(pk__in=ready[:2]).update(
        dispatched_until=sent_at + timedelta(seconds=300)
    )
    PipelineStep.objects.filter(pk__in=ready[2:]).update(
        dispatched_until=timezone.now() + timedelta(seconds=300)  # sent just now
    )
    monkeypatch.setattr("submissions.pipeline.retry.broker_waiting", lambda: 0)
    assert sweep() == 2 and published == ready[:2]
    # While messages wait in the broker, a mark holds for its whole lease.
    PipelineStep.objects.filter(pk__in=ready[:2]).update(
        dispatched_until=sent_at + timedelta(seconds=300)
    )
    monkeypatch.setattr("submissions.pipeline.retry.broker_waiting", lambda: 1)
    assert sweep() == 0
