"""The receipt PDF, reached only through the request's random token."""

from django.http import FileResponse, Http404
from django.shortcuts import render

from submissions.selectors import submission_by_token

from .models import Receipt

RETRY_AFTER_SECONDS = 3


def receipt_pdf(request, access_token: str):
    """`/requests/<token>/receipt.pdf`: the stored PDF, or "being prepared" while it renders."""
    submission = submission_by_token(access_token=access_token)
    if submission is None:
        raise Http404
    receipt = Receipt.objects.filter(submission=submission).first()
    if receipt is None or not receipt.file.storage.exists(receipt.file.name):
        response = render(
            request,
            "receipts/receipt_pending.html",
            {"submission": submission, "retry_after": RETRY_AFTER_SECONDS},
            status=202,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    else:
        response = FileResponse(
            receipt.file.open("rb"),
            content_type="application/pdf",
            as_attachment=request.GET.get("download") == "1",
            filename=f"receipt-{submission.tracking_code}.pdf",
        )
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
