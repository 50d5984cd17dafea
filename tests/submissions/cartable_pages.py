"""The staff cartable's pages, as its tests read them."""

import re

from django.contrib.messages import get_messages

from submissions.models import Submission
from tests.factories import submission_make

INBOX = "/admin/cartable/"
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def request_in(service, department, **fields) -> Submission:
    """A stored request held by `department` (as routing would leave it), with `fields`."""
    submission = submission_make(service)
    Submission.objects.filter(pk=submission.pk).update(department=department, **fields)
    submission.refresh_from_db()
    return submission


def page_url(submission: Submission, suffix: str = "") -> str:
    return f"{INBOX}{submission.tracking_code}/{suffix}"


def message_levels(response) -> list[str]:
    return [message.level_tag for message in get_messages(response.wsgi_request)]


def listed(response) -> set[str]:
    """The tracking codes of the inbox's rows."""
    return set(
        re.findall(
            r'<tr class="cartable-row[^"]*" data-tracking-code="(\d{12})"',
            response.content.decode(),
        )
    )
