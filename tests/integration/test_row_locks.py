"""Row locks take only the row they mean: citizens' submissions and the routing and receipt
steps, run at the same time on PostgreSQL, meet no deadlock.

A lock taken through a join (`select_for_update()` with `select_related`) would also lock
the service page and the form version FOR UPDATE, which every new submission's foreign
keys must share at commit: two such transactions wait for each other.
"""

import threading

import pytest
from django.db import connection

from receipts.models import Receipt
from receipts.services import receipt_generate
from routing.models import RoutingDecision
from routing.services import submission_route
from submissions.models import Submission
from tests.factories import submission_make

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

SUBMITTERS = 4
SUBMISSIONS_EACH = 15
STEPPERS = 2
ROUTED_EACH = 6


def test_concurrent_submissions_routing_and_receipts_meet_no_deadlock(service, monkeypatch):
    # Only the inserts here: the steps are run by the "workers" below, at the same time.
    monkeypatch.setattr("submissions.pipeline.runner._wake_publish", lambda submission_id: None)
    queued = [submission_make(service) for _ in range(STEPPERS * ROUTED_EACH)]
    errors: list[BaseException] = []
    start = threading.Barrier(SUBMITTERS + STEPPERS)

    def in_thread(work):
        def run():
            try:
                start.wait(timeout=30)
                work()
            except BaseException as exc:  # collected, then asserted
                errors.append(exc)
            finally:
                connection.close()

        return threading.Thread(target=run)

    def submit():
        for _ in range(SUBMISSIONS_EACH):
            submission_make(service)

    def steps(chunk):
        def work():
            for submission in chunk:
                submission_route(submission=submission)
                receipt_generate(submission=submission)

        return work

    threads = [in_thread(submit) for _ in range(SUBMITTERS)] + [
        in_thread(steps(queued[n::STEPPERS])) for n in range(STEPPERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert Submission.objects.count() == len(queued) + SUBMITTERS * SUBMISSIONS_EACH
    assert RoutingDecision.objects.count() == len(queued)
    assert Receipt.objects.count() == len(queued)
