"""A citizen completes a multi-step form with a condition and a file on a phone."""

import re

import pytest

from submissions.models import Submission
from tests.factories import (
    PERMIT_SERVICE,
    ServiceFormFactory,
    ServicePageFactory,
)
from tests.submissions.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def service(urban_category):
    return ServicePageFactory(
        parent=urban_category, service_form=ServiceFormFactory(), **PERMIT_SERVICE
    )


def test_citizen_applies_on_a_phone(live_server, service, phone_page, outside_requests, tmp_path):
    page = phone_page
    page.goto(live_server.url + "/services/urban/permit/")
    page.get_by_role("link", name="درخواست برخط").click()
    page.wait_for_url("**/apply/s1/")
    assert "مرحله ۱ از ۳" in page.locator("main").inner_text()

    page.get_by_label("نام و نام خانوادگی").fill("سارا محمدی")
    page.get_by_label("شماره همراه").fill("۰۹۱۲۱۲۳۴۵۶۷")
    page.get_by_label("کد ملی").fill("0013542419")
    company = page.locator("[data-field-key=company_name]")
    # The condition hides the company name until "company" is chosen…
    assert company.is_hidden()
    page.get_by_label("شخص حقوقی").check()
    assert company.is_visible()
    # …and asks for it when it is shown and left empty.
    page.get_by_role("button", name="ادامه", exact=True).click()
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert summary.evaluate("element => element === document.activeElement")
    page.get_by_label("نام شرکت").fill("ساختمان‌سازان نمونه")
    page.get_by_role("button", name="ادامه", exact=True).click()

    assert "مشخصات ملک" in page.locator("h1").inner_text()
    page.get_by_label("مساحت (متر مربع)").fill("۱۲۰")
    deed = tmp_path / "سند.pdf"
    deed.write_bytes(PDF_BYTES)
    page.get_by_label("سند مالکیت").set_input_files(str(deed))
    page.get_by_role("button", name="ادامه", exact=True).click()

    main = page.locator("main").inner_text()
    assert "ساختمان‌سازان نمونه" in main and "سند.pdf" in main and "۱۲۰" in main
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_label("تأیید می‌کنم اطلاعاتی که وارد کرده‌ام درست است.").check()
    page.get_by_role("button", name="ارسال درخواست").click()
    page.wait_for_url("**/requests/**")

    submission = Submission.objects.get()
    shown = page.locator("[data-tracking-code]").inner_text()
    assert re.fullmatch(r"[۰-۹]{4} [۰-۹]{4} [۰-۹]{4}", shown)
    digits = shown.replace(" ", "").translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
    assert digits == submission.tracking_code
    assert submission.data["company_name"] == "ساختمان‌سازان نمونه"
    assert submission.files.get().original_name == "سند.pdf"
    page.screenshot(path=str(tmp_path / "confirmation.png"), full_page=True)
    assert outside_requests == []


def test_the_form_works_without_javascript(live_server, service, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/services/urban/permit/apply/")
    # Without the script every question shows, and the server ignores hidden answers.
    assert page.locator("[data-field-key=company_name]").is_visible()
    page.get_by_label("نام و نام خانوادگی").fill("رضا")
    page.get_by_label("شماره همراه").fill("09121234567")
    page.get_by_label("کد ملی").fill("0013542419")
    page.get_by_label("شخص حقیقی").check()
    page.get_by_label("نام شرکت").fill("نادیده گرفته می‌شود")
    page.get_by_role("button", name="ادامه", exact=True).click()
    assert "مشخصات ملک" in page.locator("h1").inner_text()
    context.close()
