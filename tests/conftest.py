import pytest

from tests.factories import (
    HomePageFactory,
    ServiceCategoryPageFactory,
    ServiceFormFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
)


@pytest.fixture
def home(db):
    return HomePageFactory()


@pytest.fixture
def catalog_index(home):
    return ServiceIndexPageFactory(parent=home)


@pytest.fixture
def category(catalog_index):
    return ServiceCategoryPageFactory(parent=catalog_index, title="شهرسازی", slug="urban")


@pytest.fixture
def service_form(db):
    return ServiceFormFactory()


@pytest.fixture
def service(category, service_form):
    return ServicePageFactory(
        parent=category,
        title="صدور پروانه ساختمانی",
        slug="permit",
        service_code="10061077000",
        duration_days=12,
        service_form=service_form,
    )
