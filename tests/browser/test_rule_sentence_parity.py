"""A condition reads back as the same Persian sentence in the editor's script
(formbuilder/static/formbuilder/rule_sentence.js, used by form_editor.js and designer.js)
and in Python (formbuilder/condition_text.py condition_sentence), run in Chromium itself
on hand-written rules with hand-written sentences (issue 12, item 2)."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.utils import translation

from formbuilder.condition_text import condition_sentence, rule_texts

RULE_SENTENCE_JS = Path(finders.find("formbuilder/rule_sentence.js"))

SPECS = {
    "applicant_type": {
        "label": "نوع متقاضی",
        "type": "radio",
        "choices": [{"value": "person", "label": "حقیقی"}, {"value": "company", "label": "حقوقی"}],
    },
    "services": {
        "label": "خدمات درخواستی",
        "type": "checkboxes",
        "choices": [{"value": "sign", "label": "تابلو"}, {"value": "dig", "label": "حفاری"}],
    },
    "floors": {"label": "تعداد طبقات", "type": "integer", "choices": []},
    "lawyer": {"label": "وکیل دارید؟", "type": "boolean", "choices": []},
    "plan": {"label": "نقشه ساختمان", "type": "file", "choices": []},
    "untitled": {"label": "", "type": "text", "choices": []},
}
SHOWN = "فقط وقتی نشان داده شود که "
CASES = [
    (
        {"field": "applicant_type", "operator": "equals", "value": "company"},
        SHOWN + "«نوع متقاضی» «حقوقی» باشد",
    ),
    (
        {
            "any": [
                {"field": "applicant_type", "operator": "equals", "value": "company"},
                {"field": "applicant_type", "operator": "one_of", "value": ["person", "company"]},
            ]
        },
        SHOWN + "«نوع متقاضی» «حقوقی» باشد یا «نوع متقاضی» یکی از «حقیقی»، «حقوقی» باشد",
    ),
    (
        {"field": "services", "operator": "equals", "value": "dig"},
        SHOWN + "«خدمات درخواستی» شامل «حفاری» باشد",
    ),
    (
        {
            "all": [
                {"field": "floors", "operator": "greater_than", "value": "3"},
                {"field": "lawyer", "operator": "not_equals", "value": "true"},
            ]
        },
        SHOWN + "«تعداد طبقات» بیشتر از «۳» باشد و «وکیل دارید؟» «تیک خورده» نباشد",
    ),
    ({"field": "plan", "operator": "is_checked"}, SHOWN + "به «نقشه ساختمان» پاسخ داده شده باشد"),
    # A value that is not an option reads as typed; a rule still being made says so.
    (
        {"field": "applicant_type", "operator": "equals", "value": "شخص حقوقی"},
        SHOWN + "«نوع متقاضی» «شخص حقوقی» باشد",
    ),
    (
        {"all": [{"field": "ghost", "operator": "equals", "value": "x"}]},
        SHOWN + "(این قاعده هنوز کامل نیست)",
    ),
    (
        {"field": "applicant_type", "operator": "equals", "value": ""},
        SHOWN + "(این قاعده هنوز کامل نیست)",
    ),
    (
        {"field": "untitled", "operator": "is_checked"},
        SHOWN + "به «(پرسش بی‌متن)» پاسخ داده شده باشد",
    ),
]


def test_the_editors_rule_sentence_is_the_servers(blank_page):
    with translation.override("fa"):
        texts = rule_texts()
        on_server = [condition_sentence(condition, SPECS) for condition, _expected in CASES]
    blank_page.add_script_tag(path=str(RULE_SENTENCE_JS))
    in_browser = blank_page.evaluate(
        """([cases, specs, texts]) => cases.map(
             (condition) => window.khedmatRuleSentence.condition(condition, specs, texts))""",
        [[condition for condition, _expected in CASES], SPECS, texts],
    )
    expected = [sentence for _condition, sentence in CASES]
    assert on_server == expected
    assert in_browser == expected
