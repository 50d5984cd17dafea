"""Logout by POST only (issue 11, item 6): a cross-site link to /admin/logout/ must not
sign staff out. Wagtail's own view answered GET with 405 yet deleted the session cookie."""

import pytest

from tests.factories import user_with_permissions

pytestmark = pytest.mark.django_db

LOGOUT = "/admin/logout/"


@pytest.fixture
def signed_in(client):
    client.force_login(user_with_permissions("clerk"))
    assert client.get("/admin/").status_code == 200
    return client


def test_a_get_does_not_sign_out(signed_in):
    response = signed_in.get(LOGOUT)

    assert response.status_code == 405
    assert "sessionid" not in response.cookies  # the session cookie is left alone
    assert signed_in.get("/admin/").status_code == 200


def test_a_post_signs_out(signed_in):
    response = signed_in.post(LOGOUT)

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/"
    assert signed_in.get("/admin/").status_code == 302


def test_the_sidebar_signs_out_with_a_post(signed_in):
    html = signed_in.get("/admin/").content.decode()

    assert '"logout"' in html and '"method": "POST"' in html
