"""A new form's first publish, refused then fixed, makes one form (issue 12, "after a
failed first publish the form appears twice in the list"; cms_site/static/js/
autosave-guard.js); and the live checklist lists what publishing refuses (item 3)."""

import re

import pytest
from playwright.sync_api import expect

from formbuilder.models import ServiceForm
from tests.browser.admin_login import sign_in_as_chief
from tests.browser.test_first_time_editor import Editor, add_question, label_of, step
from tests.browser.test_form_designer_autosave import WATCHING, wait_for_flag, watching
from tests.browser.test_form_designer_conditions import (  # noqa: F401 (fixture)
    EDIT,
    editing_session_released,
    open_question,
)
from tests.factories import company_rule_draft

pytestmark = pytest.mark.django_db(transaction=True)

ADD = "/admin/snippets/formbuilder/serviceform/add/"
LIST = re.compile(r"/admin/snippets/formbuilder/serviceform/$")
TITLE = "مجوز حفاری معابر"
# Wagtail's autosave is held (its documented, cancelable `w-autosave:save` is cancelled)
# until the test lets it go, so the first autosave starts at the editor's last change; once
# let go, the page tells when an autosave has started. Each new page holds it again.
HOLD_AUTOSAVE = """
window.fbHoldAutosave = true;
window.addEventListener("w-autosave:save", (event) => {
  if (window.fbHoldAutosave) event.preventDefault();
  else window.fbAutosaveSeen = true;
});
"""


@pytest.fixture
def page(desktop_page):
    desktop_page.add_init_script(WATCHING)
    desktop_page.add_init_script(HOLD_AUTOSAVE)
    return desktop_page


def publish(page):
    page.locator("footer button[name='action-publish']").click()


def test_a_refused_first_publish_then_fixed_makes_one_form(live_server, page):
    sign_in_as_chief(page, live_server, ADD)
    watching(page)
    editor = Editor(page)
    page.locator('input[name="title"]').fill(TITLE)
    applicant_type = add_question(editor, step(page, 0), "انتخاب یک گزینه")
    label_of(applicant_type).fill("نوع متقاضی")
    options = applicant_type.locator('input[name$="-value-choices-0-value-label"]')
    options.fill("حقیقی")
    # The editor's last change (the same option twice, which publishing refuses) starts
    # Wagtail's first autosave, to the "add" address; publish is pressed at once.
    page.evaluate("() => { window.fbHoldAutosave = false; }")
    applicant_type.locator('input[name$="-value-choices-1-value-label"]').fill("حقیقی")
    wait_for_flag(page, "fbAutosaveSeen")
    publish(page)
    # Refused, naming the question by its text, on the question at fault (once the publish,
    # which may first wait for the autosave under way, has been answered).
    steps = page.locator("#panel-steps-section [data-streamfield-stream-container]").first
    message = (
        "در پرسش «نوع متقاضی» بیش از یک گزینه مقدار «حقیقی» دارد. به هر گزینه مقداری جداگانه بدهید."
    )
    expect(steps.get_by_text(message, exact=True).first).to_be_visible(timeout=60000)
    assert not ServiceForm.objects.filter(live=True).exists()

    # The editor fixes the option and publishes again: one form, published.
    page.locator('input[name$="-fields-1-value-choices-1-value-label"]').fill("حقوقی")
    with page.expect_navigation(url=LIST, timeout=60000):
        publish(page)
    forms = ServiceForm.objects.filter(title=TITLE)
    assert forms.count() == 1
    assert forms.get().live
    expect(page.locator("tbody tr", has_text=TITLE)).to_have_count(1)


def test_the_checklist_lists_a_refused_rule_before_publish_and_clears_after_the_fix(
    live_server, desktop_page
):
    page = desktop_page
    form = company_rule_draft(
        ("", "حقیقی"),
        ("", "حقوقی"),
        condition=("all", [("applicant_type", "equals", "حقوقی")]),
    )
    sign_in_as_chief(page, live_server, EDIT.format(form.pk))
    checklist = page.locator("[data-form-checklist-items]")
    ready = checklist.locator(".fb-checklist__item--ready")
    expect(ready).to_have_text("آمادهٔ انتشار است.")
    open_question(page, "نوع متقاضی")
    open_question(page, "نام شرکت")
    # Renaming the option the rule names leaves the rule on a value the question no
    # longer offers: listed at once, in the publish check's own words, nothing pressed.
    page.locator('input[name$="-fields-1-value-choices-1-value-label"]').fill("شخص حقوقی")
    problem = checklist.locator(".fb-checklist__item:not(.fb-checklist__item--warning)")
    expect(problem).to_have_text(
        "در شرط «نام شرکت»، «حقوقی» از گزینه‌های «نوع متقاضی» نیست؛ گزینه‌ها: «حقیقی»، «شخص حقوقی».",
        timeout=30000,
    )
    # The editor chooses the renamed option in the rule: the checklist clears.
    page.locator("select[data-rule-value]").select_option(label="شخص حقوقی")
    expect(ready).to_have_text("آمادهٔ انتشار است.", timeout=30000)
    expect(problem).to_have_count(1)  # the ready line only
