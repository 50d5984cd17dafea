"""`manage.py seed_demo`: the demo catalog, departments, groups, users and request forms,
idempotently."""

import json
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupPagePermission,
    Locale,
    Page,
    PageLogEntry,
    Revision,
    Site,
)
from wagtail.permissions import policy_registry

from catalog.models import (
    AgencySettings,
    Department,
    Holiday,
    HomePage,
    ServiceCategoryPage,
    ServiceIndexPage,
    ServicePage,
)
from cms_site import roles
from cms_site.demo import accounts_data, catalog_data, forms_data
from formbuilder.models import FormVersion, ServiceForm
from receipts.constants import SmsEvent
from receipts.models import SmsTemplate, survey_token_new
from receipts.services import sms_values
from receipts.sms.length import sms_length
from routing.models import AutomationEndpoint, RoutingRule
from submissions.models import Submission
from tests.cms_site.demo_seed import seed

DEMO_USERNAMES = ["editor", "staff", "manager", "admin"]
DEMO_GROUPS = [roles.EDITORS, roles.STAFF, roles.MANAGERS, roles.ADMINISTRATORS]
ARABIC_LETTERS = re.compile("[\u064a\u0643\u0649]")  # ي ك ى
NON_ASCII_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")  # Arabic-Indic and Persian


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "services": ServicePage.objects.count(),
        "categories": ServiceCategoryPage.objects.count(),
        "indexes": ServiceIndexPage.objects.count(),
        "homes": HomePage.objects.count(),
        "departments": Department.objects.count(),
        "users": get_user_model().objects.count(),
        "groups": Group.objects.count(),
        "group_page_permissions": GroupPagePermission.objects.count(),
        "sites": Site.objects.count(),
        "department_members": Department.members.through.objects.count(),
        "forms": ServiceForm.objects.count(),
        "form_versions": FormVersion.objects.count(),
        "revisions": Revision.objects.count(),
        "holidays": Holiday.objects.count(),
        "sms_templates": SmsTemplate.objects.count(),
        "routing_rules": RoutingRule.objects.count(),
        "endpoints": AutomationEndpoint.objects.count(),
    }


