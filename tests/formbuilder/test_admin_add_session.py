"""A new form's add page makes one form (issue 12: "after a failed first publish the form
appears twice in the list"): saves that reach the add address once the page's form exists
are sent on to that form (formbuilder/admin_add.py), whatever the page's script does."""

import uuid

import pytest
from django.test import override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

from cms_site.settings.cache import redis_caches
from formbuilder.models import ServiceForm
from tests.formbuilder.test_admin import ADD, mobile_question, post_data, text_question

pytestmark = pytest.mark.django_db

EDIT = "/admin/snippets/formbuilder/serviceform/edit/{}/"
AUTOSAVE = {"HTTP_ACCEPT": "application/json"}


def page_data(session, *questions, action=None):
    data = post_data(*questions, action=action)
    data["editor_session"] = session
    return data


def test_a_refused_publish_then_an_autosave_then_publish_make_one_form(admin_client):
    session = uuid.uuid4().hex
    refused = admin_client.post(
        ADD, page_data(session, text_question("نام"), action="action-publish")
    )
    assert refused.status_code == 200 and not ServiceForm.objects.exists()

    # The autosave of the re-rendered add page makes the form...
    autosave = admin_client.post(
        ADD, page_data(session, text_question("نام"), mobile_question()), **AUTOSAVE
    )
    assert autosave.status_code == 200 and autosave.json()["success"]
    form = ServiceForm.objects.get()
    # ...and the publish that left the same page for the add address publishes that form.
    published = admin_client.post(
        ADD, page_data(session, text_question("نام"), mobile_question(), action="action-publish")
    )
    assert published.status_code == 307
    assert published["Location"] == EDIT.format(form.pk)
    followed = admin_client.post(
        published["Location"],
        page_data(session, text_question("نام"), mobile_question(), action="action-publish"),
    )
    assert followed.status_code == 302
    assert ServiceForm.objects.get().live  # the one form, now published


def test_a_late_autosave_after_the_save_does_not_make_a_second_form(admin_client):
    session = uuid.uuid4().hex
    saved = admin_client.post(ADD, page_data(session, text_question("نام"), mobile_question()))
    assert saved.status_code == 302
    form = ServiceForm.objects.get()
    late = admin_client.post(
        ADD, page_data(session, text_question("نام پدر"), mobile_question()), **AUTOSAVE
    )
    assert late.status_code == 307 and late["Location"] == EDIT.format(form.pk)
    assert ServiceForm.objects.count() == 1


def test_two_add_pages_make_two_forms(admin_client):
    for _page in range(2):
        data = page_data(uuid.uuid4().hex, text_question("نام"), mobile_question())
        assert admin_client.post(ADD, data).status_code == 302
    assert ServiceForm.objects.count() == 2


def test_the_add_page_carries_its_session(admin_client):
    html = admin_client.get(ADD).content.decode()
    assert 'type="hidden" name="editor_session"' in html


# -- The cache is down -----------------------------------------------------------------

REDIS_DOWN = redis_caches("redis://127.0.0.1:1/0")  # nothing listens there: refused


@override_settings(CACHES=REDIS_DOWN)
def test_with_the_cache_down_the_first_save_makes_the_form_unguarded(admin_client, caplog):
    session = uuid.uuid4().hex
    saved = admin_client.post(ADD, page_data(session, text_question("نام"), mobile_question()))
    assert saved.status_code == 302
    assert ServiceForm.objects.get().title == "درخواست آزمایشی"
    assert "The add page's saves are not guarded, the cache is unreachable" in caplog.text


class CacheLostAfterTheClaim:
    """The cache takes the session's claim, then goes down before the form is recorded."""

    def add(self, key, value, timeout):
        return True

    def set(self, *args):
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379.")

    delete = set


def test_a_cache_lost_during_the_first_save_still_answers_the_save(
    admin_client, caplog, monkeypatch
):
    monkeypatch.setattr("formbuilder.admin_add.cache", CacheLostAfterTheClaim())
    data = page_data(uuid.uuid4().hex, text_question("نام"), mobile_question())
    assert admin_client.post(ADD, data).status_code == 302
    assert ServiceForm.objects.get().title == "درخواست آزمایشی"
    assert "The add page's save is not recorded, the cache is unreachable" in caplog.text
