"""What the suite's requests go to: one service whose form asks a name, a mobile number and
the client's reference (and, with `--s3`, a PDF), a default routing rule that delivers
through the webhook connector to the fake automation system, and the SMS templates of
"received" and "registered"."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from bench.baseline.fixtures import catalog_tree_build, field, form_step, service_publish

SERVICE_CODE = "10061077001"
RECEIVED_TEXT = "درخواست شما رسید. کد رهگیری: {tracking_code}"
REGISTERED_TEXT = "ثبت شد: درخواست {tracking_code} با شماره نامه {letter_number}"
# With `--s3`, the form also asks for a PDF, and each request sends its own.
FILE_KEY = "attachment"


@dataclass(frozen=True)
class FaultSite:
    service_code: str


def answers(index: int) -> dict[str, str]:
    """The answers of the suite's request number `index`: its own mobile number (SMS are
    counted per request at the provider) and its own reference (rows per client request)."""
    return {
        "full_name": "مریم کاظمی",
        "mobile": f"0912{index:07d}",
        "client_ref": f"fault-{index:06d}",
    }


def upload_bytes(index: int) -> bytes:
    """The PDF request number `index` sends (its own bytes, to tell the files apart)."""
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
        + f"% fault request {index:06d}\n".encode()
        + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def _questions(files: bool) -> list:
    questions = [
        field("text", "نام و نام خانوادگی", "full_name"),
        field("mobile", "شماره همراه", "mobile"),
        field("text", "شناسه درخواست", "client_ref"),
    ]
    if files:
        questions.append(field("file", "پیوست", FILE_KEY, allowed_types=["pdf"], max_size_mb=1))
    return questions


@transaction.atomic
def site_build(*, automation_url: str, automation_secret: str, files: bool = False) -> FaultSite:
    from receipts.constants import SmsEvent
    from receipts.models import SmsTemplate
    from routing.models import AutomationEndpoint, RoutingRule

    category, department = catalog_tree_build()
    form = {
        "title": "فرم درخواست گواهی",
        # The suite counts what becomes of requests; the clients send no one-time codes.
        "verify_mobile": False,
        "intro": "",
        "next_steps": "",
        "steps": [form_step("مشخصات متقاضی", *_questions(files))],
    }
    service = service_publish(
        category,
        department,
        form,
        title="صدور گواهی",
        slug="certificate",
        service_code=SERVICE_CODE,
        audience="شهروندان",
        summary="صدور گواهی",
        fee=0,
        duration_days=5,
    )
    endpoint = AutomationEndpoint.objects.create(
        name="اتوماسیون اداری", url=automation_url, secret=automation_secret, timeout_seconds=3
    )
    RoutingRule.objects.create(
        name="همه درخواست‌ها", connector="webhook", endpoint=endpoint, is_default=True
    )
    SmsTemplate.objects.create(event=SmsEvent.RECEIVED, body=RECEIVED_TEXT)
    SmsTemplate.objects.create(event=SmsEvent.REGISTERED, body=REGISTERED_TEXT)
    return FaultSite(service_code=service.service_code)
