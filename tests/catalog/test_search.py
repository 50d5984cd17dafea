import re

import pytest

from catalog.selectors import service_list_published
from tests.factories import ServiceCategoryPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(category, catalog_index):
    other = ServiceCategoryPageFactory(parent=catalog_index, title="امور شهری", slug="city")
    listed = {
        "permit": (
            category,
            "صدور پروانه ساختمانی",
            "درخواست پروانه برای ساخت بنای مسکونی یا تجاری",
            "10061077000",
        ),
        # Typed with an Arabic kaf and yeh, as some keyboards do.
        "clearance": (other, "گواهي مفاصا حساب عوارض كسب", "گواهی تسویه عوارض", "10061077111"),
        "vendor": (other, "مجوز دست‌فروشی", "مجوز موقت", "10061077222"),
    }
    made = {
        name: ServicePageFactory(parent=parent, title=title, summary=summary, service_code=code)
        for name, (parent, title, summary, code) in listed.items()
    }
    made["draft"] = ServicePageFactory(
        parent=category, title="پروانه پیش‌نویس", service_code="10061077333", live=False
    )
    return made


def titles(results) -> set[str]:
    return {service.title for service in results}


def test_plain_persian_words_find_the_service(services):
    assert titles(service_list_published(search="پروانه")) == {"صدور پروانه ساختمانی"}


@pytest.mark.parametrize("query", ["كسب", "کسب", "گواهي", "گواهی"])
def test_arabic_and_persian_letters_are_the_same(services, query):
    # Stored with Persian letters; found with either.
    assert titles(service_list_published(search=query)) == {"گواهی مفاصا حساب عوارض کسب"}


@pytest.mark.parametrize("query", ["10061077000", "۱۰۰۶۱۰۷۷۰۰۰", "١٠٠٦١٠٧٧٠٠٠"])
def test_service_code_in_any_digits(services, query):
    assert titles(service_list_published(search=query)) == {"صدور پروانه ساختمانی"}


@pytest.mark.parametrize("query", ["دست‌فروشی", "دست فروشی", "دستفروشی"])
def test_zwnj_and_space_are_the_same(services, query):
    assert titles(service_list_published(search=query)) == {"مجوز دست‌فروشی"}


def test_category_filter(services, category):
    assert titles(service_list_published(category=category)) == {"صدور پروانه ساختمانی"}
    assert titles(service_list_published(search="مجوز", category=category)) == set()


def test_unpublished_services_are_never_found(services):
    assert "پروانه پیش‌نویس" not in titles(service_list_published(search="پروانه"))
    assert "پروانه پیش‌نویس" not in titles(service_list_published())


@pytest.mark.parametrize("query", ["می‌خواهم", "می خواهم", "میخواهم"])
def test_joined_spellings_find_a_zwnj_word(category, query):
    ServicePageFactory(parent=category, title="می‌خواهم خانه بسازم", service_code="10061077444")
    assert titles(service_list_published(search=query)) == {"می‌خواهم خانه بسازم"}


def test_a_spaced_word_is_found_joined(category):
    # An editor typed a space where a ZWNJ belongs; a citizen types the joined spelling.
    ServicePageFactory(parent=category, title="می خواهم خانه بسازم", service_code="10061077555")
    assert titles(service_list_published(search="میخواهم")) == {"می خواهم خانه بسازم"}


def admin_page_titles(admin_client, query: str) -> set[str]:
    html = admin_client.get("/admin/pages/search/", {"q": query}).content.decode()
    return {
        title for title in ("صدور پروانه ساختمانی", "گواهی مفاصا حساب عوارض کسب") if title in html
    }


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("عوارض كسب", {"گواهی مفاصا حساب عوارض کسب"}),  # Arabic kaf
        ("گواهي", {"گواهی مفاصا حساب عوارض کسب"}),  # Arabic yeh
        ("۱۰۰۶۱۰۷۷۰۰۰", {"صدور پروانه ساختمانی"}),  # a service code in Persian digits
        ("١٠٠٦١٠٧٧٠٠٠", {"صدور پروانه ساختمانی"}),  # …in Arabic-Indic digits
    ],
)
def test_the_admin_page_search_reads_persian(admin_client, services, query, found):
    assert admin_page_titles(admin_client, query) == found


def test_the_admin_snippet_search_reads_arabic_letters(admin_client):
    from tests.factories import DepartmentFactory

    DepartmentFactory(name="اداره کسب و کار", code="BUSINESS")
    DepartmentFactory(name="اداره شهرسازی", code="URBAN")
    html = admin_client.get("/admin/snippets/catalog/department/", {"q": "كسب"}).content.decode()
    rows = re.search(r'<table class="listing.*?</table>', html, re.S).group(0)
    assert "اداره کسب و کار" in rows
    assert "اداره شهرسازی" not in rows
