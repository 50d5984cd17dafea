"""Delivery to an office-automation system by a real Celery worker and beat, against a
fake automation system on a real local port that is down for the first attempts."""

import pytest

from routing.constants import DeliveryState
from routing.models import AutomationEndpoint, RoutingDecision, RoutingRule
from submissions.constants import Status, StepState
from submissions.models import PipelineStep
from tests.fakes.automation import FakeAutomation

from .conftest import submit_during_outage, sweeps_send_nothing_more, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def automation():
    with FakeAutomation(secret="integration-secret") as fake:
        yield fake


@pytest.fixture
def webhook_rule(transactional_db, automation):
    endpoint = AutomationEndpoint.objects.create(
        name="اتوماسیون اداری", url=automation.url(), secret=automation.secret, timeout_seconds=3
    )
    return RoutingRule.objects.create(
        name="پیش‌فرض", connector="webhook", endpoint=endpoint, is_default=True
    )


def delivered(submission) -> bool:
    return RoutingDecision.objects.filter(
        submission=submission, delivery_state=DeliveryState.DELIVERED
    ).exists()


def test_an_automation_system_down_for_a_while_gets_the_request_exactly_once(
    celery_processes, automation, webhook_rule, service
):
    submission = submit_during_outage(celery_processes, automation, service, failures=2, status=503)

    wait_for(lambda: delivered(submission), timeout=60, what="the delivery after the outage")
    decision = RoutingDecision.objects.get(submission=submission)
    assert decision.delivery_attempts == 3
    step = PipelineStep.objects.get(submission=submission, name="delivery")
    assert (step.state, step.attempts) == (StepState.DONE, 3)
    submission.refresh_from_db()
    assert submission.status == Status.REGISTERED
    assert submission.letter_number == automation.letters[submission.tracking_code]
    sweeps_send_nothing_more()
    assert len(automation.requests) == 3
    assert len(automation.successes) == 1
    assert list(automation.letters) == [submission.tracking_code]
