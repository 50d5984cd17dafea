import pytest

from tests.factories import (
    HomePageFactory,
    ServiceCategoryPageFactory,
    ServiceIndexPageFactory,
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
