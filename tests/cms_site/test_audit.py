"""The audit trail: who changed what and when, drafts told from publishing, filters, exports."""

import datetime
import io

import jdatetime
import openpyxl
import pytest
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from catalog.models import Department
from cms_site.audit.constants import AuditAction
from cms_site.audit.selectors import AuditFilters, audit_entries, audit_trail_keys
from formbuilder.models import ServiceForm
from formbuilder.persian.text import to_persian_digits
from routing.services import submission_route
from submissions.constants import Actor, Channel, Status
from submissions.models import Submission
from submissions.services import submission_transition
from tests.factories import (
    DepartmentFactory,
    ServiceFormFactory,
    UserFactory,
    department_staff,
    submission_in,
    submission_make,
    submission_registered_by_automation,
    user_with_permissions,
)

pytestmark = pytest.mark.django_db

URL = "/admin/audit/"


@pytest.fixture
def manager(client):
    user = user_with_permissions(
        "manager", "khedmat_audit.view_audit", "submissions.view_all_submissions"
    )
    client.force_login(user)
    return user


def trail(**filters):
    """The trail's entries for the filters, as the admin page builds them."""
    keys = audit_trail_keys(filters=AuditFilters(**filters), limit=100)
    return audit_entries(keys=keys, user=None)


def label_of(model, name: str) -> str:
    with translation.override("fa"):
        return capfirst(str(model._meta.get_field(name).verbose_name))


def department_edit(client, department, **changes):
    data = {
        "name": department.name,
        "code": department.code,
        "phone": department.phone,
        "email": department.email,
        "address": department.address,
        "working_hours": department.working_hours,
        "is_active": "on",
        **changes,
    }
    return client.post(f"/admin/snippets/catalog/department/edit/{department.pk}/", data)


