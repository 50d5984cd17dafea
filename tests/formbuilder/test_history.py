"""A form's changes as sentences naming questions by their labels (issue 12, item 12)."""

import copy

from formbuilder.history import schema_changes


def spec(key, label, type_name="text", **extra):
    return {
        "key": key,
        "type": type_name,
        "label": label,
        "required": True,
        "help_text": "",
        "choices": [],
        "validation": {},
        "condition": None,
        **extra,
    }


BEFORE = {
    "version": 0,
    "steps": [
        {
            "key": "s1",
            "title": "مشخصات متقاضی",
            "fields": [spec("name", "نام"), spec("mobile", "شماره همراه", "mobile")],
        },
        {"key": "s2", "title": "مدارک", "fields": [spec("deed", "سند", "file")]},
    ],
}


def test_added_removed_and_renamed_questions_are_sentences_by_label():
    after = copy.deepcopy(BEFORE)
    after["steps"][0]["fields"][0]["label"] = "نام و نام خانوادگی"
    after["steps"][0]["fields"].append(spec("national_id", "کد ملی", "national_id"))
    after["steps"][1]["fields"] = []
    assert schema_changes(BEFORE, after) == [
        "پرسش «نام» اکنون «نام و نام خانوادگی» است.",
        "پرسش «کد ملی» در گام «مشخصات متقاضی» افزوده شد.",
        "پرسش «سند» حذف شد.",
    ]


def test_moves_rules_and_required_are_told_and_keys_never_shown():
    after = copy.deepcopy(BEFORE)
    name, mobile = after["steps"][0]["fields"]
    mobile["required"] = False
    name["condition"] = {"field": "mobile", "operator": "filled"}
    after["steps"][0]["fields"] = [mobile, name]
    after["steps"][1]["title"] = "مدارک لازم"
    sentences = schema_changes(BEFORE, after)
    assert "گام «مدارک» به «مدارک لازم» تغییر نام یافت." in sentences
    assert sum("جابه‌جا" in s for s in sentences) == 1  # a swap moves one question
    assert "پرسش «شماره همراه» اختیاری شد." in sentences
    assert "شرط نمایش پرسش «نام» تغییر کرد." in sentences
    assert not any("mobile" in s or "name" in s for s in sentences)


def test_a_question_moved_to_another_step_names_the_step():
    after = copy.deepcopy(BEFORE)
    deed = after["steps"][1]["fields"].pop()
    after["steps"][0]["fields"].append(deed)
    assert schema_changes(BEFORE, after) == ["پرسش «سند» به گام «مشخصات متقاضی» برده شد."]


def test_nothing_changed_says_nothing():
    assert schema_changes(BEFORE, copy.deepcopy(BEFORE)) == []
