"""Issue 12's yardstick: a first-time editor builds the sign-permit form with choosers,
pickers and visible buttons only (no pattern, no key, no typed condition), previews and
publishes it, puts it on a new service page, and a citizen submits it on a phone.

Every click and every filled box of the editor goes through `Editor`, which counts them;
signing in is not counted. A native dropdown counts as two clicks (open, choose).
"""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from catalog.models import ServicePage
from formbuilder.models import ServiceForm
from submissions.models import Submission
from tests.browser.conftest import PHONE
from tests.factories import DepartmentFactory, ready_steps_ensure
from tests.sms import otp_code_sent
from tests.submissions.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "secret-password"
SCREEN = {"width": 1366, "height": 900}
# The aim: fewer than the 30 clicks and 24 boxes the path took before the
# designer. Measured: 29 clicks and 16 boxes (34 clicks before a new choice question
# came with two options, the file size stood in sight, the empty condition became one
# «افزودن شرط» button and publish the editors' main button). Held at what was measured.
AIM = {"clicks": 30, "fields": 24}
MEASURED = {"clicks": 29, "fields": 16}
COMPANY_ID = "14007650912"  # a valid شناسه ملی
FORM_TITLE = "مجوز نصب تابلو"


class Editor:
    """The editor's hands: every click, tick, choice and typed box is counted."""

    def __init__(self, page):
        self.page = page
        self.clicks = 0
        self.fields = 0

    def click(self, locator):
        locator.click()
        self.clicks += 1

    def check(self, locator):
        locator.check()
        self.clicks += 1

    def choose(self, locator, label):
        locator.select_option(label=label)
        self.clicks += 2  # open the list, pick the option

    def fill(self, locator, text):
        locator.fill(text)
        self.fields += 1

    def goto(self, url):
        """A menu link the editor follows; counted as one click."""
        self.page.goto(url)
        self.clicks += 1


@pytest.fixture
def editor(browser, live_server):
    ready_steps_ensure()
    DepartmentFactory(name="واحد شهرسازی")
    get_user_model().objects.create_superuser("chief", "chief@example.com", PASSWORD)
    context = browser.new_context(locale="fa-IR", viewport=SCREEN)
    page = context.new_page()
    page.set_default_timeout(10000)
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("نام کاربری").fill("chief")
    page.get_by_label("رمزعبور").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="ورود").click()
    yield Editor(page)
    context.close()


def step(page, index):
    return page.locator(
        "[data-streamfield-child]", has=page.locator(f'input[name="steps-{index}-value-title"]')
    )


def label_of(question):
    return question.locator('input[name$="-value-label"]').first


def add_question(editor, step, type_name, before_last=False):
    """«افزودن پرسش» under a step's questions (or the «+» above its last question), then
    the type by its Persian name in the picker; returns the new question's block."""
    page = editor.page
    questions = step.locator("[data-streamfield-stream-container]").first
    children = questions.locator(":scope > [data-streamfield-child]")
    before = children.count()
    buttons = questions.locator(":scope > div > button.c-sf-add-button")
    editor.click(buttons.nth(before - 1) if before_last else buttons.last)
    option = page.locator(".w-combobox .w-combobox__option")
    editor.click(option.filter(has_text=re.compile("^" + re.escape(type_name))).first)
    expect(children).to_have_count(before + 1)
    return children.nth(before - 1 if before_last else before)


def choose_in_chooser(editor, name, title):
    """A chooser's button, then the item by its title in the chooser's window."""
    page = editor.page
    wrapper = page.locator("[data-field-wrapper]", has=page.locator(f'input[name="{name}"]'))
    editor.click(wrapper.locator("[data-chooser-action-choose]").first)
    editor.click(page.locator(".modal").get_by_role("link", name=title))
    expect(page.locator(".modal")).to_be_hidden()


