"""The citizen's answer to a request for more information (DESIGN.md, "Statuses").

On the tracking page, a request in `needs_info` offers a reply form: text and up to a
few files. The reply is stored with the request and sends it back to review. The page
was reached by a lookup (code + mobile, a POST), so the form carries a signed,
short-lived token naming the request instead of asking for them again.
"""

import os

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from formbuilder.fields.files import UploadField
from formbuilder.persian.text import text_clean
from formbuilder.uploads import file_name_sanitise, file_sniff_mime

from .constants import Actor, Status
from .models import Submission, SubmissionEvent, SubmissionFile
from .services import TransitionNotAllowed, submission_transition

REPLY_FIELD_KEY = "reply"
REPLY_FILE_KINDS = ("pdf", "jpeg", "png")
REPLY_MAX_SIZE_MB = 5
REPLY_MAX_FILES = 3
REPLY_MESSAGE_MAX_LENGTH = 2000
REPLY_TOKEN_MAX_AGE = 30 * 60  # seconds: a lookup stays good for one sitting
_REPLY_SALT = "khedmat.submissions.citizen-reply"


class ReplyTokenInvalid(Exception):
    """The reply form's token is forged, damaged or too old: look the request up again."""


def reply_token_make(*, submission: Submission) -> str:
    """A token proving the bearer has just looked this request up (code + mobile)."""
    return signing.dumps({"submission": submission.pk}, salt=_REPLY_SALT)


def reply_token_submission(token: str) -> Submission:
    """The request a reply token names; raises ReplyTokenInvalid."""
    try:
        value = signing.loads(token or "", salt=_REPLY_SALT, max_age=REPLY_TOKEN_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        raise ReplyTokenInvalid from None
    pk = value.get("submission") if isinstance(value, dict) else None
    submission = (
        Submission.objects.select_related("service").filter(pk=pk).first()
        if isinstance(pk, int)
        else None
    )
    if submission is None:
        raise ReplyTokenInvalid
    return submission


def reply_files_field(**kwargs) -> UploadField:
    """The files of a reply, checked as formbuilder's file questions check them: by
    content (a program renamed «scan.pdf» is refused), size and count."""
    return UploadField(
        kinds=REPLY_FILE_KINDS,
        max_size_mb=REPLY_MAX_SIZE_MB,
        multiple=True,
        max_files=REPLY_MAX_FILES,
        **kwargs,
    )


def submission_citizen_reply(
    *, submission: Submission, message: str, files: list[UploadedFile]
) -> SubmissionEvent:
    """Record the citizen's answer to a request for information, and send it back to review.

    In one transaction: the files are stored with the request (question key "reply"),
    then the request moves `needs_info` → `in_review` with the message as the event's
    public message. Raises ValidationError for an empty message or unacceptable files,
    TransitionNotAllowed when the request no longer waits for an answer; then nothing
    is stored, neither rows nor files.
    """
    message = text_clean(message or "", multiline=True).strip()
    if not message:
        raise ValidationError(_("Write your answer."), code="required")
    if len(message) > REPLY_MESSAGE_MAX_LENGTH:
        raise ValidationError(_("Your answer is too long."), code="max_length")
    files = reply_files_field(required=False).clean(list(files or []))
    stored: list[SubmissionFile] = []
    try:
        with transaction.atomic():
            locked = Submission.objects.select_for_update().get(pk=submission.pk)
            if locked.status != Status.NEEDS_INFO:  # before any file reaches the disk
                raise TransitionNotAllowed(locked.status, Status.IN_REVIEW)
            for upload in files:
                upload.seek(0)
                reply_file = SubmissionFile(
                    submission=locked,
                    field_key=REPLY_FIELD_KEY,
                    original_name=file_name_sanitise(os.path.basename(upload.name))[:255],
                    content_type=file_sniff_mime(upload),
                    size=upload.size,
                )
                reply_file.file.save(upload.name, upload, save=False)
                stored.append(reply_file)
                reply_file.save()
            event = submission_transition(
                submission=locked,
                status=Status.IN_REVIEW,
                actor=Actor.CITIZEN,
                actor_name=_("Citizen"),
                public_message=message,
            )
    except BaseException:
        for reply_file in stored:  # the rows rolled back; the bytes must go too
            reply_file.file.delete(save=False)
        raise
    submission.refresh_from_db()
    return event
