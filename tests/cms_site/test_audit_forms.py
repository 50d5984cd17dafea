"""The audit trail as a manager reads a form's history (issue 12, item 12): sentences by
label instead of JSON, saves without a change folded away, objects found by name, and
the form's own history and compare views open to managers, read-only."""

import pytest

from cms_site import roles
from cms_site.audit.constants import AuditAction
from formbuilder.models import ServiceForm
from tests.factories import ServiceFormFactory, field, form_step, role_member

pytestmark = pytest.mark.django_db

URL = "/admin/audit/"
FORMS = "/admin/snippets/formbuilder/serviceform/"


@pytest.fixture
def manager(client):
    user = role_member("manager-reader", roles.MANAGERS)
    client.force_login(user)
    return user


def edited(form, *fields):
    draft = ServiceForm.objects.get(pk=form.pk)
    draft.steps = [form_step("مشخصات متقاضی", *fields)]
    draft.save_revision().publish()
    return draft


def test_a_form_change_reads_as_sentences_not_json(client, manager):
    form = ServiceFormFactory(title="پروانه حفاری")
    edited(
        form,
        field("text", "نام و نام خانوادگی", "full_name"),
        field("mobile", "شماره همراه", "mobile"),
        field("text", "نام پدر", "father"),
    )
    html = client.get(URL, {"model": "formbuilder.serviceform"}).content.decode()
    assert "پرسش «نام پدر» در گام «مشخصات متقاضی» افزوده شد." in html
    assert "پرسش «نوع متقاضی» حذف شد." in html
    assert '"applicant_type"' not in html and "&quot;key&quot;" not in html


def test_saves_without_a_change_are_folded_away(client, manager):
    form = ServiceFormFactory(title="فرم با ذخیره‌های خودکار")
    for _ in range(3):
        ServiceForm.objects.get(pk=form.pk).save_revision()  # an autosave, nothing typed
    response = client.get(URL, {"model": "formbuilder.serviceform"})
    html = response.content.decode()
    drafts = [e for e in response.context["entries"] if e.action == AuditAction.DRAFT_SAVED]
    assert all(entry.changes for entry in drafts)
    assert response.context["folded_count"] >= 3 and "data-khedmat-folded" in html
    unfolded = client.get(URL, {"model": "formbuilder.serviceform", "unfold": "1"})
    empty = [e for e in unfolded.context["entries"] if not e.changes]
    assert len(empty) >= 3


def test_the_object_filter_finds_a_form_by_name(client, manager):
    wanted = ServiceFormFactory(title="پروانه حفاری")
    ServiceFormFactory(title="گواهی پایان کار")
    response = client.get(URL, {"object": "حفاري"})  # an Arabic ي, as people type
    assert response.status_code == 200
    assert not response.context["form"].errors
    objects = {entry.key.object_id for entry in response.context["entries"]}
    assert objects == {wanted.pk}


def test_managers_open_a_forms_history_and_compare_view_read_only(client, manager):
    form = ServiceFormFactory(title="پروانه حفاری")
    edited(form, field("mobile", "شماره همراه", "mobile"))
    history = client.get(f"{FORMS}history/{form.pk}/")
    assert history.status_code == 200
    compare = client.get(f"{FORMS}history/{form.pk}/revisions/compare/earliest...latest/")
    assert compare.status_code == 200
    assert "پرسش «نوع متقاضی» حذف شد." in compare.content.decode()
    # Read-only: the edit view and a revert stay closed to them.
    assert client.get(f"{FORMS}edit/{form.pk}/").status_code == 302
    revision = form.revisions.order_by("created_at").first()
    revert = client.post(f"{FORMS}history/{form.pk}/revisions/{revision.pk}/revert/")
    assert revert.status_code in (302, 403)
    assert ServiceForm.objects.get(pk=form.pk).revisions.count() == form.revisions.count()
