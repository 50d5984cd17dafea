"""`manage.py seed_demo`'s sample requests: every stage, valid answers, a consistent
history spread over months, figures for the statistics, a showcase to track."""

import datetime
from collections import Counter

import jdatetime
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from cms_site.demo import requests_data
from cms_site.statistics.periods import Period, period_half_year
from cms_site.statistics.selectors import statistics_for_period, statistics_headline
from formbuilder.fields import registry
from formbuilder.persian.identifiers import verhoeff_is_valid
from formbuilder.schema import schema_fields
from formbuilder.validation import answers_validate
from receipts.constants import SURVEY_SCORES, SmsStatus
from receipts.models import SmsMessage, SurveyResponse
from routing.models import RoutingDecision
from submissions.constants import FINAL_STATUSES, Channel, EventKind, Status
from submissions.models import Submission
from submissions.replies import REPLY_FIELD_KEY
from submissions.selectors import overdue_q
from submissions.services import submission_track
from tests.cms_site.demo_seed import seed

pytestmark = pytest.mark.django_db


def demo_requests():
    return Submission.objects.select_related("form_version", "department").prefetch_related(
        "events", "files"
    )


def test_the_demo_holds_requests_at_every_stage(seeded):
    requests = list(demo_requests())
    today = timezone.localdate()

    assert len(requests) == len(requests_data.REQUESTS)
    assert 40 <= len(requests) <= 60
    assert {request.status for request in requests} == set(Status.values)
    assert Submission.objects.filter(overdue_q(today)).count() >= 3
    statuses = Counter(request.status for request in requests)
    assert statuses.most_common(1)[0][0] == Status.COMPLETED
    in_person = [request for request in requests if request.channel == Channel.IN_PERSON]
    assert len(in_person) >= 3
    assert all(request.created_by.username == requests_data.CLERK for request in in_person)
    assert RoutingDecision.objects.count() == len(requests)
    assert len({request.department_id for request in requests}) >= 5
    for request in requests:
        assert request.department is not None and request.due_date is not None, request
        final = [event for event in request.events.all() if event.status in FINAL_STATUSES]
        if final:  # closed by a member of the unit it ended in
            assert request.department.members.filter(pk=final[-1].actor_id).exists(), request


def test_demo_answers_validate_against_their_form_version(seeded):
    """Typed back in from what is stored, every request's answers and files pass the
    form's validator (the API's) and come out as stored."""
    for request in demo_requests():
        schema = request.form_version.schema
        data, files = {}, MultiValueDict()
        for spec in schema_fields(schema):
            key, field_type = spec["key"], registry.get(spec["type"])
            if field_type.is_file:
                stored = [f for f in request.files.all() if f.field_key == key]
                uploads = [SimpleUploadedFile(f.original_name, f.file.read()) for f in stored]
                if uploads:
                    files.setlist(key, uploads)
            elif key in request.data:
                data[key] = field_type.from_storage(spec, request.data[key])

        result = answers_validate(schema, data, files)

        assert result.is_valid, (request.service.title, result.errors)
        assert result.answers == request.data, request


def test_the_history_is_spread_over_months_and_in_order(seeded):
    now = timezone.now()
    requests = list(demo_requests())
    created = [request.created_at for request in requests]

    assert min(created) < now - datetime.timedelta(days=120)
    months = {jdatetime.date.fromgregorian(date=timezone.localdate(t)).month for t in created}
    assert len(months) >= 5
    for request in requests:
        events = sorted(request.events.all(), key=lambda event: event.pk)
        times = [event.created_at for event in events]
        assert times == sorted(times) and len(set(times)) == len(times), request
        assert events[0].kind == EventKind.SUBMITTED
        assert request.created_at <= times[0] <= times[-1] < now, request
        assert request.updated_at >= request.created_at
        history = list(Submission.history.filter(id=request.pk).order_by("history_id"))
        assert [row.history_date for row in history] == sorted(r.history_date for r in history)
        assert history[0].created_at == request.created_at
        status_events = [event for event in events if event.kind == EventKind.STATUS]
        if request.status in FINAL_STATUSES:
            assert request.closed_at == status_events[-1].created_at, request
            assert request.survey.invited_at >= request.closed_at
            if request.survey.answered_at is not None:
                assert request.closed_at < request.survey.answered_at < now
        else:
            assert request.closed_at is None
        for message in SmsMessage.objects.filter(submission=request):
            assert request.created_at <= message.created_at < now
            if message.status == SmsStatus.DELIVERED:
                assert message.created_at < message.sent_at <= message.delivered_at < now


def test_no_demo_sms_waits_for_the_configured_provider(seeded):
    statuses = set(SmsMessage.objects.values_list("status", flat=True))

    assert statuses == {SmsStatus.DELIVERED, SmsStatus.FAILED}
    assert SmsMessage.objects.filter(status=SmsStatus.FAILED).count() < 20
    assert not SmsMessage.objects.filter(provider_id__startswith="outbox-").exists()


def test_the_statistics_show_the_demo(seeded):
    today = timezone.localdate()
    period = period_half_year(today)
    if (today - period.start).days < 30:  # a new half-year has little history yet
        period = Period(today - datetime.timedelta(days=30), today)

    figures = statistics_for_period(period=period)
    headline = statistics_headline()

    assert figures.overall.total > 0
    assert figures.overall.on_time > 0
    assert figures.overall.overdue > 0
    assert figures.overall.open_overdue > 0
    assert figures.satisfaction.answered > 0
    assert figures.sms.delivery_rate is not None and figures.sms.delivery_rate > 0.9
    assert headline.open > headline.overdue > 0


def test_about_half_of_the_surveys_are_answered(seeded):
    surveys = list(SurveyResponse.objects.all())
    answered = [survey for survey in surveys if survey.answered_at is not None]

    assert len(surveys) == Submission.objects.filter(status__in=FINAL_STATUSES).count()
    assert 0.3 <= len(answered) / len(surveys) <= 0.7
    assert {survey.overall for survey in answered} == {1, 2, 3, 4, 5}
    assert any(survey.comment for survey in answered)
    for survey in answered:
        assert all(1 <= getattr(survey, axis) <= 5 for axis in SURVEY_SCORES)


def test_the_showcase_request_can_be_tracked(seeded, client):
    cache.clear()  # the tracking rate limits
    code, mobile = requests_data.SHOWCASE_TRACKING_CODE, requests_data.SHOWCASE_MOBILE

    found = submission_track(tracking_code=code, mobile=mobile, client_ip="192.0.2.10")
    response = client.post("/track/", {"tracking_code": "1234 5678 9010", "mobile": mobile})

    assert verhoeff_is_valid(code)
    assert found is not None and found.status == Status.IN_REVIEW
    assert found.files.filter(field_key=REPLY_FIELD_KEY).exists()
    assert response.status_code == 200
    page = response.content.decode()
    assert found.service.title in page
    assert found.events.filter(status=Status.NEEDS_INFO).get().public_message in page
    cache.clear()


def test_a_second_run_adds_no_requests(seeded):
    counts = (Submission.objects.count(), SmsMessage.objects.count())

    output = seed()

    assert (Submission.objects.count(), SmsMessage.objects.count()) == counts
    assert f"{len(requests_data.REQUESTS)} requests" in seeded
    assert "0 requests" in output
