"""The request bench/receipt.py renders, built on a freshly migrated database.

A service with a two-step form holding the 20 questions of bench/submit.py (Persian
labels and answers), the agency's name, phone, address and desk hours set, and one
request stored the way the API stores it (`answers_validate`, then `submission_create`).
Then the production path itself, `receipts.services.receipt_generate`, renders its
receipt once, and the HTML it handed to WeasyPrint is kept: the benchmark's styled
renders must produce exactly these bytes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from bench.baseline.fixtures import (
    PERMIT,
    PERMIT_FORM,
    catalog_tree_build,
    form_step,
    question_field,
    service_publish,
)
from bench.baseline.questions import QUESTIONS, Question, api_answers

# 1405/09/04 10:20 in Tehran: a fixed moment, so every run renders the same receipt.
SUBMITTED = datetime.datetime(2026, 11, 25, 6, 50, tzinfo=datetime.UTC)
STEP_TITLES = ("مشخصات متقاضی", "مشخصات ملک و مدارک")
AGENCY = {
    "name": "شهرداری منطقه ۶ تهران",
    "phone": "۰۲۱-۸۸۰۰۱۲۳۴",
    "address": "تهران، خیابان دکتر فاطمی، نبش خیابان جمالزاده، پلاک ۱۲",
    "desk_hours": "شنبه تا چهارشنبه، ساعت ۷:۳۰ تا ۱۴:۳۰",
}


@dataclass(frozen=True)
class Request:
    submission_pk: int
    tracking_code: str
    html: str  # what receipt_generate gave WeasyPrint
    pdf: bytes  # the receipt it stored
    answers: int
    steps: int


def _step(title: str, questions: list[Question]):
    return form_step(title, *[question_field(q) for q in questions])


@transaction.atomic
def _site_build():
    from catalog.models import AgencySettings

    category, department = catalog_tree_build()
    half = len(QUESTIONS) // 2
    steps = [
        _step(STEP_TITLES[0], QUESTIONS[:half]),
        _step(STEP_TITLES[1], QUESTIONS[half:]),
    ]
    service = service_publish(category, department, {**PERMIT_FORM, "steps": steps}, **PERMIT)
    agency = AgencySettings.load()
    for name, value in AGENCY.items():
        setattr(agency, name, value)
    agency.full_clean()
    agency.save()
    return service


def request_build() -> Request:
    """Build the content and the request; render its receipt the production way."""
    from formbuilder.validation import answers_validate
    from receipts import pdf as receipt_pdf
    from receipts.services import receipt_generate
    from submissions.models import Submission
    from submissions.services import submission_create

    service = _site_build()
    schema = service.form_version.schema
    validated = answers_validate(schema, api_answers())
    if not validated.is_valid:
        raise RuntimeError(f"the bench's answers do not validate: {validated.errors}")
    submission = submission_create(
        service=service, form_version=service.form_version, answers=validated.answers
    )
    Submission.objects.filter(pk=submission.pk).update(created_at=SUBMITTED)

    seen: list[str] = []
    original = receipt_pdf.html_to_pdf

    def html_to_pdf(html: str) -> bytes:
        seen.append(html)
        return original(html)

    receipt_pdf.html_to_pdf = html_to_pdf
    try:
        receipt = receipt_generate(submission=submission)
    finally:
        receipt_pdf.html_to_pdf = original
    if len(seen) != 1:
        raise RuntimeError(f"receipt_generate rendered {len(seen)} times, expected once")
    with receipt.file.open("rb") as stored:
        pdf = stored.read()
    return Request(
        submission_pk=submission.pk,
        tracking_code=submission.tracking_code,
        html=seen[0],
        pdf=pdf,
        answers=len(validated.answers),
        steps=len(schema["steps"]),
    )
