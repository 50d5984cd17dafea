"""Reads of request forms: search as people type titles, status in one place."""

import pytest

from formbuilder.constants import FormStatus
from formbuilder.models import ServiceForm
from formbuilder.selectors import (
    service_form_list_with_status,
    service_form_search,
    service_form_status,
)
from tests.factories import ServiceFormFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def titles():
    for title in ("پروانه‌کسب صنفی", "فرم شماره 2", "مجوز حفاری", "Building Permit"):
        ServiceFormFactory(title=title, publish=False)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("پروانه كسب", ["پروانه‌کسب صنفی"]),  # Arabic kaf, a space for the ZWNJ
        ("صنفي پروانه", ["پروانه‌کسب صنفی"]),  # Arabic yeh, words in any order
        ("شماره ۲", ["فرم شماره 2"]),  # Persian digit
        ("شماره ٢", ["فرم شماره 2"]),  # Arabic-Indic digit
        ("building permit", ["Building Permit"]),
        ("پروانه حفاری", []),  # every word must match
    ],
)
def test_search_finds_titles_as_people_type_them(titles, query, found):
    forms = service_form_search(ServiceForm.objects.all(), query)
    assert sorted(forms.values_list("title", flat=True)) == found


def test_status_in_three_words():
    ServiceFormFactory(title="پیش‌نویس", publish=False)
    ServiceFormFactory(title="منتشرشده")
    changed = ServiceFormFactory(title="تغییریافته")
    changed.intro = "تازه"
    changed.save_revision()
    statuses = {form.title: service_form_status(form) for form in service_form_list_with_status()}
    assert statuses == {
        "پیش‌نویس": FormStatus.DRAFT,
        "منتشرشده": FormStatus.PUBLISHED,
        "تغییریافته": FormStatus.CHANGED,
    }