def test_an_admin_edit_shows_who_and_each_field_old_and_new(client, manager):
    department = DepartmentFactory(name="اداره قدیم", phone="021-1111")
    editor = user_with_permissions("editor", "catalog.change_department", "catalog.view_department")
    editor.first_name, editor.last_name = "رضا", "کریمی"
    editor.save()
    client.force_login(editor)
    response = department_edit(client, department, name="اداره جدید", phone="021-2222")
    assert response.status_code == 302
    client.force_login(manager)

    response = client.get(URL, {"model": "catalog.department"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "رضا کریمی" in html
    assert label_of(Department, "name") in html
    assert "اداره قدیم" in html and "اداره جدید" in html
    assert "021-1111" in html and "021-2222" in html
    entry = trail(labels=("catalog.department",))[0]
    assert entry.who == "رضا کریمی"
    assert entry.action == AuditAction.CHANGED
    assert {(c.old, c.new) for c in entry.changes} == {
        ("اداره قدیم", "اداره جدید"),
        ("021-1111", "021-2222"),
    }


def test_a_status_change_by_staff_names_the_user(service):
    submission = submission_make(service)
    staff = UserFactory(username="clerk", first_name="مینا", last_name="رحیمی")

    submission_transition(
        submission=submission, status=Status.IN_REVIEW, actor=Actor.STAFF, user=staff
    )

    entry = trail(labels=("submissions.submission",))[0]
    assert entry.who == "مینا رحیمی" and entry.by_user
    assert entry.object_text == submission.tracking_code
    status_label = label_of(Submission, "status")
    with translation.override("fa"):
        changes = {c.label: c for c in trail(labels=("submissions.submission",))[0].changes}
        assert changes[status_label].new == str(Status.IN_REVIEW.label)


def test_a_request_names_the_citizen_the_clerk_and_the_routing_rules(service):
    online = submission_make(service)
    clerk = UserFactory(username="desk", first_name="رضا", last_name="کریمی")
    in_person = submission_make(service, channel=Channel.IN_PERSON, user=clerk)
    submission_route(submission=online)

    with translation.override("fa"):
        who = {
            (entry.object_text, entry.action, entry.who)
            for entry in trail(labels=("submissions.submission",))
        }
        citizen, rules = str(Actor.CITIZEN.label), gettext("Routing rules")
    assert citizen == "شهروند" and rules != "Routing rules"  # translated
    assert who == {
        (online.tracking_code, AuditAction.CREATED, citizen),
        (online.tracking_code, AuditAction.CHANGED, rules),
        (in_person.tracking_code, AuditAction.CREATED, "رضا کریمی"),
    }


def test_a_callback_names_the_automation_endpoint(service):
    submission = submission_make(service)

    submission_registered_by_automation(
        submission, actor_name="دبیرخانه مرکزی", letter_number="1405-77"
    )

    entry = trail(labels=("submissions.submission",))[0]
    assert entry.who == "دبیرخانه مرکزی" and not entry.by_user
    assert ("—", "1405-77") in {(c.old, c.new) for c in entry.changes}


def test_a_saved_draft_is_told_from_a_publish(client, manager):
    form = ServiceFormFactory(title="فرم الف")  # created, then published
    draft = ServiceForm.objects.get(pk=form.pk)
    draft.title = "فرم ب"
    draft.save_revision()
    # What the experiment showed: the live row keeps its title, history records the draft.
    assert ServiceForm.objects.get(pk=form.pk).title == "فرم الف"
    row = ServiceForm.history.filter(id=form.pk).first()
    assert row.title == "فرم ب" and row.has_unpublished_changes
    assert row.live_revision_id == ServiceForm.objects.get(pk=form.pk).live_revision_id

    entries = trail(labels=("formbuilder.serviceform",), object_id=form.pk)
    assert entries[0].action == AuditAction.DRAFT_SAVED
    assert [(c.old, c.new) for c in entries[0].changes] == [("فرم الف", "فرم ب")]
    assert entries[1].action == AuditAction.PUBLISHED  # the factory's publish

    draft = ServiceForm.objects.get(pk=form.pk)
    draft.title = "فرم ج"
    draft.save_revision().publish()

    entries = trail(labels=("formbuilder.serviceform",), object_id=form.pk)
    assert [e.action for e in entries[:3]] == [
        AuditAction.PUBLISHED,
        AuditAction.DRAFT_SAVED,
        AuditAction.DRAFT_SAVED,
    ]
    # A publish shows what went live: from the last live title, not the last draft.
    assert ("فرم الف", "فرم ج") in [(c.old, c.new) for c in entries[0].changes]

    def actions(action):
        keys = audit_trail_keys(
            filters=AuditFilters(labels=("formbuilder.serviceform",), action=action), limit=100
        )
        return len(keys)

    assert actions(AuditAction.DRAFT_SAVED) == 3  # first draft before the factory's publish too
    assert actions(AuditAction.PUBLISHED) == 2
    assert actions(AuditAction.CREATED) == 1

    response = client.get(URL, {"model": "formbuilder.serviceform", "action": "draft"})
    html = response.content.decode()
    with translation.override("fa"):
        assert str(AuditAction.DRAFT_SAVED.label) in html
    assert "فرم ب" in html


def test_filters_by_model_object_user_action_and_jalali_dates(client, manager):
    first = DepartmentFactory(name="واحد یک")
    second = DepartmentFactory(name="واحد دو")
    editor = UserFactory(username="editor2")
    second.name = "واحد دو تغییر یافته"
    second._history_user = editor
    second.save()
    old = timezone.now() - datetime.timedelta(days=40)
    Department.history.filter(id=first.pk).update(history_date=old)

    by_object = trail(labels=("catalog.department",), object_id=second.pk)
    assert {e.key.object_id for e in by_object} == {second.pk}
    assert [e.who for e in trail(user_id=editor.pk)] == [editor.get_full_name()]
    assert len(trail(labels=("catalog.department",), action=AuditAction.CHANGED)) == 1
    assert trail(labels=("catalog.department",), action=AuditAction.PUBLISHED) == []

    today = jdatetime.date.fromgregorian(date=timezone.localdate())
    typed = to_persian_digits(f"{today.year}/{today.month:02d}/{today.day:02d}")
    response = client.get(
        URL, {"model": "catalog.department", "date_from": typed, "date_to": typed}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "واحد دو" in html and "واحد یک" not in html

    response = client.get(URL, {"model": "catalog.department", "object": str(first.pk)})
    assert "واحد یک" in response.content.decode()
    assert "واحد دو" not in response.content.decode()


def test_a_reader_who_may_not_see_every_request_reads_only_their_units_history(client, service):
    unit_a, unit_b = DepartmentFactory(), DepartmentFactory()
    mine = submission_in(unit_a, submission_make(service))
    other = submission_in(unit_b, submission_make(service))
    DepartmentFactory(name="واحد بی‌ربط")
    client.force_login(department_staff(unit_a, "auditor", "khedmat_audit.view_audit"))

    html = client.get(URL).content.decode()
    csv_body = b"".join(client.get(URL, {"format": "csv"}).streaming_content).decode()

    for body in (html, csv_body):
        assert mine.tracking_code in body and "واحد بی‌ربط" in body
        assert other.tracking_code not in body


def test_a_tracking_code_in_persian_digits_finds_the_request(client, manager, service):
    submission = submission_make(service)
    other = submission_make(service)

    response = client.get(URL, {"object": to_persian_digits(submission.tracking_code)})

    html = response.content.decode()
    assert response.status_code == 200
    assert submission.tracking_code in html and other.tracking_code not in html


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "1405/13/40"},
        {"date_to": "not a date"},
        {"date_from": "۱۴۰۵/۰۹/۱۰", "date_to": "۱۴۰۵/۰۹/۰۱"},
        {"object": "x" * 101},
        {"user": "999999"},
        {"before": "garbage"},
    ],
)
def test_bad_filters_are_form_errors_not_server_errors(client, manager, params):
    response = client.get(URL, params)

    assert response.status_code == 200
    if "before" not in params:
        assert response.context["form"].errors


