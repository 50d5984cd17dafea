"""The Wagtail admin is fully Persian.

Wagtail's own fa catalogues leave about half of the admin untranslated; the
supplement in cms_site/wagtail_locale/fa/ fills the gap (the .mo files are
compiled by `make messages`). These tests fail if that supplement, or the
login-form fix in cms_site/admin_forms.py, goes missing.
"""

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

ZWNJ = "\u200c"

# Strings that Wagtail 8's Persian catalogue leaves untranslated, with ours.
MISSING_UPSTREAM = {
    "Help": "راهنما",
    "Search all pages…": f"جستجو در همه صفحه{ZWNJ}ها…",
    "Keyboard shortcuts": f"میان{ZWNJ}برهای صفحه{ZWNJ}کلید",
    "Workflow": "گردش کار",
    "Locked pages": f"صفحه{ZWNJ}های قفل{ZWNJ}شده",
    "Toggle sidebar": "باز/بسته کردن نوار کناری",
    "Page type": "نوع صفحه",
    "revision": "نسخه",
    "Wagtail snippets": f"قطعه{ZWNJ}های وگتیل",
    "Newest": "جدیدترین",
    "Saving will overwrite a newer version.": f"ذخیره کردن، نسخه جدیدتری را بازنویسی می{ZWNJ}کند.",
}

# English that must not be left visible on the login page and the dashboard.
ENGLISH_LEFTOVERS = ["Help", "Collapse all", "Password", "Search all pages"]


@pytest.fixture
def persian():
    with translation.override("fa"):
        yield


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("msgid", "expected"), MISSING_UPSTREAM.items(), ids=list(MISSING_UPSTREAM)
)
def test_previously_missing_admin_strings_are_persian(persian, msgid, expected):
    assert gettext(msgid) == expected


@pytest.mark.django_db
def test_plural_forms_are_persian(persian):
    singular = "%(num_parent_objects)d page has been published"
    plural = "%(num_parent_objects)d pages have been published"
    assert ngettext(singular, plural, 1) % {"num_parent_objects": 1} == "1 صفحه منتشر شد"
    assert ngettext(singular, plural, 3) % {"num_parent_objects": 3} == "3 صفحه منتشر شدند"
    # Template-style plural whose English singular hard-codes "1".
    assert ngettext("Delete 1 page", "Delete %(counter)s pages", 1) % {"counter": 1} == "حذف 1 صفحه"
    assert ngettext("Delete 1 page", "Delete %(counter)s pages", 5) % {"counter": 5} == "حذف 5 صفحه"


@pytest.mark.django_db
def test_admin_javascript_catalogue_is_persian(client):
    response = client.get(reverse("wagtailadmin_javascript_catalog"))
    assert response.status_code == 200
    match = re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S)
    assert match, "no catalogue in the JavaScript i18n response"
    catalog = json.loads(match.group(1))
    assert catalog.get("Collapse all") == "بستن همه"
    assert catalog.get("Expand all") == "باز کردن همه"
    assert catalog.get("%(num)s error") == ["%(num)s خطا", "%(num)s خطا"]


def html_in_persian(response, where: str) -> str:
    """The page's HTML, checked to have loaded with none of the English leftovers."""
    assert response.status_code == 200
    html = response.content.decode()
    for word in ENGLISH_LEFTOVERS:
        assert word not in html, f"{word!r} left in English on {where}"
    return html


@pytest.mark.django_db
def test_login_page_has_no_english_leftovers(client):
    response = client.get(reverse("wagtailadmin_login"))
    html_in_persian(response, "the login page")
    # The password field's label comes from a catalogue, not pretty_name().
    password_label = response.context["form"]["password"].label
    assert password_label != "Password"
    with translation.override("fa"):
        assert password_label == gettext("Password")


@pytest.mark.django_db
def test_dashboard_has_no_english_leftovers(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))
    html = html_in_persian(response, "the dashboard")
    assert f"جستجو در همه صفحه{ZWNJ}ها…" in html
