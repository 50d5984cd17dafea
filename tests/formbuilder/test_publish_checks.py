"""Publishing a form: conditions whose value the target can never have are refused, every
message names questions by their labels, and each error sits on the block at fault
(issue 12, items 2 and 3)."""

import pytest
from django.utils import translation
from wagtail.test.utils.form_data import nested_form_data, streamfield

from formbuilder.models import FormVersion, ServiceForm
from formbuilder.schema import schema_build, schema_check, schema_problems
from tests.factories import ServiceFormFactory, choices, field, form_step, mobile_step_form
from tests.formbuilder.test_admin import ADD, listblock, question

pytestmark = pytest.mark.django_db

APPLICANT_TYPE = field(
    "radio",
    "نوع متقاضی",
    "applicant_type",
    choices=choices(("person", "حقیقی"), ("company", "حقوقی")),
)


def check(*fields):
    form = mobile_step_form(*fields, publish=False)
    return schema_check(schema_build(form.steps, version=1))


def company_id(*rules):
    return field("text", "شناسه ملی شرکت", "company_id", condition=("all", list(rules)))


def test_a_value_outside_the_targets_choices_is_refused_on_its_rule():
    # «شخص حقوقی» is not an option of «نوع متقاضی»: published, the question never appears.
    problems = check(APPLICANT_TYPE, company_id(("applicant_type", "equals", "شخص حقوقی")))
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.step, problem.field, problem.part) == (0, 2, ("condition", 0, "value"))
    assert "«شناسه ملی شرکت»" in problem.message and "«نوع متقاضی»" in problem.message
    assert "«شخص حقوقی»" in problem.message and "«حقیقی»، «حقوقی»" in problem.message
    assert "applicant_type" not in problem.message


def test_one_of_checks_every_value_and_a_choice_value_passes():
    assert check(APPLICANT_TYPE, company_id(("applicant_type", "equals", "company"))) == []
    problems = check(APPLICANT_TYPE, company_id(("applicant_type", "one_of", "company, ghost")))
    assert [p.part for p in problems] == [("condition", 0, "value")]
    assert "«ghost»" in problems[0].message


def test_a_condition_on_a_later_question_names_both_by_their_labels():
    problems = check(
        company_id(("nva_mtghazi", "equals", "company")),
        field("radio", "نوع متقاضی", "nva_mtghazi", choices=choices(("company", "حقوقی"))),
    )
    assert [(p.field, p.part) for p in problems] == [(1, ("condition", 0, "field"))]
    assert "«نوع متقاضی»" in problems[0].message and "nva_mtghazi" not in problems[0].message


@pytest.mark.parametrize(
    "target, value, refused",
    [
        (field("mobile", "تلفن دوم", "phone"), "123", True),
        (field("mobile", "تلفن دوم", "phone"), "۰۹۱۲۳۴۵۶۷۸۹", False),
        (field("integer", "تعداد طبقات", "floors"), "سه", True),
        (field("boolean", "وکیل دارید؟", "lawyer", required=False), "شاید", True),
    ],
)
def test_a_typed_value_goes_through_the_targets_own_validation(target, value, refused):
    problems = check(target, company_id((target[1]["key"], "equals", value)))
    assert bool(problems) is refused, problems
    if refused:
        assert problems[0].part == ("condition", 0, "value")


def test_typed_values_are_stored_as_the_target_stores_its_answers():
    form = mobile_step_form(
        field("jalali_date", "تاریخ پروانه", "permit_date"),
        company_id(("permit_date", "less_than", "۱۴۰۳/۰۱/۰۱")),
    )
    rule = form.versions.get().schema["steps"][0]["fields"][2]["condition"]
    assert rule == {"field": "permit_date", "operator": "less_than", "value": "2024-03-20"}


def test_greater_than_is_refused_on_a_question_that_is_not_a_number():
    problems = check(APPLICANT_TYPE, company_id(("applicant_type", "greater_than", "company")))
    assert [p.part for p in problems] == [("condition", 0, "operator")]


def test_the_same_question_text_twice_is_a_warning_not_an_error():
    form = mobile_step_form(field("text", "نام", "first"), field("text", " نام ", "second"))
    assert form.versions.exists()  # published
    found = schema_check(schema_build(form.steps, version=1))
    assert [(p.warning, p.field, p.part) for p in found] == [(True, 2, ("label",))]
    assert "«نام»" in found[0].message
    assert schema_problems(schema_build(form.steps, version=1)) == []


