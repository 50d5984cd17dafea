"""The webhook connector end to end: routing and delivery pipeline steps against a fake
office-automation system on a real local port (signed JSON, Idempotency-Key, letter
numbers, outages, refusals and hangs)."""

import json
import socket
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from formbuilder.persian.text import to_persian_digits
from receipts.constants import SmsEvent
from receipts.models import SmsMessage, SmsTemplate
from routing.constants import DeliveryState
from routing.models import AutomationEndpoint, RoutingDecision, RoutingRule
from routing.signing import signature_for, signature_valid
from submissions.constants import EventKind, Status, StepState
from submissions.models import PipelineStep
from submissions.pipeline import pipeline_step_run
from tests.factories import DepartmentFactory, submission_make
from tests.fakes.automation import FakeAutomation
from tests.submissions.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db

ENDPOINT_NAME = "اتوماسیون اداری شهرداری"


@pytest.fixture(autouse=True)
def steps_run_only_when_asked(monkeypatch):
    """No worker picks steps up by itself: each test runs the steps it means to run."""
    monkeypatch.setattr("submissions.pipeline.tasks.pipeline_step_publish", lambda step_id: None)


@pytest.fixture
def endpoint(db):
    return AutomationEndpoint.objects.create(
        name=ENDPOINT_NAME, url="http://127.0.0.1:9/unused", timeout_seconds=2
    )


@pytest.fixture
def automation(endpoint):
    with FakeAutomation(secret=endpoint.secret) as fake:
        endpoint.url = fake.url()
        endpoint.save()
        yield fake


@pytest.fixture
def unit(db):
    return DepartmentFactory(code="URBAN-PLANNING", name="معاونت شهرسازی")


@pytest.fixture
def webhook_rule(endpoint, unit):
    return RoutingRule.objects.create(
        name="همه درخواست‌ها به اتوماسیون",
        connector="webhook",
        endpoint=endpoint,
        department=unit,
        is_default=True,
    )


@pytest.fixture
def registered_template(db):
    return SmsTemplate.objects.create(
        event=SmsEvent.REGISTERED, body="درخواست {tracking_code} ثبت شد: {letter_number}"
    )


def run(submission, name: str) -> str:
    """Run one pipeline step now, as a worker would once it is due."""
    PipelineStep.objects.filter(submission=submission, name=name).update(
        next_attempt_at=timezone.now()
    )
    return pipeline_step_run(step_id=PipelineStep.objects.get(submission=submission, name=name).pk)


def step(submission, name: str) -> PipelineStep:
    return PipelineStep.objects.get(submission=submission, name=name)


def routed(service):
    submission = submission_make(service)
    assert run(submission, "routing") == StepState.DONE
    return submission


def delivered_once(submission, step_state, delivery_state, status: int) -> RoutingDecision:
    """Run the delivery step once: the step ends in `step_state` and the routing decision
    in `delivery_state`, both naming the answer's HTTP `status`; returns the decision."""
    assert run(submission, "delivery") == step_state
    assert f"HTTP {status}" in step(submission, "delivery").last_error
    decision = RoutingDecision.objects.get(submission=submission)
    assert decision.delivery_state == delivery_state
    assert f"HTTP {status}" in decision.last_error
    return decision


def free_port_url() -> str:
    """An address nobody listens on: connections are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/letters"


def test_delivery_registers_the_letter_and_moves_the_request_to_registered(
    service,
    automation,
    endpoint,
    webhook_rule,
    unit,
    registered_template,
    django_capture_on_commit_callbacks,
):
    submission = submission_make(
        service,
        answers={"deed": [{"name": "سند.pdf", "content_type": "application/pdf"}]},
        uploads={"deed": [SimpleUploadedFile("deed.pdf", PDF_BYTES)]},
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert run(submission, "routing") == StepState.DONE
        assert run(submission, "delivery") == StepState.DONE

    [request] = automation.requests
    letter = automation.letters[submission.tracking_code]
    submission.refresh_from_db()
    assert submission.status == Status.REGISTERED
    assert submission.letter_number == letter == "1405/1001"
    decision = RoutingDecision.objects.get(submission=submission)
    assert (decision.delivery_state, decision.delivery_attempts) == (DeliveryState.DELIVERED, 1)
    assert decision.delivered_at is not None and decision.last_error == ""
    event = submission.events.get(kind=EventKind.STATUS)
    assert (event.status, event.actor_name) == (Status.REGISTERED, ENDPOINT_NAME)
    assert submission.history.first().history_change_reason == ENDPOINT_NAME
    sms = SmsMessage.objects.get(submission=submission, event=SmsEvent.REGISTERED)
    assert to_persian_digits("1405/1001") in sms.body
    assert_the_letter_request(request, submission, service, endpoint)


def assert_the_letter_request(request, submission, service, endpoint) -> None:
    """What went over the wire for `submission` to `service`'s letter: JSON signed with
    `endpoint`'s secret, keyed by the tracking code, describing the deed without sending it."""
    assert request.method == "POST"
    assert request.meta["signature_ok"] is True
    assert request.headers["X-Khedmat-Signature"] == signature_for(endpoint.secret, request.body)
    assert request.headers["Idempotency-Key"] == submission.tracking_code
    assert request.headers["Content-Type"] == "application/json"
    document = json.loads(request.body)
    assert document["tracking_code"] == submission.tracking_code
    assert document["service_code"] == service.service_code
    assert document["service_title"] == service.title
    assert document["status"] == Status.SUBMITTED
    assert document["channel"] == "online"
    assert document["department"] == {"code": "URBAN-PLANNING", "name": "معاونت شهرسازی"}
    assert document["due_date"] == submission.due_date.isoformat()
    assert document["priority"] == "normal"
    assert document["applicant"] == {"mobile": "09121234567", "national_id": "0013542419"}
    assert document["data"] == submission.data
    assert document["created_at"].startswith(submission.created_at.date().isoformat())
    assert document["files"] == [
        {
            "key": "deed",
            "name": "سند.pdf",
            "content_type": "application/pdf",
            "size": len(PDF_BYTES),
        }
    ]
    assert b"%PDF" not in request.body  # files are described, never sent
    assert document["receipt_url"] == f"http://testserver/requests/{submission.access_token}/"
    assert document["track_url"] == f"http://testserver/track/?code={submission.tracking_code}"


