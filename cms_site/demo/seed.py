"""Build the demo data: departments, the page tree, demo users in the roles' groups,
the published request forms of the online services, and sample requests at every stage.

Every function is idempotent: it looks objects up by a stable key (department
code, page slug under its parent, service code, username, form title)
and only creates what is missing. Existing objects are kept as they are, so running the
seed twice changes nothing the second time.
"""

import copy
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
)
from wagtail.search import index

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
from formbuilder.models import ServiceForm
from formbuilder.services import FormNotPublishable
from receipts.models import SmsTemplate
from routing.models import AutomationEndpoint, RoutingRule

from . import accounts_data, catalog_data, forms_data, receipts_data, routing_data
from .requests import demo_requests_ensure
from .requests_clock import DemoRequestsError

# The fields of a service's data that are not copied onto the page as they are.
_SERVICE_SPECIAL_KEYS = {"slug", "department", "required_documents", "steps", "legal_basis"}


class SeedError(Exception):
    """The database holds something the demo cannot build on; the message says what."""


@dataclass
class SeedReport:
    """What one run created; everything else already existed and was kept."""

    created: dict[str, int] = field(default_factory=dict)
    logins: list[dict] = field(default_factory=list)

    def count(self, kind: str, created: bool) -> None:
        self.created[kind] = self.created.get(kind, 0) + int(created)


@transaction.atomic
def seed_demo() -> SeedReport:
    """Create whatever part of the demo is missing, in one transaction."""
    report = SeedReport()
    departments = departments_ensure(report)
    home = home_page_ensure(report)
    index_page = service_index_ensure(home, report)
    services = catalog_ensure(index_page, departments, report)
    search_index_ensure(services)
    groups = groups_get(home)
    report.logins = users_ensure(groups, departments, report)
    editor = get_user_model().objects.filter(username=accounts_data.FORM_AUTHOR).first()
    forms_ensure(report, user=editor)
    agency_ensure(report)
    sms_templates_ensure(report)
    routing_ensure(departments, report)
    requests_ensure(departments, groups, report)
    return report


def requests_ensure(
    departments: dict[str, Department],
    groups: dict[str, Group],
    report: SeedReport | None = None,
) -> None:
    """The sample requests (`cms_site.demo.requests`), made once, last: they need the rest."""
    try:
        created = demo_requests_ensure(
            departments=departments, staff_group=groups[accounts_data.STAFF]
        )
    except DemoRequestsError as error:
        raise SeedError(str(error)) from error
    if report is not None:
        for kind, count in created.items():
            report.created[kind] = report.created.get(kind, 0) + count


def routing_ensure(departments: dict[str, Department], report: SeedReport | None = None):
    """The demo routing rules and the example endpoint; existing ones (by name) are kept."""
    endpoint, created = AutomationEndpoint.objects.get_or_create(
        name=routing_data.ENDPOINT["name"], defaults=routing_data.ENDPOINT
    )
    if report is not None:
        report.count("automation endpoints", created)
    for data in routing_data.RULES:
        if RoutingRule.objects.filter(name=data["name"]).exists():
            if report is not None:
                report.count("routing rules", False)
            continue
        condition = data.get("condition")
        rule = RoutingRule(
            name=data["name"],
            sort_order=data["sort_order"],
            is_active=data.get("is_active", True),
            is_default=data.get("is_default", False),
            channel=data.get("channel", ""),
            department=departments[data["department"]] if data.get("department") else None,
            connector=data.get("connector", "internal"),
            endpoint=endpoint if data.get("endpoint") else None,
            sla_days=data.get("sla_days"),
            priority=data.get("priority", 0),
            answer_condition=[
                (
                    "condition",
                    {
                        "match": condition["match"],
                        "rules": [
                            {"field": f, "operator": o, "value": v}
                            for f, o, v in condition["rules"]
                        ],
                    },
                )
            ]
            if condition
            else [],
        )
        rule.full_clean()
        rule.save()
        rule.services.set(ServicePage.objects.filter(service_code__in=data.get("services", [])))
        rule.categories.set(ServiceCategoryPage.objects.filter(slug__in=data.get("categories", [])))
        if report is not None:
            report.count("routing rules", True)


def agency_ensure(report: SeedReport | None = None) -> None:
    """The agency's name and desk on receipts (only while unset), and the fixed holidays."""
    agency = AgencySettings.load()
    if not agency.name:
        for name, value in receipts_data.AGENCY.items():
            setattr(agency, name, value)
        agency.save()
    for date, title in receipts_data.HOLIDAYS:
        _, created = Holiday.objects.get_or_create(date=date, defaults={"title": title})
        if report is not None:
            report.count("holidays", created)


