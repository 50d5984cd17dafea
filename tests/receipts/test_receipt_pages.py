"""A long form's receipt: no answer row split across the PDF's pages (issue 15, item 7)."""

import pytest

from receipts import pdf as receipt_pdf
from tests.factories import submission_make

from .test_receipt import SUBMITTED, pdf_text

pytestmark = pytest.mark.django_db

ROWS = 24
# Row markers without digits (labels take Persian digits): LBLA, BEGA, ENDA, ...
TAGS = "ABCDEFGHIJKLMNOPQRSTUVWX"


def long_answers(schema, data, **kwargs):
    """A long form: every answer many lines long, the last one a declaration."""
    items = [
        {
            "label": f"LBL{TAGS[index]}",
            "value": f"BEG{TAGS[index]}\n"
            + "این متن بلند اعلام متقاضی است\n" * 9
            + f"END{TAGS[index]}",
        }
        for index in range(ROWS)
    ]
    return [{"key": "s1", "title": "اعلام", "items": items}]


def test_no_answer_row_is_split_across_pages(service, monkeypatch):
    monkeypatch.setattr(receipt_pdf, "answers_display", long_answers)
    submission = submission_make(service, created_at=SUBMITTED)
    pages = pdf_text(
        receipt_pdf.receipt_pdf_render(submission=submission, due_date=SUBMITTED.date())
    )
    pages = [page for page in pages.split("\f") if page.strip()]
    assert len(pages) >= 3  # long enough to cross several page breaks
    for index in range(ROWS):
        marks = [f"{mark}{TAGS[index]}" for mark in ("LBL", "BEG", "END")]
        holding = [number for number, page in enumerate(pages) for mark in marks if mark in page]
        assert len(holding) == 3 and len(set(holding)) == 1, (index, holding)
