import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(live_server):
    call_command("seed_demo", verbosity=0)


def test_editor_signs_in_to_a_persian_admin(live_server, demo, desktop_page, outside_requests):
    page = desktop_page
    page.goto(live_server.url + "/admin/")
    page.wait_for_url("**/admin/login/**")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "ورود به میز خدمت"
    page.get_by_label("نام کاربری").fill("editor")
    page.get_by_label("رمزعبور").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="ورود").click()
    page.wait_for_url(live_server.url + "/admin/")

    assert page.locator("html").get_attribute("lang") == "fa"
    sidebar = page.locator("[data-wagtail-sidebar]")
    # Wagtail's own Persian writes «صفحه ها» with a space; our supplement adds the ZWNJ.
    sidebar.get_by_text("صفحه‌ها").wait_for()
    assert sidebar.get_by_text("واحدهای سازمانی").is_visible()
    body = page.locator("body").inner_text()
    for english in ("Dashboard", "Pages", "Help", "Search all pages", "Sign out"):
        assert english not in body

    # The editor reaches the catalog in the page explorer, in Persian.
    page.goto(live_server.url + "/admin/pages/")
    assert "میز خدمت" in page.locator("main").inner_text()
    assert outside_requests == []
