"""The form designer as an outline: questions collapsed with a summary, rarely used
options folded, add buttons with words, a described type picker, and the library of
ready steps (issue 12, items 4 and 5)."""

import json

import pytest
from django.utils.translation import override

from formbuilder.blocks import QuestionBlock, QuestionsBlock
from formbuilder.designer import (
    LabelledStreamBlockAdapter,
    QuestionBlockAdapter,
    ready_step_state,
    ready_steps_offered,
)
from formbuilder.fields import registry
from formbuilder.models import ReadyStep, ServiceForm
from tests.factories import ServiceFormFactory, applicant_steps, ready_steps_ensure

ADVANCED = "تنظیمات پیشرفته"


def questions_block() -> QuestionsBlock:
    return (
        ServiceForm._meta.get_field("steps")
        .stream_block.child_blocks["step"]
        .child_blocks["fields"]
    )


def layout_of(block: QuestionBlock) -> tuple[list[str], list[str]]:
    """(names in sight, names in the folded group) of a question's editor layout."""
    layout = block.meta.form_layout
    in_sight = [child for child in layout.children if isinstance(child, str)]
    groups = [child for child in layout.children if not isinstance(child, str)]
    assert len(groups) == 1
    with override("fa"):
        assert str(groups[0].heading) == ADVANCED
    assert "collapsed" in groups[0].classname
    # Folded, the group shows no summary: its first child is the question's key.
    assert groups[0].label_format == ""
    return in_sight, groups[0].children


def test_a_questions_key_and_rarely_used_options_are_folded():
    blocks = questions_block().child_blocks
    in_sight, folded = layout_of(blocks["text"])
    assert in_sight[:3] == ["label", "help_text", "required"]
    assert "condition" in in_sight
    assert set(folded) == {"key", "min_length", "max_length", "pattern", "pattern_message"}

    in_sight, folded = layout_of(blocks["radio"])
    assert "choices" in in_sight and folded == ["key"]

    in_sight, folded = layout_of(blocks["file"])
    # A file's kinds and largest size are asked of almost every upload: in sight.
    assert {"allowed_types", "max_size_mb"} <= set(in_sight)
    assert {"key", "multiple", "max_files"} <= set(folded)


def test_questions_open_collapsed_and_a_step_keeps_its_introduction_in_its_settings():
    assert questions_block().meta.collapsed is True
    step = ServiceForm._meta.get_field("steps").stream_block.child_blocks["step"]
    assert step.meta.form_layout.children == ["title", "fields"]
    assert step.meta.form_layout.settings == ["description", "title_en"]


def test_the_stored_json_of_a_form_is_unchanged():
    """Existing schemas keep loading: the layout groups children, it renames none."""
    stream_block = ServiceForm._meta.get_field("steps").stream_block
    raw = [
        {"type": "step", "id": f"step-{i}", "value": value}
        for i, (_type, value) in enumerate(applicant_steps())
    ]
    for step in raw:
        step["value"]["fields"] = [
            {"type": type_name, "id": f"q-{n}", "value": value}
            for n, (type_name, value) in enumerate(step["value"]["fields"])
        ]
    again = stream_block.get_prep_value(stream_block.to_python(raw))
    for before, after in zip(raw, again, strict=True):
        assert set(after["value"]) == {"title", "description", "fields"}
        for question_before, question_after in zip(
            before["value"]["fields"], after["value"]["fields"], strict=True
        ):
            assert question_after["type"] == question_before["type"]
            for name, value in question_before["value"].items():
                assert question_after["value"][name] == value


@pytest.mark.django_db
def test_a_form_saved_before_the_outline_builds_the_same_schema():
    form = ServiceFormFactory(publish=False)
    keys = [spec["key"] for step in form.draft_schema()["steps"] for spec in step["fields"]]
    assert keys == [
        "full_name",
        "mobile",
        "national_id",
        "applicant_type",
        "company_name",
        "area",
        "visit_date",
        "deed",
    ]


def test_the_picker_groups_the_types_and_describes_each_one():
    grouped = dict(questions_block().grouped_child_blocks())
    with override("fa"):
        names = {str(group): [block.name for block in blocks] for group, blocks in grouped.items()}
        assert names["شماره‌ها و شناسه‌ها"] == [
            "integer",
            "decimal",
            "mobile",
            "national_id",
            "postal_code",
        ]
        assert "" not in names
        for field_type in registry:
            assert str(field_type.description), field_type.type
        mobile = questions_block().child_blocks["mobile"]
        assert "۱۱ رقمی" in str(mobile.get_description())


