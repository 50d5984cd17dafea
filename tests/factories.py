"""factory_boy factories for the objects tests build; each test builds only what it needs."""

import importlib
from contextlib import contextmanager

import factory
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from catalog.models import (
    Department,
    HomePage,
    ServiceCategoryPage,
    ServiceIndexPage,
    ServicePage,
)
from cms_site import roles


def wagtail_root_ensure() -> Page:
    """The tree root, root collection and default locale Wagtail's migrations make.

    A transactional test (browser tests) flushes the database afterwards, taking
    them with it; the next test rebuilds them here.
    """
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    return Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", live=True)
    )


def roles_ensure() -> None:
    """The roles' groups (Editors, Staff, Managers, Administrators) that cms_site's roles
    migration makes, rebuilt by that migration's own function after a transactional test
    flushed them."""
    if Group.objects.filter(name__in=roles.ROLES).count() == len(roles.ROLES):
        return
    migration = importlib.import_module("cms_site.migrations.0003_roles")
    migration.roles_create(django_apps, None)
    later = importlib.import_module("cms_site.migrations.0004_editors_delete_unused_forms")
    later.editors_may_delete_forms(django_apps, None)
    importlib.import_module("cms_site.migrations.0005_roles_in_persian").names_persian(
        django_apps, None
    )
    importlib.import_module(
        "cms_site.migrations.0006_ready_steps_for_editors_and_managers"
    ).ready_steps_granted(django_apps, None)
    importlib.import_module(
        "cms_site.migrations.0007_appointments_for_the_roles"
    ).appointments_granted(django_apps, None)


def lunar_holidays_ensure() -> None:
    """The lunar holidays catalog's migration seeds as estimates, by that migration's own
    function (it leaves a day already in the table as it is)."""
    importlib.import_module("catalog.migrations.0006_lunar_holidays_1405_1406").seed(
        django_apps, None
    )


def ready_steps_ensure() -> None:
    """The library of ready steps formbuilder's migration seeds, seeded again by that
    migration's own function after a transactional test flushed it."""
    from formbuilder.models import ReadyStep

    if not ReadyStep.objects.exists():
        importlib.import_module("formbuilder.migrations.0007_seed_ready_steps").seed(
            django_apps, None
        )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.ir")
    first_name = "سارا"
    last_name = "احمدی"
    password = factory.django.Password("secret-password")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"اداره شماره {n}")
    code = factory.Sequence(lambda n: f"DEPT-{n}")
    phone = "021-88001234"
    email = factory.Sequence(lambda n: f"unit{n}@example.ir")
    address = "تهران، خیابان آزادی، پلاک ۱"


class PageFactory(factory.Factory):
    """Builds a Wagtail page under `parent` (add_child) and publishes it."""

    class Meta:
        abstract = True

    parent = None
    live = True

    @classmethod
    def _build(cls, model_class, parent=None, live=True, **kwargs):
        return model_class(**kwargs)

    @classmethod
    def _create(cls, model_class, parent=None, live=True, **kwargs):
        page = model_class(**kwargs)
        parent.add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
            page.refresh_from_db()
        else:
            page.unpublish()
        return page


class HomePageFactory(PageFactory):
    class Meta:
        model = HomePage

    title = "میز خدمت الکترونیک"
    slug = "home"
    intro = "خدمات شهرداری را آنلاین دریافت کنید."

    @classmethod
    def _create(cls, model_class, parent=None, live=True, **kwargs):
        root = wagtail_root_ensure()
        site = Site.objects.filter(is_default_site=True).first()
        # Replace Wagtail's welcome page, which holds the slug "home".
        welcome = site.root_page if site else None
        if welcome is not None:
            Page.objects.filter(pk=welcome.pk).update(slug="wagtail-welcome")
        home = super()._create(model_class, parent=root, live=live, **kwargs)
        site = site or Site(hostname="localhost", port=80, is_default_site=True)
        site.root_page = home
        site.save()
        if welcome is not None:
            Page.objects.get(pk=welcome.pk).delete()
        return home


class ServiceIndexPageFactory(PageFactory):
    class Meta:
        model = ServiceIndexPage

    title = "فهرست خدمات"
    slug = "services"


