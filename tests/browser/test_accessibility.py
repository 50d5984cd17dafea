"""axe-core (WCAG 2.1 A and AA) over every public page a citizen meets, on a phone:
home, category, service, each wizard step (with and without errors), review,
confirmation, tracking, survey and the 404 page (issue 15, item 7).

axe.min.js is vendored from the npm registry (axe-core 4.10.3, MPL-2.0) into
tests/browser/vendor/ and injected by Playwright; it is never served to users.
"""

from pathlib import Path

import pytest

from receipts.survey import survey_invite
from submissions.constants import Actor, Status
from submissions.services import submission_transition
from tests.factories import submission_make
from tests.submissions.conftest import PDF_BYTES

from .conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def page(browser):
    # The pages' CSP forbids injected scripts; the test's own tool is let in.
    context = browser.new_context(locale="fa-IR", bypass_csp=True, **PHONE)
    yield context.new_page()
    context.close()


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
    )
    return [
        f"{page.url} {item['id']}: {item['help']} at "
        + ", ".join(" ".join(node["target"]) for node in item["nodes"][:5])
        for item in result["violations"]
    ]


def test_no_public_page_has_an_axe_violation(live_server, service, page, first_step_done, tmp_path):
    base = live_server.url
    found = []

    def check(url=None):
        if url is not None:
            page.goto(base + url)
        found.extend(violations(page))

    for url in ("/", "/services/", "/services/urban/", "/services/urban/permit/", "/track/"):
        check(url)
    check("/no/such/page/")

    check("/services/urban/permit/apply/")  # step 1
    page.get_by_role("button", name="ادامه", exact=True).click()
    check()  # step 1 with its error summary
    first_step_done(page)
    check()  # step 2
    deed = tmp_path / "deed.pdf"
    deed.write_bytes(PDF_BYTES)
    page.get_by_label("سند مالکیت").set_input_files(str(deed))
    page.get_by_label("مساحت (متر مربع)").fill("x")
    page.get_by_role("button", name="ادامه", exact=True).click()
    check()  # step 2 with an error and a kept file
    page.get_by_label("مساحت (متر مربع)").fill("120")
    page.get_by_role("button", name="ادامه", exact=True).click()
    page.wait_for_url("**/apply/review/")
    page.get_by_role("button", name="ارسال درخواست").click()
    check()  # review with its error
    page.get_by_label("تأیید می‌کنم اطلاعاتی که وارد کرده‌ام درست است.").check()
    page.get_by_role("button", name="ارسال درخواست").click()
    page.wait_for_url("**/requests/**")
    check()  # confirmation

    page.goto(base + "/track/")
    page.get_by_role("button", name="پیگیری").first.click()
    check()  # tracking with its error summary

    submission = submission_make(service)
    for status in (Status.IN_REVIEW, Status.COMPLETED):
        submission_transition(submission=submission, status=status, actor=Actor.STAFF)
    survey = survey_invite(submission=submission)
    check(f"/s/{survey.token}/")
    assert found == []
    # The check can fail: a picture without a text alternative is found.
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert any(" image-alt: " in line for line in violations(page))
