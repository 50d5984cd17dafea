"""The live publish checklist asks the server (issue 12, item 3): the editor's unsaved
inputs are checked by the very checks a publish runs, and hostile bodies get a Persian 4xx."""

import json

import pytest

from formbuilder.models import ServiceForm
from tests.formbuilder.test_publish_checks import applicant_post, rule_data

pytestmark = pytest.mark.django_db

CHECKLIST = "/admin/forms/checklist/"


def ask(client, payload, content_type="application/json"):
    body = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    return client.post(CHECKLIST, body, content_type=content_type)


def editor_inputs(rule):
    """The inputs of the editor's page as form_checklist.js sends them (no action button)."""
    data = applicant_post(rule)
    data.pop("action-publish")
    return {"data": data}


def test_a_condition_value_outside_the_choices_is_listed_before_publishing(admin_client):
    response = ask(admin_client, editor_inputs(rule_data("applicant_type", "equals", "شخص حقوقی")))
    assert response.status_code == 200
    errors = [item["message"] for item in response.json()["items"] if not item["warning"]]
    assert errors == [
        "در شرط «شناسه ملی شرکت»، «شخص حقوقی» از گزینه‌های «نوع متقاضی» نیست؛ "
        "گزینه‌ها: «حقیقی»، «حقوقی»."
    ]
    assert not ServiceForm.objects.exists()  # checking saves nothing


def test_a_valid_form_has_no_errors_only_the_translation_warnings(admin_client):
    response = ask(admin_client, editor_inputs(rule_data("applicant_type", "equals", "حقوقی")))
    items = response.json()["items"]
    assert [item for item in items if not item["warning"]] == []
    assert "پرسش «نوع متقاضی» متن انگلیسی ندارد." in [item["message"] for item in items]


def test_an_empty_required_box_is_listed_with_the_other_problems(admin_client):
    inputs = editor_inputs(rule_data("applicant_type", "equals", "شخص حقوقی"))
    inputs["data"]["title"] = ""
    inputs["data"]["steps-0-value-title"] = ""
    errors = [i["message"] for i in ask(admin_client, inputs).json()["items"] if not i["warning"]]
    assert errors[0].startswith("برخی از خانه‌های فرم خالی")
    assert any("«شخص حقوقی» از گزینه‌های «نوع متقاضی» نیست" in message for message in errors)


@pytest.mark.parametrize(
    "payload",
    [
        "not json {",
        b"\xff\xfe",
        "[1, 2]",
        {"data": "steps"},
        {"data": {"steps-count": {"nested": 1}}},
        {"data": {"steps-count": "many"}},
        {"data": {"steps-count": "1", "steps-0-type": "no_such_block"}},
        {"data": {"steps-count": "3"}},
        {"data": {"steps-count": ["1", 2]}},
    ],
)
def test_hostile_bodies_get_a_persian_400(admin_client, payload):
    response = ask(admin_client, payload)
    assert response.status_code == 400
    (message,) = response.json()["errors"]["non_field_errors"]
    assert message == "ورودی‌های فرم خوانده نشد؛ صفحه را دوباره بار کنید و دوباره بکوشید."


def test_other_content_types_and_huge_bodies_are_refused_in_persian(admin_client):
    response = ask(admin_client, "steps-count=1", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert response.json()["detail"] == "ورودی‌های فرم را به صورت JSON بفرستید."
    response = admin_client.post(
        CHECKLIST, "{}", content_type="application/json", CONTENT_LENGTH="3000000"
    )
    assert response.status_code == 413
    assert "بزرگ" in response.json()["detail"]