class ServiceCategoryPageFactory(PageFactory):
    class Meta:
        model = ServiceCategoryPage

    title = factory.Sequence(lambda n: f"دسته خدمات {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    summary = "خدمات مرتبط با این دسته"


class ServicePageFactory(PageFactory):
    class Meta:
        model = ServicePage

    title = factory.Sequence(lambda n: f"خدمت شماره {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")
    service_code = factory.Sequence(lambda n: f"{10061077000 + n}")
    audience = "شهروندان"
    summary = "شرح کوتاه خدمت"
    fee = 1_500_000
    duration_days = 10
    channel_online = True
    channel_in_person = False
    department = factory.SubFactory(DepartmentFactory)
    required_documents = factory.LazyFunction(
        lambda: [("document", {"title": "تصویر کارت ملی", "note": "", "original_required": True})]
    )
    steps = factory.LazyFunction(
        lambda: [("step", {"title": "ثبت درخواست", "description": "فرم را پر کنید."})]
    )
    legal_basis = factory.LazyFunction(
        lambda: [("law", {"title": "قانون شهرداری‌ها", "reference": "ماده ۵۵", "url": ""})]
    )


def field(
    type_name: str, label: str, key: str = "", *, required: bool = True, condition=None, **options
):
    """A field block value for `form_steps`; `condition` is (match, [(field, operator, value)])."""
    value = {"label": label, "key": key, "help_text": "", "required": required, **options}
    if condition is not None:
        match, rules = condition
        value["condition"] = {
            "match": match,
            "rules": [{"field": f, "operator": op, "value": v} for f, op, v in rules],
        }
    return (type_name, value)


def form_step(title: str, *fields):
    return ("step", {"title": title, "description": "", "fields": list(fields)})


def choices(*pairs):
    return [{"value": value, "label": label} for value, label in pairs]


def applicant_type(*options):
    """«نوع متقاضی», a radio keyed `applicant_type` offering `options` as (value, label) pairs."""
    return field("radio", "نوع متقاضی", "applicant_type", choices=choices(*options))


def company_rule_draft(*options, condition, title: str = "مشخصات متقاضی"):
    """The form designer's condition case, as an unpublished form of one step: the mobile,
    «نوع متقاضی» (a radio keyed `applicant_type`) offering `options` as (value, label)
    pairs, then «نام شرکت» (keyed `company`) shown under `condition` (as `field` takes it)."""
    step = form_step(
        title,
        field("mobile", "شماره همراه", "mobile"),
        applicant_type(*options),
        field("text", "نام شرکت", "company", condition=condition),
    )
    return ServiceFormFactory(publish=False, steps=[step])


def mobile_step_form(*fields, publish: bool = True):
    """A form of one step («گام») asking the mobile first, then `fields`; published unless
    `publish=False`."""
    step = form_step("گام", field("mobile", "شماره همراه", "mobile"), *fields)
    return ServiceFormFactory(publish=publish, steps=[step])


def applicant_step(*options, company_question):
    """The applicant's step both demo forms open with: name, mobile, national ID,
    «نوع متقاضی» offering `options` as (value, label) pairs, then `company_question` (a
    `field`'s type, label and key) asked only when the last option is chosen."""
    company_value = options[-1][0]
    return form_step(
        "مشخصات متقاضی",
        field("text", "نام و نام خانوادگی", "full_name"),
        field("mobile", "شماره همراه", "mobile"),
        field("national_id", "کد ملی", "national_id"),
        applicant_type(*options),
        field(*company_question, condition=("all", [("applicant_type", "equals", company_value)])),
    )


def applicant_steps():
    """A two-step form with a condition and a file, used across the tests."""
    return [
        applicant_step(
            ("person", "شخص حقیقی"),
            ("company", "شخص حقوقی"),
            company_question=("text", "نام شرکت", "company_name"),
        ),
        form_step(
            "مشخصات ملک",
            field("integer", "مساحت (متر مربع)", "area", min_value=1, max_value=100000),
            field("jalali_date", "تاریخ بازدید", "visit_date", required=False),
            field(
                "file", "سند مالکیت", "deed", allowed_types=["pdf", "jpeg", "png"], max_size_mb=2
            ),
        ),
    ]


def sign_permit_steps():
    """The issue's 8-question sign-permit form, in two steps (the form designer's tests)."""
    return [
        applicant_step(
            ("real", "حقیقی"),
            ("legal", "حقوقی"),
            company_question=("legal_id", "شناسه ملی شرکت", "company_id"),
        ),
        form_step(
            "مشخصات تابلو",
            field("jalali_date", "تاریخ نصب", "install_date"),
            field("file", "نقشه تابلو", "plan", allowed_types=["pdf"], max_size_mb=2),
            field("boolean", "اطلاعات واردشده را درست و کامل می‌دانم", "declaration"),
        ),
    ]


class ServiceFormFactory(factory.django.DjangoModelFactory):
    """A request form; published (with a frozen version) unless `publish=False`."""

    class Meta:
        model = "formbuilder.ServiceForm"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"فرم درخواست {n}")
    intro = "پیش از شروع، تصویر سند را آماده کنید."
    next_steps = "کارشناس ظرف سه روز کاری درخواست را بررسی می‌کند."
    steps = factory.LazyFunction(applicant_steps)
    # Off here so the tests of everything else send requests without a code; the tests of
    # the verified mobile turn it on (a new form in the editor has it on).
    verify_mobile = False
    live = False

    @factory.post_generation
    def publish(form, create, extracted, **kwargs):
        if not create:
            return
        form.full_clean()
        form.save()
        if extracted is not False:
            form.save_revision().publish()


