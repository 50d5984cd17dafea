"""The service page editor (issue 12, items 7 and 10): a taken web address is told under
the title, and the editor sees which unit will receive the requests, and why."""

import pytest
from wagtail.fields import StreamField

from catalog.models import ServicePage
from cms_site import roles
from formbuilder.persian.text import to_persian_digits
from routing.models import RoutingRule
from routing.selectors import service_recipient
from tests.factories import DepartmentFactory, ServicePageFactory, UserFactory, role_member

pytestmark = pytest.mark.django_db


def service_form(data, *, parent, instance=None):
    form_class = ServicePage.get_edit_handler().get_form_class()
    streams = [f.name for f in ServicePage._meta.fields if isinstance(f, StreamField)]
    data = {**{f"{name}-count": "0" for name in streams}, **data}
    return form_class(
        data, instance=instance or ServicePage(), parent_page=parent, for_user=UserFactory()
    )


def test_a_slug_held_by_an_abandoned_draft_is_told_under_the_title(category):
    ServicePageFactory(parent=category, title="صدور پروانه", slug="permit", live=False)
    form = service_form({"title": "صدور پروانه", "slug": "permit"}, parent=category)
    assert not form.is_valid()
    assert "slug" in form.errors  # Wagtail's own, on the «ترویج» tab
    title_errors = " ".join(form.errors["title"])
    assert "«permit»" in title_errors and "«صدور پروانه»" in title_errors
    assert "پیش‌نویس" in title_errors and "ترویج" in title_errors


# -- Who receives the requests ------------------------------------------------------------


def rule(name, department, *, services=(), categories=(), **kwargs):
    made = RoutingRule.objects.create(name=name, department=department, **kwargs)
    made.services.set(services)
    made.categories.set(categories)
    return made


def test_without_rules_the_service_unit_receives_the_requests(service):
    recipient = service_recipient(service)
    assert recipient.department == service.department
    assert recipient.rule is None and not recipient.overrides_service_unit


def test_a_rule_for_the_category_overrides_the_unit_and_is_named(service, category):
    other = DepartmentFactory(name="دبیرخانه مرکزی")
    rule("همه درخواست‌های شهرسازی به دبیرخانه", other, categories=[category])
    recipient = service_recipient(service)
    assert recipient.department == other
    assert recipient.rule.name == "همه درخواست‌های شهرسازی به دبیرخانه"
    assert recipient.overrides_service_unit


def test_rules_by_answers_or_channel_are_listed_apart_and_the_default_decides(service):
    other = DepartmentFactory(name="اداره حقوقی")
    fallback = DepartmentFactory(name="دبیرخانه")
    by_channel = rule("حضوری‌ها", other, services=[service], channel="in_person", sort_order=1)
    rule("پیش‌فرض", fallback, is_default=True, sort_order=9)
    recipient = service_recipient(service)
    assert recipient.partial_rules == [by_channel]
    assert recipient.department == fallback and recipient.rule.name == "پیش‌فرض"


def test_the_service_editor_shows_the_recipient_and_warns_when_it_differs(client, service):
    editor = role_member("page-editor", roles.EDITORS)
    client.force_login(editor)
    url = f"/admin/pages/{service.pk}/edit/"
    html = client.get(url).content.decode()
    assert "data-khedmat-recipient" in html
    assert (
        f"به «{to_persian_digits(service.department.name)}»" in html
        and "data-khedmat-recipient-warning" not in html
    )

    other = DepartmentFactory(name="دبیرخانه مرکزی")
    rule("ارجاع به دبیرخانه", other, services=[service])
    html = client.get(url).content.decode()
    assert "«دبیرخانه مرکزی»" in html and "«ارجاع به دبیرخانه»" in html
    assert "data-khedmat-recipient-warning" in html
