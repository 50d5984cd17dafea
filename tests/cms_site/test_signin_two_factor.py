"""Two-factor admin sign-in (issue 11, item 5): enrolling a TOTP device from the account
page, the code asked after the password, and ADMIN_REQUIRE_2FA for administrators."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms_site.roles import ADMINISTRATORS, STAFF
from formbuilder.persian.text import to_persian_digits
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOME = "/admin/"
ENROL = "/admin/two-factor/"
VERIFY = "/admin/sign-in/verify/"
PASSWORD = "secret-password"  # UserFactory's


def code_now(device: TOTPDevice) -> str:
    """What the user's authenticator app shows now (RFC 6238, computed independently of
    the view under test)."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{value:0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(code_now(device)) + 500_000) % 1_000_000:06d}"


def in_group(username: str, group: str):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def clerk(db):
    return in_group("clerk", STAFF)


@pytest.fixture
def administrator(db):
    return in_group("chief", ADMINISTRATORS)


@pytest.fixture
def enrolled_clerk(clerk):
    TOTPDevice.objects.create(user=clerk, name="authenticator", confirmed=True)
    return clerk


def password_sign_in(client, username: str):
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def test_the_account_page_links_to_two_factor_enrolment(client, clerk):
    client.force_login(clerk)

    assert ENROL in client.get(reverse("wagtailadmin_account")).content.decode()


def test_enrolment_shows_a_qr_code_and_the_secret_and_confirms_with_a_code(client, clerk):
    client.force_login(clerk)

    page = client.get(ENROL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "cdn" not in html.lower()
    device = TOTPDevice.objects.get(user=clerk)
    assert not device.confirmed
    assert page.context["secret"].replace(" ", "") in html.replace(" ", "")
    assert client.get(ENROL).context["secret"] == page.context["secret"]  # a reload keeps it

    response = client.post(ENROL, {"token": code_now(device)})

    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(HOME).status_code == 200  # this session counts as verified


def test_enrolment_accepts_the_code_in_persian_digits(client, clerk):
    client.force_login(clerk)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=clerk)

    response = client.post(ENROL, {"token": to_persian_digits(code_now(device))})

    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed


def test_a_wrong_enrolment_code_confirms_nothing(client, clerk):
    client.force_login(clerk)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=clerk)

    response = client.post(ENROL, {"token": wrong_code(device)})

    assert response.status_code == 400
    assert "این کد درست نیست" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


@pytest.mark.parametrize("token", ["", "12", "abcdef", "1" * 70])
def test_a_malformed_code_is_a_persian_form_error(client, enrolled_clerk, token):
    password_sign_in(client, "clerk")

    response = client.post(VERIFY, {"token": token})

    assert response.status_code == 400
    assert "کد ۶ رقمی" in response.content.decode()


def test_with_a_device_the_password_alone_does_not_open_the_admin(client, enrolled_clerk):
    password_sign_in(client, "clerk")

    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    # Elsewhere the session counts as anonymous: the staff API refuses it.
    assert client.get("/api/v1/submissions/").status_code in (401, 403)
    # Nor can another device be enrolled with the password alone.
    assert client.get(ENROL)["Location"].startswith(VERIFY)


def test_the_right_code_opens_the_admin_and_returns_to_the_page_asked(client, enrolled_clerk):
    password_sign_in(client, "clerk")
    device = TOTPDevice.objects.get(user=enrolled_clerk)

    page = client.get(VERIFY, {"next": "/admin/pages/"})
    assert page.status_code == 200
    response = client.post(VERIFY, {"token": code_now(device), "next": "/admin/pages/"})

    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert client.get(HOME).status_code == 200
    assert client.get("/api/v1/submissions/").status_code == 200


def test_a_wrong_code_is_refused_and_the_next_try_is_slowed_down(client, enrolled_clerk):
    password_sign_in(client, "clerk")
    device = TOTPDevice.objects.get(user=enrolled_clerk)

    wrong = client.post(VERIFY, {"token": wrong_code(device)})
    assert wrong.status_code == 400
    assert "این کد درست نیست" in wrong.content.decode()
    assert client.get(HOME).status_code == 302

    # At once, even the right code waits (django-otp's throttle on the device).
    throttled = client.post(VERIFY, {"token": code_now(device)})
    assert throttled.status_code == 429
    assert client.get(HOME).status_code == 302

    earlier = timezone.now() - timedelta(seconds=10)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=earlier)
    assert client.post(VERIFY, {"token": code_now(device)}).status_code == 302
    assert client.get(HOME).status_code == 200


def test_an_external_next_address_is_not_followed(client, enrolled_clerk):
    password_sign_in(client, "clerk")
    device = TOTPDevice.objects.get(user=enrolled_clerk)

    response = client.post(VERIFY, {"token": code_now(device), "next": "https://evil.example/"})

    assert response["Location"] == HOME


def test_without_a_device_the_password_is_enough(client, clerk):
    password_sign_in(client, "clerk")

    assert client.get(HOME).status_code == 200


@override_settings(ADMIN_REQUIRE_2FA=True)
def test_required_two_factor_sends_an_administrator_to_enrol_first(client, administrator):
    password_sign_in(client, "chief")

    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith(ENROL)
    page = client.get(ENROL)
    assert "باید ورود دومرحله‌ای را فعال کنند" in page.content.decode()

    device = TOTPDevice.objects.get(user=administrator)
    assert client.post(ENROL, {"token": code_now(device)}).status_code == 302
    assert client.get(HOME).status_code == 200


@override_settings(ADMIN_REQUIRE_2FA=True)
def test_required_two_factor_covers_superusers_but_not_staff(client, clerk):
    root = UserFactory(username="root", is_superuser=True)
    client.force_login(root)
    assert client.get(HOME)["Location"].startswith(ENROL)

    client.force_login(clerk)
    assert client.get(HOME).status_code == 200


@override_settings(ADMIN_REQUIRE_2FA=True)
def test_an_administrator_cannot_turn_required_two_factor_off(client, administrator):
    client.force_login(administrator)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=administrator)
    client.post(ENROL, {"token": code_now(device)})

    client.post(reverse("signin_two_factor_disable"))

    assert TOTPDevice.objects.filter(user=administrator, confirmed=True).exists()


def test_a_user_may_turn_optional_two_factor_off(client, clerk):
    client.force_login(clerk)
    client.get(ENROL)
    client.post(ENROL, {"token": code_now(TOTPDevice.objects.get(user=clerk))})

    response = client.post(reverse("signin_two_factor_disable"))

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=clerk).exists()


def test_an_administrator_removes_a_lost_phone_and_the_password_works_again(
    client, enrolled_clerk, administrator
):
    client.force_login(administrator)
    listing = client.get(reverse("signin_lockouts")).content.decode()
    remove = reverse("signin_two_factor_remove", args=[enrolled_clerk.pk])
    assert remove in listing

    assert client.post(remove).status_code == 302
    client.logout()

    assert not TOTPDevice.objects.filter(user=enrolled_clerk).exists()
    password_sign_in(client, "clerk")
    assert client.get(HOME).status_code == 200


def test_only_administrators_remove_a_device(client, enrolled_clerk):
    client.force_login(in_group("other-clerk", STAFF))

    response = client.post(reverse("signin_two_factor_remove", args=[enrolled_clerk.pk]))

    assert response.status_code in (302, 403)
    assert TOTPDevice.objects.filter(user=enrolled_clerk, confirmed=True).exists()