@pytest.mark.django_db
def test_add_buttons_have_words_and_a_question_summary_has_its_sentences():
    with override("fa"):
        questions = LabelledStreamBlockAdapter().js_args(questions_block())
        assert str(questions[-1]["addLabel"]) == "افزودن پرسش"
        steps = LabelledStreamBlockAdapter().js_args(
            ServiceForm._meta.get_field("steps").stream_block
        )
        assert str(steps[-1]["addLabel"]) == "افزودن مرحله"
        question = QuestionBlockAdapter().js_args(questions_block().child_blocks["legal_id"])
        words = question[-1]["summaryWords"]
        assert str(words["required"]) == "الزامی"
        # The rule's words are the editor's sentence's (condition_text.rule_texts).
        assert words["rule"]["sentence"] % {"rules": "X"} == "فقط وقتی نشان داده شود که X"
        assert words["rule"]["equals"] % {"field": "نوع", "value": "حقوقی"} == (
            "«نوع» «حقوقی» باشد"
        )


@pytest.fixture
def ready_steps(db):
    ready_steps_ensure()


@pytest.mark.django_db
def test_the_library_is_seeded_with_four_ready_steps(ready_steps):
    steps = {ready.title: ready for ready in ReadyStep.objects.all()}
    assert set(steps) == {"مشخصات متقاضی", "مشخصات شرکت", "نشانی", "اقرارنامه"}

    def types(title):
        return [child.block_type for child in steps[title].fields]

    assert types("مشخصات متقاضی") == ["text", "national_id", "mobile"]
    assert types("مشخصات شرکت") == ["text", "legal_id", "text"]
    assert types("نشانی") == ["textarea", "postal_code"]
    assert types("اقرارنامه") == ["boolean"]


@pytest.mark.django_db
def test_a_ready_step_is_offered_as_a_new_step_of_the_form_without_keys_or_ids(ready_steps):
    ready = ReadyStep.objects.get(title="مشخصات شرکت")
    raw = [dict(child) for child in ready.fields.raw_data]
    raw[1]["value"] = {**raw[1]["value"], "key": "company_id"}
    ready.fields = raw
    ready.save()
    ready.refresh_from_db()
    assert ready.fields[1].value["key"] == "company_id"
    state = ready_step_state(ready)
    assert state["title"] == "مشخصات شرکت"
    assert [child["type"] for child in state["fields"]] == ["text", "legal_id", "text"]
    assert [child["value"]["label"] for child in state["fields"]] == [
        "نام شرکت",
        "شناسه ملی شرکت",
        "شماره ثبت شرکت",
    ]
    assert not any(child["value"]["key"] for child in state["fields"])
    assert all(not child["id"] for child in state["fields"])

    offered = ready_steps_offered()
    assert [step["title"] for step in offered] == sorted(step["title"] for step in offered)
    company = next(step for step in offered if step["title"] == "مشخصات شرکت")
    assert company["summary"] == "نام شرکت، شناسه ملی شرکت، شماره ثبت شرکت"


@pytest.mark.django_db
def test_the_editor_loads_the_designer_and_offers_the_ready_steps(admin_client, ready_steps):
    form = ServiceFormFactory(publish=False)
    response = admin_client.get(f"/admin/snippets/formbuilder/serviceform/edit/{form.pk}/")
    html = response.content.decode()
    assert "formbuilder/designer.js" in html and "formbuilder/designer.css" in html
    assert "formbuilder.blocks.QuestionBlock" in html
    assert "formbuilder.blocks.LabelledStreamBlock" in html
    # A ready step's question, ready to insert (the page's JSON escapes Persian).
    assert json.dumps("شماره ثبت شرکت")[1:-1] in html


@pytest.mark.django_db
def test_editors_keep_the_library_as_snippets(admin_client, ready_steps):
    response = admin_client.get("/admin/snippets/formbuilder/readystep/")
    assert response.status_code == 200
    assert "مشخصات شرکت" in response.content.decode()
