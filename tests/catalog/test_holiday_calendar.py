"""The lunar holidays: computed with hijridate, seeded for 1405 and 1406 by a data
migration as estimates, skipped by due dates, and the admin's warnings about the table."""

import collections
import datetime

import jdatetime
import pytest

from catalog.holiday_calendar import lunar_holidays
from catalog.models import Holiday
from catalog.selectors import holiday_calendar_gaps
from catalog.workdays import working_days_add
from tests.factories import UserFactory, lunar_holidays_ensure

# Iran's official calendar of 1405 (Council of Public Culture), as reported by ILNA on
# 2025-10-30 («سال ۱۴۰۵ چند روز تعطیل رسمی دارد؟», ilna.ir news 1707051), written here
# by hand: the lunar holidays it lists with their Jalali day.
OFFICIAL_1405_LUNAR = {
    (1405, 3, 6): "عید سعید قربان",
    (1405, 3, 14): "عید سعید غدیر خم",  # with the solar 14 Khordad
    (1405, 4, 3): "تاسوعای حسینی",
    (1405, 4, 4): "عاشورای حسینی",
}
# The same report's Eid al-Fitr 1447: 1 and 2 Farvardin (with Nowruz). Iran saw the new
# moon a day after Umm al-Qura's arithmetic (it says 30 Ramadan 1447 = 29 Esfand 1404),
# so the computed estimate is a day early: the reason every estimate is confirmed.
OFFICIAL_1405_FITR = [(1405, 1, 1), (1405, 1, 2)]
# The same report's count of holidays per month (solar and lunar together, a day counted
# once): 25 in the year, 6 of them in Farvardin, none in Ordibehesht, Mehr and Azar,
# 4 in Mordad and 4 in Esfand.
OFFICIAL_1405_TOTAL, OFFICIAL_1405_FARVARDIN = 25, 6
OFFICIAL_1405_MONTHS = {2: 0, 5: 4, 7: 0, 9: 0, 12: 4}
# The solar holidays (research/iran_identifiers_holidays.md): (month, day).
SOLAR = [(1, 1), (1, 2), (1, 3), (1, 4), (1, 12), (1, 13), (3, 14), (3, 15), (11, 22), (12, 29)]


@pytest.fixture
def seeded(db):
    """The migration's estimates, seeded again after a transactional test flushed them."""
    lunar_holidays_ensure()


def jalali(day: datetime.date) -> tuple[int, int, int]:
    value = jdatetime.date.fromgregorian(date=day)
    return value.year, value.month, value.day


def test_the_computed_lunar_holidays_of_1405_match_the_official_calendar():
    computed = {jalali(holiday.date): holiday.title for holiday in lunar_holidays(1405)}
    for day, occasion in OFFICIAL_1405_LUNAR.items():
        assert day in computed, (day, occasion)
        assert occasion in computed[day]
    # Eid al-Fitr 1447: estimated one day early (29 Esfand 1404 and 1 Farvardin 1405).
    assert (1404, 12, 29) not in computed  # outside 1405 altogether
    assert "2 شوال" in computed[OFFICIAL_1405_FITR[0]]


def test_the_1405_month_counts_match_the_official_calendar_after_farvardin():
    days = {jalali(holiday.date) for holiday in lunar_holidays(1405)}
    days |= {(1405, month, day) for month, day in SOLAR}
    per_month = collections.Counter(month for _, month, _ in days)
    for month, count in OFFICIAL_1405_MONTHS.items():
        assert per_month[month] == count, month
    # After Farvardin (where Eid al-Fitr and 25 Shawwal are a day off), the year's total.
    after_farvardin = sum(count for month, count in per_month.items() if month > 1)
    assert after_farvardin == OFFICIAL_1405_TOTAL - OFFICIAL_1405_FARVARDIN


def test_the_last_day_of_safar_follows_the_month_length():
    titles = {jalali(holiday.date): holiday.title for holiday in lunar_holidays(1405)}
    # Safar 1448 has 30 days in Umm al-Qura: 28 Safar on 20 Mordad, its last day on 22.
    assert "28 صفر" in titles[(1405, 5, 20)]
    assert "آخر صفر" in titles[(1405, 5, 22)]


@pytest.mark.django_db
def test_the_migration_seeded_1405_and_1406_as_estimates(seeded):
    thirteen_rajab_1405 = Holiday.objects.get(date=datetime.date(2026, 12, 22))  # 1405/10/01
    assert "13 رجب" in thirteen_rajab_1405.title
    assert thirteen_rajab_1405.is_estimate
    mabath_1406 = Holiday.objects.get(date=datetime.date(2027, 12, 25))  # 1406/10/04
    assert "27 رجب" in mabath_1406.title


@pytest.mark.django_db
def test_a_due_date_across_13_rajab_skips_it(seeded):
    saturday = datetime.date(2026, 12, 19)  # 1405/09/28; 13 Rajab is Tuesday 1405/10/01
    # Sun (1), Mon (2), Tue 13 Rajab closed, Wed (3).
    assert working_days_add(saturday, 3) == datetime.date(2026, 12, 23)
    Holiday.objects.filter(date=datetime.date(2026, 12, 22)).delete()
    assert working_days_add(saturday, 3) == datetime.date(2026, 12, 22)


@pytest.mark.django_db
def test_the_gaps_name_a_year_without_holidays_and_the_estimates(seeded):
    today = datetime.date(2027, 3, 25)  # 1406/01/05: 1406 seeded, 1407 not
    gaps = holiday_calendar_gaps(today)
    assert gaps.years_without_holidays == [1407]
    assert gaps.estimates_ahead == Holiday.objects.filter(date__gte=today).count() > 10
    Holiday.objects.update(is_estimate=False)
    Holiday.objects.create(date=datetime.date(2028, 3, 21), title="نوروز")  # 1407/01/01
    assert not holiday_calendar_gaps(today)


@pytest.fixture
def keeper(client):
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    return client


@pytest.mark.django_db
def test_the_holidays_list_and_dashboard_warn_of_an_empty_coming_year(keeper):
    Holiday.objects.all().delete()
    this_year = jdatetime.date.today().year
    coming = str(this_year + 1).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    listing = keeper.get("/admin/snippets/catalog/holiday/").content.decode()
    assert f"هیچ تعطیلی در سال {coming}" in listing
    dashboard = keeper.get("/admin/").content.decode()
    assert f"هیچ تعطیلی در سال {coming}" in dashboard


@pytest.mark.django_db
def test_the_holidays_list_says_how_many_estimates_wait(keeper, seeded):
    Holiday.objects.update(is_estimate=False)
    listing = keeper.get("/admin/snippets/catalog/holiday/").content.decode()
    assert "تعطیل قمری پیش رو" not in listing
    Holiday.objects.filter(date__gte=datetime.date(2027, 3, 21)).update(is_estimate=True)
    Holiday.objects.filter(date__lt=datetime.date(2027, 3, 21)).update(is_estimate=False)
    count = Holiday.objects.filter(is_estimate=True).count()  # the lunar ones of 1406
    listing = keeper.get("/admin/snippets/catalog/holiday/").content.decode()
    persian = str(count).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert f"{persian} تعطیل قمری پیش رو تخمینی است" in listing
