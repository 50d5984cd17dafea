"""Roles: the demo Managers group reads everything in the admin and the staff API, and
changes nothing; Staff act only on their departments' requests."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from receipts.models import SmsMessage
from routing.models import RoutingRule
from submissions.constants import Status, StepState
from submissions.models import PipelineStep, Submission
from tests.factories import submission_make

pytestmark = pytest.mark.django_db

READ_PAGES = [
    "/admin/cartable/",
    "/admin/pipeline/",
    "/admin/sms/",
    "/admin/routing/test/",
    "/admin/snippets/routing/routingrule/",
    "/admin/snippets/routing/automationendpoint/",
    "/admin/snippets/catalog/department/",
    "/admin/snippets/formbuilder/serviceform/",
    "/admin/snippets/receipts/smstemplate/",
    "/admin/snippets/catalog/holiday/",
    "/admin/audit/",
    "/admin/statistics/",
    "/admin/statistics/export/?format=csv",
]


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    users = {user.username: user for user in get_user_model().objects.all()}
    from catalog.models import ServicePage

    service = ServicePage.objects.get(service_code="12031045000")
    submission = submission_make(service, answers={"applicant_role": "owner"})
    Submission.objects.filter(pk=submission.pk).update(department=service.department)
    submission.refresh_from_db()
    return users, submission


def refused(response) -> bool:
    """Wagtail answers a refused admin view with a redirect to the dashboard."""
    return response.status_code in (302, 403) and (
        response.status_code == 403 or response["Location"] == "/admin/"
    )


def test_managers_read_every_admin_page_and_the_staff_api(client, demo):
    users, submission = demo
    client.force_login(users["manager"])
    for url in READ_PAGES:
        assert client.get(url).status_code == 200, url
    assert client.get(f"/admin/cartable/{submission.tracking_code}/").status_code == 200
    listing = client.get("/api/v1/submissions/").json()
    assert submission.tracking_code in {row["tracking_code"] for row in listing["results"]}


def test_managers_change_nothing(client, demo):
    users, submission = demo
    client.force_login(users["manager"])
    step = PipelineStep.objects.filter(submission=submission).first()
    PipelineStep.objects.filter(pk=step.pk).update(state=StepState.FAILED)
    message = SmsMessage.objects.create(
        recipient="09121234567", body="x", status="failed", dedupe_key="roles-test"
    )
    rule = RoutingRule.objects.filter(is_default=True).get()
    attempts = [
        client.post(f"/admin/cartable/{submission.tracking_code}/take/"),
        client.post(f"/admin/cartable/{submission.tracking_code}/letter/", {"letter_number": "9"}),
        client.post(f"/admin/cartable/{submission.tracking_code}/note/", {"note": "x"}),
        client.post(f"/admin/pipeline/{step.pk}/retry/"),
        client.post(f"/admin/sms/{message.pk}/retry/"),
        client.post(f"/admin/snippets/routing/routingrule/edit/{rule.pk}/", {"name": "x"}),
        client.post("/admin/snippets/catalog/department/add/", {"name": "x", "code": "X"}),
        client.get("/admin/desk/"),
    ]
    for response in attempts:
        assert refused(response), (response.status_code, response.get("Location"))
    api = client.post(
        f"/api/v1/submissions/{submission.tracking_code}/transitions/",
        {"status": "in_review", "message": ""},
        content_type="application/json",
    )
    assert api.status_code == 403
    submission.refresh_from_db()
    assert submission.status == Status.SUBMITTED and submission.assigned_to is None
    assert submission.letter_number != "9" and not submission.events.filter(kind="note").exists()
    assert PipelineStep.objects.get(pk=step.pk).state == StepState.FAILED
    assert SmsMessage.objects.get(pk=message.pk).status == "failed"
    assert RoutingRule.objects.get(pk=rule.pk).name != "x"


def test_editors_see_no_requests(client, demo):
    users, _submission = demo
    client.force_login(users["editor"])
    for url in ("/admin/cartable/", "/admin/audit/", "/admin/statistics/"):
        assert refused(client.get(url)), url
    assert client.get("/api/v1/submissions/").status_code == 403


def _granted(group) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_the_roles_exist_without_the_demo_with_the_permissions_of_the_table(db):
    """A production install (migrations only, no demo) has every role of `cms_site.roles`,
    with its model, page and collection permissions."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    from cms_site import roles

    assert not get_user_model().objects.exists()
    groups = {group.name: group for group in Group.objects.filter(name__in=roles.ROLES)}
    assert set(groups) == {"ویراستاران", "کارکنان", "مدیران", "مدیران سامانه"}
    for name, permissions in roles.GROUP_PERMISSIONS.items():
        assert set(permissions) <= _granted(groups[name]), name
    assert "khedmat_audit.view_audit" in _granted(groups[roles.MANAGERS])
    assert "khedmat_statistics.view_statistics" in _granted(groups[roles.MANAGERS])
    assert not _granted(groups[roles.MANAGERS]) & {
        "catalog.change_department",
        "routing.change_routingrule",
    }

    root = Page.get_first_root_node()
    editors_pages = GroupPagePermission.objects.filter(group=groups[roles.EDITORS], page=root)
    assert {grant.permission.codename for grant in editors_pages} >= {
        "add_page",
        "change_page",
        "publish_page",
    }
    collection = GroupCollectionPermission.objects.filter(
        group=groups[roles.EDITORS], collection=Collection.get_first_root_node()
    )
    assert {grant.permission.codename for grant in collection} >= {
        "add_image",
        "choose_image",
        "add_document",
        "choose_document",
    }
    # The reports' permissions live in their own apps; the old codenames are gone.
    assert not Permission.objects.filter(content_type__app_label="cms_site").exists()
