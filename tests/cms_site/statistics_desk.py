"""The statistics tests' known data set, every figure computed by hand in
test_statistics.py and test_statistics_page.py.

The data set (Jalali dates, Tehran time; "today" is 1405/09/20 for the selectors):

  #   service dept  submitted          status      due         final event
  1   A       D1    1405/08/30 23:30   completed   1405/09/05  1405/09/03 23:30  on time, 3 d
  2   A       D1    1405/09/01 10:00   completed   1405/09/06  1405/09/06 16:00  on time, 5.25 d
  3   A       D2    1405/09/01 09:00   rejected    1405/09/05  1405/09/10 09:00  late, 9 d
  4   B       D2    1405/09/02 10:00   completed   —           1405/09/04 10:00  no due date, 2 d
  5   B       —     1405/09/03 10:00   in_review   1405/09/04  —                 open, overdue, 17 d
  6   B       D1    1405/07/15 10:00   referred    1405/09/25  —                 open in time, 65 d
  7   A       D1    1405/09/17 00:10   submitted   —           —                 open, 3 d
  8   A       D1    1405/06/31 23:30   submitted   1405/07/05  —                 before the period
  9   B       D2    1405/07/01 00:10   completed   1405/07/10  1405/07/11 00:10  late, 10 d
  10  A       D1    1405/09/16 23:50   needs_info  —           —                 open, 4 d
"""

import datetime

import jdatetime
from django.utils import timezone

from cms_site.statistics.periods import Period
from receipts.constants import SmsStatus
from receipts.models import SmsMessage, SurveyResponse
from submissions.constants import EventKind, Status
from submissions.models import Submission, SubmissionEvent
from tests.factories import DepartmentFactory, ServicePageFactory, submission_make

PERMISSION = "khedmat_statistics.view_statistics"


def j(year, month, day, hour=10, minute=0) -> datetime.datetime:
    """An aware datetime at a Jalali date and local (Tehran) time."""
    gregorian = jdatetime.date(year, month, day).togregorian()
    return timezone.make_aware(datetime.datetime.combine(gregorian, datetime.time(hour, minute)))


def jd(year, month, day) -> datetime.date:
    return jdatetime.date(year, month, day).togregorian()


TODAY = jd(1405, 9, 20)
TODAY_AT = j(1405, 9, 18)  # a moment of the period, before TODAY
HALF_YEAR = Period(jd(1405, 7, 1), jd(1405, 12, 29))
HALF_YEAR_QUERY = {"date_from": "1405/07/01", "date_to": "1405/12/29"}


# The table above: number → (service, department, submitted, status, due, final event).
REQUESTS = {
    1: ("A", "D1", j(1405, 8, 30, 23, 30), Status.COMPLETED, jd(1405, 9, 5), j(1405, 9, 3, 23, 30)),
    2: ("A", "D1", j(1405, 9, 1), Status.COMPLETED, jd(1405, 9, 6), j(1405, 9, 6, 16)),
    3: ("A", "D2", j(1405, 9, 1, 9), Status.REJECTED, jd(1405, 9, 5), j(1405, 9, 10, 9)),
    4: ("B", "D2", j(1405, 9, 2), Status.COMPLETED, None, j(1405, 9, 4)),
    5: ("B", None, j(1405, 9, 3), Status.IN_REVIEW, jd(1405, 9, 4), None),
    6: ("B", "D1", j(1405, 7, 15), Status.REFERRED, jd(1405, 9, 25), None),
    7: ("A", "D1", j(1405, 9, 17, 0, 10), Status.SUBMITTED, None, None),
    8: ("A", "D1", j(1405, 6, 31, 23, 30), Status.SUBMITTED, jd(1405, 7, 5), None),
    9: ("B", "D2", j(1405, 7, 1, 0, 10), Status.COMPLETED, jd(1405, 7, 10), j(1405, 7, 11, 0, 10)),
    10: ("A", "D1", j(1405, 9, 16, 23, 50), Status.NEEDS_INFO, None, None),
}
# The SMS of the requests, by number; #8's was sent before the period, when it was submitted.
SMS = [
    (1, SmsStatus.DELIVERED),
    (1, SmsStatus.DELIVERED),
    (2, SmsStatus.SENT),
    (2, SmsStatus.FAILED),
    (3, SmsStatus.QUEUED),
    (8, SmsStatus.DELIVERED),
]
# The surveys: (overall, transparency, responsiveness, timeliness, staff conduct) answered,
# or None for invited and never answered.
SURVEYS = {
    1: (5, 4, 5, 4, None),
    2: (3, 2, 3, 2, 4),
    3: None,
    4: None,
    9: (4, 4, 4, 4, 4),
}


def desk_build(service, category) -> dict:
    """The known data set; returns its services, departments and requests by number."""
    service_b = ServicePageFactory(
        parent=category,
        title="گواهی پایان کار",
        slug="completion",
        service_form=service.service_form,
    )
    d1, d2 = DepartmentFactory(name="اداره شهرسازی"), DepartmentFactory(name="اداره درآمد")
    desk = {"A": service, "B": service_b, "D1": d1, "D2": d2}
    requests = {number: _request_make(desk, *row) for number, row in REQUESTS.items()}
    _sms_make(requests)
    _surveys_make(requests)
    return {**desk, "requests": requests}


def _request_make(desk: dict, service, department, created, status, due, finished):
    """One row of the table: the request, and the event that ended it if it ended."""
    request = submission_make(desk[service], created_at=created)
    Submission.objects.filter(pk=request.pk).update(
        status=status, due_date=due, department=desk.get(department), closed_at=finished
    )
    if finished:
        SubmissionEvent.objects.create(
            submission=request,
            kind=EventKind.STATUS,
            status=status,
            previous_status=Status.IN_REVIEW,
            created_at=finished,
        )
        # A note after the end carries the final status too: it must not count twice.
        SubmissionEvent.objects.create(
            submission=request,
            kind=EventKind.NOTE,
            status=status,
            created_at=finished + datetime.timedelta(days=1),
        )
    return request


def _sms_make(requests: dict) -> None:
    """The SMS table's messages, and no others."""
    SmsMessage.objects.all().delete()
    for number, status in SMS:
        SmsMessage.objects.create(
            recipient="09121234567",
            body="…",
            status=status,
            submission=requests[number],
            dedupe_key=f"test-{SmsMessage.objects.count()}",
            created_at=requests[number].created_at if number == 8 else TODAY_AT,
        )


def _surveys_make(requests: dict) -> None:
    """The surveys table: every survey invited on 1405/09/12, the answered ones a day later."""
    for number, answers in SURVEYS.items():
        survey = SurveyResponse(submission=requests[number], invited_at=j(1405, 9, 12))
        if answers:
            survey.answered_at = j(1405, 9, 13)
            (
                survey.overall,
                survey.transparency,
                survey.responsiveness,
                survey.timeliness,
                survey.staff_conduct,
            ) = answers
        survey.save()
