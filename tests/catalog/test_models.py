import pytest
from django.core.exceptions import ValidationError

from catalog.models import HomePage, ServiceCategoryPage, ServiceIndexPage, ServicePage
from tests.factories import DepartmentFactory, ServicePageFactory

pytestmark = pytest.mark.django_db


class TestPageTypeRules:
    def test_services_only_under_categories(self, catalog_index, category):
        assert ServicePage.can_create_at(category)
        assert not ServicePage.can_create_at(catalog_index)
        assert not ServicePage.can_create_at(catalog_index.get_parent())

    def test_categories_only_under_the_catalog(self, home, catalog_index, category):
        assert ServiceCategoryPage.can_create_at(catalog_index)
        assert not ServiceCategoryPage.can_create_at(home)
        assert not ServiceCategoryPage.can_create_at(category)

    def test_one_home_and_one_catalog(self, home, catalog_index):
        assert not HomePage.can_create_at(home.get_parent())
        assert not ServiceIndexPage.can_create_at(home)

    def test_a_service_has_no_children(self, category):
        service = ServicePageFactory(parent=category)
        assert ServicePage.allowed_subpage_models() == []
        assert not ServiceCategoryPage.can_create_at(service)


class TestServicePage:
    def test_service_code_accepts_persian_digits_and_is_normalised(self, category):
        service = ServicePageFactory.build(service_code="۱۰۰۶۱۰۷۷۰۰۰", department=None)
        service.clean()
        assert service.service_code == "10061077000"

    def test_service_code_must_be_digits(self, category):
        service = ServicePageFactory.build(service_code="ABC123", department=None)
        with pytest.raises(ValidationError) as error:
            service.full_clean(exclude=["path", "depth", "slug", "content_type"])
        assert "service_code" in error.value.message_dict

    def test_service_code_longer_than_eleven_digits_is_refused(self, category):
        service = ServicePageFactory.build(service_code="123456789012", department=None)
        with pytest.raises(ValidationError) as error:
            service.full_clean(exclude=["path", "depth", "slug", "content_type"])
        assert "service_code" in error.value.message_dict

    def test_in_person_visits_need_the_in_person_channel(self):
        service = ServicePageFactory.build(
            in_person_visits=2, channel_in_person=False, department=None
        )
        with pytest.raises(ValidationError) as error:
            service.clean()
        assert "channel_in_person" in error.value.message_dict

    def test_contact_falls_back_to_the_department(self, category):
        department = DepartmentFactory(phone="021-1234", email="unit@example.ir")
        service = ServicePageFactory(parent=category, department=department)
        assert service.phone == "021-1234"
        assert service.email == "unit@example.ir"
        service.contact_phone = "021-9999"
        assert service.phone == "021-9999"

    def test_channels(self, category):
        service = ServicePageFactory(parent=category, channel_online=True, channel_in_person=True)
        assert service.channels == ["online", "in_person"]

    def test_history_records_each_publish(self, category):
        service = ServicePageFactory(parent=category, title="پروانه ساختمانی")
        before = service.history.count()
        service.title = "پروانه ساختمان"
        service.save_revision().publish()
        assert service.history.count() > before
        assert service.history.first().title == "پروانه ساختمان"


class TestDepartment:
    def test_history_is_kept(self):
        department = DepartmentFactory(name="اداره درآمد")
        department.name = "اداره کل درآمد"
        department.save()
        assert [h.name for h in department.history.all()] == ["اداره کل درآمد", "اداره درآمد"]

    def test_name_letters_and_code_normalised(self):
        department = DepartmentFactory.build(name="اداره كل ماليات", code="rev-۱")
        department.clean()
        assert department.name == "اداره کل مالیات"
        assert department.code == "REV-1"

    def test_a_unit_cannot_be_its_own_ancestor(self):
        parent = DepartmentFactory()
        child = DepartmentFactory(parent=parent)
        parent.parent = child
        with pytest.raises(ValidationError):
            parent.clean()


def test_service_text_is_stored_with_persian_letters(category):
    service = ServicePageFactory.build(
        title="پروانه كسب", summary="براي كسبه", audience="مالكين", department=None
    )
    service.clean()
    assert (service.title, service.summary, service.audience) == (
        "پروانه کسب",
        "برای کسبه",
        "مالکین",
    )
