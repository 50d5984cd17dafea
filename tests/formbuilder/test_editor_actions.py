"""The editors of a request form and of its service page publish with their main button
(issue 12: fewer clicks for a first-time editor), and every editor carries the guard that
keeps Wagtail's autosave from following a manual save (cms_site/static/js/autosave-guard.js).
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from tests.factories import ServiceFormFactory

pytestmark = pytest.mark.django_db

FORMS = "/admin/snippets/formbuilder/serviceform/"


def main_and_menu(response):
    menu = response.context["action_menu"]
    return menu.default_item.name, [item.name for item in menu.menu_items]


def test_publish_is_the_main_button_of_a_new_and_an_existing_form(admin_client):
    main, menu = main_and_menu(admin_client.get(FORMS + "add/"))
    assert main == "action-publish"
    assert "action-save" in menu  # saving a draft is one click away, in the menu

    form = ServiceFormFactory(publish=False)
    main, menu = main_and_menu(admin_client.get(FORMS + f"edit/{form.pk}/"))
    assert main == "action-publish"
    assert "action-save" in menu


def test_someone_who_may_not_publish_forms_keeps_save_as_the_main_button(client):
    user = get_user_model().objects.create_user("writer", password="secret-password")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_serviceform"),
        Permission.objects.get(codename="change_serviceform"),
    )
    client.force_login(user)
    main, menu = main_and_menu(client.get(FORMS + "add/"))
    assert main == "action-save"
    assert "action-publish" not in menu


def test_publish_is_the_main_button_of_a_service_page_only(admin_client, category, service):
    response = admin_client.get(f"/admin/pages/add/catalog/servicepage/{category.pk}/")
    assert main_and_menu(response)[0] == "action-publish"
    response = admin_client.get(f"/admin/pages/{service.pk}/edit/")
    assert main_and_menu(response)[0] == "action-publish"
    # Other pages keep Wagtail's order: save a draft, publish from the menu.
    response = admin_client.get(f"/admin/pages/{category.pk}/edit/")
    main, menu = main_and_menu(response)
    assert main == "action-save-draft" and "action-publish" in menu


def test_every_editor_loads_the_autosave_guard(admin_client, category):
    for url in (FORMS + "add/", f"/admin/pages/{category.pk}/edit/"):
        assert b"js/autosave-guard.js" in admin_client.get(url).content
