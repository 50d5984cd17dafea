"""An editor sets a condition by choosing, never typing, and watches the publish checklist
(issue 12, items 2 and 3) in Chromium, where Wagtail's scripts build the StreamField editor."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from formbuilder.models import ServiceForm
from tests.browser.admin_login import sign_in_as_chief
from tests.factories import ServiceFormFactory, choices, company_rule_draft, field, form_step

pytestmark = pytest.mark.django_db(transaction=True)

EDIT = "/admin/snippets/formbuilder/serviceform/edit/{}/"


@pytest.fixture(autouse=True)
def editing_session_released(desktop_page):
    """Leave the editor before the test database is emptied: Wagtail releases its editing
    session with a beacon when the page goes, and that request must not meet the flush."""
    yield
    try:
        with desktop_page.expect_request_finished(
            lambda request: "/editing-sessions/release/" in request.url, timeout=5000
        ):
            desktop_page.goto("about:blank")
    except PlaywrightTimeoutError:
        pass  # no editing session was open


def save_draft(page):
    """«ذخیره پیش‌نویس», in the menu beside the main button (publish)."""
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    with page.expect_navigation():
        page.locator("footer button.action-save:not([name])").click()


def open_question(page, text):
    """Open a question of the outline (questions start collapsed) by its text, and the
    step around it when that is folded too (outermost first)."""
    title = page.locator(".c-sf-block__title", has_text=text)
    blocks = page.locator("section.w-panel").filter(has=title)
    for index in range(blocks.count()):
        toggle = blocks.nth(index).locator("[data-panel-toggle]").first
        if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
            toggle.click()


def sign_permit_form():
    """A saved draft: «نوع متقاضی» (no key yet) with حقیقی/حقوقی, then the company's
    national ID, whose condition has one rule still to be filled in."""
    return ServiceFormFactory(
        publish=False,
        steps=[
            form_step(
                "مشخصات متقاضی",
                field("mobile", "شماره همراه", "mobile"),
                field(
                    "radio",
                    "نوع متقاضی",
                    choices=choices(("", "حقیقی"), ("", "حقوقی")),
                ),
                field(
                    "legal_id",
                    "شناسه ملی شرکت",
                    "company_id",
                    condition=("all", [("", "equals", "")]),
                ),
            )
        ],
    )


def test_editor_chooses_a_conditions_question_and_value_and_reads_it_back(
    live_server, desktop_page
):
    form = sign_permit_form()
    page = desktop_page
    sign_in_as_chief(page, live_server, EDIT.format(form.pk))
    checklist = page.locator("[data-form-checklist-items]")
    # The unfinished rule is on the checklist before anything is pressed.
    checklist.get_by_text("پرسشی برگزیده نشده است").wait_for()

    open_question(page, "نوع متقاضی")
    open_question(page, "شناسه ملی شرکت")
    question = page.locator("select[data-rule-question]")
    question.wait_for(state="attached")
    # The question's «شرط نمایش» is open with the question: its rule is in sight.
    question.wait_for()
    # Only the earlier questions, by their text; no key to type.
    expect(question.locator("option")).to_have_text(
        ["— یکی از پرسش‌های پیشین را برگزینید —", "شماره همراه", "نوع متقاضی"]
    )
    question.select_option(label="نوع متقاضی")
    value = page.locator("select[data-rule-value]")
    expect(value.locator("option")).to_have_text(["— یک پاسخ را برگزینید —", "حقیقی", "حقوقی"])
    value.select_option(label="حقوقی")

    sentence = page.locator("[data-rule-sentence]")
    expect(sentence).to_have_text("فقط وقتی نشان داده شود که «نوع متقاضی» «حقوقی» باشد")
    # Renaming the question renames it in the chooser and the sentence, keeping the rule.
    page.locator('input[name$="-fields-1-value-label"]').fill("نوع شخص")
    expect(sentence).to_have_text("فقط وقتی نشان داده شود که «نوع شخص» «حقوقی» باشد")
    assert question.locator("option:checked").inner_text() == "نوع شخص"
    checklist.get_by_text("آمادهٔ انتشار است").wait_for()

    save_draft(page)
    draft = ServiceForm.objects.get(pk=form.pk).get_latest_revision_as_object()
    schema = draft.draft_schema()
    applicant_type = schema["steps"][0]["fields"][1]
    assert applicant_type["key"] == "nva_mtghazi"  # the key made when it was chosen
    assert schema["steps"][0]["fields"][2]["condition"] == {
        "field": "nva_mtghazi",
        "operator": "equals",
        "value": "حقوقی",
    }


def test_a_new_form_starts_publishable_and_the_checklist_follows_the_editor(
    live_server, desktop_page
):
    page = desktop_page
    sign_in_as_chief(page, live_server, "/admin/snippets/formbuilder/serviceform/add/")
    checklist = page.locator("[data-form-checklist-items]")
    # The required mobile question is in place, says why, and cannot be deleted.
    label = page.locator('input[name="steps-0-value-fields-0-value-label"]')
    assert label.input_value() == "شماره همراه"
    open_question(page, "شماره همراه")
    note = page.locator("[data-fb-mobile-note]")
    # In the question's body, above its text box: read as soon as the question is opened.
    note.wait_for(state="attached")
    assert "نمی‌توان" in note.inner_text() and "پیامک" in note.inner_text()
    mobile_block = page.locator("[data-streamfield-child]", has=label).last
    assert mobile_block.locator('[data-streamfield-action="DELETE"]').first.is_disabled()
    checklist.get_by_text("آمادهٔ انتشار است").wait_for()

    # Unticking «اجباری» puts the missing mobile question on the checklist at once.
    page.locator('input[name="steps-0-value-fields-0-value-required"]').uncheck()
    checklist.get_by_text("بدون شرط داشته باشد").wait_for()
    page.locator('input[name="steps-0-value-fields-0-value-required"]').check()
    checklist.get_by_text("آمادهٔ انتشار است").wait_for()


LABELS = [
    "نام خانوادگی",
    "آیا وكيل دارید؟",
    "Café ۱۲ متری",
    "۱۲ نام",
    "می‌خواهم",
    "اطلاعات واردشده را درست و کامل می‌دانم و مسئولیت آن را می‌پذیرم",
    "؟",
]


def test_the_editor_makes_the_keys_the_server_makes(live_server, desktop_page):
    """A condition chosen before the first save names its question by the key saving will
    give it: the script's keys must be the server's, letter for letter."""
    from formbuilder.keys import key_from_label

    page = desktop_page
    sign_in_as_chief(page, live_server, "/admin/snippets/formbuilder/serviceform/add/")
    made = page.evaluate(
        "labels => labels.map(label => window.khedmatFormEditor.keyFromLabel(label))", LABELS
    )
    assert made == [key_from_label(label) for label in LABELS]
    # A label with nothing to spell falls back to the question's type, as on the server.
    typed = page.evaluate("() => window.khedmatFormEditor.keyFromLabel('؟', 'mobile')")
    assert typed == key_from_label("؟", fallback="mobile") == "mobile"


def test_a_condition_of_several_rules_reads_back_whole(live_server, desktop_page):
    form = company_rule_draft(
        ("person", "حقیقی"),
        ("company", "حقوقی"),
        condition=(
            "any",
            [
                ("applicant_type", "equals", "company"),
                ("applicant_type", "one_of", "person, company"),
            ],
        ),
        title="مشخصات",
    )
    page = desktop_page
    sign_in_as_chief(page, live_server, EDIT.format(form.pk))
    sentences = page.locator("[data-rule-sentence]")
    expect(sentences).to_have_count(2)
    expect(sentences.last).to_have_text(
        "فقط وقتی نشان داده شود که «نوع متقاضی» «حقوقی» باشد "
        "یا «نوع متقاضی» یکی از «حقیقی»، «حقوقی» باشد"
    )
    # «یکی از این‌ها است» offers the options as checkboxes, ticked as stored.
    boxes = page.locator("[data-rule-values]").last.locator("input[type=checkbox]")
    assert [box.is_checked() for box in boxes.all()] == [True, True]


def test_a_refused_publish_opens_the_rule_at_fault_and_names_questions_by_text(
    live_server, desktop_page
):
    # A rule typed before conditions were chosen: «شخص حقوقی» is not an option.
    form = company_rule_draft(
        ("person", "حقیقی"),
        ("company", "حقوقی"),
        condition=("all", [("applicant_type", "equals", "شخص حقوقی")]),
    )
    page = desktop_page
    sign_in_as_chief(page, live_server, EDIT.format(form.pk))
    page.locator("[data-form-checklist-items]").get_by_text("«شخص حقوقی»").wait_for()
    with page.expect_navigation():
        page.locator("footer button[name='action-publish']").click()  # the main button
    # On the rule's value, its question opened.
    error = page.locator(
        "[id$='-fields-2-value-condition-rules-0-value-value-errors'] .error-message"
    )
    expect(error).to_be_visible()
    expect(error).to_contain_text("در شرط «نام شرکت»، «شخص حقوقی» از گزینه‌های «نوع متقاضی» نیست")
    assert not ServiceForm.objects.get(pk=form.pk).live
    # Once the editor's script has given every rule its sentence, no key (nor a choice's
    # stored value) shows anywhere: not in a message, a folded group's summary, a rule,
    # the checklist or Wagtail's minimap of the editor.
    page.locator("[data-form-checklist][data-form-editor-ready]").wait_for(state="attached")
    expect(page.locator("[data-rule-sentence]")).to_have_text(
        "فقط وقتی نشان داده شود که «نوع متقاضی» «شخص حقوقی» باشد"
    )
    shown = page.locator("main").inner_text()
    for latin in ("applicant_type", "company", "person", "mobile"):
        assert latin not in shown
