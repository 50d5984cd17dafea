"""English text for a form (issue 12, item 11): entered beside the Persian, used on the
English site, Persian where it is missing, listed as warnings for the publish checklist."""

import pytest
from django.utils import translation

from formbuilder.models import ServiceForm
from formbuilder.schema import schema_build, schema_problems
from formbuilder.translations import schema_localize, schema_missing_translations
from tests.factories import choices, field, form_step

pytestmark = pytest.mark.django_db


def steps(**english):
    return [
        {
            "type": "step",
            "value": {
                "title": "مشخصات متقاضی",
                "title_en": english.get("title_en", ""),
                "description": "",
                "fields": [
                    {
                        "type": "radio",
                        "value": {
                            "label": "نوع متقاضی",
                            "label_en": english.get("label_en", ""),
                            "key": "applicant_type",
                            "help_text": "یکی را برگزینید",
                            "help_text_en": english.get("help_text_en", ""),
                            "required": True,
                            "choices": [
                                {"label": "حقیقی", "value": "person", "label_en": "Person"},
                                {"label": "حقوقی", "value": "company", "label_en": ""},
                            ],
                        },
                    },
                    {"type": "mobile", "value": {"label": "شماره همراه", "key": "mobile"}},
                ],
            },
        }
    ]


def test_the_editor_has_english_boxes_for_question_hint_choice_and_step():
    form = ServiceForm(title="فرم", steps=steps(title_en="Applicant", label_en="Applicant type"))
    schema = schema_build(form.steps, version=1)
    step = schema["steps"][0]
    assert step["title_en"] == "Applicant"
    assert step["fields"][0]["label_en"] == "Applicant type"
    assert step["fields"][0]["choices"][0] == {
        "value": "person",
        "label": "حقیقی",
        "label_en": "Person",
    }


def test_the_english_site_shows_english_and_falls_back_to_persian():
    form = ServiceForm(title="فرم", steps=steps(title_en="Applicant", label_en="Applicant type"))
    schema = schema_localize(schema_build(form.steps, version=1), "en")
    field_spec = schema["steps"][0]["fields"][0]
    assert schema["steps"][0]["title"] == "Applicant"
    assert field_spec["label"] == "Applicant type"
    assert field_spec["help_text"] == "یکی را برگزینید"  # no English: Persian
    assert [c["label"] for c in field_spec["choices"]] == ["Person", "حقوقی"]
    persian = schema_localize(schema_build(form.steps, version=1), "fa")
    assert persian["steps"][0]["fields"][0]["label"] == "نوع متقاضی"


def test_stored_forms_without_english_keys_still_build_the_same_schema():
    """Forms saved before (no *_en keys at all) freeze to exactly the schema they did."""
    form = ServiceForm(
        title="فرم",
        steps=[
            form_step(
                "گام",
                field("radio", "نوع", "kind", choices=choices(("a", "الف"))),
                field("mobile", "همراه", "mobile"),
            )
        ],
    )
    schema = schema_build(form.steps, version=1)
    assert "title_en" not in schema["steps"][0]
    assert "label_en" not in schema["steps"][0]["fields"][0]
    assert schema["steps"][0]["fields"][0]["choices"] == [{"value": "a", "label": "الف"}]


def test_missing_translations_are_warnings_naming_questions_by_label():
    form = ServiceForm(title="فرم", steps=steps(label_en="Applicant type"))
    schema = schema_build(form.steps, version=1)
    warnings = schema_missing_translations(schema)
    assert "گام «مشخصات متقاضی» عنوان انگلیسی ندارد." in warnings
    assert "راهنمای پرسش «نوع متقاضی» متن انگلیسی ندارد." in warnings
    assert any("«نوع متقاضی»" in w and "حقوقی" in w and "حقیقی" not in w for w in warnings)
    assert "پرسش «شماره همراه» متن انگلیسی ندارد." in warnings
    assert not any("«نوع متقاضی» متن انگلیسی ندارد" in w and "راهنما" not in w for w in warnings)
    assert not schema_problems(schema)  # a warning, never a reason to refuse publishing


def test_the_english_site_wizard_asks_in_english(client, service):
    form = service.service_form
    form.steps = steps(title_en="Applicant", label_en="Applicant type")
    form.save_revision().publish()
    service.refresh_from_db()
    client.cookies["khedmat_language"] = "en"
    with translation.override("en"):
        html = client.get(service.url + "apply/", follow=True).content.decode()
    assert "Applicant type" in html and "Person" in html
    client.cookies["khedmat_language"] = "fa"
    html = client.get(service.url + "apply/", follow=True).content.decode()
    assert "Applicant type" not in html and "نوع متقاضی" in html
