"""Dates typed in the Wagtail admin: Jalali as a Persian clerk types it, or the picker's
Gregorian, never a Jalali year stored as a year in the 1400s AD."""

import datetime

import pytest

from catalog.models import Holiday
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/catalog/holiday/add/"


@pytest.fixture(autouse=True)
def no_seeded_holidays():
    Holiday.objects.all().delete()  # the lunar estimates the migrations seed


@pytest.fixture
def clerk(client):
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("۱۴۰۵/۰۷/۰۹", datetime.date(2026, 10, 1)),  # Persian digits, as the keyboard types
        ("1405/1/1", datetime.date(2026, 3, 21)),  # Nowruz 1405
        ("1405-12-29", datetime.date(2027, 3, 20)),
        ("2026-10-01", datetime.date(2026, 10, 1)),  # the date picker's Gregorian
    ],
)
def test_a_holiday_date_is_read_as_jalali_or_gregorian(clerk, typed, stored):
    response = clerk.post(ADD, {"date": typed, "title": "تعطیل"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Holiday.objects.get().date == stored


def test_an_impossible_jalali_day_is_refused_in_persian(clerk):
    response = clerk.post(ADD, {"date": "۱۴۰۴/۱۲/۳۰", "title": "تعطیل"})
    assert response.status_code == 200
    assert "چنین تاریخی وجود ندارد" in response.content.decode()
    assert not Holiday.objects.exists()


def test_the_holiday_box_has_the_bundled_jalali_picker(clerk):
    html = clerk.get(ADD).content.decode()
    assert 'initDateChooser("id_date"' not in html  # not Wagtail's Gregorian picker
    assert "data-jdp-only-date" in html
    assert "/static/formbuilder/vendor/jalalidatepicker/jalalidatepicker.min.js" in html


def test_an_existing_holiday_is_shown_in_jalali_for_editing(clerk):
    holiday = Holiday.objects.create(date=datetime.date(2026, 12, 22), title="ولادت امام علی")
    html = clerk.get(f"/admin/snippets/catalog/holiday/edit/{holiday.pk}/").content.decode()
    assert 'value="1405/10/01"' in html