def test_exports_contain_the_filtered_rows(client, manager):
    DepartmentFactory(name="واحد صادر شده")
    DepartmentFactory(name="واحد دیگر")
    ServiceFormFactory(title="فرم بیرون از فیلتر")
    params = {"model": "catalog.department", "action": "created"}

    response = client.get(URL, {**params, "format": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    assert "واحد صادر شده" in body and "واحد دیگر" in body
    assert "فرم بیرون از فیلتر" not in body
    assert len(body.strip().splitlines()) >= 3

    response = client.get(URL, {**params, "format": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    names = {row[4] for row in rows[1:]}
    assert names == {"واحد صادر شده", "واحد دیگر"}


def test_an_export_is_cut_with_a_notice(manager):
    from cms_site.audit import export

    for n in range(3):
        DepartmentFactory(name=f"واحد {n}")
    rows = list(export.export_rows(filters=AuditFilters(), user=manager, limit=2))

    assert len(rows) == 3 and len(rows[-1]) == 1


def test_an_export_looks_each_related_name_up_once(manager, monkeypatch):
    """Related objects' names are kept across the export's batches: one query for the
    parent unit six units name, not one per batch (100,000 rows are 200 batches)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms_site.audit import export, selectors

    monkeypatch.setattr(export, "EXPORT_BATCH", 2)
    monkeypatch.setattr(selectors, "EXPORT_BATCH", 2)
    parent = DepartmentFactory(name="معاونت شهرسازی")
    for n in range(6):
        DepartmentFactory(name=f"اداره {n}", parent=parent)
    filters = AuditFilters(labels=("catalog.department",))
    with CaptureQueriesContext(connection) as queries:
        rows = list(export.export_rows(filters=filters, user=manager))

    assert len(rows) == 7
    children = [row for row in rows if row[4].startswith("اداره")]
    assert len(children) == 6 and all("معاونت شهرسازی" in row[6] for row in children)
    lookups = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "catalog_department"' in q["sql"] and f'"id" = {parent.pk}' in q["sql"]
    ]
    assert len(lookups) == 1


def test_users_without_the_permission_are_refused_and_post_is_not_allowed(client, manager):
    assert client.post(URL).status_code == 405
    client.force_login(user_with_permissions("clerk"))
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get(URL, {"format": "csv"}).status_code == 302


def test_pages_are_cut_by_keyset_without_repeats(client, manager, monkeypatch):
    from cms_site.audit import views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    for n in range(5):
        DepartmentFactory(name=f"واحد شماره {n}")
    seen = []
    params = {"model": "catalog.department"}
    while True:
        response = client.get(URL, params)
        seen += [entry.key.history_id for entry in response.context["entries"]]
        if not response.context["next_cursor"]:
            break
        params = {"model": "catalog.department", "before": response.context["next_cursor"]}
    assert len(seen) == 5 == len(set(seen))


def test_edit_views_link_to_the_object_history(client, service):
    user = user_with_permissions(
        "editor3",
        "khedmat_audit.view_audit",
        "catalog.change_department",
        "catalog.view_department",
    )
    client.force_login(user)
    department = DepartmentFactory()

    html = client.get(f"/admin/snippets/catalog/department/edit/{department.pk}/").content
    assert f"/admin/audit/?model=catalog.department&amp;object={department.pk}" in html.decode()

    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    html = client.get(f"/admin/pages/{service.pk}/edit/").content.decode()
    assert f"/admin/audit/?model=catalog.servicepage&amp;object={service.pk}" in html


def test_without_limits_inside_a_union_the_trail_is_the_same(service, monkeypatch):
    """SQLite (the embedded demo database) allows no LIMIT inside a UNION's parts: the
    parts are then read whole and the union is cut, with the same rows in the same order."""
    for _ in range(3):
        submission_make(service)
    DepartmentFactory()
    expected = audit_trail_keys(filters=AuditFilters(), limit=4)
    from django.db import connection

    monkeypatch.setattr(connection.features, "supports_slicing_ordering_in_compound", False)
    assert audit_trail_keys(filters=AuditFilters(), limit=4) == expected
    one_model = AuditFilters(labels=("submissions.submission",))
    assert len(audit_trail_keys(filters=one_model, limit=2)) == 2