def test_delivering_again_sends_nothing_more(service, automation, webhook_rule):
    submission = routed(service)
    assert run(submission, "delivery") == StepState.DONE
    PipelineStep.objects.filter(submission=submission, name="delivery").update(
        state=StepState.PENDING
    )
    assert run(submission, "delivery") == StepState.DONE
    assert len(automation.requests) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_an_endpoint_that_is_down_is_retried_until_it_is_back(
    service, automation, webhook_rule, status
):
    automation.fail_next(1, status=status)
    submission = routed(service)

    decision = delivered_once(submission, StepState.PENDING, DeliveryState.PENDING, status)
    assert step(submission, "delivery").next_attempt_at > timezone.now()  # later, backed off
    submission.refresh_from_db()
    assert submission.status == Status.SUBMITTED

    assert run(submission, "delivery") == StepState.DONE
    decision.refresh_from_db()
    assert (decision.delivery_state, decision.delivery_attempts) == (DeliveryState.DELIVERED, 2)
    assert decision.last_error == ""
    assert len(automation.successes) == 1
    assert len(automation.letters) == 1
    submission.refresh_from_db()
    assert submission.status == Status.REGISTERED
    assert submission.letter_number == automation.letters[submission.tracking_code]


def test_a_refused_connection_is_retried_until_the_system_listens(
    service, automation, endpoint, webhook_rule
):
    live_url = endpoint.url
    AutomationEndpoint.objects.filter(pk=endpoint.pk).update(url=free_port_url())
    submission = routed(service)

    assert run(submission, "delivery") == StepState.PENDING
    assert "unreachable" in step(submission, "delivery").last_error
    assert "unreachable" in RoutingDecision.objects.get(submission=submission).last_error
    assert automation.requests == []

    AutomationEndpoint.objects.filter(pk=endpoint.pk).update(url=live_url)
    assert run(submission, "delivery") == StepState.DONE
    assert len(automation.requests) == len(automation.successes) == 1
    submission.refresh_from_db()
    assert submission.status == Status.REGISTERED


@pytest.mark.parametrize("status", [400, 404, 409, 422])
def test_a_refusal_fails_the_delivery_at_once_with_the_answer_visible(
    service, automation, webhook_rule, status
):
    automation.reject_next(1, status=status)
    submission = routed(service)

    decision = delivered_once(submission, StepState.FAILED, DeliveryState.FAILED, status)
    assert "from the fake automation" in decision.last_error  # an excerpt of the answer
    assert run(submission, "delivery") == "skipped"  # no retry without staff
    assert len(automation.requests) == 1
    submission.refresh_from_db()
    assert submission.status == Status.SUBMITTED


def test_the_fake_checks_our_signature(service, automation, webhook_rule):
    automation.secret = "another secret"
    submission = routed(service)
    assert run(submission, "delivery") == StepState.FAILED
    assert automation.requests[0].meta["signature_ok"] is False
    assert "HTTP 401" in RoutingDecision.objects.get(submission=submission).last_error


def test_a_hang_beyond_the_timeout_is_temporary_and_the_retry_gets_the_same_letter(
    service, automation, endpoint, webhook_rule
):
    AutomationEndpoint.objects.filter(pk=endpoint.pk).update(timeout_seconds=1)
    automation.hang_next(1, seconds=4)  # the letter is registered, the answer comes late
    submission = routed(service)

    assert run(submission, "delivery") == StepState.PENDING
    assert "did not answer within 1s" in step(submission, "delivery").last_error
    assert list(automation.letters) == [submission.tracking_code]

    assert run(submission, "delivery") == StepState.DONE
    submission.refresh_from_db()
    assert len(automation.letters) == 1  # the Idempotency-Key kept it to one letter
    assert submission.letter_number == automation.letters[submission.tracking_code]
    keys = {request.meta["idempotency_key"] for request in automation.requests}
    assert keys == {submission.tracking_code}


