"""On a phone (issue 16): sign in to "my requests" with the mobile and the SMS code typed
in Persian digits, see one's own request (masked number), sign out."""

import pytest

from tests.factories import submission_make
from tests.sms import otp_code_sent

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_in_and_my_requests_on_a_phone(live_server, service, phone_page):
    mine = submission_make(service)
    theirs = submission_make(service, answers={"mobile": "09359876543"})
    page, base = phone_page, live_server.url
    page.goto(base + "/my/")
    page.wait_for_url("**/my/signin/?next=%2Fmy%2F")
    page.get_by_label("شماره همراه").fill("۰۹۱۲ ۱۲۳ ۴۵۶۷")
    page.get_by_role("button", name="فرستادن کد").click()
    assert "۰۹۱۲***۴۵۶۷" in page.get_by_role("status").inner_text()
    code = otp_code_sent("09121234567")
    page.get_by_label("کد").fill(code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")))
    page.get_by_role("button", name="ورود", exact=True).click()
    page.wait_for_url(base + "/my/")
    assert page.locator("h1").inner_text() == "درخواست‌های من"
    body = page.locator("main").inner_text()
    assert "۰۹۱۲***۴۵۶۷" in body and "۰۹۱۲۱۲۳۴۵۶۷" not in body
    assert page.locator(f'a[href*="{mine.access_token}"]').count() == 2
    assert page.locator(f'a[href*="{theirs.access_token}"]').count() == 0
    # Nothing wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="خروج").click()
    page.wait_for_url("**/my/signin/")
    page.goto(base + "/my/")
    page.wait_for_url("**/my/signin/?next=%2Fmy%2F")