def rule_data(field_name, operator, value):
    return {"field": field_name, "operator": operator, "value": value}


def applicant_post(rule, action="action-publish"):
    applicant = question(
        "نوع متقاضی",
        "applicant_type",
        choices=listblock([{"label": "حقیقی", "value": ""}, {"label": "حقوقی", "value": ""}]),
    )
    company = question(
        "شناسه ملی شرکت", "company_id", min_length="", max_length="", pattern="", pattern_message=""
    )
    company["condition"] = {"match": "all", "rules": listblock([rule])}
    mobile = question("شماره همراه", "mobile")
    data = nested_form_data(
        {
            "title": "پروانه تابلو",
            "intro": "",
            "next_steps": "",
            "steps": streamfield(
                [
                    (
                        "step",
                        {
                            "title": "مشخصات متقاضی",
                            "description": "",
                            "fields": streamfield(
                                [("mobile", mobile), ("radio", applicant), ("text", company)]
                            ),
                        },
                    )
                ]
            ),
        }
    )
    data[action] = "action"
    return data


def test_the_admin_puts_a_publish_error_on_the_rule_at_fault(admin_client):
    response = admin_client.post(
        ADD, applicant_post(rule_data("applicant_type", "equals", "شخص حقوقی"))
    )
    assert response.status_code == 200
    assert not FormVersion.objects.exists()
    error = response.context["form"].errors.as_data()["steps"][0]
    assert not error.non_block_errors
    step = error.block_errors[0]
    company = step.block_errors["fields"].block_errors[2]
    rule = company.block_errors["condition"].block_errors["rules"].block_errors[0]
    (message,) = rule.block_errors["value"].messages
    assert "«شخص حقوقی»" in message and "«نوع متقاضی»" in message
    # The editor's page carries the error to Wagtail's script, which opens that block.
    assert error.as_json_data()["blockErrors"][0]["blockErrors"]["fields"]["blockErrors"][2]


def test_the_admin_publishes_once_the_value_is_chosen_from_the_choices(admin_client):
    response = admin_client.post(
        ADD, applicant_post(rule_data("applicant_type", "equals", "حقوقی"))
    )
    assert response.status_code == 302
    schema = FormVersion.objects.get().schema
    assert schema["steps"][0]["fields"][2]["condition"]["value"] == "حقوقی"


def test_a_new_form_starts_with_the_required_mobile_question(admin_client):
    with translation.override("fa"):
        form = ServiceForm(title="فرم تازه")
        schema = form.draft_schema()
    assert schema_problems(schema) == []
    (mobile,) = schema["steps"][0]["fields"]
    assert (mobile["type"], mobile["required"], mobile["condition"]) == ("mobile", True, None)
    assert mobile["label"] == "شماره همراه"

    response = admin_client.get(ADD)
    html = response.content.decode()
    assert 'value="شماره همراه"' in html or "شماره همراه" in html
    assert "data-form-checklist" in html and "آمادهٔ انتشار است." in html


def test_the_checklist_lists_what_stops_a_saved_draft(admin_client):
    form = ServiceFormFactory(
        publish=False,
        steps=[
            form_step(
                "گام",
                field("text", "نام", "first"),
                field("text", "نام", "second"),
            )
        ],
    )
    response = admin_client.get(f"/admin/snippets/formbuilder/serviceform/edit/{form.pk}/")
    checklist = response.content.decode().split("data-form-checklist-items")[1].split("</ul>")[0]
    assert "بدون شرط" in checklist  # the mobile question is missing
    assert "هشدار:" in checklist and "«نام»" in checklist
    assert "آمادهٔ انتشار" not in checklist


def test_the_checklist_warns_of_questions_without_english_text(admin_client):
    form = mobile_step_form(publish=False)
    response = admin_client.get(f"/admin/snippets/formbuilder/serviceform/edit/{form.pk}/")
    checklist = response.content.decode().split("data-form-checklist-items")[1].split("</ul>")[0]
    # A warning, naming the question by its Persian text; publishing is not blocked by it.
    assert "هشدار:" in checklist and "«شماره همراه»" in checklist
    assert "انگلیسی" in checklist
    assert schema_problems(schema_build(form.steps, version=1)) == []
