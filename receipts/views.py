"""The receipt PDF, reached only through the request's random token."""

from django.http import Http404
from django.shortcuts import render

from formbuilder.uploads import stored_file_response
from submissions.selectors import submission_by_token

from .models import Receipt

RETRY_AFTER_SECONDS = 3


def receipt_pdf(request, access_token: str):
    """`/requests/<token>/receipt.pdf`: the stored PDF, or "being prepared" while it renders."""
    submission = submission_by_token(access_token=access_token)
    if submission is None:
        raise Http404
    receipt = Receipt.objects.filter(submission=submission).first()
    response = None
    if receipt is not None:
        try:
            response = stored_file_response(
                receipt.file,
                content_type="application/pdf",
                as_attachment=request.GET.get("download") == "1",
                filename=f"receipt-{submission.tracking_code}.pdf",
            )
        except FileNotFoundError:  # its row written, its file not yet (or no longer) there
            response = None
    if response is None:
        response = render(
            request,
            "receipts/receipt_pending.html",
            {"submission": submission, "retry_after": RETRY_AFTER_SECONDS},
            status=202,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