def test_an_inactive_endpoint_waits_and_delivers_once_active_again(
    service, automation, endpoint, webhook_rule
):
    AutomationEndpoint.objects.filter(pk=endpoint.pk).update(is_active=False)
    submission = routed(service)

    assert run(submission, "delivery") == StepState.PENDING
    assert "Endpoint inactive" in step(submission, "delivery").last_error
    assert automation.requests == []

    AutomationEndpoint.objects.filter(pk=endpoint.pk).update(is_active=True)
    assert run(submission, "delivery") == StepState.DONE
    assert len(automation.successes) == 1


@pytest.mark.parametrize(
    "body", [b"OK", {"received": True}, {"letter_number": ""}, [1, 2], {"letter_number": None}]
)
def test_a_success_without_a_letter_number_is_delivered_and_stays_submitted(
    service, automation, webhook_rule, body
):
    automation.answer_next(200, body)
    submission = routed(service)
    assert run(submission, "delivery") == StepState.DONE
    assert RoutingDecision.objects.get(submission=submission).delivery_state == (
        DeliveryState.DELIVERED
    )
    submission.refresh_from_db()
    assert (submission.status, submission.letter_number) == (Status.SUBMITTED, "")
    assert not submission.events.filter(actor_name=ENDPOINT_NAME).exists()


def test_a_numeric_letter_number_is_kept_as_text(service, automation, webhook_rule):
    automation.answer_next(201, {"letter_number": 140512345})
    submission = routed(service)
    assert run(submission, "delivery") == StepState.DONE
    submission.refresh_from_db()
    assert (submission.status, submission.letter_number) == (Status.REGISTERED, "140512345")


def test_a_redirect_is_not_followed(service, automation, webhook_rule):
    automation.answer_next(302, {"moved": True})
    submission = routed(service)
    assert run(submission, "delivery") == StepState.FAILED
    assert "HTTP 302" in RoutingDecision.objects.get(submission=submission).last_error


def test_signatures():
    body = '{"tracking_code": "۱۲۳۴"}'.encode()
    header = signature_for("s3cret", body)
    assert header.startswith("sha256=") and len(header) == len("sha256=") + 64
    assert signature_valid("s3cret", body, header)
    assert signature_valid("s3cret", body, header.upper().replace("SHA256=", "sha256="))
    assert not signature_valid("s3cret", body + b" ", header)
    assert not signature_valid("other", body, header)
    assert not signature_valid("s3cret", body, header.replace("sha256=", "sha1="))
    assert not signature_valid("s3cret", body, "")
    assert not signature_valid("s3cret", body, None)
    assert not signature_valid("s3cret", body, "sha256=ژ")
    assert not signature_valid("", body, signature_for("", body))


def test_a_delivery_keeps_retrying_through_its_window_then_fails(
    service, automation, webhook_rule, settings
):
    settings.DELIVERY_RETRY_HOURS = 48
    submission = routed(service)
    automation.fail_next(10, status=503)
    for _attempt in range(10):  # well past the six attempts of other steps
        assert run(submission, "delivery") == StepState.PENDING
    # Two days after its first attempt the system is still down: it fails, for staff.
    PipelineStep.objects.filter(submission=submission, name="delivery").update(
        first_attempt_at=timezone.now() - timedelta(hours=48, minutes=1)
    )
    automation.fail_next(1, status=503)
    assert run(submission, "delivery") == StepState.FAILED
    assert "HTTP 503" in step(submission, "delivery").last_error
    assert len(automation.requests) == 11 and automation.letters == {}


def test_deliveries_that_failed_meanwhile_start_again_when_the_endpoint_answers(
    service, automation, webhook_rule, endpoint
):
    waiting, failed, refused = routed(service), routed(service), routed(service)
    automation.fail_next(2, status=503)
    assert run(waiting, "delivery") == StepState.PENDING  # backing off
    assert run(failed, "delivery") == StepState.PENDING
    PipelineStep.objects.filter(submission=failed, name="delivery").update(
        state=StepState.FAILED  # its window ran out while the system was down
    )
    automation.reject_next(1, status=400)
    assert run(refused, "delivery") == StepState.FAILED  # refused: staff must look at it
    endpoint.refresh_from_db()
    assert endpoint.failing_since is not None

    assert run(routed(service), "delivery") == StepState.DONE  # the system answers again
    endpoint.refresh_from_db()
    assert endpoint.failing_since is None
    for submission in (waiting, failed):
        delivery = step(submission, "delivery")
        assert (delivery.state, delivery.attempts) == (StepState.PENDING, 0)
        assert delivery.next_attempt_at <= timezone.now()
    assert step(refused, "delivery").state == StepState.FAILED
