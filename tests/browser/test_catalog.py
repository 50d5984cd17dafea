import pytest
from wagtail.models import Site

from tests.factories import (
    PERMIT_SERVICE,
    DepartmentFactory,
    HomePageFactory,
    ServiceCategoryPageFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def catalog(live_server):
    home = HomePageFactory(title="میز خدمت الکترونیک شهرداری")
    site = Site.objects.get(is_default_site=True)
    site.site_name = "شهرداری نمونه"
    site.save()
    index = ServiceIndexPageFactory(parent=home)
    urban = ServiceCategoryPageFactory(parent=index, title="شهرسازی و ساختمان", slug="urban")
    ServiceCategoryPageFactory(parent=index, title="گواهی‌ها", slug="certificates")
    service = ServicePageFactory(
        parent=urban,
        fee=2_500_000,
        department=DepartmentFactory(name="اداره شهرسازی"),
        **PERMIT_SERVICE,
    )
    return {"home": home, "service": service}


def test_citizen_on_a_phone_browses_to_a_service_card(
    live_server, catalog, phone_page, outside_requests
):
    page = phone_page
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "fa"
    page.get_by_role("link", name="شهرسازی و ساختمان").first.click()
    page.wait_for_url("**/services/urban/")
    page.get_by_role("link", name="صدور پروانه ساختمانی").click()
    page.wait_for_url("**/services/urban/permit/")

    assert page.get_by_role("heading", level=1).inner_text() == "صدور پروانه ساختمانی"
    card = page.locator(".service-card")
    assert "۱۰۰۶۱۰۷۷۰۰۰" in card.inner_text()
    assert "۲٬۵۰۰٬۰۰۰ ریال" in card.inner_text()
    assert "۱۲ روز کاری" in card.inner_text()
    assert "اداره شهرسازی" in card.inner_text()

    # Phone-first: nothing wider than the screen, the text in the bundled Vazirmatn.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px Vazirmatn')")
    assert "Vazirmatn" in page.evaluate("getComputedStyle(document.body).fontFamily")
    # The breadcrumb leads back, and nothing came from outside the desk.
    assert page.get_by_role("navigation", name="مسیر صفحه").is_visible()
    assert outside_requests == []


def test_keyboard_user_can_skip_to_content(live_server, catalog, phone_page):
    page = phone_page
    page.goto(live_server.url + "/")
    skip = page.get_by_role("link", name="رفتن به محتوای اصلی")
    hidden = skip.bounding_box()
    assert hidden["y"] + hidden["height"] <= 0  # out of sight until focused
    page.keyboard.press("Tab")
    assert skip.evaluate("element => element === document.activeElement")
    box = skip.bounding_box()
    viewport = page.viewport_size
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]
    # In view and on top: the point at its centre is the link itself, nothing covers it.
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert skip.evaluate(
        "(element, [x, y]) => element.contains(document.elementFromPoint(x, y))", list(centre)
    )
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_search_from_the_home_page(live_server, catalog, phone_page):
    page = phone_page
    page.goto(live_server.url + "/")
    page.get_by_label("جستجوی خدمات").fill("پروانه")
    page.get_by_role("button", name="جستجو").click()
    page.wait_for_url("**/services/?q=*")
    assert "۱ خدمت پیدا شد" in page.locator("#results-heading").inner_text()
    assert page.get_by_role("link", name="صدور پروانه ساختمانی").is_visible()


def test_switch_to_english(live_server, catalog, phone_page):
    page = phone_page
    page.goto(live_server.url + catalog["service"].url)
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert "2,500,000 rials" in page.locator(".service-card").inner_text()
