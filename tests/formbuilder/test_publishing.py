import pytest
from django.utils import translation

from formbuilder.models import FormVersion, ServiceForm
from formbuilder.schema import schema_build, schema_problems
from formbuilder.services import FormNotPublishable, form_version_freeze
from tests.factories import ServiceFormFactory, field, form_step, mobile_step_form

pytestmark = pytest.mark.django_db


def test_publishing_freezes_a_version_with_the_documented_shape():
    form = ServiceFormFactory()
    version = form.versions.get()
    assert version.number == 1
    schema = version.schema
    assert schema["version"] == 1
    assert [step["key"] for step in schema["steps"]] == ["s1", "s2"]
    first = schema["steps"][0]["fields"][0]
    assert set(first) == {
        "key",
        "type",
        "label",
        "required",
        "help_text",
        "choices",
        "validation",
        "condition",
    }
    company = schema["steps"][0]["fields"][4]
    assert company["condition"] == {
        "field": "applicant_type",
        "operator": "equals",
        "value": "company",
    }
    radio = schema["steps"][0]["fields"][3]
    assert radio["choices"] == [
        {"value": "person", "label": "شخص حقیقی"},
        {"value": "company", "label": "شخص حقوقی"},
    ]
    assert schema["steps"][1]["fields"][0]["validation"] == {"min_value": 1, "max_value": 100000}


def test_keys_are_made_from_persian_labels_once_and_kept():
    form = ServiceFormFactory(
        steps=[form_step("گام", field("text", "نام پدر"), field("mobile", "شماره همراه"))]
    )
    keys = [spec["key"] for spec in form.versions.get().schema["steps"][0]["fields"]]
    assert keys == ["nam_pdr", "shmarh_hmrah"]
    # Relabelling never changes a key that exists.
    form.steps[0].value["fields"][0].value["label"] = "نام کامل پدر"
    form.full_clean()
    form.save()
    assert form.steps[0].value["fields"][0].value["key"] == "nam_pdr"


def test_generated_keys_are_unique():
    form = ServiceFormFactory(
        steps=[
            form_step(
                "گام",
                field("text", "نام"),
                field("text", "نام"),
                field("mobile", "شماره همراه", "mobile"),
            )
        ]
    )
    keys = [spec["key"] for spec in form.versions.get().schema["steps"][0]["fields"]]
    assert keys == ["nam", "nam_2", "mobile"]


def test_editing_a_live_form_makes_a_new_version_and_keeps_the_old():
    form = ServiceFormFactory()
    form.steps[0].value["fields"][0].value["label"] = "نام کامل"
    form.save_revision().publish()
    assert list(form.versions.values_list("number", flat=True)) == [2, 1]
    old, new = FormVersion.objects.get(number=1), FormVersion.objects.get(number=2)
    assert old.schema["steps"][0]["fields"][0]["label"] == "نام و نام خانوادگی"
    assert new.schema["steps"][0]["fields"][0]["label"] == "نام کامل"


def test_publishing_unchanged_content_makes_no_new_version():
    form = ServiceFormFactory()
    form.save_revision().publish()
    assert form.versions.count() == 1


def test_a_saved_draft_changes_no_version():
    form = ServiceFormFactory()
    form.steps[0].value["fields"][0].value["label"] = "پیش‌نویس"
    form.save_revision()
    assert form.versions.count() == 1
    assert ServiceForm.objects.get().versions.get().schema["steps"][0]["fields"][0]["label"] != (
        "پیش‌نویس"
    )


@pytest.mark.parametrize(
    "steps, message",
    [
        ([], "no steps"),
        ([form_step("خالی"), form_step("گام", field("mobile", "همراه", "m"))], "has no questions"),
        (
            [form_step("گام", field("mobile", "همراه", "m"), field("text", "نام", "m"))],
            "the same key as",
        ),
        (
            [
                form_step(
                    "گام",
                    field("mobile", "همراه", "m"),
                    field("text", "الف", "a", condition=("all", [("b", "is_checked", "")])),
                    field("boolean", "ب", "b"),
                )
            ],
            "comes after it",
        ),
        (
            [
                form_step(
                    "گام",
                    field("mobile", "همراه", "m"),
                    field("text", "الف", "a", condition=("all", [("ghost", "is_checked", "")])),
                )
            ],
            "not in this form",
        ),
        (
            [
                form_step(
                    "گام", field("mobile", "همراه", "m"), field("select", "گزینه", "s", choices=[])
                )
            ],
            "has no options",
        ),
        ([form_step("گام", field("text", "نام", "n"))], "mobile number question"),
    ],
)
def test_publish_time_checks(steps, message):
    form = ServiceFormFactory(steps=steps, publish=False)
    with translation.override("en"):
        problems = schema_problems(schema_build(form.steps, version=1))
    assert any(message in problem for problem in problems), problems
    with pytest.raises(FormNotPublishable):
        form_version_freeze(form=form)
    assert not form.versions.exists()


def test_a_condition_may_name_the_question_by_its_text():
    form = mobile_step_form(
        field("boolean", "آیا وکیل دارید؟", required=False),
        field("text", "نام وکیل", condition=("all", [("آیا وکیل دارید؟", "is_checked", "")])),
    )
    lawyer = form.versions.get().schema["steps"][0]["fields"][2]
    assert lawyer["condition"] == {"field": "aia_vkil_darid", "operator": "is_checked"}