def published_keys(schema):
    """The published form's keys by question text, after checking what was built."""
    steps = schema["steps"]
    assert [step["title"] for step in steps] == ["مشخصات متقاضی", "مشخصات تابلو"]
    questions = {q["label"]: q for step in steps for q in step["fields"]}
    types = {label: q["type"] for label, q in questions.items()}
    assert types == {
        "شماره همراه": "mobile",
        "نام و نام خانوادگی": "text",
        "کد ملی": "national_id",
        "نوع متقاضی": "radio",
        "شناسه ملی شرکت": "legal_id",
        "تاریخ نصب": "jalali_date",
        "نقشه تابلو": "file",
        "اطلاعات واردشده را درست و کامل می‌دانم و مسئولیت آن را می‌پذیرم.": "boolean",
    }
    assert steps[1]["fields"][-1]["type"] == "boolean"  # the declaration closes the form
    assert questions["نقشه تابلو"]["validation"] == {"max_size_mb": 2, "allowed_types": ["pdf"]}
    assert questions["شناسه ملی شرکت"]["condition"] == {
        "field": questions["نوع متقاضی"]["key"],
        "operator": "equals",
        "value": "حقوقی",
    }
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", q["key"]) for q in questions.values())
    assert not any(re.fullmatch(r"field(_\d+)?", q["key"]) for q in questions.values())
    return {label: q["key"] for label, q in questions.items()}


def citizen_applies(browser, url, keys, tmp_path):
    """A citizen on a phone: the company's ID is asked only of a legal person."""
    context = browser.new_context(locale="fa-IR", **PHONE)
    page = context.new_page()
    page.set_default_timeout(10000)
    page.goto(url)
    page.get_by_role("link", name="درخواست برخط").click()
    page.get_by_label("نام و نام خانوادگی").fill("سارا محمدی")
    page.get_by_label("کد ملی").fill("0013542419")
    page.get_by_label("شماره همراه").fill("۰۹۱۲۱۲۳۴۵۶۷")
    company = page.locator(f"[data-field-key={keys['شناسه ملی شرکت']}]")
    assert company.is_hidden()
    page.get_by_label("حقیقی", exact=True).check()
    assert company.is_hidden()
    page.get_by_label("حقوقی", exact=True).check()
    expect(company).to_be_visible()
    page.get_by_label("شناسه ملی شرکت").fill(COMPANY_ID)
    page.get_by_role("button", name="ادامه", exact=True).click()

    expect(page.locator("h1")).to_contain_text("مشخصات تابلو")
    page.get_by_label("تاریخ نصب").fill("۱۴۰۵/۱۰/۰۱")
    plan = tmp_path / "نقشه.pdf"
    plan.write_bytes(PDF_BYTES)
    page.get_by_label("نقشه تابلو").set_input_files(str(plan))
    page.get_by_label("اطلاعات واردشده را درست و کامل").check()
    page.get_by_role("button", name="ادامه", exact=True).click()
    # A new form asks the applicant to verify the mobile before the review (issue 16).
    page.wait_for_url("**/my/signin/**")
    page.get_by_role("button", name="فرستادن کد").click()
    code = otp_code_sent("09121234567")
    page.get_by_label("کد").fill(code)
    page.get_by_role("button", name="ورود", exact=True).click()
    page.get_by_role("button", name="ارسال درخواست").click()
    page.wait_for_url("**/requests/**")
    context.close()

    submission = Submission.objects.get()
    data = submission.data
    assert data[keys["نام و نام خانوادگی"]] == "سارا محمدی"
    assert data[keys["شماره همراه"]] == "09121234567"
    assert data[keys["نوع متقاضی"]] == "حقوقی"
    assert data[keys["شناسه ملی شرکت"]] == COMPANY_ID
    assert data[keys["تاریخ نصب"]] == "2026-12-22"
    assert submission.files.get().original_name == "نقشه.pdf"


def applicant_step_build(editor):
    """The first step: name, national ID, the applicant's type with its two options, and
    the company's ID shown only when the type is «حقوقی»."""
    first = step(editor.page, 0)
    name = add_question(editor, first, "پاسخ کوتاه")
    editor.fill(label_of(name), "نام و نام خانوادگی")
    editor.fill(label_of(add_question(editor, first, "کد ملی")), "کد ملی")
    applicant_type = add_question(editor, first, "انتخاب یک گزینه")
    editor.fill(label_of(applicant_type), "نوع متقاضی")
    # A new choice question comes with two empty options.
    options = applicant_type.locator('input[name*="-value-choices-"][name$="-value-label"]')
    editor.fill(options.nth(0), "حقیقی")
    editor.fill(options.nth(1), "حقوقی")

    company = add_question(editor, first, "شناسه ملی (اشخاص حقوقی)")
    editor.fill(label_of(company), "شناسه ملی شرکت")
    # An empty condition is one button; the all/any choice waits for a second rule.
    match = company.locator('select[name$="-value-condition-match"]')
    expect(match).to_be_hidden()
    editor.click(company.get_by_role("button", name="افزودن شرط"))
    editor.choose(company.locator("select[data-rule-question]"), "نوع متقاضی")
    editor.choose(company.locator("select[data-rule-value]"), "حقوقی")
    expect(company.locator("[data-rule-sentence]")).to_have_text(
        "فقط وقتی نشان داده شود که «نوع متقاضی» «حقوقی» باشد"
    )


