"""Stuck work (cms_site/operations/): the dashboard panel, scoped by unit and in Persian
digits, and the daily digest to the administrators."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from cms_site import roles
from cms_site.operations.digest import DIGEST_DAY_KEY, digest_send
from cms_site.operations.tasks import operations_digest
from formbuilder.persian.text import to_persian_digits
from receipts.constants import SmsErrorReason, SmsStatus
from receipts.models import SmsMessage
from submissions.constants import StepState
from submissions.models import PipelineStep
from tests.factories import DepartmentFactory, UserFactory, submission_in, submission_make

pytestmark = pytest.mark.django_db

HOURS = 6


@pytest.fixture(autouse=True)
def _no_digest_sent_today():
    """The day's "digest sent" mark in the cache belongs to the test that set it."""
    key = DIGEST_DAY_KEY.format(day=timezone.localdate().isoformat())
    cache.delete(key)
    yield
    cache.delete(key)


def stuck(request, name, state, age_hours):
    step = PipelineStep.objects.create(submission=request, name=name, state=state)
    created = timezone.now() - timedelta(hours=age_hours)
    PipelineStep.objects.filter(pk=step.pk).update(created_at=created)


def sms(request, key, status, age_hours, reason=""):
    SmsMessage.objects.create(
        recipient="09121111111",
        body="x",
        submission=request,
        status=status,
        error_reason=reason,
        dedupe_key=key,
        created_at=timezone.now() - timedelta(hours=age_hours),
    )


@pytest.fixture
def units(service):
    """Unit A: 2 stuck steps (failed, pending), 1 failed SMS, all old; a fresh failed
    step and a delivered old SMS (neither counts). Unit B: 1 old failed step, 1 old
    queued SMS."""
    a = submission_in(DepartmentFactory(name="اداره الف"), submission_make(service))
    b = submission_in(DepartmentFactory(name="اداره ب"), submission_make(service))
    PipelineStep.objects.all().delete()
    SmsMessage.objects.all().delete()
    stuck(a, "x-failed", StepState.FAILED, HOURS + 1)
    stuck(a, "x-pending", StepState.PENDING, HOURS + 2)
    stuck(a, "x-fresh", StepState.FAILED, HOURS - 1)
    stuck(a, "x-done", StepState.DONE, HOURS + 5)
    stuck(b, "x-failed", StepState.FAILED, HOURS + 3)
    sms(a, "a1", SmsStatus.FAILED, HOURS + 1, SmsErrorReason.TIMEOUT)
    sms(a, "a2", SmsStatus.DELIVERED, HOURS + 1)
    sms(b, "b1", SmsStatus.QUEUED, HOURS + 4)
    return {"A": a, "B": b}


def member(username, group, department=None, email=""):
    user = UserFactory(username=username, email=email)
    user.groups.add(Group.objects.get(name=group))
    if department is not None:
        department.members.add(user)
    return type(user).objects.get(pk=user.pk)


def panel_counts(client, user):
    client.force_login(user)
    page = client.get("/admin/").content.decode()
    found = {
        kind: re.search(rf'data-stuck-{kind}="(\d+)">([^<]*)<', page) for kind in ("steps", "sms")
    }
    return page, {kind: match and match.groups() for kind, match in found.items()}


@override_settings(OPS_STALE_AGE_SECONDS=HOURS * 3600)
def test_the_panel_counts_the_units_stuck_work_in_persian(client, units):
    staff = member("staff_a", roles.STAFF, units["A"].department)
    page, counts = panel_counts(client, staff)
    assert counts == {"steps": ("2", "۲"), "sms": ("1", "۱")}
    assert to_persian_digits(units["A"].tracking_code) in page
    assert to_persian_digits(units["B"].tracking_code) not in page
    assert "x-fresh" not in page and "x-done" not in page


@override_settings(OPS_STALE_AGE_SECONDS=HOURS * 3600)
def test_an_administrator_sees_every_unit(client, units):
    _, counts = panel_counts(client, member("admin", roles.ADMINISTRATORS))
    assert counts == {"steps": ("3", "۳"), "sms": ("2", "۲")}


@override_settings(OPS_STALE_AGE_SECONDS=HOURS * 3600)
def test_an_editor_has_no_panel(client, units):
    page, counts = panel_counts(client, member("editor", roles.EDITORS))
    assert counts == {"steps": None, "sms": None}
    assert 'id="khedmat-stuck-work' not in page


@override_settings(OPS_STALE_AGE_SECONDS=HOURS * 3600)
def test_the_digest_goes_to_the_administrators(units):
    member("admin", roles.ADMINISTRATORS, email="admin@example.ir")
    member("admin2", roles.ADMINISTRATORS)  # no address
    member("staff", roles.STAFF, units["A"].department, email="staff@example.ir")
    operations_digest.apply()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["admin@example.ir"]
    assert message.subject == "کارهای مانده در میز خدمت"
    assert "مرحله‌های پردازش درخواست: ۳" in message.body
    assert to_persian_digits(units["B"].tracking_code) in message.body
    assert "x-fresh" not in message.body


@override_settings(OPS_STALE_AGE_SECONDS=HOURS * 3600)
def test_no_digest_without_stuck_work(units):
    member("admin", roles.ADMINISTRATORS, email="admin@example.ir")
    PipelineStep.objects.exclude(state=StepState.DONE).update(created_at=timezone.now())
    SmsMessage.objects.update(created_at=timezone.now())
    assert digest_send() == 0
    assert mail.outbox == []


@override_settings(OPS_STALE_AGE_SECONDS=HOURS * 3600)
def test_two_beats_send_one_digest_a_day(units, monkeypatch):
    member("admin", roles.ADMINISTRATORS, email="admin@example.ir")
    operations_digest.apply()
    operations_digest.apply()  # a second beat, the same day
    assert len(mail.outbox) == 1
    # The next day is a new digest.
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr("cms_site.operations.digest.timezone.localdate", lambda: tomorrow)
    operations_digest.apply()
    assert len(mail.outbox) == 2
    cache.delete(DIGEST_DAY_KEY.format(day=tomorrow.isoformat()))


@override_settings(OPS_STALE_AGE_SECONDS=HOURS * 3600)
def test_a_digest_that_failed_to_send_is_tried_again(units, monkeypatch):
    member("admin", roles.ADMINISTRATORS, email="admin@example.ir")

    def smtp_down(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("cms_site.operations.digest.send_mail", smtp_down)
    with pytest.raises(ConnectionRefusedError):
        operations_digest.apply(throw=True)
    monkeypatch.undo()
    operations_digest.apply()
    assert len(mail.outbox) == 1