# The service most tests apply to (its title, address and code are asserted on pages).
PERMIT_SERVICE = {
    "title": "صدور پروانه ساختمانی",
    "slug": "permit",
    "service_code": "10061077000",
    "duration_days": 12,
}

APPLICANT_ANSWERS = {
    "full_name": "مریم کاظمی",
    "mobile": "09121234567",
    "national_id": "0013542419",
    "applicant_type": "person",
    "area": 250,
    "visit_date": "2026-12-01",
}


def submission_make(service, *, answers=None, created_at=None, **kwargs):
    """A stored request for `service` (made with `applicant_steps()`), without files."""
    from submissions.services import submission_create

    submission = submission_create(
        service=service,
        form_version=service.form_version,
        answers={**APPLICANT_ANSWERS, **(answers or {})},
        **kwargs,
    )
    if created_at is not None:
        type(submission).objects.filter(pk=submission.pk).update(created_at=created_at)
        submission.refresh_from_db()
    return submission


def submission_answered_by_staff(submission, status, public_message: str) -> None:
    """`submission` taken into review by the staff, then moved on to `status` with
    `public_message` for the citizen (asked for more, rejected, …)."""
    from submissions.constants import Actor, Status
    from submissions.services import submission_transition

    submission_transition(submission=submission, status=Status.IN_REVIEW, actor=Actor.STAFF)
    submission_transition(
        submission=submission, status=status, actor=Actor.STAFF, public_message=public_message
    )


def submission_registered_by_automation(submission, *, actor_name: str, letter_number: str):
    """`submission` registered by the office automation `actor_name` under `letter_number`."""
    from submissions.constants import Actor, Status
    from submissions.services import submission_transition

    submission_transition(
        submission=submission,
        status=Status.REGISTERED,
        actor=Actor.AUTOMATION,
        actor_name=actor_name,
        letter_number=letter_number,
    )


@contextmanager
def rate_limits_fresh():
    """Rate limits count in the cache: it is emptied on entry and again on exit."""
    cache.clear()
    try:
        yield
    finally:
        cache.clear()


def user_with_permissions(username: str, *permissions: str):
    """A user who may enter the admin and holds the given "app_label.codename" permissions."""
    from django.contrib.auth.models import Permission

    user = UserFactory(username=username)
    for name in ("wagtailadmin.access_admin", *permissions):
        app_label, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return type(user).objects.get(pk=user.pk)  # a fresh instance: no permission cache


def role_member(username: str, role: str):
    """A user in the group of one of cms_site's roles (`roles.EDITORS`, `roles.MANAGERS`…)."""
    roles_ensure()
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=role))
    return user


def department_member(user, department):
    """`user` as a member of `department` (staff see its requests), fresh from the database."""
    department.members.add(user)
    return type(user).objects.get(pk=user.pk)


def department_staff(department, username: str, *permissions: str):
    """A member of `department` holding the given permissions (as `user_with_permissions`)."""
    return department_member(user_with_permissions(username, *permissions), department)


def clerk_of(department, username: str):
    """A clerk of `department`: sees its requests and may act on them (view and change)."""
    return department_staff(
        department, username, "submissions.view_submission", "submissions.change_submission"
    )


def submission_in(department, submission):
    """`submission` routed to `department` (as the routing step would), fresh."""
    type(submission).objects.filter(pk=submission.pk).update(department=department)
    submission.refresh_from_db()
    return submission


def submission_routed(service):
    """A stored request for `service`, routed to a department of its own (staff of that
    department see it)."""
    return submission_in(DepartmentFactory(), submission_make(service))
