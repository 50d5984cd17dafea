"""One declaration: a form whose last step asks for the citizen's word is not followed by
a second confirmation box on the review page."""

import pytest

from submissions.models import Submission
from tests.factories import ServiceFormFactory, ServicePageFactory, field, form_step

from .test_apply import Wizard

pytestmark = pytest.mark.django_db

DECLARATION = "اطلاعات واردشده را درست و کامل می‌دانم"
CONFIRM_INPUT = 'name="review-confirm"'


def _service(category, slug, *last_step_fields):
    form = ServiceFormFactory(
        steps=[
            form_step("تماس", field("mobile", "شماره همراه", "mobile")),
            form_step(
                "پایان", field("text", "توضیحات", "notes", required=False), *last_step_fields
            ),
        ]
    )
    return ServicePageFactory(parent=category, slug=slug, service_form=form)


def _to_review(client, service, last_step_data):
    wizard = Wizard(client, service.url + "apply/", service)
    wizard.post("s1", {"mobile": "09121234567"})
    response = wizard.post("s2", last_step_data)
    assert "پاسخ‌هایتان را پیش از ارسال بررسی کنید" in response.content.decode()
    return wizard, response.content.decode()


def test_a_form_ending_in_a_declaration_asks_for_it_once(client, category):
    service = _service(category, "declared", field("boolean", DECLARATION, "declaration"))
    wizard, review = _to_review(client, service, {"notes": "", "declaration": "on"})

    assert CONFIRM_INPUT not in review
    assert "تأیید می‌کنم اطلاعاتی که وارد کرده‌ام درست است." not in review
    response = wizard.post("review")
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.data["declaration"] is True


def test_the_declaration_itself_is_still_required(client, category):
    service = _service(category, "declared", field("boolean", DECLARATION, "declaration"))
    wizard = Wizard(client, service.url + "apply/", service)
    wizard.post("s1", {"mobile": "09121234567"})
    response = wizard.post("s2", {"notes": ""})
    assert "پاسخ‌هایتان را پیش از ارسال بررسی کنید" not in response.content.decode()
    assert Submission.objects.count() == 0


def test_a_form_without_a_declaration_keeps_the_confirm_box(client, category):
    service = _service(category, "plain")
    wizard, review = _to_review(client, service, {"notes": ""})

    assert CONFIRM_INPUT in review
    response = wizard.post("review")
    assert response.status_code == 200  # not sent without the confirmation
    assert Submission.objects.count() == 0
    assert wizard.post("review", {"confirm": "on"}).status_code == 302
    assert Submission.objects.count() == 1


@pytest.mark.parametrize(
    "checkbox",
    [
        field("boolean", "مایلم خبرنامه دریافت کنم", "newsletter", required=False),
        field(
            "boolean",
            DECLARATION,
            "declaration",
            condition=("all", [("notes", "is_checked", "")]),
        ),
    ],
    ids=["optional", "conditional"],
)
def test_a_checkbox_that_may_go_unticked_is_no_declaration(client, category, checkbox):
    service = _service(category, "optional", checkbox)
    _, review = _to_review(client, service, {"notes": ""})
    assert CONFIRM_INPUT in review


def test_a_declaration_before_the_last_step_keeps_the_confirm_box(client, category):
    form = ServiceFormFactory(
        steps=[
            form_step(
                "تماس",
                field("mobile", "شماره همراه", "mobile"),
                field("boolean", DECLARATION, "declaration"),
            ),
            form_step("پایان", field("text", "توضیحات", "notes", required=False)),
        ]
    )
    service = ServicePageFactory(parent=category, slug="early", service_form=form)
    wizard = Wizard(client, service.url + "apply/", service)
    wizard.post("s1", {"mobile": "09121234567", "declaration": "on"})
    review = wizard.post("s2", {"notes": ""}).content.decode()
    assert CONFIRM_INPUT in review
