"""Admin sign-in lockout (issue 11, item 5): django-axes per user name and client address,
the Persian lockout page, and the administrators' unlock."""

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse

from cms_site.roles import ADMINISTRATORS, STAFF
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "secret-password"  # UserFactory's
LOCKED_TEXT = "رمز نادرست بیش از حد"  # the Persian lockout message


def sign_in(client, username, password, address="203.0.113.7", **extra):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def wrong_passwords(client, username, times=5, address="203.0.113.7", **extra):
    return [sign_in(client, username, "wrong", address, **extra) for _ in range(times)]


@pytest.fixture
def clerk(db):
    user = UserFactory(username="clerk")
    user.groups.add(Group.objects.get(name=STAFF))
    return user


@pytest.fixture
def administrator(db):
    user = UserFactory(username="chief")
    user.groups.add(Group.objects.get(name=ADMINISTRATORS))
    return user


def test_the_right_password_works_without_failures(client, clerk):
    response = sign_in(client, "clerk", PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_five_wrong_passwords_lock_the_right_one_out_in_persian(client, clerk):
    responses = wrong_passwords(client, "clerk")
    assert [r.status_code for r in responses[:4]] == [200] * 4

    response = sign_in(client, "clerk", PASSWORD)

    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED_TEXT in html
    assert "۱۵ دقیقه" in html  # the cool-off, in Persian digits
    assert response["Retry-After"] == "900"
    assert not signed_in(client)


@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_limit_is_a_setting(client, clerk):
    wrong_passwords(client, "clerk", times=3)

    assert sign_in(client, "clerk", PASSWORD).status_code == 429


def test_another_address_and_another_user_are_not_locked(client, clerk, administrator):
    wrong_passwords(client, "clerk", address="203.0.113.7")

    assert sign_in(client, "chief", PASSWORD, address="203.0.113.7").status_code == 302
    client.logout()
    assert sign_in(client, "clerk", PASSWORD, address="198.51.100.9").status_code == 302
    assert signed_in(client)


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(client, clerk):
    for n in range(5):
        sign_in(client, "clerk", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    response = sign_in(client, "clerk", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")

    assert response.status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_trusted_proxy_each_client_address_counts_alone(client, clerk):
    proxy = "10.0.0.1"
    wrong_passwords(client, "clerk", address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert (
        sign_in(client, "clerk", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code
        == 429
    )
    assert (
        sign_in(client, "clerk", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="198.51.100.9").status_code
        == 302
    )


def test_an_administrator_sees_the_lock_and_unlocks_it(client, clerk, administrator):
    wrong_passwords(client, "clerk")
    client.force_login(administrator)

    listing = client.get(reverse("signin_lockouts"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "clerk" in html and "203.0.113.7" in html

    response = client.post(
        reverse("signin_lockout_unlock"), {"username": "clerk", "ip_address": "203.0.113.7"}
    )
    assert response.status_code == 302
    client.logout()

    assert sign_in(client, "clerk", PASSWORD).status_code == 302
    assert signed_in(client)


def test_the_lockout_list_and_unlock_are_refused_to_non_administrators(client, clerk):
    wrong_passwords(client, "clerk")
    other = UserFactory(username="other-clerk")
    other.groups.add(Group.objects.get(name=STAFF))
    client.force_login(other)

    assert client.get(reverse("signin_lockouts")).status_code in (302, 403)
    unlock = client.post(
        reverse("signin_lockout_unlock"), {"username": "clerk", "ip_address": "203.0.113.7"}
    )
    assert unlock.status_code in (302, 403)
    client.logout()

    assert sign_in(client, "clerk", PASSWORD).status_code == 429


def test_the_lockout_list_is_in_the_settings_menu_of_administrators_only(
    client, clerk, administrator
):
    url = reverse("signin_lockouts")
    client.force_login(administrator)
    assert url in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(clerk)
    assert url not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_bad_unlock_request_is_refused_without_unlocking(client, clerk, administrator):
    wrong_passwords(client, "clerk")
    client.force_login(administrator)

    response = client.post(reverse("signin_lockout_unlock"), {"ip_address": "not an address"})

    assert response.status_code == 302
    client.logout()
    assert sign_in(client, "clerk", PASSWORD).status_code == 429
