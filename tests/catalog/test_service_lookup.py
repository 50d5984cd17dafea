"""Services and sites looked up for a request.

Every change here goes straight to the database, as another process (an editor's
request served by another worker) would make it: the next lookup must see it.
"""

import pytest
from django.test import RequestFactory
from wagtail.models import PageViewRestriction, Site

from catalog.models import ServicePage
from catalog.selectors import service_for_path, service_get_published, site_for_request
from tests.factories import ServicePageFactory, field, form_step

pytestmark = pytest.mark.django_db

PATH = "services/urban/permit"  # where tests/conftest.py's `service` stands


def lookup(path=PATH):
    return service_for_path(RequestFactory().get("/"), path)


def republish_form(service, label):
    form = service.service_form
    form.steps = [form_step("گام", field("mobile", label, "mobile"))]
    form.save_revision().publish()


def test_the_same_answer_as_the_orm(service):
    found = lookup()
    expected = ServicePage.objects.published().get(pk=service.pk)
    assert found.pk == expected.pk and found.title == expected.title
    assert found.form_version.pk == expected.form_version.pk
    assert found.form_version.form.pk == service.service_form.pk
    assert service_get_published(service_code="10061077000").pk == service.pk
    assert lookup("services/urban/nothing") is None
    assert service_get_published(service_code="99") is None


def test_a_new_form_version_is_served_at_once(service):
    first = lookup().form_version
    republish_form(service, "تلفن همراه")
    latest = lookup().form_version
    assert latest.number == first.number + 1
    assert latest.schema["steps"][0]["fields"][0]["label"] == "تلفن همراه"
    assert service_get_published(service_code="10061077000").form_version.pk == latest.pk


def test_an_unpublished_form_or_service_is_gone_at_once(service):
    assert lookup().form_version is not None
    service.service_form.unpublish()
    assert lookup().form_version is None
    service.refresh_from_db()
    service.unpublish()
    assert lookup() is None
    assert service_get_published(service_code="10061077000") is None


def test_a_view_restriction_over_the_service_hides_it(service, category):
    assert lookup() is not None
    restriction = PageViewRestriction.objects.create(
        page=category, restriction_type=PageViewRestriction.LOGIN
    )
    assert lookup() is None
    assert service_get_published(service_code="10061077000") is None
    restriction.delete()
    assert lookup() is not None


def test_saved_changes_of_the_page_form_and_unit_are_seen(service):
    lookup()
    service.title = "پروانه ساخت"
    service.save()  # a save without a revision, as code may do
    assert lookup().title == "پروانه ساخت"
    form = service.service_form
    form.intro = "مقدمه تازه"
    form.save()
    assert lookup().form_version.form.intro == "مقدمه تازه"
    department = service.department
    department.phone = "021-11112222"
    department.save()
    assert service_get_published(service_code="10061077000").department.phone == "021-11112222"


def test_a_moved_service_is_found_at_its_new_path_only(service, catalog_index):
    from tests.factories import ServiceCategoryPageFactory

    lookup()
    other = ServiceCategoryPageFactory(parent=catalog_index, slug="roads")
    ServicePage.objects.get(pk=service.pk).move(other, pos="last-child")
    assert lookup() is None
    assert lookup("services/roads/permit").pk == service.pk


def test_the_site_changes_are_seen_and_kept_where_wagtail_looks(service):
    request = RequestFactory().get("/")
    site = site_for_request(request)
    assert Site.find_for_request(request) is site  # where Wagtail's template tags look
    Site.objects.filter(pk=site.pk).update(site_name="میز خدمت شهرداری")
    assert site_for_request(RequestFactory().get("/")).site_name == "میز خدمت شهرداری"


def test_a_second_lookup_is_served_from_the_cache(service, django_assert_num_queries):
    lookup()
    service_get_published(service_code="10061077000")
    with django_assert_num_queries(0):
        found = lookup()
        by_code = service_get_published(service_code="10061077000")
        assert found.form_version.schema == by_code.form_version.schema
    assert found.pk == by_code.pk == service.pk


def test_a_service_published_in_one_request_is_served_by_the_next(service, category, client):
    """An editor's publish (here as the admin's publish action makes it), then the
    citizen's next request through the shared cache: the new title, the new service."""
    api = "/api/v1/services/10061077000/"
    assert client.get(api).json()["title"] != "پروانه تازه"
    page = ServicePage.objects.get(pk=service.pk)
    page.title = "پروانه تازه"
    page.save_revision().publish()
    assert client.get(api).json()["title"] == "پروانه تازه"
    assert lookup().title == "پروانه تازه"
    new = ServicePageFactory(parent=category, slug="fence", service_code="10061077001", live=False)
    assert client.get("/api/v1/services/10061077001/").status_code == 404
    new.save_revision().publish()
    assert client.get("/api/v1/services/10061077001/").status_code == 200
    assert service_get_published(service_code="10061077001").pk == new.pk


def test_an_unpublished_service_answers_404_at_once(service, client):
    api = "/api/v1/services/10061077000/"
    assert client.get(api).status_code == 200
    assert client.get(api).status_code == 200  # now from the cache
    ServicePage.objects.get(pk=service.pk).unpublish()
    response = client.get(api)
    assert response.status_code == 404


def test_a_deleted_service_is_gone_at_once(service):
    assert lookup() is not None
    ServicePage.objects.get(pk=service.pk).delete()
    assert lookup() is None
    assert service_get_published(service_code="10061077000") is None


def test_a_queryset_update_is_seen_after_the_documented_invalidation(service):
    """QuerySet.update() sends no signal: whoever uses it calls the invalidation."""
    from catalog.lookup_cache import service_lookup_invalidate

    assert lookup().title != "به‌روز"
    ServicePage.objects.filter(pk=service.pk).update(title="به‌روز")
    service_lookup_invalidate()
    assert lookup().title == "به‌روز"