def sms_templates_ensure(report: SeedReport | None = None) -> None:
    """One SMS template per event; an editor's changes to an existing one are kept."""
    for event, body in receipts_data.SMS_TEMPLATES.items():
        _, created = SmsTemplate.objects.get_or_create(event=event, defaults={"body": body})
        if report is not None:
            report.count("SMS templates", created)


def departments_ensure(report: SeedReport | None = None) -> dict[str, Department]:
    """The demo's organisational units by code, parents before their children."""
    departments: dict[str, Department] = {}
    for data in catalog_data.DEPARTMENTS:
        department = Department.objects.filter(code=data["code"]).first()
        created = department is None
        if created:
            values = {key: value for key, value in data.items() if key != "parent"}
            department = Department(**values)
            if data["parent"]:
                department.parent = departments[data["parent"]]
            department.full_clean()
            department.save()
        departments[data["code"]] = department
        if report is not None:
            report.count("departments", created)
    return departments


def home_page_ensure(report: SeedReport | None = None) -> HomePage:
    """The site's HomePage, replacing Wagtail's «Welcome» page on a fresh database."""
    home = HomePage.objects.first()
    created = home is None
    if created:
        # A flushed database (transactional tests) has lost the root Wagtail's migration made.
        # ...and the default locale every page needs.
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root", live=True)
        )
        _welcome_page_remove(root)
        home = _child_page_ensure(root, HomePage, None, **catalog_data.HOME_PAGE)
    if report is not None:
        report.count("pages", created)
    _default_site_ensure(home)
    return home


def service_index_ensure(home: HomePage, report: SeedReport | None = None) -> ServiceIndexPage:
    """The catalog index (/services/); an existing one is reused, as there may be only one."""
    slug = catalog_data.SERVICE_INDEX_PAGE["slug"]
    if not Page.objects.child_of(home).filter(slug=slug).exists():
        existing = ServiceIndexPage.objects.first()
        if existing is not None:
            if report is not None:
                report.count("pages", False)
            return existing
    return _child_page_ensure(home, ServiceIndexPage, report, **catalog_data.SERVICE_INDEX_PAGE)


def _welcome_page_remove(root: Page) -> None:
    """Delete the page Wagtail's first migration creates, if it is still untouched."""
    slug = catalog_data.HOME_PAGE["slug"]
    welcome = root.get_children().filter(slug=slug).first()
    if welcome is None:
        return
    if welcome.specific_class is not Page or welcome.get_children().exists():
        raise SeedError(
            f"A page with the slug {slug!r} already sits under the root and is not "
            "Wagtail's initial welcome page; move or rename it, then run seed_demo again."
        )
    # A Site's root page is deleted with cascade: point the sites at the tree root first.
    Site.objects.filter(root_page=welcome).update(root_page=root)
    welcome.delete()


def _default_site_ensure(home: HomePage) -> Site:
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        return Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=catalog_data.SITE_NAME,
        )
    if site.root_page_id != home.pk or not site.site_name:
        site.root_page = home
        site.site_name = catalog_data.SITE_NAME
        site.save()
    return site


def _child_page_ensure(parent: Page, model, report: SeedReport | None, slug: str, **fields):
    """The `model` page with `slug` under `parent`; created and published if missing."""
    existing = Page.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        page = existing.specific
        if not isinstance(page, model):
            raise SeedError(
                f"The page {existing.url_path!r} is a {type(page).__name__}, "
                f"not a {model.__name__}; move or rename it, then run seed_demo again."
            )
        if report is not None:
            report.count("pages", False)
        return page
    page = model(slug=slug, live=False, **fields)
    # A fresh copy of the parent: treebeard computes the new path from its child count.
    Page.objects.get(pk=parent.pk).add_child(instance=page)
    page.save_revision(log_action=True).publish()
    if report is not None:
        report.count("pages", True)
    return page


def catalog_ensure(
    index_page: ServiceIndexPage,
    departments: dict[str, Department],
    report: SeedReport | None = None,
) -> list[ServicePage]:
    """The categories under the catalog index, and the services under each category."""
    services: list[ServicePage] = []
    for category_data in catalog_data.CATEGORIES:
        fields = {key: value for key, value in category_data.items() if key != "services"}
        category = _child_page_ensure(index_page, ServiceCategoryPage, report, **fields)
        for service_data in category_data["services"]:
            services.append(_service_ensure(category, service_data, departments, report))
    return services


def _service_ensure(
    category: ServiceCategoryPage,
    data: dict,
    departments: dict[str, Department],
    report: SeedReport | None,
) -> ServicePage:
    # The service code is unique across the catalog: a service moved elsewhere is kept.
    existing = ServicePage.objects.filter(service_code=data["service_code"]).first()
    if existing is not None:
        if report is not None:
            report.count("pages", False)
        return existing
    fields = {key: value for key, value in data.items() if key not in _SERVICE_SPECIAL_KEYS}
    return _child_page_ensure(
        category,
        ServicePage,
        report,
        slug=data["slug"],
        department=departments[data["department"]],
        required_documents=[("document", item) for item in data["required_documents"]],
        steps=[("step", item) for item in data["steps"]],
        legal_basis=[("law", item) for item in data["legal_basis"]],
        **fields,
    )


