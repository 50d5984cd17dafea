"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Chromium comes from Debian (`make test` installs it when missing); Playwright never
downloads a browser of its own.
"""

import os
import shutil
from urllib.parse import urlparse

import pytest

# Playwright's sync API runs an event loop in the test thread; the tests' own ORM calls
# (building pages) are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make browser-deps`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def outside_requests():
    """Every request a page made to a host other than the live server."""
    return []


def _watch(context, outside_requests):
    def record(request):
        host = urlparse(request.url).hostname
        if request.url.startswith(("data:", "blob:")):
            return
        if host not in {"localhost", "127.0.0.1"}:
            outside_requests.append(request.url)

    context.on("request", record)


@pytest.fixture
def blank_page(browser):
    """An empty page, for running the site's scripts on their own."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!doctype html><html><body></body></html>")
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, outside_requests):
    context = browser.new_context(locale="fa-IR", **PHONE)
    _watch(context, outside_requests)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser, outside_requests):
    context = browser.new_context(locale="fa-IR", viewport={"width": 1280, "height": 900})
    _watch(context, outside_requests)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def urban_category(live_server):
    """The site's home, service index and an "urban" category, served by the live server:
    where each test builds its services."""
    from tests.factories import (
        HomePageFactory,
        ServiceCategoryPageFactory,
        ServiceIndexPageFactory,
    )

    index = ServiceIndexPageFactory(parent=HomePageFactory())
    return ServiceCategoryPageFactory(parent=index, title="شهرسازی", slug="urban")


@pytest.fixture
def service(urban_category):
    """The permit service (tests/factories.py), handled by «واحد شهرسازی»."""
    from tests.factories import (
        PERMIT_SERVICE,
        DepartmentFactory,
        ServiceFormFactory,
        ServicePageFactory,
    )

    return ServicePageFactory(
        parent=urban_category,
        department=DepartmentFactory(name="واحد شهرسازی"),
        service_form=ServiceFormFactory(),
        **PERMIT_SERVICE,
    )


@pytest.fixture
def first_step_done():
    """`first_step_done(page)`: the permit form's first step answered by «سارا محمدی», a
    person, and sent; the page waits on the second step."""

    def answer(page):
        page.get_by_label("نام و نام خانوادگی").fill("سارا محمدی")
        page.get_by_label("شماره همراه").fill("09121234567")
        page.get_by_label("کد ملی").fill("0013542419")
        page.get_by_label("شخص حقیقی").check()
        page.get_by_role("button", name="ادامه", exact=True).click()
        page.wait_for_url("**/apply/s2/")

    return answer
