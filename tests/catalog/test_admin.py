import re

import pytest

from catalog.models import Department
from tests.factories import DepartmentFactory, ServicePageFactory

pytestmark = pytest.mark.django_db


def test_service_editor_renders_in_persian(admin_client, category):
    service = ServicePageFactory(parent=category)
    response = admin_client.get(f"/admin/pages/{service.pk}/edit/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in html
    assert "شناسه ملی خدمت، حداکثر ۱۱ رقم." in html  # a help text, translated
    assert "مدارک لازم" in html


def test_only_services_can_be_added_under_a_category(admin_client, category):
    response = admin_client.get(f"/admin/pages/{category.pk}/add_subpage/")
    # A single allowed type goes straight to the service form.
    assert response.status_code == 302
    assert "/add/catalog/servicepage/" in response["Location"]


def test_department_listing_and_search(admin_client):
    DepartmentFactory(name="اداره درآمد", code="REVENUE")
    DepartmentFactory(name="اداره شهرسازی", code="URBAN")
    listing = admin_client.get("/admin/snippets/catalog/department/")
    assert listing.status_code == 200
    assert "اداره درآمد" in listing.content.decode()
    found = admin_client.get("/admin/snippets/catalog/department/", {"q": "درآمد"})
    rows = re.search(r'<table class="listing.*?</table>', found.content.decode(), re.S).group(0)
    assert "اداره درآمد" in rows and "اداره شهرسازی" not in rows


def test_department_created_in_the_admin_keeps_who_did_it(admin_client, admin_user):
    response = admin_client.post(
        "/admin/snippets/catalog/department/add/",
        {
            "name": "اداره كل خدمات",
            "code": "services-1",
            "phone": "",
            "email": "",
            "address": "",
            "working_hours": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    department = Department.objects.get(code="SERVICES-1")
    assert department.name == "اداره کل خدمات"
    record = department.history.get()
    assert record.history_user == admin_user
    assert record.history_type == "+"


def test_admin_makes_no_request_to_the_internet(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "gravatar.com" not in html
    assert "releases.wagtail.org" not in html
    # Links to documentation are fine; nothing may be loaded from outside.
    loaded = re.findall(r'src="(https?://[^"]+)"', html)
    loaded += re.findall(r'<link[^>]+href="(https?://[^"]+)"', html)
    assert loaded == []
