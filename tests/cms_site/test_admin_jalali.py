"""Every date a Persian user reads in Wagtail's own screens is Jalali with Persian digits:
listings, page history, the reports, the dashboard and the page editor's schedule."""

import datetime
import html.parser
import re

import pytest
from django.utils import timezone
from wagtail.models import Page

from catalog.models import Holiday
from tests.factories import (
    HomePageFactory,
    ServiceFormFactory,
    ServicePageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

GREGORIAN_MONTHS = re.compile(  # a whole word: «اوت» is inside «متفاوت»
    r"(?<![\w\u200c])(ژانویه|فوریه|مارس|آوریل|ژوئن|ژوئیه|جولای|اوت|آگوست|سپتامبر|اکتبر|نوامبر|دسامبر)(?![\w\u200c])"
    r"|\b(January|February|March|April|June|July|August|September|October|November|December)\b"
    r"|\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.? [0-9]"
)
LATIN_DATE = re.compile(  # [0-9]: Python's \d matches Persian digits too
    r"\b[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}\b"  # 2026-12-07, 1405/09/16
    r"|\b[0-9]{1,2} \S+ [0-9]{4}\b"  # 7 آذر 1405
    r"|\b[0-9]{1,2}:[0-9]{2}\b"  # 09:36
)
JALALI_MONTHS = "فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند"
JALALI_DATE = re.compile(rf"[۰-۹]{{1,2}} ({JALALI_MONTHS}) [۰-۹]{{4}}")
READ_ATTRIBUTES = ("title", "data-w-tooltip-content-value", "aria-label", "placeholder")


class ReadText(html.parser.HTMLParser):
    """What a person reads: text outside scripts and styles, and the attributes shown
    as tooltips or read aloud (not `value` or `datetime`, which are machine values)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        self.parts.extend(value for name, value in attrs if name in READ_ATTRIBUTES and value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def read_text(page: str) -> str:
    parser = ReadText()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


def gregorian_or_latin_dates(text: str) -> list[str]:
    """Each Gregorian or Latin-digit date found, with some text around it."""
    matches = [*GREGORIAN_MONTHS.finditer(text), *LATIN_DATE.finditer(text)]
    return [text[max(match.start() - 30, 0) : match.end() + 30] for match in matches]


@pytest.fixture
def admin_user():
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def admin(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def content(admin, admin_user):
    home = HomePageFactory()
    service = ServicePageFactory(parent=home)
    later = timezone.now() - datetime.timedelta(days=40)
    service.title = "خدمت ویرایش‌شده"
    revision = service.save_revision(user=None)
    revision.publish()
    Page.objects.filter(pk=service.pk).update(last_published_at=later)
    # For the locked pages report. (The page editor's own lock notice is built in Python by
    # Wagtail's wagtail.locks with Django's Gregorian format: no template to override.)
    locked = ServicePageFactory(parent=home)
    Page.objects.filter(pk=locked.pk).update(locked=True, locked_at=later, locked_by=admin_user)
    scheduled = ServicePageFactory(parent=home, live=False)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=3)
    scheduled.expire_at = timezone.now() + datetime.timedelta(days=60)
    scheduled.save_revision()
    ServiceFormFactory()
    Holiday.objects.get_or_create(date=datetime.date(2026, 12, 26), defaults={"title": "تعطیل"})
    return {"home": home, "service": service, "scheduled": scheduled}


def screens(content):
    service, scheduled = content["service"], content["scheduled"]
    return [
        "/admin/",
        "/admin/snippets/formbuilder/serviceform/",
        "/admin/snippets/catalog/holiday/",
        f"/admin/pages/{content['home'].pk}/",
        f"/admin/pages/{service.pk}/history/",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/locked/",
        f"/admin/pages/{service.pk}/edit/",
        f"/admin/pages/{scheduled.pk}/edit/",
        f"/admin/snippets/catalog/holiday/history/{Holiday.objects.first().pk}/",
    ]


def test_wagtails_screens_show_no_gregorian_or_latin_digit_date(admin, content):
    found = {}
    jalali_seen = {}
    for url in screens(content):
        response = admin.get(url)
        assert response.status_code == 200, url
        text = read_text(response.content.decode())
        jalali_seen[url] = len(JALALI_DATE.findall(text))
        if dates := gregorian_or_latin_dates(text):
            found[url] = dates
    assert found == {}
    # The dates are there, in Jalali: the tooltips of every listing, history and report.
    for url in screens(content)[1:8]:
        assert jalali_seen[url] >= 1, url
    assert jalali_seen[f"/admin/pages/{content['scheduled'].pk}/edit/"] >= 2  # go-live, expiry


def test_the_holidays_list_shows_each_date_in_jalali(admin):
    Holiday.objects.all().delete()
    Holiday.objects.create(date=datetime.date(2026, 12, 22), title="ولادت امام علی")
    text = read_text(admin.get("/admin/snippets/catalog/holiday/").content.decode())
    assert "۱ دی ۱۴۰۵" in text


def test_the_relative_dates_tooltip_is_jalali(admin, content):
    page = admin.get(f"/admin/pages/{content['service'].pk}/history/").content.decode()
    tooltips = re.findall(r'data-w-tooltip-content-value="([^"]*)"', page)
    assert tooltips
    assert all(JALALI_DATE.search(tip) for tip in tooltips if tip.strip()), tooltips


def test_the_holidays_export_is_jalali(admin):
    Holiday.objects.all().delete()
    Holiday.objects.create(date=datetime.date(2026, 12, 22), title="ولادت امام علی")
    response = admin.get("/admin/snippets/catalog/holiday/?export=csv")
    csv = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "۱۴۰۵/۱۰/۰۱" in csv
    assert "2026" not in csv
