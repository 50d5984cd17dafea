"""The embedded default (no broker): the send answers at once, the receipt, routing and
SMS follow in a background thread, and the receipt link says "being prepared" until then
(issue 15, item 7)."""

import threading

import pytest

from receipts.models import Receipt
from submissions.models import Submission
from submissions.pipeline import embedded

from .test_apply import APPLY, Wizard

pytestmark = pytest.mark.django_db


class HeldExecutor:
    """The background thread, held: what it was given runs only when the test says."""

    def __init__(self):
        self.jobs = []

    def submit(self, function, *args):
        self.jobs.append((function, args))

    def run_all(self):
        """Each job's work, here (its wrapper would close this thread's connection)."""
        for _run, (work, *args) in self.jobs:
            work(*args)


def test_the_send_answers_before_the_pipeline_runs(
    client, service, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.PIPELINE_EMBEDDED_BACKGROUND = True  # Celery is eager: no broker in tests
    held = HeldExecutor()
    monkeypatch.setattr(embedded, "executor", lambda: held)
    wizard = Wizard(client, APPLY, service)
    wizard.fill_every_step(area="50")
    with django_capture_on_commit_callbacks(execute=True):
        response = wizard.post("review", {"confirm": "on"})
    submission = Submission.objects.get()
    assert response["Location"] == f"/requests/{submission.access_token}/"
    assert len(held.jobs) == 1 and not Receipt.objects.exists()
    pending = client.get(f"/requests/{submission.access_token}/receipt.pdf")
    assert pending.status_code == 202 and "در حال آماده" in pending.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        held.run_all()  # the background thread's turn
    assert Receipt.objects.filter(submission=submission).exists()
    ready = client.get(f"/requests/{submission.access_token}/receipt.pdf")
    assert ready.status_code == 200 and ready["Content-Type"] == "application/pdf"


def test_with_a_broker_nothing_runs_in_the_background(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.PIPELINE_EMBEDDED_BACKGROUND = True
    assert not embedded.embedded_background()


def test_the_background_thread_runs_the_work_away_from_the_request():
    seen = []
    embedded.run_in_background(lambda: seen.append(threading.current_thread().name)).result(10)
    assert seen and seen[0].startswith("khedmat-pipeline")
    # A failure is logged, never raised into anyone's request.
    embedded.run_in_background(lambda: 1 / 0).result(10)
