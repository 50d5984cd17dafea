"""Wagtail's autosave and the editor's own save (issue 12): no autosave follows a press of
Publish, so none lands after the version just published, and a refused first publish
leaves one form in the list, not two (cms_site/static/js/autosave-guard.js).

Wagtail autosaves about a second after a change. A change made just before the press is
the dangerous one: each test holds the editor's submitted form in the browser (a routed
request) until Wagtail's autosave of that change has been triggered, so what follows the
press happens in the same order on every machine.
"""

import re

import pytest
from playwright.sync_api import expect

from formbuilder.models import ServiceForm
from tests.browser.test_form_designer_conditions import (  # noqa: F401 (fixture)
    EDIT,
    editing_session_released,
    sign_in,
)
from tests.factories import ServiceFormFactory

pytestmark = pytest.mark.django_db(transaction=True)

ADD = "/admin/snippets/formbuilder/serviceform/add/"
LIST = re.compile(r"/admin/snippets/formbuilder/serviceform/$")
# Every `w-autosave:save` Wagtail dispatches from now on, and whether it was cancelled.
RECORD_AUTOSAVES = """() => {
  window.fbAutosaves = [];
  window.addEventListener("w-autosave:save", (event) => {
    window.fbAutosaves.push(event.defaultPrevented);
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


def watching(page):
    page.wait_for_function("window.fbWatching === true")


def is_autosave(request):
    return (
        request.method == "POST"
        and "/serviceform/" in request.url
        and "application/json" in request.headers.get("accept", "")
    )


def is_submit(request):
    return request.method == "POST" and request.resource_type == "document"


class Traffic:
    """The requests of a page, and when each was sent and answered, in order; the editor's
    submitted form (a document POST) is held until `release` when `hold` is set."""

    def __init__(self, page, hold=True):
        self.page = page
        self.requests = []
        self.log = []
        self.held = []
        page.on("request", self.sent)
        page.on("requestfinished", lambda request: self.log.append(("answered", request)))
        if hold:
            page.route("**/admin/snippets/formbuilder/serviceform/**", self.route)

    def sent(self, request):
        self.requests.append(request)
        self.log.append(("sent", request))

    def route(self, route):
        if is_submit(route.request):
            self.held.append(route)
        else:
            route.continue_()

    def release(self):
        self.page.unroute("**/admin/snippets/formbuilder/serviceform/**")
        for route in self.held:
            route.continue_()
        self.held = []

    def autosaves_after(self, request):
        return [r for r in self.requests[self.requests.index(request) + 1 :] if is_autosave(r)]


def press_and_hold(page, traffic, button):
    """Press a footer button; return the submitted request, held, once the autosave of
    the change made just before has been triggered."""
    with page.expect_request(is_submit) as sent:
        page.locator(f"footer button[name='{button}']").click()
    page.wait_for_function("window.fbAutosaves.length > 0")
    return sent.value


def test_no_autosave_follows_a_publish_pressed_right_after_a_change(live_server, page):
    form = ServiceFormFactory(title="مجوز حفر", publish=False)
    sign_in(page, live_server, EDIT.format(form.pk))
    watching(page)
    traffic = Traffic(page)
    page.evaluate(RECORD_AUTOSAVES)

    page.locator('textarea[name="intro"]').fill("مدارک مالکیت را آماده کنید.")
    publish = press_and_hold(page, traffic, "action-publish")
    # Wagtail's autosave of the intro came after the press: it is cancelled.
    assert page.evaluate("window.fbAutosaves") == [True]
    with page.expect_navigation(url=LIST):
        traffic.release()
    assert traffic.autosaves_after(publish) == []

    form.refresh_from_db()
    assert form.live and form.intro == "مدارک مالکیت را آماده کنید."
    # The version published is the latest: no draft of older content on top of it.
    assert form.latest_revision_id == form.live_revision_id
    assert not form.has_unpublished_changes


def test_a_publish_pressed_during_an_autosave_waits_for_it(live_server, page):
    form = ServiceFormFactory(title="مجوز حفر", publish=False)
    sign_in(page, live_server, EDIT.format(form.pk))
    watching(page)
    traffic = Traffic(page, hold=False)
    page.evaluate(RECORD_AUTOSAVES)

    page.locator('textarea[name="intro"]').fill("مدارک مالکیت را آماده کنید.")
    page.wait_for_function("window.fbAutosaves.length > 0")  # triggered, not yet sent
    with page.expect_navigation(url=LIST):
        page.locator("footer button[name='action-publish']").click()
    # The publish waited for the autosave under way to be answered, then went on by itself.
    autosave = [r for _event, r in traffic.log if is_autosave(r)]
    assert len(autosave) == 1
    order = [
        (event, "submit" if is_submit(r) else "autosave")
        for event, r in traffic.log
        if is_submit(r) or is_autosave(r)
    ]
    assert order[:3] == [("sent", "autosave"), ("answered", "autosave"), ("sent", "submit")]
    form.refresh_from_db()
    assert form.live and form.intro == "مدارک مالکیت را آماده کنید."
    assert form.latest_revision_id == form.live_revision_id


def test_a_refused_first_publish_leaves_one_form_in_the_list(live_server, page):
    sign_in(page, live_server, ADD)
    watching(page)
    # A choice question whose options are still empty: its publish is refused. Without a
    # title nothing is stored yet (the autosaves of these changes are refused).
    page.get_by_role("button", name="افزودن پرسش").last.click()
    page.locator(".w-combobox .w-combobox__option").filter(has_text="انتخاب یک گزینه").first.click()
    question = page.locator('input[name$="-fields-1-value-label"]')
    with page.expect_response(lambda response: is_autosave(response.request)):
        question.fill("نوع متقاضی")
    traffic = Traffic(page)
    page.evaluate(RECORD_AUTOSAVES)

    # The title typed, and publish pressed at once: the page still posts to "add".
    page.locator('input[name="title"]').fill("مجوز حفر")
    publish = press_and_hold(page, traffic, "action-publish")
    assert page.evaluate("window.fbAutosaves") == [True]
    # Refused, the page comes back with the editor's work, which Wagtail autosaves once:
    # the form is stored then, and only then.
    stored = page.expect_response(lambda response: is_autosave(response.request))
    with stored, page.expect_navigation():
        traffic.release()
    assert traffic.autosaves_after(publish) == []
    expect(page.locator('input[name$="-value-choices-0-value-label"]').first).to_be_visible()
    assert ServiceForm.objects.count() == 1

    # The editor gives the options and publishes the form autosave stored.
    options = page.locator('input[name*="-fields-1-value-choices-"][name$="-value-label"]')
    options.nth(0).fill("حقیقی")
    options.nth(1).fill("حقوقی")
    with page.expect_navigation(url=LIST):
        page.locator("footer button[name='action-publish']").click()
    listed = page.locator("table tbody tr").filter(has_text="مجوز حفر")
    expect(listed).to_have_count(1)
    form = ServiceForm.objects.get()
    assert form.live
