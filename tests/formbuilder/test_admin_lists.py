"""The request forms' lists in the admin: status in words, Jalali dates in Persian digits,
the services using each form, a forgiving search, and a chooser with recent forms first."""

import datetime
import re

import pytest
from django.urls import reverse
from wagtail.models import Revision

from formbuilder.models import ServiceForm
from tests.factories import ServiceFormFactory, ServicePageFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/formbuilder/serviceform/"
CHOOSE = "wagtailsnippetchoosers_formbuilder_serviceform:choose"

# 7 December 2026, 06:06 UTC is 09:36 in Tehran (UTC+03:30, no daylight saving since
# 2022). 1 Farvardin 1405 fell on 21 March 2026; 7 December is day 262 of the year:
# 6 months of 31 days (186) + Mehr 30 + Aban 30 = 246, so day 16 of Azar (month 9).
PUBLISHED_AT = datetime.datetime(2026, 12, 7, 6, 6, tzinfo=datetime.UTC)
PUBLISHED_AT_SHOWN = "۱۶ آذر ۱۴۰۵، ۰۹:۳۶"


def row_of(html: str, title: str) -> str:
    """The table row (<tr>…</tr>) that names `title`."""
    rows = [row for row in re.findall(r"<tr.*?</tr>", html, flags=re.S) if title in row]
    assert len(rows) == 1, f"expected one row for {title!r}, got {len(rows)}"
    return rows[0]


def edited_at(form: ServiceForm, moment: datetime.datetime) -> None:
    Revision.objects.filter(pk=form.latest_revision_id).update(created_at=moment)


@pytest.fixture
def permit_form(category):
    """A published form, used by a service, with a newer unpublished draft."""
    form = ServiceFormFactory(title="پروانه کسب")
    ServiceForm.objects.filter(pk=form.pk).update(last_published_at=PUBLISHED_AT)
    form.refresh_from_db()
    form.intro = "متن تازه"
    form.save_revision()
    ServicePageFactory(
        parent=category, title="صدور پروانه کسب", slug="business-licence", service_form=form
    )
    return form


def test_the_list_speaks_in_words_and_jalali_dates(admin_client, permit_form):
    ServiceFormFactory(title="فرم آزمایشی", publish=False)
    html = admin_client.get(LIST).content.decode()

    permit = row_of(html, "پروانه کسب")
    assert "منتشرشده با تغییرات منتشرنشده" in permit
    assert PUBLISHED_AT_SHOWN in permit
    assert "صدور پروانه کسب" in permit
    page = permit_form.services.get()
    assert f'href="/admin/pages/{page.pk}/edit/"' in permit
    assert "2026" not in permit and "دسامبر" not in permit

    draft = row_of(html, "فرم آزمایشی")
    assert "پیش‌نویس" in draft
    assert "منتشرشده" not in draft
    for row in (permit, draft):
        assert "True" not in row and "False" not in row


def test_a_published_form_without_changes_says_published(admin_client):
    ServiceFormFactory(title="گواهی پایان کار")
    row = row_of(admin_client.get(LIST).content.decode(), "گواهی پایان کار")
    assert "منتشرشده" in row
    assert "تغییرات منتشرنشده" not in row and "پیش‌نویس" not in row


def test_search_forgives_arabic_letters(admin_client, permit_form):
    ServiceFormFactory(title="مجوز حفاری")
    html = admin_client.get(LIST, {"q": "پروانه كسب"}).content.decode()  # Arabic kaf
    assert "پروانه کسب" in row_of(html, "پروانه کسب")
    assert "مجوز حفاری" not in html


def _chooser_titles(admin_client, **params) -> list[str]:
    response = admin_client.get(reverse(CHOOSE), params)
    assert response.status_code == 200
    html = response.json()["html"]
    titles = [form.title for form in ServiceForm.objects.all()]
    found = re.findall("|".join(re.escape(t) for t in titles), html)
    return list(dict.fromkeys(found))


def test_the_chooser_lists_published_and_recently_edited_forms_first(admin_client):
    now = datetime.datetime(2026, 12, 7, 8, 0, tzinfo=datetime.UTC)
    old_published = ServiceFormFactory(title="الف قدیمی منتشرشده")
    recent_published = ServiceFormFactory(title="ی تازه منتشرشده")
    draft = ServiceFormFactory(title="آ آزمایشی", publish=False)
    draft.save_revision()
    edited_at(old_published, now - datetime.timedelta(days=300))
    edited_at(recent_published, now - datetime.timedelta(days=1))
    edited_at(draft, now)

    assert _chooser_titles(admin_client) == [
        "ی تازه منتشرشده",
        "الف قدیمی منتشرشده",
        "آ آزمایشی",
    ]


def test_the_chooser_searches_with_arabic_letters(admin_client, permit_form):
    ServiceFormFactory(title="مجوز حفاری")
    assert _chooser_titles(admin_client, q="پروانه كسب") == ["پروانه کسب"]


@pytest.mark.parametrize(
    ("status", "shown"),
    [("draft", "فرم آزمایشی"), ("changed", "پروانه کسب"), ("published", "گواهی پایان کار")],
)
def test_the_list_filters_by_status(admin_client, permit_form, status, shown):
    titles = ["فرم آزمایشی", "پروانه کسب", "گواهی پایان کار"]
    ServiceFormFactory(title="فرم آزمایشی", publish=False)
    ServiceFormFactory(title="گواهی پایان کار")
    html = admin_client.get(LIST, {"status": status}).content.decode()
    rows = [title for title in titles if re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{title}", html, re.S)]
    assert rows == [shown]
