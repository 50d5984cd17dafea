"""The Content-Security-Policy breaks nothing: Chromium reports no violation on the
citizen's pages (the live conditions, the print button, tracking, the survey) nor on the
admin pages staff and editors use (page editor, form builder, image chooser, cartable,
reports, the in-person desk).

Chromium writes every refused script, style, image, frame or connection to the console
("… violates the following Content Security Policy directive …"), and every feature of a
Permissions-Policy it does not know; the tests collect those lines.
"""

import io

import PIL.Image
import pytest
from django.conf import settings
from django.test import Client
from wagtail.images.models import Image

from receipts.models import SurveyResponse
from submissions.constants import Status
from tests.factories import (
    UserFactory,
    submission_answered_by_staff,
    submission_make,
)

pytestmark = pytest.mark.django_db(transaction=True)

MOBILE = "09121234567"  # submission_make's


@pytest.fixture
def header_errors():
    """Console lines about a refused resource or an unknown policy feature."""
    return []


def watch(page, header_errors):
    def record(message):
        text = message.text
        if "Content Security Policy" in text or "Permissions-Policy" in text:
            header_errors.append(f"{page.url}: {text}")

    page.on("console", record)
    return page


def sign_in(page, base_url: str, user) -> None:
    """The admin's session cookie, without the login form (its own tests cover it)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )


def png() -> bytes:
    picture = io.BytesIO()
    PIL.Image.new("RGB", (64, 48), (11, 92, 90)).save(picture, format="PNG")
    return picture.getvalue()


def visit(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def test_the_collector_sees_what_the_policy_refuses(
    live_server, service, phone_page, header_errors
):
    """Otherwise the tests below would pass with a collector that hears nothing."""
    page = watch(phone_page, header_errors)
    visit(page, live_server.url + "/services/urban/permit/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.append(script);
        }"""
    )
    assert page.evaluate("window.injected") is None
    assert any("script-src" in line for line in header_errors)


def test_the_citizen_pages_run_under_the_policy(live_server, service, phone_page, header_errors):
    base = live_server.url
    page = watch(phone_page, header_errors)
    visit(page, base + "/")
    visit(page, base + "/services/urban/permit/")

    # The wizard's live condition (a script file) still shows and hides the question.
    visit(page, base + "/services/urban/permit/apply/")
    company = page.locator("[data-field-key=company_name]")
    assert company.is_hidden()
    page.get_by_label("شخص حقوقی").check()
    assert company.is_visible()
    page.get_by_label("نام و نام خانوادگی").fill("سارا محمدی")
    page.get_by_label("شماره همراه").fill(MOBILE)
    page.get_by_label("کد ملی").fill("0013542419")
    page.get_by_label("نام شرکت").fill("ساختمان‌سازان نمونه")
    page.get_by_role("button", name="ادامه", exact=True).click()
    page.get_by_label("مساحت (متر مربع)").fill("۱۲۰")
    page.get_by_label("سند مالکیت").set_input_files(
        files=[{"name": "deed.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}]
    )
    page.get_by_role("button", name="ادامه", exact=True).click()
    page.get_by_label("تأیید می‌کنم اطلاعاتی که وارد کرده‌ام درست است.").check()
    page.get_by_role("button", name="ارسال درخواست").click()
    page.wait_for_url("**/requests/**")
    page.wait_for_load_state("networkidle")

    # The print button is shown by its script file and prints when pressed.
    page.evaluate("window.print = () => { window.printed = true; }")
    page.locator("[data-print-page]").click()
    assert page.evaluate("window.printed") is True

    submission = submission_make(service)
    submission_answered_by_staff(submission, Status.NEEDS_INFO, "تصویر سند را بفرستید.")
    visit(page, base + "/track/")
    lookup = page.locator("form").filter(has=page.locator("[name=mobile]"))
    lookup.get_by_label("کد رهگیری").fill(submission.tracking_code)
    lookup.get_by_label("شماره همراه").fill(MOBILE)
    with page.expect_navigation():
        lookup.get_by_role("button", name="پیگیری").click()
    assert "تصویر سند را بفرستید." in page.locator("main").inner_text()

    survey = SurveyResponse.objects.create(submission=submission)
    visit(page, f"{base}/s/{survey.token}/")
    visit(page, f"{base}/requests/{submission.access_token}/receipt.pdf")
    assert header_errors == []


def test_the_api_pages_run_under_the_policy(live_server, service, desktop_page, header_errors):
    page = watch(desktop_page, header_errors)
    visit(page, live_server.url + "/api/v1/docs/")
    page.locator(".swagger-ui .opblock").first.wait_for()
    visit(page, live_server.url + "/api/v1/services/")
    assert "10061077000" in page.locator("body").inner_text()
    assert header_errors == []


def test_the_admin_runs_under_its_policy(live_server, service, desktop_page, header_errors):
    base = live_server.url
    page = watch(desktop_page, header_errors)
    admin = UserFactory(username="modir", is_superuser=True, is_staff=True)
    service.department.members.add(admin)
    submission = submission_make(service)
    sign_in(page, base, admin)

    visit(page, base + "/admin/")
    # The page editor, with its live preview.
    visit(page, f"{base}/admin/pages/{service.pk}/edit/")
    page.locator("[data-side-panel-toggle=preview]").click()
    # The preview frame shows the public page, framed by the admin ('self').
    page.frame_locator("#w-preview-iframe").locator("main").wait_for()
    page.wait_for_load_state("networkidle")

    # The form builder: add a question block, then the form's preview.
    visit(page, f"{base}/admin/snippets/formbuilder/serviceform/edit/{service.service_form.pk}/")
    page.locator("[data-streamfield-action=add], .c-sf-add-button").first.click()
    page.wait_for_load_state("networkidle")
    visit(page, f"{base}/admin/snippets/formbuilder/serviceform/preview/{service.service_form.pk}/")

    # The image chooser, from the agency's logo.
    visit(page, base + "/admin/settings/catalog/agencysettings/")
    page.locator("[data-chooser-action-choose]").first.click()
    page.locator(".modal-content").wait_for()
    page.wait_for_load_state("networkidle")
    # An upload: its preview is drawn from a blob: URL before it is sent.
    visit(page, base + "/admin/images/multiple/add/")
    page.locator("#fileupload").set_input_files(
        files=[{"name": "logo.png", "mimeType": "image/png", "buffer": png()}]
    )
    page.locator("#upload-list .status-msg.success").wait_for()
    page.wait_for_load_state("networkidle")
    image = Image.objects.get()
    visit(page, f"{base}/admin/images/{image.pk}/")

    # Staff and managers' pages.
    visit(page, base + "/admin/cartable/")
    visit(page, f"{base}/admin/cartable/{submission.tracking_code}/")
    visit(page, base + "/admin/statistics/")
    visit(page, base + "/admin/audit/")
    visit(page, base + "/admin/desk/")
    visit(page, f"{base}/admin/desk/{service.service_code}/")
    visit(page, base + "/admin/sms/")
    visit(page, base + "/admin/pipeline/")
    assert header_errors == []
