"""The form designer as an editor sees it at 1366×900: an outline of steps and
collapsed questions, add buttons with words, a type picker with descriptions, and
ready steps inserted in one click."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from formbuilder.models import ServiceForm
from tests.browser.test_form_designer_conditions import save_draft
from tests.factories import ServiceFormFactory, sign_permit_steps

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "secret-password"
SCREEN = {"width": 1366, "height": 900}


@pytest.fixture
def editor_page(browser, live_server):
    get_user_model().objects.create_superuser("chief", "chief@example.com", PASSWORD)
    context = browser.new_context(locale="fa-IR", viewport=SCREEN)
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("نام کاربری").fill("chief")
    page.get_by_label("رمزعبور").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="ورود").click()
    yield page
    context.close()


def open_editor(page, live_server, form):
    page.goto(live_server.url + f"/admin/snippets/formbuilder/serviceform/edit/{form.pk}/")
    page.locator("[data-streamfield-stream-container]").first.wait_for()
    page.wait_for_load_state("networkidle")


# Resolves once the fonts are in and the editor's height has held for 10 frames in a row
# (the question summaries and the checklist are written by scripts after load).
LAYOUT_SETTLED = """() => document.fonts.ready.then(() => new Promise((resolve) => {
    const main = document.querySelector("main");
    let last = -1, still = 0;
    const look = () => {
        const height = main.scrollHeight;
        still = height === last ? still + 1 : 0;
        last = height;
        if (still >= 10) resolve(height); else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
}))"""


def editor_height(page) -> int:
    """The editor's height once its layout has settled: Wagtail scrolls its main area, not
    the document."""
    return page.evaluate(LAYOUT_SETTLED)


def test_the_sign_permit_form_reads_as_an_outline_of_about_two_screens(live_server, editor_page):
    form = ServiceFormFactory(title="مجوز نصب تابلو", steps=sign_permit_steps())
    page = editor_page
    open_editor(page, live_server, form)
    height = editor_height(page)
    steps = page.evaluate("document.getElementById('steps-root').getBoundingClientRect().height")
    print(f"\nsign-permit form at 1366x900: editor {height}px, its steps {steps:.0f}px")
    # Before the outline the editor measured 7,567 px. The whole editor (title,
    # introduction, checklist, steps, what happens next) now fits in about two screens,
    # the steps in one and a half.
    assert height <= 2.5 * SCREEN["height"]
    assert steps <= 1.5 * SCREEN["height"]

    # Each question is a one-line summary: its text, required or not, and its rule.
    company = (
        page.locator("section.w-panel")
        .filter(has=page.locator(".c-sf-block__title", has_text="شناسه ملی شرکت"))
        .last
    )
    summary = company.locator(".c-sf-block__title").first.inner_text()
    assert "شناسه ملی شرکت" in summary and "الزامی" in summary
    assert "فقط وقتی نشان داده شود که" in summary and "«نوع متقاضی»" in summary
    assert "«حقوقی»" in summary
    assert not company.locator('input[name$="-label"]').first.is_visible()

    # Opened on demand, the question shows its text; its key stays in the advanced group.
    company.locator("[data-panel-toggle]").first.click()
    assert company.locator('input[name$="-label"]').first.is_visible()
    key = company.locator('input[name$="-key"]').first
    assert not key.is_visible()
    advanced = company.locator("section.w-panel").filter(has_text="تنظیمات پیشرفته").last
    advanced.locator("[data-panel-toggle]").first.click()
    key.wait_for(state="visible")
    assert key.input_value() == "company_id"


def test_add_buttons_speak_and_the_picker_describes_each_type(live_server, editor_page):
    form = ServiceFormFactory(title="مجوز نصب تابلو", steps=sign_permit_steps())
    page = editor_page
    open_editor(page, live_server, form)
    # The last add button of a stream shows its words; the others are named for readers.
    add_step = page.get_by_role("button", name="افزودن مرحله").last
    assert add_step.inner_text().strip() == "افزودن مرحله"
    assert add_step.bounding_box()["width"] > 60
    add_question = page.get_by_role("button", name="افزودن پرسش").last
    assert add_question.bounding_box()["width"] > 60
    add_question.click()
    picker = page.locator(".w-combobox")
    picker.wait_for()
    mobile = picker.locator(".w-combobox__option").filter(has_text="شماره همراه").first
    assert "۱۱ رقم" in mobile.inner_text()
    groups = picker.locator(".w-combobox__optgroup-label").all_inner_texts()
    assert "شماره‌ها و شناسه‌ها" in groups


def test_a_ready_step_is_inserted_in_one_click_and_saved_as_questions(live_server, editor_page):
    # Browser tests flush the database between tests: seed the library as the
    # migration does in production.
    importlib.import_module("formbuilder.migrations.0007_seed_ready_steps").seed(apps, None)
    form = ServiceFormFactory(title="مجوز نصب تابلو", steps=sign_permit_steps(), publish=False)
    page = editor_page
    open_editor(page, live_server, form)
    ready = page.locator(".fb-ready-steps").get_by_role("button", name="مشخصات شرکت", exact=True)
    ready.click()
    new_step = page.locator('input[name="steps-2-value-title"]')
    new_step.wait_for()
    assert new_step.input_value() == "مشخصات شرکت"
    # Wagtail autosaves the draft half a second after each change: let the autosave of
    # this edit land before saving, so no late autosave of the older state follows.
    with page.expect_response(lambda response: response.request.method == "POST"):
        new_step.fill("مشخصات شرکت متقاضی")
    save_draft(page)
    saved = ServiceForm.objects.get(pk=form.pk).get_latest_revision_as_object()
    step = saved.steps[2].value
    assert step["title"] == "مشخصات شرکت متقاضی"
    assert [question.block_type for question in step["fields"]] == ["text", "legal_id", "text"]
