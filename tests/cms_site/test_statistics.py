"""The desk's statistics (issue 6, item 3) on a known data set (statistics_desk.py, the
`desk` fixture), every figure computed by hand: periods, figures, filters (the page, exports,
the dashboard panel and permissions: test_statistics_page.py)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms_site.statistics.forms import StatisticsFilterForm
from cms_site.statistics.periods import Period, period_half_year
from cms_site.statistics.selectors import statistics_for_period, statistics_headline
from receipts.constants import SmsStatus
from receipts.models import SmsMessage
from tests.cms_site.statistics_desk import (
    HALF_YEAR,
    HALF_YEAR_QUERY,
    PERMISSION,
    TODAY,
    TODAY_AT,
    j,
    jd,
)
from tests.factories import department_member, submission_make, user_with_permissions


def by_key(pairs, attribute):
    return {getattr(ref, attribute): figures for ref, figures in pairs}


# -- Periods -------------------------------------------------------------------------


def test_default_period_is_the_current_jalali_half_year():
    assert period_half_year(jd(1405, 9, 20)) == Period(jd(1405, 7, 1), jd(1405, 12, 29))
    assert period_half_year(jd(1405, 6, 31)) == Period(jd(1405, 1, 1), jd(1405, 6, 31))
    # 1403 is a leap year: Esfand has 30 days.
    assert period_half_year(jd(1403, 12, 1)).end == jd(1403, 12, 30)


def test_months_are_jalali_and_clipped_to_the_period():
    months = Period(jd(1405, 8, 15), jd(1405, 10, 3)).months
    assert [(m.year, m.month) for m in months] == [(1405, 8), (1405, 9), (1405, 10)]
    assert months[0].start == jd(1405, 8, 15)
    assert months[0].end == months[1].start == jd(1405, 9, 1)
    assert months[2].end == jd(1405, 10, 4)


# -- Figures -------------------------------------------------------------------------


@pytest.mark.django_db
def test_requests_by_service_department_month_and_half_year(desk):
    stats = statistics_for_period(period=HALF_YEAR, today=TODAY)
    assert stats.overall.total == 9  # #8 was submitted the day before the half-year
    services = by_key(stats.by_service, "title")
    assert services["صدور پروانه ساختمانی"].total == 5
    assert services["گواهی پایان کار"].total == 4
    departments = by_key(stats.by_department, "name")
    assert departments["اداره شهرسازی"].total == 5
    assert departments["اداره درآمد"].total == 3
    assert departments[""].total == 1  # not given to a department yet
    assert stats.by_department[-1][0].pk is None  # listed last
    # 1405/08/30 23:30 is Aban; 1405/09/01 is Azar; 1405/07/01 00:10 is Mehr.
    assert [(m.month, count) for m, count in stats.by_month] == [
        (7, 2),
        (8, 1),
        (9, 6),
        (10, 0),
        (11, 0),
        (12, 0),
    ]
    assert [(h.year, h.half, count) for h, count in stats.by_half_year] == [(1405, 2, 9)]


@pytest.mark.django_db
def test_months_and_half_years_across_a_year_boundary(desk):
    stats = statistics_for_period(period=Period(jd(1405, 6, 1), jd(1405, 7, 30)), today=TODAY)
    assert [(m.month, count) for m, count in stats.by_month] == [(6, 1), (7, 2)]
    assert [(h.half, count) for h, count in stats.by_half_year] == [(1, 1), (2, 2)]


@pytest.mark.django_db
def test_on_time_and_overdue(desk):
    overall = statistics_for_period(period=HALF_YEAR, today=TODAY).overall
    assert (overall.on_time, overall.late) == (2, 2)  # #1, #2 | #3, #9
    assert (overall.open_in_time, overall.open_overdue) == (1, 1)  # #6 | #5
    assert overall.without_due_date == 3  # #4, #7, #10
    assert overall.overdue == 3
    assert overall.open == 4
    assert overall.on_time_rate == 0.5
    services = by_key(statistics_for_period(period=HALF_YEAR, today=TODAY).by_service, "title")
    a, b = services["صدور پروانه ساختمانی"], services["گواهی پایان کار"]
    assert (a.on_time, a.overdue, a.on_time_rate) == (2, 1, pytest.approx(2 / 3))
    assert (b.on_time, b.overdue, b.on_time_rate) == (0, 2, 0)


@pytest.mark.django_db
def test_an_open_request_is_overdue_only_after_its_due_date(desk):
    # On 1405/09/04 itself #5 is still within time.
    overall = statistics_for_period(period=HALF_YEAR, today=jd(1405, 9, 4)).overall
    assert overall.open_overdue == 0
    assert overall.open_in_time == 2


@pytest.mark.django_db
def test_average_processing_time(desk):
    stats = statistics_for_period(period=HALF_YEAR, today=TODAY)
    assert stats.overall.finished == 5
    assert stats.overall.average_days == pytest.approx((3 + 5.25 + 9 + 2 + 10) / 5)
    services = by_key(stats.by_service, "title")
    assert services["صدور پروانه ساختمانی"].average_days == pytest.approx((3 + 5.25 + 9) / 3)
    assert services["گواهی پایان کار"].average_days == pytest.approx((2 + 10) / 2)


@pytest.mark.django_db
def test_open_requests_by_age(desk):
    # 0–3: #7 (3 days); 4–7: #10 (4 days); 15–30: #5 (17 days); > 30: #6 (65 days).
    assert statistics_for_period(period=HALF_YEAR, today=TODAY).overall.ages == [1, 1, 0, 1, 1]


@pytest.mark.django_db
def test_sms_delivery_rate(desk):
    sms = statistics_for_period(period=HALF_YEAR, today=TODAY).sms
    assert sms.counts == {"delivered": 2, "sent": 1, "failed": 1, "queued": 1}
    assert sms.delivery_rate == 0.5  # 2 / (1 + 2 + 1); queued is not judged


@pytest.mark.django_db
def test_sms_are_counted_in_the_period_they_are_sent(desk):
    """An SMS sent in the period about a request of an earlier one counts; one sent
    before the period about a request of this one does not."""
    SmsMessage.objects.create(
        recipient="09121234567",
        body="…",
        status=SmsStatus.FAILED,
        submission=desk["requests"][8],  # submitted before the half-year
        dedupe_key="late-news",
        created_at=TODAY_AT,
    )
    SmsMessage.objects.filter(submission=desk["requests"][1]).update(
        created_at=HALF_YEAR.start_at - datetime.timedelta(minutes=1)
    )
    sms = statistics_for_period(period=HALF_YEAR, today=TODAY).sms
    assert sms.counts == {"sent": 1, "failed": 2, "queued": 1}
    assert statistics_headline(today=TODAY).sms_delivery_rate == 0


@pytest.mark.django_db
def test_satisfaction(desk):
    stats = statistics_for_period(period=HALF_YEAR, today=TODAY)
    scores = stats.satisfaction
    assert (scores.invited, scores.answered, scores.response_rate) == (5, 3, 0.6)
    assert scores.average("overall") == 4
    assert scores.average("transparency") == pytest.approx(10 / 3)
    assert scores.average("responsiveness") == 4
    assert scores.average("timeliness") == pytest.approx(10 / 3)
    assert scores.average("staff_conduct") == 4  # the blank answer is not a zero
    services = by_key(stats.satisfaction_by_service, "title")
    a = services["صدور پروانه ساختمانی"]
    assert (a.invited, a.answered, a.average("overall"), a.average("transparency")) == (3, 2, 4, 3)
    departments = by_key(stats.satisfaction_by_department, "name")
    d2 = departments["اداره درآمد"]
    assert (d2.invited, d2.answered) == (3, 1)
    assert d2.response_rate == pytest.approx(1 / 3)
    assert departments["اداره شهرسازی"].response_rate == 1


@pytest.mark.django_db
def test_filters_by_service_department_and_dates(desk):
    by_service = statistics_for_period(period=HALF_YEAR, service=desk["B"], today=TODAY)
    assert by_service.overall.total == 4
    assert by_service.sms.counts == {}
    by_department = statistics_for_period(period=HALF_YEAR, department=desk["D2"], today=TODAY)
    assert by_department.overall.total == 3
    assert by_department.satisfaction.invited == 3
    azar = statistics_for_period(period=Period(jd(1405, 9, 1), jd(1405, 9, 30)), today=TODAY)
    assert azar.overall.total == 6
    assert [(m.month, count) for m, count in azar.by_month] == [(9, 6)]


@pytest.mark.django_db
def test_a_reader_who_may_not_see_every_request_counts_only_their_units(desk):
    reader = department_member(user_with_permissions("d2_staff", PERMISSION), desk["D2"])
    stats = statistics_for_period(period=HALF_YEAR, today=TODAY, reader=reader)
    assert stats.overall.total == 3  # #3, #4 and #9
    assert stats.satisfaction.invited == 3
    assert {ref.name for ref, _tally in stats.by_department} == {"اداره درآمد"}
    headline = statistics_headline(today=TODAY, reader=reader)
    assert (headline.requests_this_month, headline.open) == (2, 0)  # #3, #4; none open


@pytest.mark.django_db
def test_the_export_counts_only_the_readers_units(client, desk):
    reader = department_member(user_with_permissions("d2_staff", PERMISSION), desk["D2"])
    client.force_login(reader)
    response = client.get(reverse("statistics_export"), {**HALF_YEAR_QUERY, "format": "csv"})
    body = response.content.decode("utf-8-sig")
    assert "اداره درآمد" in body and "اداره شهرسازی" not in body


@pytest.mark.django_db
def test_headline(desk):
    headline = statistics_headline(today=TODAY)
    assert headline.requests_this_month == 6  # Azar
    assert headline.open == 5  # #5, #6, #7, #10 and #8, whatever their period
    assert headline.overdue == 2  # #5 and #8
    assert headline.on_time_rate == 0.5
    assert headline.sms_delivery_rate == 0.5
    assert headline.satisfaction == 4


@pytest.mark.django_db
def test_query_count_does_not_grow_with_requests(desk, service):
    with CaptureQueriesContext(connection) as before:
        statistics_for_period(period=HALF_YEAR, today=TODAY)
    for day in range(1, 21):
        submission_make(service, created_at=j(1405, 10, day))
    with CaptureQueriesContext(connection) as after:
        statistics_for_period(period=HALF_YEAR, today=TODAY)
    assert len(before) == len(after) == 5


# -- The filter form ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"date_from": "not a date"}, "date_from"),
        ({"date_from": "1405/13/01"}, "date_from"),
        ({"date_to": "1405/12/30"}, "date_to"),  # 1405 has no 30 Esfand
        ({"date_from": "1405/09/10", "date_to": "1405/09/01"}, "__all__"),
        ({"date_from": "1395/01/01", "date_to": "1405/12/01"}, "__all__"),
        ({"service": "abc"}, "service"),
        ({"service": "99999999999999999999"}, "service"),
        ({"department": "-1"}, "department"),
    ],
)
def test_bad_filters_are_form_errors(query, field):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.update(query)
    form = StatisticsFilterForm(data, today=TODAY)
    assert not form.is_valid()
    assert field in form.errors


@pytest.mark.django_db
def test_dates_in_persian_digits_are_accepted():
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.update({"date_from": "۱۴۰۵/۰۹/۰۱", "date_to": "۱۴۰۵/۹/۳۰"})
    form = StatisticsFilterForm(data, today=TODAY)
    assert form.is_valid(), form.errors
    assert form.filters()["period"] == Period(jd(1405, 9, 1), jd(1405, 9, 30))
