"""Overdue, one rule: past its committed completion date and not completed or rejected.

The cases are written by hand; the SQL form and the form for a loaded request must agree
on each, and the statistics' headline counts the same requests.
"""

import datetime

import pytest

from cms_site.statistics.selectors import statistics_headline
from submissions.models import Submission
from submissions.selectors import overdue_q, submission_is_overdue
from tests.factories import submission_make

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)
YESTERDAY = TODAY - datetime.timedelta(days=1)

CASES = [
    # (status, due date, overdue?)
    ("submitted", YESTERDAY, True),
    ("registered", YESTERDAY, True),
    ("in_review", YESTERDAY, True),
    ("referred", YESTERDAY, True),
    ("needs_info", YESTERDAY, True),
    ("in_review", TODAY, False),  # due today is still on time
    ("in_review", TODAY + datetime.timedelta(days=3), False),
    ("completed", YESTERDAY, False),
    ("rejected", YESTERDAY, False),
    ("in_review", None, False),  # no committed date: never overdue
]


@pytest.fixture
def requests(service):
    made = {}
    for status, due_date, expected in CASES:
        submission = submission_make(service)
        Submission.objects.filter(pk=submission.pk).update(status=status, due_date=due_date)
        made[submission.pk] = expected
    return made


def test_the_sql_and_the_loaded_request_agree_on_every_case(requests):
    in_sql = set(Submission.objects.filter(overdue_q(TODAY)).values_list("pk", flat=True))
    assert in_sql == {pk for pk, expected in requests.items() if expected}
    for submission in Submission.objects.filter(pk__in=requests):
        assert submission_is_overdue(submission, today=TODAY) is requests[submission.pk]


def test_the_dashboard_counts_the_same_requests(requests):
    assert statistics_headline(today=TODAY).overdue == 5
