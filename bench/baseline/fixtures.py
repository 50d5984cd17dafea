"""The bench's content, built on a freshly migrated database: the catalog pages down to
one service with our 20-question form (one step), and a stock Wagtail form page with
the same 20 questions, a sibling of the service page (same depth, same routing cost).

The form is built the way editors build it (StreamField blocks, then publish), in the
style of tests/factories.py, of which this is a bench-only copy.
"""

from dataclasses import dataclass

from django.db import transaction

from .questions import QUESTIONS, Question

SERVICE_CODE = "10061077000"
CATEGORY_PATH = "/services/urban/"
SERVICE_PATH = f"{CATEGORY_PATH}permit/"
STOCK_PATH = f"{CATEGORY_PATH}stock-form/"
RECEIVED_SMS = "درخواست شما رسید. کد رهگیری: {tracking_code}"


@dataclass(frozen=True)
class BenchSite:
    service_pk: int
    stock_pk: int
    service_path: str = SERVICE_PATH
    stock_path: str = STOCK_PATH
    service_code: str = SERVICE_CODE


# The building permit service (its page and its form's texts), asking the 20 QUESTIONS.
PERMIT = {
    "title": "صدور پروانه ساختمانی",
    "slug": "permit",
    "service_code": SERVICE_CODE,
    "audience": "مالکان ملک",
    "summary": "درخواست صدور پروانه ساختمانی برای ملک مسکونی",
    "fee": 1_500_000,
    "duration_days": 12,
}
PERMIT_FORM = {
    # Like for like: the compared forms ask no one-time code.
    "verify_mobile": False,
    "title": "فرم درخواست پروانه ساختمانی",
    "intro": "پیش از شروع، کارت ملی و سند ملک را آماده کنید.",
    "next_steps": "کارشناس ظرف سه روز کاری درخواست را بررسی می‌کند.",
}


def field(type_name: str, label: str, key: str = "", *, required: bool = True, **options):
    """A field block value for a form step (as tests/factories.py writes them)."""
    return (
        type_name,
        {"label": label, "key": key, "help_text": "", "required": required, **options},
    )


def form_step(title: str, *fields):
    return ("step", {"title": title, "description": "", "fields": list(fields)})


def choices(*pairs):
    return [{"value": value, "label": label} for value, label in pairs]


def question_field(question: Question):
    """The field block value that asks one of the bench's questions."""
    options = dict(question.options)
    if question.choices:
        options["choices"] = choices(*question.choices)
    return field(question.type, question.label, question.key, required=question.required, **options)


def page_publish(parent, page):
    """Add `page` under `parent` and publish it; the page, as stored."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def service_publish(category, department, form_fields: dict, **page_fields):
    """A form (`form_fields`: ServiceForm's fields) saved and published, and an online
    service page (`page_fields`) under `category`, served by `department`, that uses it."""
    from catalog.models import ServicePage
    from formbuilder.models import ServiceForm

    form = ServiceForm(**form_fields)
    form.full_clean()
    form.save()
    form.save_revision().publish()
    service = page_publish(
        category,
        ServicePage(channel_online=True, department=department, service_form=form, **page_fields),
    )
    if service.form_version is None:
        raise RuntimeError("the service's form has no published version")
    return service


def catalog_tree_build():
    """Home, the service index, a category and a department, in place of Wagtail's welcome
    page: the catalog every bench builds its service in. Returns (category, department)."""
    from wagtail.models import Page, Site

    from catalog.models import Department, HomePage, ServiceCategoryPage, ServiceIndexPage

    root = Page.get_first_root_node()
    site = Site.objects.get(is_default_site=True)
    welcome = site.root_page
    # Replace Wagtail's welcome page, which holds the slug "home".
    Page.objects.filter(pk=welcome.pk).update(slug="wagtail-welcome")
    home = page_publish(
        root, HomePage(title="میز خدمت الکترونیک", slug="home", intro="خدمات آنلاین")
    )
    site.root_page = home
    site.save()
    Page.objects.get(pk=welcome.pk).delete()
    index = page_publish(home, ServiceIndexPage(title="فهرست خدمات", slug="services"))
    category = page_publish(
        index, ServiceCategoryPage(title="شهرسازی", slug="urban", summary="خدمات شهرسازی")
    )
    department = Department.objects.create(
        name="معاونت شهرسازی", code="URBAN", phone="021-88001234", email="urban@example.ir"
    )
    return category, department


@transaction.atomic
def site_build() -> BenchSite:
    """Build the pages and forms; the database holds only what Wagtail's migrations made."""

    from receipts.constants import SmsEvent
    from receipts.models import SmsTemplate

    from .models import StockFormField, StockFormPage

    category, department = catalog_tree_build()
    steps = [form_step("مشخصات متقاضی و ملک", *[question_field(q) for q in QUESTIONS])]
    service = service_publish(category, department, {**PERMIT_FORM, "steps": steps}, **PERMIT)

    stock = page_publish(
        category,
        StockFormPage(
            title="صدور پروانه ساختمانی (فرم ساز واگتیل)",
            slug="stock-form",
            intro="پیش از شروع، کارت ملی و سند ملک را آماده کنید.",
            thank_you_text="کارشناس ظرف سه روز کاری درخواست را بررسی می‌کند.",
            form_fields=[
                StockFormField(
                    sort_order=number,
                    clean_name=q.key,
                    label=q.label,
                    field_type=q.stock_type,
                    required=q.required,
                    choices="\n".join(label for _value, label in q.choices),
                )
                for number, q in enumerate(QUESTIONS)
            ],
        ),
    )
    # The workers' "received" SMS (bench/baseline/worker.py, bench/pipeline.py).
    SmsTemplate.objects.create(event=SmsEvent.RECEIVED, body=RECEIVED_SMS)
    return BenchSite(service_pk=service.pk, stock_pk=stock.pk)


def row_counts(site: BenchSite) -> dict[str, int]:
    """Rows each contender has written so far."""
    from wagtail.contrib.forms.models import FormSubmission

    from submissions.models import Submission

    from .load import SAME_MOBILE
    from .models import BareSubmission

    return {
        "ours": Submission.objects.exclude(mobile=SAME_MOBILE).count(),
        "same": Submission.objects.filter(mobile=SAME_MOBILE).count(),
        "stock": FormSubmission.objects.filter(page_id=site.stock_pk).count(),
        "bare": BareSubmission.objects.count(),
    }
