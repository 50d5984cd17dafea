"""An editor types Persian digits into the admin's number boxes in Chromium, where an
`<input type="number">` would have dropped them."""

import pytest

from catalog.models import ServicePage
from tests.browser.admin_login import sign_in_as_chief
from tests.browser.test_form_designer_conditions import save_draft
from tests.factories import ServiceFormFactory, ServicePageFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_types_persian_digits_into_a_services_numbers(
    live_server, urban_category, desktop_page
):
    form = ServiceFormFactory()
    service = ServicePageFactory(parent=urban_category, duration_days=10, service_form=form)
    page = desktop_page
    sign_in_as_chief(page, live_server, f"/admin/pages/{service.pk}/edit/")

    duration = page.locator('input[name="duration_days"]')
    assert duration.get_attribute("type") == "text"
    assert duration.get_attribute("inputmode") == "numeric"
    assert duration.input_value() == "۱۰"
    duration.fill("۲")
    page.locator('input[name="fee"]').fill("۳۵۰٬۰۰۰")
    save_draft(page)
    revision = ServicePage.objects.get(pk=service.pk).get_latest_revision_as_object()
    assert (revision.duration_days, revision.fee) == (2, 350_000)

    # A question's file-size box in the form builder's editor, where the StreamField
    # widget is made by Wagtail's scripts.
    page.goto(live_server.url + f"/admin/snippets/formbuilder/serviceform/edit/{form.pk}/")
    size = page.locator('input[name$="-max_size_mb"]').first
    size.wait_for(state="attached")
    assert size.get_attribute("type") == "text"
    assert size.input_value() == "۲"
