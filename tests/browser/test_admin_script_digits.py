"""Numbers Wagtail's own scripts draw after load read in Persian digits (issue 15, item 3;
cms_site/static/js/admin-digits.js), and Wagtail's djangojs strings reach the page with
their ZWNJ (item 4)."""

import re

import pytest

from tests.browser.admin_login import sign_in_as_chief
from tests.factories import ServiceFormFactory, ServicePageFactory

pytestmark = pytest.mark.django_db(transaction=True)

LATIN_DIGIT = re.compile(r"[0-9]")


def test_the_bulk_actions_count_reads_in_persian_digits(live_server, urban_category, desktop_page):
    form = ServiceFormFactory()
    for code in ("10061077001", "10061077002"):
        ServicePageFactory(parent=urban_category, service_form=form, service_code=code)
    page = desktop_page
    sign_in_as_chief(page, live_server, f"/admin/pages/{urban_category.pk}/")

    page.locator("input[data-bulk-action-checkbox]").nth(0).check()
    page.locator("input[data-bulk-action-checkbox]").nth(1).check()
    count = page.locator("[data-bulk-action-num-objects]")
    count.wait_for(state="visible")
    page.wait_for_function(
        "document.querySelector('[data-bulk-action-num-objects]').textContent.includes('۲')"
    )
    assert not LATIN_DIGIT.search(count.text_content())


def test_text_drawn_later_takes_persian_digits_but_typed_and_code_text_does_not(
    live_server, urban_category, desktop_page
):
    page = desktop_page
    sign_in_as_chief(page, live_server, "/admin/")
    page.evaluate(
        """() => {
        const box = document.createElement('div');
        box.id = 'drawn';
        box.innerHTML = '<span class="count">12 مورد</span><code>ID 12</code>'
          + '<span translate="no">10061077</span><span class="name">user42</span>'
          + '<div contenteditable="true">ماده 7</div><input value="34">';
        document.querySelector('main').append(box);
      }"""
    )
    page.wait_for_function("document.querySelector('#drawn .count').textContent === '۱۲ مورد'")
    assert page.locator("#drawn code").text_content() == "ID 12"
    assert page.locator("#drawn [translate=no]").text_content() == "10061077"
    assert page.locator("#drawn .name").text_content() == "user42"
    assert page.locator("#drawn [contenteditable]").text_content() == "ماده 7"
    assert page.locator("#drawn input").input_value() == "34"

    # A counter a script rewrites in place (a text node's data) follows too.
    page.evaluate("() => { document.querySelector('#drawn .count').firstChild.data = '3 مورد'; }")
    page.wait_for_function("document.querySelector('#drawn .count').textContent === '۳ مورد'")

    # Wagtail's JavaScript catalogue on the page: its Persian with our ZWNJ fixes.
    assert page.evaluate("window.django.gettext('Pages')") == "صفحه\u200cها"
