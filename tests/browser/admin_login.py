"""Signing in to the admin through its login form, as a person does, for the browser tests
that need a signed-in page (test_admin.py tests the login page itself)."""

from django.contrib.auth import get_user_model

PASSWORD = "secret-password"  # UserFactory's, and the chief's made here


def sign_in(page, base_url: str, path: str, username: str, password: str = PASSWORD) -> None:
    """Open `path`, be sent to the login form, sign in as `username` and land back on `path`."""
    page.goto(base_url + path)
    page.wait_for_url("**/admin/login/**")
    page.get_by_label("نام کاربری").fill(username)
    page.get_by_label("رمزعبور").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="ورود").click()
    page.wait_for_url(base_url + path)


def sign_in_as_chief(page, live_server, path: str) -> None:
    """Make the superuser «chief» and sign in as them on `path`."""
    get_user_model().objects.create_superuser("chief", "chief@example.com", PASSWORD)
    sign_in(page, live_server.url, path, "chief")
