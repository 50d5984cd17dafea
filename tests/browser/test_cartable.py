"""Staff handle a request in the cartable; the citizen follows every stage on /track/.

The cartable's own controls are found by their form (`data-cartable-action`) and field
names, so the test holds before and after its Persian translation; the login and
tracking pages are found by their Persian labels.
"""

import pytest

from submissions.constants import Status
from submissions.models import Submission
from tests.browser.admin_login import sign_in
from tests.factories import (
    DepartmentFactory,
    clerk_of,
    submission_make,
)

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in_to_the_cartable(page, base_url: str, username: str) -> None:
    """Sign out whoever was signed in, then sign in as `username` on the cartable."""
    page.context.clear_cookies()
    sign_in(page, base_url, "/admin/cartable/", username)


def open_request(page, base_url: str, code: str) -> None:
    with page.expect_navigation():
        page.locator(f'tr[data-tracking-code="{code}"] a').click()
    page.wait_for_url(f"{base_url}/admin/cartable/{code}/")


def act(page, action: str, fields: dict[str, str] | None = None, select=None) -> None:
    """Fill one action form on a request's page and send it."""
    form = page.locator(f'form[data-cartable-action="{action}"]')
    if select:
        form.locator(f'select[name="{select[0]}"]').select_option(select[1])
    for name, value in (fields or {}).items():
        form.locator(f'[name="{name}"]').fill(value)
    with page.expect_navigation():
        form.locator('button[type="submit"]').click()
    page.locator(".messages li.success").wait_for()


def test_staff_refer_and_complete_and_the_citizen_follows(
    live_server, service, desktop_page, phone_page, outside_requests
):
    base = live_server.url
    revenue = DepartmentFactory(name="واحد درآمد")
    clerk_of(service.department, "kargozar")
    clerk_of(revenue, "daramad")
    submission = submission_make(service)  # routing runs on commit: the service's unit
    submission.refresh_from_db()
    assert submission.department == service.department
    code = submission.tracking_code

    page = desktop_page
    sign_in_to_the_cartable(page, base, "kargozar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    open_request(page, base, code)
    assert "مریم کاظمی" in page.locator("main").inner_text()
    act(page, "take")
    act(
        page,
        "refer",
        {"instruction": "برآورد عوارض را انجام دهید", "public_message": "به واحد درآمد رفت."},
        select=("department", str(revenue.pk)),
    )
    # The request has left kargozar's unit, and so their cartable.
    page.wait_for_url(base + "/admin/cartable/")
    assert page.locator(f'tr[data-tracking-code="{code}"]').count() == 0

    sign_in_to_the_cartable(page, base, "daramad")
    open_request(page, base, code)
    assert "برآورد عوارض را انجام دهید" in page.locator("main").inner_text()
    act(page, "take")
    act(page, "complete", {"public_message": "پروانه صادر شد."})
    assert page.locator("[data-status]").get_attribute("data-status") == Status.COMPLETED
    assert page.locator("form[data-cartable-action]").count() == 1  # only the note is left
    submission.refresh_from_db()
    assert submission.status == Status.COMPLETED

    citizen = phone_page
    citizen.goto(base + "/track/")
    # The lookup form (the page's other form asks for the status by SMS).
    lookup = citizen.locator("form").filter(has=citizen.locator("[name=mobile]"))
    lookup.get_by_label("کد رهگیری").fill(code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")))
    lookup.get_by_label("شماره همراه").fill("09121234567")
    with citizen.expect_navigation():
        lookup.get_by_role("button", name="پیگیری").click()
    main = citizen.locator("main").inner_text()
    stages = ["ثبت شد", "در حال بررسی", "ارجاع شد", "در حال بررسی", "انجام شد"]
    position = 0
    for stage in stages:
        position = main.index(stage, position) + len(stage)
    assert "به واحد درآمد رفت." in main and "پروانه صادر شد." in main
    assert "برآورد عوارض" not in main  # the instruction was internal
    assert Submission.objects.get(pk=submission.pk).events.count() == 5
    assert outside_requests == []