def strings(value):
    """Every string inside a nested structure of dicts, lists and tuples."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)


def demo_texts() -> list[str]:
    """The stored text of every demo object, as the database holds it."""
    texts = []
    for page in Page.objects.descendant_of(HomePage.objects.get(), inclusive=True).specific():
        data = page.serializable_data()
        for key in ("required_documents", "steps", "legal_basis"):
            if isinstance(data.get(key), str):
                data[key] = json.loads(data[key])
        texts.extend(strings(data))
    for department in Department.objects.values():
        texts.extend(strings(department))
    texts.extend(strings(list(get_user_model().objects.values("first_name", "last_name", "email"))))
    texts.append(Site.objects.get(is_default_site=True).site_name)
    for form in ServiceForm.objects.all():
        texts.extend([form.title, form.intro, form.next_steps])
    for version in FormVersion.objects.all():
        texts.extend(strings(version.schema))
    agency = AgencySettings.load()
    texts.extend([agency.name, agency.phone, agency.address, agency.desk_hours])
    texts.extend(Holiday.objects.values_list("title", flat=True))
    texts.extend(SmsTemplate.objects.values_list("body", flat=True))
    return texts


@pytest.fixture
def service():
    return ServicePage.objects.get(service_code="12031045000")


def test_second_run_creates_nothing(seeded):
    first = counts()
    output = seed()

    assert counts() == first
    assert first["services"] >= 8
    assert first["categories"] >= 3
    assert first["departments"] >= 3
    assert first["homes"] == first["indexes"] == 1
    assert first["forms"] == first["form_versions"] >= 5
    assert "created by this run: 0 departments, 0 pages, 0 users, 0 forms" in output


def test_output_lists_the_demo_logins(seeded):
    assert "/admin/" in seeded
    assert "never use them in production" in seeded
    for username in DEMO_USERNAMES:
        assert re.search(rf"^\s+{username}\s.*{settings.DEMO_PASSWORD}$", seeded, re.M)


def test_welcome_page_is_replaced_by_the_home_page(seeded):
    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.get()

    assert site.root_page_id == home.pk
    assert site.site_name == catalog_data.SITE_NAME
    assert home.depth == 2
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()
    assert ServiceIndexPage.objects.get().get_parent().pk == home.pk


def test_catalog_pages_are_served(seeded, client, service):
    assert client.get("/").status_code == 200
    response = client.get("/services/")
    assert response.status_code == 200
    assert "فهرست خدمات" in response.content.decode()
    assert client.get(service.url).status_code == 200
    assert service.url == "/services/urban-planning/building-permit/"


def test_pages_are_published_with_a_revision_and_history(seeded):
    for page in Page.objects.descendant_of(HomePage.objects.get(), inclusive=True):
        assert page.live, page
        assert page.live_revision_id is not None, page
        assert page.first_published_at is not None, page
        assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists(), page


def test_every_service_has_a_complete_identity_card(seeded):
    services = list(ServicePage.objects.all())
    codes = [service.service_code for service in services]

    assert len(codes) == len(set(codes))
    for service in services:
        assert re.fullmatch(r"[0-9]{1,11}", service.service_code), service
        assert service.summary and len(service.summary) <= 300, service
        assert service.audience, service
        assert service.description and service.eligibility, service
        assert len(service.required_documents) >= 1, service
        assert len(service.steps) >= 1, service
        assert len(service.legal_basis) >= 1, service
        assert service.duration_days > 0, service
        assert service.department is not None, service
        assert service.channel_online or service.channel_in_person, service
        assert not service.in_person_visits or service.channel_in_person, service
        assert service.phone and service.email, service
        assert service.get_parent().specific_class is ServiceCategoryPage
        service.full_clean()


def test_the_complaint_service_is_free_and_takes_thirty_working_days(seeded):
    complaint = ServicePage.objects.get(slug="complaint")
    assert complaint.fee == 0
    assert complaint.duration_days == 30


def test_demo_text_uses_persian_letters_and_ascii_digits(seeded):
    texts = demo_texts()

    assert any("ی" in text for text in texts)
    for text in texts:
        assert not ARABIC_LETTERS.search(text), text
        assert not NON_ASCII_DIGITS.search(text), text


def test_demo_data_modules_use_persian_letters():
    for text in strings([catalog_data.CATEGORIES, catalog_data.DEPARTMENTS]):
        assert not ARABIC_LETTERS.search(text), text
    for text in strings(accounts_data.DEMO_USERS):
        assert not ARABIC_LETTERS.search(text), text
    for text in strings(forms_data.FORMS):
        assert not ARABIC_LETTERS.search(text), text
        assert not NON_ASCII_DIGITS.search(text), text


def test_services_are_in_the_search_index(seeded):
    results = list(ServicePage.objects.live().search("پروانه"))
    assert any(page.service_code == "12031045000" for page in results)
    assert list(ServicePage.objects.published().search_catalog("شکایت"))


def test_departments_have_a_hierarchy_and_contacts(seeded):
    urban = Department.objects.get(code="URBAN-PLANNING")

    assert urban.parent is not None
    assert urban.parent.children.count() >= 2
    for department in Department.objects.all():
        assert department.phone and department.email and department.working_hours


def test_demo_users_log_in_with_the_demo_password(users, client):
    # Through the admin's login form: authentication needs the request (django-axes).
    for username in DEMO_USERNAMES:
        response = client.post(
            "/admin/login/", {"username": username, "password": settings.DEMO_PASSWORD}
        )
        assert response.status_code == 302, username
        assert "_auth_user_id" in client.session, username
        client.logout()


def test_demo_users_are_in_their_groups(users):
    for username, group in zip(DEMO_USERNAMES, DEMO_GROUPS, strict=True):
        assert users[username].groups.filter(name=group).exists(), username
        assert users[username].has_perm("wagtailadmin.access_admin"), username
    assert users["admin"].is_superuser
    assert not any(users[name].is_superuser for name in ("editor", "staff", "manager"))


def test_editor_can_edit_and_publish_pages(users, service):
    editor = users["editor"]
    permissions = service.permissions_for_user(editor)

    assert permissions.can_edit()
    assert permissions.can_publish()
    assert service.get_parent().permissions_for_user(editor).can_add_subpage()
    assert not permissions.can_lock()
    assert editor.has_perm("catalog.change_department")
    assert not editor.has_perm("catalog.delete_department")
    assert not GroupPagePermission.objects.filter(group__name=roles.EDITORS, page__depth=1).exists()


def test_editor_can_upload_images_and_documents(users):
    editor = users["editor"]
    images = policy_registry.get_by_type(get_image_model())
    documents = policy_registry.get_by_type(get_document_model())
    assert images.user_has_permission(editor, "add")
    assert documents.user_has_permission(editor, "choose")


def test_demo_sms_templates_fit_one_sms_once_filled(seeded, settings):
    """Filled with the longest demo service, a long letter number, a 40-character site
    address and a survey token made as real surveys make theirs."""
    settings.SITE_BASE_URL = "https://khedmat.shahrdari-nemoone.gov.ir"
    assert len(settings.SITE_BASE_URL) == 40
    longest = max(ServicePage.objects.all(), key=lambda page: len(page.title))
    submission = Submission(service=longest, tracking_code="123456789012", status="needs_info")
    survey_token = survey_token_new()
    values = sms_values(submission, letter_number="1405/1234567", survey_token=survey_token)
    assert values["survey_url"] == f"{settings.SITE_BASE_URL}/s/{survey_token}/"
    assert values["track_url"].startswith(settings.SITE_BASE_URL)
    values["code"] = "۱۲۳۴۵۶"  # a one-time code, as sms_otp_queue fills it
    templates = list(SmsTemplate.objects.all())
    assert {t.event for t in templates} == set(SmsEvent.values)
    for template in templates:
        body = template.render(values)
        assert "{" not in body, body
        assert sms_length(body).parts == 1, (template.event, len(body), body)


def test_demo_rules_route_by_an_answer_and_default_to_the_service_unit(seeded):
    from routing.selectors import rule_for_submission

    permit = ServicePage.objects.get(service_code="12031045000")
    attorney = Submission(service=permit, data={"applicant_role": "attorney"}, channel="online")
    owner = Submission(service=permit, data={"applicant_role": "owner"}, channel="online")
    assert rule_for_submission(attorney).department.code == "BUILDING-CONTROL"
    assert rule_for_submission(owner).is_default
    endpoint = AutomationEndpoint.objects.get()
    assert not endpoint.is_active
    assert RoutingRule.objects.filter(is_default=True, is_active=True).count() == 1


def test_the_demo_agency_and_holidays_are_set(seeded):
    agency = AgencySettings.load()
    assert agency.name and agency.phone and agency.desk_hours
    assert Holiday.objects.filter(title__contains="نوروز").count() == 4


def test_manager_is_read_only(users, service):
    manager = users["manager"]
    permissions = service.permissions_for_user(manager)

    assert not permissions.can_edit()
    assert not permissions.can_publish()
    assert manager.has_perm("catalog.view_department")
    assert not manager.has_perm("catalog.change_department")
    assert not manager.has_perm("catalog.add_department")
    assert not manager.has_perm("catalog.delete_department")
    for model in ("submissions.pipelinestep", "receipts.smsmessage", "receipts.smstemplate"):
        app_label, name = model.split(".")
        assert not manager.has_perm(f"{app_label}.change_{name}"), model
    assert manager.has_perm("submissions.view_pipelinestep")
    assert manager.has_perm("receipts.view_smsmessage")


def test_staff_cannot_change_pages_and_belongs_to_two_departments(users, service):
    staff = users["staff"]

    assert not service.permissions_for_user(staff).can_edit()
    assert not service.permissions_for_user(staff).can_publish()
    assert staff.has_perm("catalog.view_department")
    assert not staff.has_perm("catalog.change_department")
    assert staff.departments.count() == 2


def test_administrators_manage_users_groups_sites_and_departments(seeded):
    administrators = Group.objects.get(name=roles.ADMINISTRATORS)
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in administrators.permissions.all()}

    assert {
        "auth.add_user",
        "auth.change_user",
        "auth.change_group",
        "wagtailcore.change_site",
        "catalog.delete_department",
    } <= granted


def test_an_existing_home_page_is_reused(home):
    seed()

    assert HomePage.objects.get().pk == home.pk
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert ServiceIndexPage.objects.get().get_parent().pk == home.pk


def test_an_empty_page_tree_is_built_from_scratch(db, client):
    Site.objects.all().delete()
    Page.objects.filter(depth=1).delete()
    Collection.objects.filter(depth=1).delete()
    Locale.objects.all().delete()  # a flushed database has no locale either
    assert not Page.objects.exists()

    seed()

    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is HomePage
    assert ServicePage.objects.count() >= 8
    assert client.get("/services/").status_code == 200
