"""Every snippet's history filters by a Jalali day (typed in any digits) and shows the
active filter in Jalali, like Wagtail's reports (issue 15, item 1); managers, who may only
view, read every snippet's history."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import ModelLogEntry

from appointments.models import OpeningSchedule, ScheduleException
from catalog.models import Holiday
from formbuilder.models import ReadyStep
from receipts.constants import SmsEvent
from receipts.models import SmsTemplate
from routing.models import AutomationEndpoint, RoutingRule
from tests.factories import (
    DepartmentFactory,
    ServiceFormFactory,
    UserFactory,
    ready_steps_ensure,
)

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
# 2026-12-01 10:00 UTC is 1405/09/10 in Tehran; 2026-11-01 is 1405/08/10.
DEC_1 = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
NOV_1 = datetime.datetime(2026, 11, 1, 10, 0, tzinfo=UTC)


def department():
    return DepartmentFactory(name="اداره تاریخچه")


def schedule():
    return OpeningSchedule.objects.create(department=department())


SNIPPETS = {
    "catalog/department": department,
    "catalog/holiday": lambda: Holiday.objects.create(
        date=datetime.date(2027, 1, 2), title="تعطیل آزمایشی"
    ),
    "formbuilder/serviceform": lambda: ServiceFormFactory(),
    "formbuilder/readystep": lambda: (ready_steps_ensure(), ReadyStep.objects.first())[1],
    "routing/routingrule": lambda: RoutingRule.objects.create(
        name="قاعده تاریخچه", department=department()
    ),
    "routing/automationendpoint": lambda: AutomationEndpoint.objects.create(
        name="سامانه تاریخچه", url="http://127.0.0.1:9/unused", timeout_seconds=2
    ),
    "receipts/smstemplate": lambda: SmsTemplate.objects.update_or_create(
        event=SmsEvent.RECEIVED, defaults={"body": "درخواست شما ثبت شد."}
    )[0],
    "appointments/openingschedule": schedule,
    "appointments/scheduleexception": lambda: ScheduleException.objects.create(
        schedule=schedule(), date=datetime.date(2027, 1, 3)
    ),
}


def logged(instance, username: str, moment: datetime.datetime) -> None:
    """An edit of `instance` by `username` (the history shows who) at `moment`."""
    entry = ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
        label=str(instance),
        action="wagtail.edit",
        user=UserFactory(username=username, first_name=username, last_name=""),
        timestamp=moment,
    )
    ModelLogEntry.objects.filter(pk=entry.pk).update(timestamp=moment)


@pytest.mark.parametrize("model", sorted(SNIPPETS))
@pytest.mark.parametrize("typed", ["1405/09/10", "۱۴۰۵/۰۹/۱۰"])
def test_every_snippets_history_filters_by_a_jalali_day(admin_client, model, typed):
    instance = SNIPPETS[model]()
    logged(instance, "clerk_azar", DEC_1)
    logged(instance, "clerk_aban", NOV_1)

    day = {"timestamp_from": typed, "timestamp_to": typed}

    page = admin_client.get(f"/admin/snippets/{model}/history/{instance.pk}/", day)
    results = admin_client.get(f"/admin/snippets/{model}/history-results/{instance.pk}/", day)

    assert page.status_code == results.status_code == 200
    rows = results.content.decode()
    assert "clerk_azar" in rows and "clerk_aban" not in rows
    html = page.content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "تاریخ: ۱۰ آذر ۱۴۰۵ - ۱۰ آذر ۱۴۰۵" in text  # the active filter's pill
    assert 'name="timestamp_from"' in html and "data-jdp" in html  # the Jalali picker


def test_a_snippets_history_ignores_an_impossible_day_without_a_500(admin_client):
    holiday = SNIPPETS["catalog/holiday"]()
    logged(holiday, "clerk_azar", DEC_1)
    response = admin_client.get(
        f"/admin/snippets/catalog/holiday/history-results/{holiday.pk}/",
        {"timestamp_from": "1405/13/40"},
    )
    assert response.status_code == 200
    assert "clerk_azar" in response.content.decode()
