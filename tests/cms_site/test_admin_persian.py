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


@pytest.mark.django_db
def test_admin_javascript_catalogue_has_wagtails_strings_with_their_zwnj(client):
    # Wagtail's own djangojs Persian writes «صفحه ها» and «آیتم ها ... میباشد»; ours wins.
    with translation.override("fa"):
        response = client.get(reverse("wagtailadmin_javascript_catalog"))
    match = re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S)
    catalog = json.loads(match.group(1))
    assert catalog["Pages"] == f"صفحه{ZWNJ}ها"
    assert catalog["The maximum number of items is %(max_num)d"] == (
        f"حداکثر تعداد آیتم{ZWNJ}ها %(max_num)d مورد می{ZWNJ}باشد"
    )
    assert catalog["Reload saved content"] == f"بارگذاری مجدد محتوای ذخیره{ZWNJ}شده"


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


# Issue 15: no raw values, Persian names, Persian digits, the site's typeface.

# Wagtail's Persian with a plain space where a ZWNJ belongs, as our supplement corrects it.
ZWNJ_CORRECTED = {
    "pages": f"صفحه{ZWNJ}ها",
    "Error 404": "خطای 404",
    "Publish any page": f"انتشار هر صفحه{ZWNJ}ای",
}


@pytest.mark.django_db
@pytest.mark.parametrize(("msgid", "expected"), ZWNJ_CORRECTED.items(), ids=list(ZWNJ_CORRECTED))
def test_wagtail_strings_have_their_zwnj(persian, msgid, expected):
    assert gettext(msgid) == expected


@pytest.mark.django_db
def test_the_roles_and_wagtails_own_names_are_persian():
    from django.contrib.auth.models import Group
    from wagtail.models import Page, Workflow

    names = set(Group.objects.values_list("name", flat=True))
    assert {"ویراستاران", "کارکنان", "مدیران", "مدیران سامانه", "ناظران"} <= names
    assert not names & {"Editors", "Staff", "Managers", "Administrators", "Moderators"}
    assert Page.get_first_root_node().title == "ریشه"
    assert not Workflow.objects.filter(name="Moderators approval").exists()


@pytest.mark.django_db
def test_the_group_screen_names_permissions_in_persian(admin_client):
    from django.contrib.auth.models import Group

    from cms_site import roles

    editors = Group.objects.get(name=roles.EDITORS)
    html = admin_client.get(f"/admin/groups/edit/{editors.pk}/").content.decode()
    assert "افزودن واحد سازمانی" in html
    assert "حذف تعطیلی" in html
    assert "انتشار فرم درخواست" in html  # a snippet's publish permission
    assert "Can add" not in html and "Can change" not in html and "Can publish" not in html


@pytest.mark.django_db
def test_yes_no_columns_are_marks_titled_in_words(admin_client):
    from tests.factories import DepartmentFactory

    DepartmentFactory(name="اداره درآمد", code="REVENUE", is_active=True)
    DepartmentFactory(name="اداره بایگانی", code="ARCHIVE", is_active=False)
    html = admin_client.get("/admin/snippets/catalog/department/").content.decode()
    assert "True" not in html and "False" not in html
    assert re.search(r'icon-check.*?<span class="w-sr-only">\s*بله\s*</span>', html, re.S)
    assert re.search(r'icon-cross.*?<span class="w-sr-only">\s*خیر\s*</span>', html, re.S)
    assert "فعال" in html  # the column's own label


@pytest.mark.django_db
def test_admin_numbers_are_persian_and_values_are_not(admin_client, service):
    html = admin_client.get("/admin/pages/search/", {"q": "پروانه"}).content.decode()
    assert "۱ تا ۱ از ۱ صفحه" in html  # Wagtail's count, with a model name, not «None»
    assert "1 تا 1" not in html
    edit = admin_client.get(f"/admin/pages/{service.pk}/edit/").content.decode()
    assert 'value="10061077000"' in edit  # an input's value keeps its digits


@pytest.mark.django_db
def test_the_admin_loads_vazirmatn(admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert re.search(r'<link rel="stylesheet" href="[^"]*css/admin\.css', html)
    from django.contrib.staticfiles import finders

    with open(finders.find("css/admin.css"), encoding="utf-8") as file:
        css = file.read()
    # One set of @font-face rules, the public site's, imported.
    assert '@import url("fonts.css");' in css and "@font-face" not in css
    assert "list-style-type: persian" in css
    with open(finders.find("css/fonts.css"), encoding="utf-8") as file:
        assert "Vazirmatn-Regular.woff2" in file.read()