def search_index_ensure(pages) -> None:
    """Index the demo pages now, whatever task backend the search signals enqueue on."""
    for page in pages:
        index.insert_or_update_object(page)


def permissions_lookup(names: list[str]) -> list[Permission]:
    """Permission objects for "app_label.codename" strings; every one must exist."""
    permissions = []
    for name in names:
        app_label, codename = name.split(".", 1)
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is None:
            raise SeedError(f"The permission {name!r} does not exist; run migrate first.")
        permissions.append(permission)
    return permissions


def groups_get(home: HomePage | None = None) -> dict[str, Group]:
    """The roles' groups, which cms_site's roles migration creates with their permissions,
    by name.

    Their page and collection permissions are scoped to objects, and the demo builds its
    own page tree (from scratch, when it is empty): the roles' page permissions are
    granted on the demo's home page instead of above it, and the collection permissions
    on the root collection. Model-wide permissions are the migration's alone.
    """
    home = home or HomePage.objects.first()
    if home is None:
        raise SeedError("There is no home page to grant page permissions on.")
    groups = {group.name: group for group in Group.objects.filter(name__in=roles.ROLES)}
    missing = [name for name in roles.ROLES if name not in groups]
    if missing:
        raise SeedError(f"The groups {missing} do not exist; run migrate first.")

    for name, permission_names in roles.GROUP_PAGE_PERMISSIONS.items():
        GroupPagePermission.objects.filter(
            group=groups[name], page__in=home.get_ancestors()
        ).delete()
        for permission in permissions_lookup(permission_names):
            GroupPagePermission.objects.get_or_create(
                group=groups[name], page_id=home.pk, permission=permission
            )

    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for name, permission_names in roles.GROUP_COLLECTION_PERMISSIONS.items():
        for permission in permissions_lookup(permission_names):
            GroupCollectionPermission.objects.get_or_create(
                group=groups[name], collection=root_collection, permission=permission
            )
    return groups


def users_ensure(
    groups: dict[str, Group],
    departments: dict[str, Department],
    report: SeedReport | None = None,
) -> list[dict]:
    """The demo users in their groups and departments; returns their logins for display."""
    user_model = get_user_model()
    password = settings.DEMO_PASSWORD
    logins = []
    for data in accounts_data.DEMO_USERS:
        user = user_model.objects.filter(username=data["username"]).first()
        created = user is None
        if created:
            user = user_model(
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                is_superuser=data["is_superuser"],
                is_staff=data["is_superuser"],
            )
            user.set_password(password)
            user.save()
        user.groups.add(*(groups[name] for name in data["groups"]))
        for code in data["departments"]:
            departments[code].members.add(user)
        if report is not None:
            report.count("users", created)
        logins.append({"username": data["username"], "role": data["role"], "password": password})
    return logins


def forms_ensure(report: SeedReport | None = None, user=None) -> dict[str, ServiceForm]:
    """The demo request forms, published, and their services linked to them.

    A form is found by its title; a missing one is created and published (which
    freezes its first FormVersion), an existing one is left as it is, published or
    not. A service is linked to its form only when it has no form yet, so an
    editor's choice of another form is kept. `user` is recorded as the author of
    the revisions. Returns the forms by service code.
    """
    forms: dict[str, ServiceForm] = {}
    for data in forms_data.FORMS:
        form = ServiceForm.objects.filter(title=data["title"]).first()
        created = form is None
        if created:
            form = _form_create(data, user)
        if report is not None:
            report.count("forms", created)
        forms[data["service_code"]] = form
        _service_form_link(data["service_code"], form, user)
    return forms


def _form_create(data: dict, user) -> ServiceForm:
    form = ServiceForm(
        title=data["title"],
        intro=data["intro"],
        next_steps=data["next_steps"],
        # A copy: cleaning fills in the empty keys, and the data module stays as written.
        steps=copy.deepcopy(data["steps"]),
        live=False,
    )
    try:
        form.full_clean()
        form.save()
        form.save_revision(user=user, log_action=True).publish(user=user)
    except (ValidationError, FormNotPublishable) as error:
        raise SeedError(f"The demo form {data['title']!r} cannot be published: {error}") from error
    return form


def _service_form_link(service_code: str, form: ServiceForm, user) -> None:
    """Point the service at `form` and publish that, unless it already has a form."""
    page = ServicePage.objects.filter(service_code=service_code).first()
    if page is None or page.service_form_id is not None:
        return
    page.service_form = form
    page.save_revision(user=user, log_action=True).publish(user=user)
