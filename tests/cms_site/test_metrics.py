"""/metrics (cms_site/metrics.py): who may read it, and the pipeline's figures."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from receipts.constants import SmsErrorReason, SmsStatus
from receipts.models import SmsMessage
from submissions.constants import StepState
from submissions.models import PipelineStep
from tests.factories import submission_make

pytestmark = pytest.mark.django_db

TOKEN = "metrics-secret-for-tests"


def samples(response) -> dict[tuple, float]:
    text = response.content.decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


@pytest.fixture
def pipeline(service):
    """Known steps and SMS: 3 due and not done, 1 not due yet, 2 failed steps of two
    names, 3 failed SMS (2 timeouts, 1 without a reason) and a sent one."""
    request = submission_make(service)
    PipelineStep.objects.all().delete()
    SmsMessage.objects.all().delete()
    now = timezone.now()
    states = [
        ("a", StepState.PENDING, now - timedelta(minutes=1)),
        ("b", StepState.PENDING, now - timedelta(minutes=1)),
        ("c", StepState.RUNNING, now - timedelta(minutes=1)),
        ("d", StepState.PENDING, now + timedelta(hours=1)),
        ("receipt", StepState.FAILED, now),
        ("routing", StepState.FAILED, now),
        ("e", StepState.DONE, now),
    ]
    for name, state, due in states:
        PipelineStep.objects.create(submission=request, name=name, state=state, next_attempt_at=due)
    sms = [
        (SmsStatus.FAILED, SmsErrorReason.TIMEOUT),
        (SmsStatus.FAILED, SmsErrorReason.TIMEOUT),
        (SmsStatus.FAILED, ""),
        (SmsStatus.SENT, ""),
    ]
    for index, (status, reason) in enumerate(sms):
        SmsMessage.objects.create(
            recipient="09121111111",
            body="x",
            status=status,
            error_reason=reason,
            dedupe_key=f"metrics:{index}",
        )
    return request


@override_settings(METRICS_TOKEN=TOKEN, METRICS_ALLOWED_IPS=[])
def test_the_pipeline_figures(client, pipeline):
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    figures = samples(response)
    assert figures[("khedmat_pipeline_queue_depth", ())] == 3
    assert figures[("khedmat_pipeline_failed_steps", (("step", "receipt"),))] == 1
    assert figures[("khedmat_pipeline_failed_steps", (("step", "routing"),))] == 1
    assert figures[("khedmat_sms_failed", (("reason", "timeout"),))] == 2
    assert figures[("khedmat_sms_failed", (("reason", "unknown"),))] == 1
    assert len([key for key in figures if key[0] == "khedmat_sms_failed"]) == 2
    # django-prometheus' own request metrics are there too.
    assert any(name.startswith("django_http_requests") for name, _ in figures)


@pytest.mark.parametrize(
    ("settings_override", "headers"),
    [
        ({"METRICS_TOKEN": "", "METRICS_ALLOWED_IPS": []}, {}),
        ({"METRICS_TOKEN": "", "METRICS_ALLOWED_IPS": []}, {"HTTP_AUTHORIZATION": "Bearer "}),
        ({"METRICS_TOKEN": TOKEN, "METRICS_ALLOWED_IPS": []}, {}),
        ({"METRICS_TOKEN": TOKEN, "METRICS_ALLOWED_IPS": []}, {"HTTP_AUTHORIZATION": "Bearer x"}),
        ({"METRICS_TOKEN": TOKEN, "METRICS_ALLOWED_IPS": ["10.0.0.0/8"]}, {}),
    ],
)
def test_others_are_refused(client, settings_override, headers):
    with override_settings(**settings_override):
        response = client.get("/metrics", **headers)
    assert response.status_code == 403
    assert b"khedmat_" not in response.content


@override_settings(METRICS_TOKEN="", METRICS_ALLOWED_IPS=["127.0.0.0/8"])
def test_an_allowed_address_reads_it_without_a_token(client):
    response = client.get("/metrics")
    assert response.status_code == 200
    assert b"khedmat_pipeline_queue_depth" in response.content
