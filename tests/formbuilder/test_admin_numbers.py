"""Number boxes in the admin take Persian and Arabic digits (a browser's type=number box
drops «۲» silently), and show values and limits in Persian digits."""

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import override
from wagtail.admin.forms.models import formfield_for_dbfield
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from catalog.models import ServicePage
from formbuilder.admin_numbers import DecimalBlock, FloatBlock, IntegerBlock
from formbuilder.blocks import StepBlock
from formbuilder.models import ServiceForm
from routing.models import RoutingRule
from tests.factories import ServicePageFactory
from tests.formbuilder.test_admin import ADD, mobile_question, post_data, question

# -- Blocks ------------------------------------------------------------------------------


def test_decimal_block_reads_persian_digits_and_the_persian_decimal_mark():
    assert DecimalBlock(required=False).clean("۲٫۵") == Decimal("2.5")
    assert DecimalBlock(required=False).clean("٢٫٥") == Decimal("2.5")
    assert DecimalBlock(required=False).clean("۱٬۲۵۰/۵") == Decimal("1250.5")


def test_float_and_integer_blocks_read_persian_digits():
    assert FloatBlock(required=False).clean("۲٫۵") == 2.5
    assert IntegerBlock(required=False).clean("۱۲") == 12
    assert IntegerBlock(required=False).clean("١٢") == 12
    assert IntegerBlock(required=False).clean("") is None


def test_a_block_limit_is_named_in_persian_digits():
    with override("fa"), pytest.raises(ValidationError) as info:
        FloatBlock(required=False, max_value=20).clean("۲۵")
    (message,) = info.value.messages
    assert "۲۰" in message and "20" not in message


@pytest.mark.parametrize(
    ("block", "too_small", "too_large", "allowed"),
    [
        (IntegerBlock(min_value=2, max_value=9), "۱", "۱۰", ("۲", 2)),
        (FloatBlock(min_value=0.5, max_value=20), "۰٫۲", "۲۱", ("۲۰", 20.0)),
        (DecimalBlock(min_value=1, max_value=99), "۰", "۱۰۰", ("۹۹", Decimal(99))),
    ],
)
def test_a_block_keeps_the_limits_it_is_given(block, too_small, too_large, allowed):
    for answer in (too_small, too_large, ""):  # "" : required by default
        with pytest.raises(ValidationError):
            block.clean(answer)
    text, value = allowed
    assert block.clean(text) == value
    assert block.field.help_text is None


def test_a_decimal_block_keeps_its_digits_and_places_and_a_block_its_validators():
    block = DecimalBlock(required=False, max_digits=3, decimal_places=1, help_text="hint")
    assert block.clean("۱۲٫۵") == Decimal("12.5")
    for answer in ("۱٫۲۵", "۱۲۳٫۵"):
        with pytest.raises(ValidationError):
            block.clean(answer)
    assert block.field.help_text == "hint"

    def odd_only(value):
        if value % 2 == 0:
            raise ValidationError("even")

    block = IntegerBlock(required=False, validators=[odd_only])
    assert block.clean("۳") == 3
    with pytest.raises(ValidationError, match="even"):
        block.clean("۴")


def test_text_that_is_no_number_is_still_refused():
    with override("fa"), pytest.raises(ValidationError):
        IntegerBlock(required=False).clean("دو")


def test_every_number_option_of_every_question_is_a_persian_number_block():
    found = []

    def walk(block):
        for child in getattr(block, "child_blocks", {}).values():
            walk(child)
        child = getattr(block, "child_block", None)
        if child is not None:
            walk(child)
        if type(block).__name__ in {"IntegerBlock", "DecimalBlock", "FloatBlock"}:
            found.append(block)

    walk(StepBlock())
    assert len(found) >= 10
    assert all(type(block).__module__ == "formbuilder.admin_numbers" for block in found)


def test_number_block_shows_a_text_box_with_persian_digits():
    block = FloatBlock(required=False)
    assert block.field.widget.input_type == "text"
    assert block.field.widget.attrs["inputmode"] == "decimal"
    with override("fa"):
        assert block.get_form_state(2.5) == "۲٫۵"
    with override("en"):
        assert block.get_form_state(2.5) == "2.5"


# -- Model fields in every admin form ---------------------------------------------------


@pytest.mark.parametrize("name", ["fee", "duration_days", "in_person_visits"])
def test_service_numbers_are_persian_number_boxes(name):
    field = formfield_for_dbfield(ServicePage._meta.get_field(name))
    assert field.widget.input_type == "text"
    assert field.clean("۲") == 2


def test_a_number_field_with_choices_keeps_its_drop_down():
    field = formfield_for_dbfield(RoutingRule._meta.get_field("priority"))
    assert isinstance(field.widget, forms.Select)


def test_an_empty_optional_number_stays_empty():
    assert formfield_for_dbfield(RoutingRule._meta.get_field("sla_days")).clean("") is None


def test_a_model_limit_is_named_in_persian_digits():
    field = formfield_for_dbfield(ServicePage._meta.get_field("duration_days"))
    with override("fa"), pytest.raises(ValidationError) as info:
        field.clean("-۳")
    (message,) = info.value.messages
    assert "۰" in message and "0" not in message


# -- Posting to the admin edit views ----------------------------------------------------


@pytest.mark.django_db
def test_persian_digits_in_a_questions_options_are_stored_as_numbers(admin_client):
    upload = (
        "file",
        question(
            "سند مالکیت",
            "deed",
            allowed_types=["pdf"],
            max_size_mb="۲٫۵",
            multiple="on",
            max_files="۳",
        ),
    )
    area = ("integer", question("مساحت", "area", min_value="۱", max_value="١٠٠٠"))
    response = admin_client.post(ADD, post_data(mobile_question(), upload, area))
    assert response.status_code == 302, response.context["form"].errors
    form = ServiceForm.objects.get()
    fields = {child.value["key"]: child.value for child in form.steps[0].value["fields"]}
    assert fields["deed"]["max_size_mb"] == 2.5
    assert fields["deed"]["max_files"] == 3
    assert fields["area"]["min_value"] == 1
    assert fields["area"]["max_value"] == 1000


@pytest.mark.django_db
def test_persian_digits_in_a_services_fee_duration_and_visits_are_stored(admin_client, category):
    service = ServicePageFactory(parent=category)
    data = nested_form_data(
        {
            "title": service.title,
            "slug": service.slug,
            "service_code": service.service_code,
            "service_type": service.service_type,
            "service_level": service.service_level,
            "audience": service.audience,
            "summary": service.summary,
            "description": rich_text(""),
            "eligibility": rich_text(""),
            "required_documents": streamfield([]),
            "steps": streamfield([]),
            "legal_basis": streamfield([]),
            "fee": "۲٬۵۰۰٬۰۰۰",
            "duration_days": "۲",
            "channel_online": "on",
            "channel_in_person": "on",
            "in_person_visits": "١",
            "visit_location": "",
            "visit_hours": "",
            "service_form": "",
            "department": str(service.department_id),
            "contact_phone": "",
            "contact_email": "",
            "seo_title": "",
            "search_description": "",
        }
    )
    response = admin_client.post(f"/admin/pages/{service.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    revision = ServicePage.objects.get(pk=service.pk).get_latest_revision_as_object()
    assert (revision.fee, revision.duration_days, revision.in_person_visits) == (2_500_000, 2, 1)
