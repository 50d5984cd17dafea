"""Wagtail's autosave and the editor's own save (issue 12, cms_site/static/js/
autosave-guard.js): a publish pressed while an autosave is under way waits for it, so the
autosave never lands after the version just published. (That no autosave starts after the
press is checked by tests/browser/test_first_time_editor.py, which publishes right after
its last change and finds one form whose latest version is the published one.)
"""

import re

import pytest

from tests.browser.admin_login import sign_in_as_chief
from tests.browser.test_form_designer_conditions import (  # noqa: F401 (fixture)
    EDIT,
    editing_session_released,
)
from tests.factories import ServiceFormFactory

pytestmark = pytest.mark.django_db(transaction=True)

LIST = re.compile(r"/admin/snippets/formbuilder/serviceform/$")
# Every `w-autosave:save` Wagtail dispatches from now on, and whether it was cancelled.
RECORD_AUTOSAVES = """() => {
  window.fbAutosaves = [];
  window.addEventListener("w-autosave:save", (event) => {
    window.fbAutosaves.push(event.defaultPrevented);
    window.fbAutosaveSeen = true;
  });
}"""
# Wagtail's w-unsaved notices changes only once it has read the form as loaded (two
# seconds in); each page tells when it has.
WATCHING = """
window.addEventListener("w-unsaved:watch-edits", () => { window.fbWatching = true; });
"""


@pytest.fixture
def page(desktop_page):
    desktop_page.add_init_script(WATCHING)
    return desktop_page


# The admin's Content-Security-Policy forbids the string evaluation `wait_for_function`
# polls with; this waits inside the page instead, for a flag the page sets.
WAIT_FOR_FLAG = """(name) => new Promise((resolve) => {
  const limit = Date.now() + 30000;
  (function check() {
    if (window[name]) resolve(true);
    else if (Date.now() > limit) resolve(false);
    else setTimeout(check, 50);
  })();
})"""


def wait_for_flag(page, name):
    assert page.evaluate(WAIT_FOR_FLAG, name), f"window.{name} was never set"


def watching(page):
    wait_for_flag(page, "fbWatching")


def is_autosave(request):
    return (
        request.method == "POST"
        and "/serviceform/" in request.url
        and "application/json" in request.headers.get("accept", "")
    )


def is_submit(request):
    return request.method == "POST" and request.resource_type == "document"


class Traffic:
    """The requests of a page, and when each was sent and answered, in order."""

    def __init__(self, page):
        self.log = []
        page.on("request", lambda request: self.log.append(("sent", request)))
        page.on("requestfinished", lambda request: self.log.append(("answered", request)))


def test_a_publish_pressed_during_an_autosave_waits_for_it(live_server, page):
    form = ServiceFormFactory(title="مجوز حفر", publish=False)
    sign_in_as_chief(page, live_server, EDIT.format(form.pk))
    watching(page)
    traffic = Traffic(page)
    page.evaluate(RECORD_AUTOSAVES)

    page.locator('textarea[name="intro"]').fill("مدارک مالکیت را آماده کنید.")
    wait_for_flag(page, "fbAutosaveSeen")  # triggered, not yet sent
    with page.expect_navigation(url=LIST):
        page.locator("footer button[name='action-publish']").click()
    # The publish waited for the autosave under way to be answered, then went on by itself.
    # (On a slow machine a second autosave may start before the press; it is waited for too.)
    order = [
        (event, "submit" if is_submit(r) else "autosave")
        for event, r in traffic.log
        if is_submit(r) or is_autosave(r)
    ]
    pressed = order.index(("sent", "submit"))
    before, after = order[:pressed], order[pressed + 1 :]
    assert before.count(("sent", "autosave")) >= 1
    assert before.count(("sent", "autosave")) == before.count(("answered", "autosave"))
    assert ("sent", "autosave") not in after
    form.refresh_from_db()
    assert form.live and form.intro == "مدارک مالکیت را آماده کنید."
    assert form.latest_revision_id == form.live_revision_id
