import pytest

from catalog.selectors import service_list_published
from tests.factories import ServiceCategoryPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(category, catalog_index):
    other = ServiceCategoryPageFactory(parent=catalog_index, title="امور شهری", slug="city")
    return {
        "permit": ServicePageFactory(
            parent=category,
            title="صدور پروانه ساختمانی",
            summary="درخواست پروانه برای ساخت بنای مسکونی یا تجاری",
            service_code="10061077000",
        ),
        # Typed with an Arabic kaf and yeh, as some keyboards do.
        "clearance": ServicePageFactory(
            parent=other,
            title="گواهي مفاصا حساب عوارض كسب",
            summary="گواهی تسویه عوارض",
            service_code="10061077111",
        ),
        "vendor": ServicePageFactory(
            parent=other,
            title="مجوز دست‌فروشی",
            summary="مجوز موقت",
            service_code="10061077222",
        ),
        "draft": ServicePageFactory(
            parent=category, title="پروانه پیش‌نویس", service_code="10061077333", live=False
        ),
    }


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


@pytest.mark.parametrize("query", ["دست‌فروشی", "دست فروشی"])
def test_zwnj_and_space_are_the_same(services, query):
    assert titles(service_list_published(search=query)) == {"مجوز دست‌فروشی"}


def test_category_filter(services, category):
    assert titles(service_list_published(category=category)) == {"صدور پروانه ساختمانی"}
    assert titles(service_list_published(search="مجوز", category=category)) == set()


def test_unpublished_services_are_never_found(services):
    assert "پروانه پیش‌نویس" not in titles(service_list_published(search="پروانه"))
    assert "پروانه پیش‌نویس" not in titles(service_list_published())