def sign_step_build(editor):
    """The second step: the library's declaration step, renamed, with two questions above."""
    page = editor.page
    editor.click(page.locator(".fb-ready-steps").get_by_role("button", name="اقرارنامه"))
    second = step(page, 1)
    editor.fill(second.locator('input[name="steps-1-value-title"]'), "مشخصات تابلو")
    date = add_question(editor, second, "تاریخ", before_last=True)
    editor.fill(label_of(date), "تاریخ نصب")
    plan = add_question(editor, second, "بارگذاری فایل", before_last=True)
    editor.fill(label_of(plan), "نقشه تابلو")
    editor.check(plan.get_by_label("PDF", exact=True))
    editor.fill(plan.locator('input[name$="-value-max_size_mb"]'), "۲")


def form_preview_and_publish(editor) -> ServiceForm:
    """Wagtail's preview panel shows the whole form as citizens will see it; then publish."""
    page = editor.page
    editor.click(page.locator("[data-side-panel-toggle='preview']"))
    preview = page.locator("iframe[data-w-preview-target='iframe']").last.content_frame
    for text in ("نوع متقاضی", "شناسه ملی شرکت", "مشخصات تابلو", "نقشه تابلو"):
        expect(preview.locator("body")).to_contain_text(text)

    # Publish is the main button; no wait for autosave: none follows the press, and a
    # press while one is under way waits for it (cms_site/static/js/autosave-guard.js).
    with page.expect_navigation(url=re.compile(r"/admin/snippets/formbuilder/serviceform/$")):
        editor.click(page.locator("footer button[name='action-publish']"))
    form = ServiceForm.objects.get()  # one form: the autosaves made no second record
    assert form.latest_revision_id == form.live_revision_id  # no autosave landed after
    assert form.live and form.title == FORM_TITLE
    return form


def service_page_publish(editor, base: str, category, form: ServiceForm) -> ServicePage:
    """A service page under the catalog's category, its form chosen in the chooser."""
    page = editor.page
    editor.goto(base + f"/admin/pages/{category.pk}/")
    editor.click(page.get_by_role("link", name="افزودن زیرصفحه").first)
    editor.fill(page.locator('[name="title"]'), "مجوز نصب تابلوی معرفی")
    editor.fill(page.locator('[name="service_code"]'), "۱۰۰۶۱۰۸۸۰۰۰")
    editor.fill(page.locator('[name="audience"]'), "کسب‌وکارها و شرکت‌ها")
    editor.fill(page.locator('[name="summary"]'), "درخواست مجوز نصب تابلو بر سردر واحد تجاری.")
    editor.fill(page.locator('[name="duration_days"]'), "۷")
    choose_in_chooser(editor, "service_form", FORM_TITLE)
    choose_in_chooser(editor, "department", "واحد شهرسازی")
    with page.expect_navigation(url=re.compile(rf"/admin/pages/{category.pk}/$")):
        editor.click(page.locator("footer button[name='action-publish']"))
    service = ServicePage.objects.get()
    assert service.live and service.service_form_id == form.pk
    return service


def test_a_first_time_editor_builds_publishes_and_a_citizen_applies(
    live_server, editor, browser, urban_category, tmp_path
):
    editor.goto(live_server.url + "/admin/snippets/formbuilder/serviceform/add/")
    editor.fill(editor.page.locator('input[name="title"]'), FORM_TITLE)
    applicant_step_build(editor)
    sign_step_build(editor)
    form = form_preview_and_publish(editor)
    keys = published_keys(form.live_version.schema)
    service = service_page_publish(editor, live_server.url, urban_category, form)

    clicks, fields = editor.clicks, editor.fields
    print(f"first-time editor: {clicks} clicks, {fields} fields")
    assert clicks < AIM["clicks"] and fields < AIM["fields"]
    assert (clicks, fields) == (MEASURED["clicks"], MEASURED["fields"])

    citizen_applies(browser, live_server.url + service.url, keys, tmp_path)
