import re

import pytest
from django.conf import settings

from tests.factories import PERMIT_SERVICE, DepartmentFactory, ServicePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(category):
    department = DepartmentFactory(name="اداره شهرسازی", phone="021-88001234")
    return ServicePageFactory(
        parent=category,
        fee=1_250_000,
        department=department,
        channel_in_person=True,
        in_person_visits=1,
        visit_location="ساختمان مرکزی شهرداری",
        **PERMIT_SERVICE,
    )


def page_html(client, url: str) -> str:
    """The page at `url`, which must answer 200, as HTML."""
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def missing(html: str, *texts: str) -> list[str]:
    """Those of `texts` the page does not show (none when it shows them all)."""
    return [text for text in texts if text not in html]


def test_home_is_persian_rtl_with_categories_and_search(client, category):
    html = page_html(client, "/")
    shown = [
        '<html lang="fa" dir="rtl">',
        'class="skip-link" href="#main"',
        '<main id="main"',
        "شهرسازی",
        'role="search"',
        'action="/services/"',
    ]
    assert missing(html, *shown) == []


def test_nothing_is_loaded_from_another_host(client, service):
    html = client.get(service.url).content.decode()
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert external == []
    assert "/static/css/site.css" in html


def test_category_lists_its_services(client, category, service):
    html = client.get(category.url).content.decode()
    assert "صدور پروانه ساختمانی" in html
    assert "۱٬۲۵۰٬۰۰۰ ریال" in html


def test_service_page_shows_the_identity_card(client, service):
    html = page_html(client, "/services/urban/permit/")
    shown = [
        '<bdi dir="ltr">۱۰۰۶۱۰۷۷۰۰۰</bdi>',
        "۱٬۲۵۰٬۰۰۰ ریال",
        "۱۲ روز کاری",
        "اداره شهرسازی",
        "تصویر کارت ملی",
        "ثبت درخواست",
        "قانون شهرداری‌ها",
        "ساختمان مرکزی شهرداری",
        "۰۲۱-۸۸۰۰۱۲۳۴",
    ]
    assert missing(html, *shown) == []
    # Forms arrive with the form builder; until then no apply link.
    assert "apply/" not in html


def test_free_service_says_free(client, category):
    free = ServicePageFactory(parent=category, fee=0, slug="complaint")
    assert "رایگان" in client.get(free.url).content.decode()


def test_catalog_search_page(client, service, catalog_index):
    html = client.get("/services/", {"q": "پروانه"}).content.decode()
    assert "۱ خدمت پیدا شد" in html
    assert "صدور پروانه ساختمانی" in html


def test_catalog_search_with_unknown_category_explains_without_error(client, catalog_index):
    response = client.get("/services/", {"category": "no-such-category"})
    assert response.status_code == 200
    assert "چنین دسته‌ای وجود ندارد." in response.content.decode()


def test_overlong_search_is_refused_with_a_message(client, catalog_index):
    response = client.get("/services/", {"q": "پ" * 500})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


def test_language_switch_to_english_and_back(client, service):
    response = client.post("/i18n/setlang/", {"language": "en", "next": service.url})
    assert response.status_code == 302
    html = client.get(service.url).content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "1,250,000 rials" in html
    client.post("/i18n/setlang/", {"language": "fa", "next": service.url})
    assert '<html lang="fa" dir="rtl">' in client.get(service.url).content.decode()


def test_browser_language_does_not_override_persian(client, service):
    html = client.get(service.url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert settings.LANGUAGE_CODE == "fa"


def test_unknown_page_is_a_persian_404(client, home):
    response = client.get("/services/nothing-here/")
    assert response.status_code == 404
    assert "صفحه پیدا نشد" in response.content.decode()


def test_vazirmatn_is_bundled():
    static = settings.STATICFILES_DIRS[0]
    assert (static / "fonts/vazirmatn/Vazirmatn-Regular.woff2").stat().st_size > 10_000
    css = (static / "css/fonts.css").read_text()
    assert "Vazirmatn-Regular.woff2" in css
    assert "http" not in css
