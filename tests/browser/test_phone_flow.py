"""On a phone (issue 15, item 7): an upload kept after a mistake on its step, Back and
reload inside the form with the answers kept, and the send answered at once under the
embedded default while the receipt follows in the background."""

import threading

import pytest

from submissions.models import Submission
from submissions.pipeline import embedded
from tests.submissions.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db(transaction=True)

APPLY = "/services/urban/permit/apply/"


def test_upload_back_reload_and_a_fast_send(
    live_server, service, phone_page, first_step_done, settings, tmp_path
):
    settings.PIPELINE_EMBEDDED_BACKGROUND = True  # the embedded default: no broker
    page, base = phone_page, live_server.url
    page.goto(base + APPLY)
    first_step_done(page)

    # Back to step 1 and reload it: a page with the answers, never "resubmit the form?".
    page.go_back()
    page.wait_for_url("**/apply/s1/")
    page.reload()
    assert page.get_by_label("نام و نام خانوادگی").input_value() == "سارا محمدی"
    page.go_forward()
    page.wait_for_url("**/apply/s2/")
    page.reload()
    assert "مشخصات ملک" in page.locator("h1").inner_text()

    # A valid file stays when another answer on the step is wrong.
    deed = tmp_path / "سند.pdf"
    deed.write_bytes(PDF_BYTES)
    page.get_by_label("سند مالکیت").set_input_files(str(deed))
    page.get_by_label("مساحت (متر مربع)").fill("بیست")
    page.get_by_role("button", name="ادامه", exact=True).click()
    kept = page.locator(".kept-files")
    assert "سند.pdf" in kept.inner_text() and "بایت" in kept.inner_text()
    page.get_by_label("مساحت (متر مربع)").fill("۱۲۰")
    page.get_by_role("button", name="ادامه", exact=True).click()
    page.wait_for_url("**/apply/review/")
    assert "سند.pdf" in page.locator("main").inner_text()

    # The send answers while the background thread is still busy: the receipt follows.
    release = threading.Event()
    embedded.run_in_background(release.wait, 60)
    page.get_by_label("تأیید می‌کنم اطلاعاتی که وارد کرده‌ام درست است.").check()
    page.get_by_role("button", name="ارسال درخواست").click()
    page.wait_for_url("**/requests/**")
    receipt_url = page.get_by_role("link", name="رسید (PDF)").get_attribute("href")
    pending = page.request.get(base + receipt_url)
    assert pending.status == 202 and "در حال آماده" in pending.text()
    release.set()
    embedded.run_in_background(lambda: None).result(timeout=120)  # the pipeline has run
    ready = page.request.get(base + receipt_url)
    assert ready.status == 200 and ready.headers["content-type"] == "application/pdf"
    assert Submission.objects.get().files.get().original_name == "سند.pdf"
