"""Editors build forms in the Wagtail admin: drafts may be incomplete, publishing is checked."""

import pytest
from wagtail.test.utils.form_data import nested_form_data, streamfield

from formbuilder.models import FormVersion, ServiceForm
from tests.factories import ServiceFormFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/formbuilder/serviceform/add/"


def listblock(items):
    data = {
        str(i): {"value": item, "deleted": "", "order": str(i), "id": ""}
        for i, item in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def question(label, key="", required=True, **options):
    return {
        "label": label,
        "key": key,
        "help_text": "",
        "required": "on" if required else "",
        **options,
        "condition": {"match": "all", "rules": listblock([])},
    }


def post_data(*questions, action=None):
    data = nested_form_data(
        {
            "title": "درخواست آزمایشی",
            "intro": "",
            "next_steps": "",
            "steps": streamfield(
                [
                    (
                        "step",
                        {
                            "title": "گام نخست",
                            "description": "",
                            "fields": streamfield(list(questions)),
                        },
                    )
                ]
            ),
        }
    )
    if action:
        data[action] = "action"
    return data


def text_question(label, key=""):
    return (
        "text",
        question(label, key, min_length="", max_length="", pattern="", pattern_message=""),
    )


def mobile_question():
    return ("mobile", question("شماره همراه", "mobile"))


def test_publishing_a_form_without_a_mobile_question_is_refused(admin_client):
    response = admin_client.post(ADD, post_data(text_question("نام"), action="action-publish"))
    assert response.status_code == 200
    error = response.context["form"].errors.as_data()["steps"][0]
    assert "شماره همراه" in str(error.non_block_errors) and "بدون شرط" in str(
        error.non_block_errors
    )
    assert not ServiceForm.objects.exists()
    assert not FormVersion.objects.exists()


def test_a_draft_may_be_incomplete(admin_client):
    response = admin_client.post(ADD, post_data(text_question("نام")))
    assert response.status_code == 302
    form = ServiceForm.objects.get()
    assert not form.live
    assert not form.versions.exists()


def test_publishing_in_the_admin_freezes_a_version_by_its_editor(admin_client, admin_user):
    response = admin_client.post(
        ADD, post_data(text_question("نام پدر"), mobile_question(), action="action-publish")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    version = FormVersion.objects.get()
    assert version.published_by == admin_user
    keys = [spec["key"] for spec in version.schema["steps"][0]["fields"]]
    assert keys == ["nam_pdr", "mobile"]
    assert version.form.history.first().history_user == admin_user


def test_edit_view_and_preview_render(admin_client, rf):
    form = ServiceFormFactory()
    response = admin_client.get(f"/admin/snippets/formbuilder/serviceform/edit/{form.pk}/")
    assert response.status_code == 200
    assert "مراحل" in response.content.decode()
    request = rf.get("/")
    request.user = form.versions.get().published_by
    preview = form.serve_preview(request, form.default_preview_mode)
    html = preview.rendered_content
    assert "پیش‌نمایش" in html
    assert "مشخصات متقاضی" in html and "مشخصات ملک" in html
    assert 'data-condition="' in html
