"""No clutter in the form designer (issue 12, item 7): nothing stored before the editor
types, untitled drafts cleaned, unused forms deletable by editors, used ones archived,
keys made from the label once it is typed (never `field`, `field_2`)."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Revision

from cms_site import roles
from formbuilder.models import ServiceForm
from formbuilder.persian.text import to_persian_digits
from formbuilder.schema import keys_assign
from formbuilder.services import service_form_delete_untitled_drafts
from tests.factories import (
    ServiceFormFactory,
    ServicePageFactory,
    form_step,
    role_member,
    submission_make,
)
from tests.formbuilder.test_admin import ADD, post_data

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/formbuilder/serviceform/"
CHOOSE = "/admin/snippets/choose/formbuilder/serviceform/"


def editor_client(client):
    user = role_member("form-editor", roles.EDITORS)
    client.force_login(user)
    return client


# -- Nothing stored before the editor types --------------------------------------------


def test_an_autosave_of_an_empty_new_form_stores_nothing(admin_client):
    """Wagtail 8 autosaves the create view in the background (a JSON POST, with drafts'
    required checks deferred); the untitled form it stored showed as «(خالی)»."""
    data = post_data()
    data["title"] = ""
    response = admin_client.post(ADD, data, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert not ServiceForm.objects.exists()


def test_an_untitled_form_reads_as_untitled_not_as_an_object_number():
    form = ServiceForm(title="")
    assert str(form) == "فرم بی‌نام"


def test_a_question_saved_before_its_text_gets_its_key_from_the_text_typed_later():
    form = ServiceForm(title="فرم", steps=[form_step("گام", ("text", {"label": "", "key": ""}))])
    form.steps = [form_step("گام", ("text", {"label": "", "key": "", "help_text": ""}))]
    form.full_clean()
    assert form.steps[0].value["fields"][0].value["key"] == ""
    form.steps[0].value["fields"][0].value["label"] = "نام پدر"
    keys_assign(form.steps)
    assert form.steps[0].value["fields"][0].value["key"] == "nam_pdr"


def test_a_label_of_punctuation_only_gives_the_type_not_field():
    form = ServiceForm(
        title="فرم",
        steps=[
            form_step(
                "گام", ("mobile", {"label": "؟", "key": ""}), ("text", {"label": "!", "key": ""})
            )
        ],
    )
    assert keys_assign(form.steps) == ["mobile", "text"]


# -- Untitled drafts cleaned -------------------------------------------------------------


def test_untitled_drafts_left_a_day_are_deleted_and_nothing_else(category):
    old = timezone.now() - datetime.timedelta(days=2)
    left = ServiceForm.objects.create(title="", live=False)
    left.save_revision(clean=False)
    Revision.objects.filter(object_id=str(left.pk)).update(created_at=old)
    fresh = ServiceForm.objects.create(title=" ", live=False)
    fresh.save_revision(clean=False)  # an editor may still be on it
    titled = ServiceForm.objects.create(title="فرم آزمایشی", live=False)
    titled.save_revision()
    Revision.objects.filter(object_id=str(titled.pk)).update(created_at=old)

    assert service_form_delete_untitled_drafts(max_age_seconds=24 * 3600) == 1
    assert set(ServiceForm.objects.values_list("pk", flat=True)) == {fresh.pk, titled.pk}


# -- Delete what nobody uses, archive the rest ------------------------------------------


def test_editors_may_delete_an_unused_form_even_once_published(client):
    form = ServiceFormFactory(title="فرم کنارگذاشته")  # published: has a version
    client = editor_client(client)
    response = client.post(f"{LIST}delete/{form.pk}/")
    assert response.status_code == 302
    assert not ServiceForm.objects.filter(pk=form.pk).exists()


def test_a_form_of_a_live_service_is_not_deleted_and_the_editor_is_told_why(client, category):
    form = ServiceFormFactory(title="پروانه")
    ServicePageFactory(parent=category, title="صدور پروانه", slug="permit", service_form=form)
    client = editor_client(client)
    response = client.post(f"{LIST}delete/{form.pk}/", follow=True)
    assert ServiceForm.objects.filter(pk=form.pk).exists()
    assert "«صدور پروانه»" in response.content.decode() or "صدور پروانه" in str(
        [str(m) for m in response.context["messages"]]
    )


def test_a_form_with_requests_is_archived_not_deleted_and_leaves_the_chooser(client, service):
    submission_make(service)
    form = service.service_form
    service.unpublish()
    client = editor_client(client)
    response = client.post(f"{LIST}delete/{form.pk}/", follow=True)
    messages = " ".join(str(m) for m in response.context["messages"])
    assert "بایگانی" in messages
    assert ServiceForm.objects.filter(pk=form.pk).exists()

    assert client.post(f"/admin/forms/{form.pk}/archive/").status_code == 302
    form.refresh_from_db()
    assert form.archived
    chooser = client.get(CHOOSE).content.decode()
    # The admin shows titles in Persian digits: neither spelling may be in the chooser.
    shown = to_persian_digits(form.title)
    assert shown != form.title and form.title not in chooser and shown not in chooser
    # Still readable: the list and its edit view.
    assert shown in client.get(LIST).content.decode()
    assert client.get(f"{LIST}edit/{form.pk}/").status_code == 200
