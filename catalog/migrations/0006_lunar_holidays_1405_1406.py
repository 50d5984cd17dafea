"""The lunar holidays of 1405 and 1406 as estimates, so a production install has them.

Computed once here with `hijridate` (Umm al-Qura); an administrator confirms each
against the official calendar or moves it by a day (the holidays list shows them).
"""

from django.db import migrations

from catalog.holiday_calendar import jalali_year_span, lunar_holidays_seed

SEEDED_YEARS = (1405, 1406)


def seed(apps, schema_editor):
    lunar_holidays_seed(apps.get_model("catalog", "Holiday"), SEEDED_YEARS)


def unseed(apps, schema_editor):
    # Only the estimates nobody has confirmed yet.
    holiday = apps.get_model("catalog", "Holiday")
    first, _ = jalali_year_span(SEEDED_YEARS[0])
    _, last = jalali_year_span(SEEDED_YEARS[-1])
    holiday.objects.filter(is_estimate=True, date__range=(first, last)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_holiday_is_estimate"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
