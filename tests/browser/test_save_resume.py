"""Issue 16's "done when", on phones: on one browser context the citizen signs in with a
code, fills half of a building permit with a file and saves it for later; the SMS link
opens it on another context (another device, no shared cookies) after a new code to
the same mobile, with the answers and the file kept; the request is sent there, and
"my requests" on the first context lists it."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from receipts.models import SmsMessage
from submissions.models import Draft, Submission
from submissions.tracking import tracking_code_display
from tests.browser.conftest import PHONE
from tests.factories import (
    PERMIT_SERVICE,
    DepartmentFactory,
    ServiceFormFactory,
    ServicePageFactory,
    applicant_steps,
    field,
    form_step,
)
from tests.sms import otp_code_sent
from tests.submissions.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db(transaction=True)

MOBILE = "09121234567"
MASKED = "۰۹۱۲***۴۵۶۷"
FULL = "۰۹۱۲۱۲۳۴۵۶۷"
DEED = "سند-مالکیت.pdf"
LINK = re.compile(r"https?://[^/\s]+(/d/[A-Za-z0-9_-]+/)")
WAIT = 60_000  # ms: a busy machine
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@pytest.fixture
def permit(urban_category):
    """A three-step building permit with the verified mobile on (as new forms have it):
    the applicant, the property with its deed (a file), then the building."""
    steps = [
        *applicant_steps(),
        form_step(
            "مشخصات بنا",
            field("integer", "تعداد طبقات", "floors", min_value=1, max_value=30),
            field("textarea", "شرح کار", "description"),
        ),
    ]
    return ServicePageFactory(
        parent=urban_category,
        department=DepartmentFactory(name="واحد شهرسازی"),
        service_form=ServiceFormFactory(steps=steps, verify_mobile=True),
        **PERMIT_SERVICE,
    )


@pytest.fixture
def patient_expect():
    """Expectations wait as long as a busy machine needs (Playwright's default is 5 s)."""
    expect.set_options(timeout=WAIT)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture
def device(browser, patient_expect):
    """`device()`: a page on a new phone-sized browser context of its own (cookies too)."""
    contexts = []

    def open_page():
        context = browser.new_context(locale="fa-IR", **PHONE)
        context.set_default_timeout(WAIT)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def sign_in_with_a_code(page) -> None:
    """On the sign-in page: the mobile, then the code the SMS carried, in Persian digits."""
    page.get_by_label("شماره همراه").fill("۰۹۱۲ ۱۲۳ ۴۵۶۷")
    page.get_by_role("button", name="فرستادن کد").click()
    expect(page.get_by_role("status")).to_contain_text(MASKED)
    page.get_by_label("کد", exact=True).fill(otp_code_sent(MOBILE).translate(PERSIAN_DIGITS))
    page.get_by_role("button", name="ورود", exact=True).click()


def half_a_form_saved(phone_a, base: str, apply: str, tmp_path) -> None:
    """Phone A: signs in to "my requests" with a code, fills half the form with the deed,
    and saves it for later."""
    phone_a.goto(base + "/my/")
    phone_a.wait_for_url("**/my/signin/**")
    sign_in_with_a_code(phone_a)
    phone_a.wait_for_url(base + "/my/")
    phone_a.goto(apply)
    phone_a.get_by_label("نام و نام خانوادگی").fill("سارا محمدی")
    expect(phone_a.get_by_label("شماره همراه")).to_be_disabled()  # the verified number
    phone_a.get_by_label("کد ملی").fill("۰۰۱۳۵۴۲۴۱۹")
    phone_a.get_by_label("شخص حقیقی").check()
    phone_a.get_by_role("button", name="ادامه", exact=True).click()
    phone_a.wait_for_url("**/apply/s2/")
    deed = tmp_path / DEED
    deed.write_bytes(PDF_BYTES)
    phone_a.get_by_label("مساحت (متر مربع)").fill("۲۴۰")
    phone_a.get_by_label("سند مالکیت").set_input_files(str(deed))
    phone_a.get_by_role("button", name="ذخیره و ادامه در زمانی دیگر").click()
    phone_a.wait_for_url("**/save-draft/")
    expect(phone_a.get_by_role("status")).to_contain_text("فرم شما ذخیره شد")
    expect(phone_a.get_by_role("status")).to_contain_text(MASKED)


def resumed_and_finished(phone_b, base: str, resume_path: str, first_code) -> None:
    """Phone B: the link asks for a new code to the same mobile, then opens the draft
    with phone A's answers and file; the last step is filled in."""
    phone_b.goto(base + resume_path)
    phone_b.wait_for_url("**/my/signin/?next=**")
    sign_in_with_a_code(phone_b)
    assert SmsMessage.objects.filter(recipient=MOBILE, event="otp").exclude(pk=first_code.pk)
    phone_b.wait_for_url(base + resume_path)
    phone_b.get_by_role("button", name="ادامهٔ فرم").click()
    phone_b.wait_for_url("**/apply/s2/")
    expect(phone_b.get_by_label("مساحت (متر مربع)")).to_have_value(re.compile("^(۲۴۰|240)$"))
    expect(phone_b.locator(".kept-files")).to_contain_text(DEED)
    phone_b.get_by_role("button", name="ادامه", exact=True).click()
    phone_b.wait_for_url("**/apply/s3/")
    phone_b.get_by_label("تعداد طبقات").fill("۳")
    phone_b.get_by_label("شرح کار").fill("ساخت بنای سه طبقه مسکونی")
    phone_b.get_by_role("button", name="ادامه", exact=True).click()


def reviewed_and_sent(phone_b) -> Submission:
    """The review: the answers of phone A and B, the file, the verified mobile masked;
    then the request is sent."""
    phone_b.wait_for_url("**/apply/review/")
    review = phone_b.locator("main")
    for answer in ("سارا محمدی", "۰۰۱۳۵۴۲۴۱۹", "۲۴۰", DEED, "ساخت بنای سه طبقه مسکونی", MASKED):
        expect(review).to_contain_text(answer)
    expect(review).not_to_contain_text(FULL)
    phone_b.get_by_label("تأیید می‌کنم اطلاعاتی که وارد کرده‌ام درست است.").check()
    phone_b.get_by_role("button", name="ارسال درخواست").click()
    phone_b.wait_for_url("**/requests/**")
    return Submission.objects.get()


def test_save_on_one_phone_resume_and_send_on_another(
    live_server, permit, device, settings, tmp_path
):
    settings.OTP_RESEND_SECONDS = 0  # the second device asks for a code at once
    cache.clear()  # the rate limits: codes other tests sent to the same mobile
    base, apply = live_server.url, live_server.url + permit.url + "apply/"
    phone_a = device()
    half_a_form_saved(phone_a, base, apply, tmp_path)

    # The SMS with the link, as the log holds it (a link needs a code, so it is not masked).
    sms = SmsMessage.objects.filter(recipient=MOBILE, dedupe_key__startswith="draft-").get()
    resume_path = LINK.search(sms.body).group(1)
    first_code = SmsMessage.objects.filter(recipient=MOBILE, event="otp").get()
    # "My requests" on phone A lists the saved form.
    phone_a.goto(base + "/my/")
    expect(phone_a.locator(".my-drafts__item")).to_contain_text(PERMIT_SERVICE["title"])

    phone_b = device()
    resumed_and_finished(phone_b, base, resume_path, first_code)
    submission = reviewed_and_sent(phone_b)
    shown_code = tracking_code_display(submission.tracking_code, persian=True)
    expect(phone_b.locator(".tracking-code")).to_have_text(shown_code)
    assert submission.mobile == MOBILE
    assert submission.data["full_name"] == "سارا محمدی" and submission.data["area"] == 240
    assert submission.data["floors"] == 3
    assert submission.files.get().original_name == DEED
    assert not Draft.objects.exists()  # sent: the draft is gone with its files

    # Phone A, still signed in: "my requests", reloaded, lists the request sent from B.
    phone_a.reload()
    expect(phone_a.locator(".my-drafts__item")).to_have_count(0)
    expect(phone_a.locator("main")).to_contain_text(shown_code)
    expect(phone_a.locator(f'a[href*="{submission.access_token}"]').first).to_be_visible()
