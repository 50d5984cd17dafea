"""Writes of requests. Side effects (receipts, SMS, routing) happen after commit, elsewhere."""

import logging
import os
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import ServicePage
from formbuilder.models import FormVersion
from formbuilder.schema import schema_fields
from formbuilder.uploads import storage_alias

from .constants import FINAL_STATUSES, TRANSITIONS, Actor, Channel, EventKind, Status
from .events import status_request_listeners, transition_listeners
from .models import Submission, SubmissionEvent, SubmissionFile, UndeletedFile
from .pipeline import pipeline_start
from .pipeline.retry import error_text
from .ratelimit import (
    RateLimited,
    rate_limit_reached,
    rate_limit_take,
    rate_limit_wait,
    rate_limits_enforce,
)
from .selectors import submission_for_tracking, submission_repeated
from .tracking import tracking_code_generate

logger = logging.getLogger(__name__)
CODE_ATTEMPTS = 10


class SubmissionError(Exception):
    pass


def _first_answer_of_type(schema: dict, answers: dict[str, Any], type_name: str) -> str:
    for spec in schema_fields(schema):
        if spec["type"] == type_name and answers.get(spec["key"]):
            return str(answers[spec["key"]])
    return ""


class SubmissionRateLimited(RateLimited):
    """Too many requests sent from this address, or with this mobile number."""


def submission_rate_limit(*, form_version: FormVersion, answers: dict[str, Any], client_ip: str):
    """Count a citizen's validated request against their address and their mobile number,
    before it is stored; raises SubmissionRateLimited over either limit (then nothing is
    stored and no SMS sent). Answers that fail validation are not counted, so typos cost
    nothing. The in-person desk (staff) is not limited.
    """
    mobile = _first_answer_of_type(form_version.schema, answers, "mobile")
    rate_limits_enforce(
        SubmissionRateLimited,
        ("submit-ip", client_ip, settings.SUBMISSION_RATE_LIMIT_PER_IP),
        ("submit-mobile", mobile or None, settings.SUBMISSION_RATE_LIMIT_PER_MOBILE),
        window_seconds=settings.SUBMISSION_RATE_LIMIT_WINDOW,
    )


def submission_create(
    *,
    service: ServicePage,
    form_version: FormVersion,
    answers: dict[str, Any],
    uploads: dict[str, list[UploadedFile]] | None = None,
    channel: str = Channel.ONLINE,
    user=None,
    idempotency_key: str = "",
) -> Submission:
    """Record a validated request: the submission, its files, its first event and its
    pipeline steps, in one transaction, under a new unique tracking code. The steps
    (receipt, SMS, routing) are handed to workers after commit.

    `answers` and `uploads` come from `formbuilder.validation` (or the wizard's step
    forms): stored answers by key, and the uploaded files by key.

    Files are written to storage inside the transaction; if it rolls back, they are
    deleted again, so storage keeps no file of a request that was never recorded: also
    the one whose write failed only as far as we know (an object store that stored it
    but whose answer was lost), as each name is noted before its write. Callers
    call it outside any transaction of their own (a view, a task), so its transaction is
    the one that commits.
    """
    written: list[tuple[Any, str]] = []  # (storage, name) of each file written or tried
    try:
        with transaction.atomic():
            return _submission_record(
                service=service,
                form_version=form_version,
                answers=answers,
                uploads=uploads or {},
                channel=channel,
                user=user,
                idempotency_key=idempotency_key,
                written=written,
            )
    except BaseException:
        _written_delete(written)
        raise


def _written_delete(written: list[tuple[Any, str]]) -> None:
    """Delete the files of a request that was not recorded. A delete that fails (the
    store is down too) is noted as an `UndeletedFile` for the sweep to delete later, and
    does not hide the error that rolled the request back."""
    for storage, name in written:
        try:
            storage.delete(name)
        except Exception as exc:  # most often the store is down and the write failed too
            logger.warning("File %s of a request not recorded is left to the sweep: %r", name, exc)
            try:
                UndeletedFile.objects.create(name=name, last_error=error_text(exc))
            except DatabaseError:
                logger.error("File %s could not be noted for deletion; delete it by hand", name)


def undeleted_files_delete(*, batch: int = 100) -> int:
    """The sweep's part for files left behind: delete each (a name already gone counts as
    deleted), the least tried and oldest first, at most `batch`; returns how many were
    deleted. The first failure (most often the store still down) ends the batch; the
    one that failed goes behind the others, so that one bad name blocks none."""
    deleted = 0
    for left in UndeletedFile.objects.order_by("attempts", "pk")[:batch]:
        try:
            storage_alias(left.storage).delete(left.name)
        except Exception as exc:
            UndeletedFile.objects.filter(pk=left.pk).update(
                attempts=F("attempts") + 1, last_error=error_text(exc)
            )
            break  # the store is still down: the next sweep tries again
        left.delete()
        deleted += 1
    return deleted


def submission_create_once(
    *, service: ServicePage, idempotency_key: str, **fields
) -> tuple[Submission, bool]:
    """`submission_create` for a client that may send the same request again (its answer
    lost to a timeout or a reset): with an `idempotency_key`, a repeat gets the request
    the first one made, even when both arrive at once (the key is unique per service).
    Returns the request and whether it was made now."""
    if not idempotency_key:
        return submission_create(service=service, **fields), True
    existing = submission_repeated(service=service, idempotency_key=idempotency_key)
    if existing is not None:
        return existing, False
    try:
        return submission_create(service=service, idempotency_key=idempotency_key, **fields), True
    except IntegrityError:
        existing = submission_repeated(service=service, idempotency_key=idempotency_key)
        if existing is None:
            raise
        return existing, False


def _submission_record(
    *, service, form_version, answers, uploads, channel, user, idempotency_key, written: list
) -> Submission:
    schema = form_version.schema
    mobile = _first_answer_of_type(schema, answers, "mobile")
    if not mobile:
        raise SubmissionError("The answers have no mobile number.")
    submission = Submission(
        service=service,
        form_version=form_version,
        data=answers,
        mobile=mobile,
        national_id=_first_answer_of_type(schema, answers, "national_id"),
        channel=channel,
        created_by=user if channel == Channel.IN_PERSON else None,
        idempotency_key=idempotency_key,
    )
    # simple-history: who made the request (the clerk at the desk, else the citizen).
    submission._history_user = user
    if user is None:
        submission._change_reason = Actor.CITIZEN
    for attempt in range(CODE_ATTEMPTS):
        submission.tracking_code = tracking_code_generate()
        try:
            with transaction.atomic():
                submission.save()
            break
        except IntegrityError:
            if attempt == CODE_ATTEMPTS - 1 or submission_repeated(
                service=service, idempotency_key=idempotency_key
            ):
                raise
            logger.warning("Tracking code collision; drawing another")
    for key, files in uploads.items():
        # The answer records each file's name and the type sniffed from its content.
        described = answers.get(key) if isinstance(answers.get(key), list) else []
        for index, upload in enumerate(files):
            upload.seek(0)
            meta = described[index] if index < len(described) else {}
            stored = SubmissionFile(
                submission=submission,
                field_key=key,
                original_name=(meta.get("name") or os.path.basename(upload.name))[:255],
                content_type=meta.get("content_type") or "application/octet-stream",
                size=upload.size,
            )
            _file_write(stored, upload, written)
            stored.save()
    SubmissionEvent.objects.create(
        submission=submission,
        kind=EventKind.SUBMITTED,
        status=Status.SUBMITTED,
        actor=user,
    )
    pipeline_start(submission=submission)  # its steps run after commit
    return submission


def _file_write(stored: SubmissionFile, upload: UploadedFile, written: list) -> None:
    """Write the upload under the name its field gives it (FieldFile.save's steps), the
    name noted in `written` before the write, so a rollback deletes it whatever the
    write's outcome."""
    field = stored.file.field
    storage = stored.file.storage
    name = field.generate_filename(stored, upload.name)
    written.append((storage, name))
    stored.file.name = storage.save(name, upload, max_length=field.max_length)
    written[-1] = (storage, stored.file.name)


class TrackingRateLimited(RateLimited):
    """Too many lookups from this address, or too many failed ones for this code."""


def submission_track(*, tracking_code: str, mobile: str, client_ip: str) -> Submission | None:
    """The request for a (normalised) code and mobile number, under rate limits.

    Every lookup counts against the client's address; failed ones also against the
    code, so nobody can guess the mobile number behind a code (the owner, locked out
    meanwhile, can still have the status sent by SMS: `submission_status_sms_request`).
    An unknown code and a wrong mobile number give the same None. Raises
    TrackingRateLimited with the wait.
    """
    window = settings.TRACKING_RATE_LIMIT_WINDOW
    if rate_limit_reached(
        scope="track-code", identity=tracking_code, limit=settings.TRACKING_RATE_LIMIT_PER_CODE
    ):
        raise TrackingRateLimited(
            rate_limit_wait(scope="track-code", identity=tracking_code, window_seconds=window)
        )
    wait = rate_limit_take(
        scope="track-ip",
        identity=client_ip,
        limit=settings.TRACKING_RATE_LIMIT_PER_IP,
        window_seconds=window,
    )
    if wait:
        raise TrackingRateLimited(wait)
    submission = submission_for_tracking(tracking_code=tracking_code, mobile=mobile)
    if submission is None:
        rate_limit_take(
            scope="track-code",
            identity=tracking_code,
            limit=settings.TRACKING_RATE_LIMIT_PER_CODE,
            window_seconds=window,
        )
    return submission


class StatusSmsRateLimited(RateLimited):
    """The status was asked for too often for this code, or from this address."""


def submission_status_sms_request(*, tracking_code: str, client_ip: str) -> None:
    """Send the current status of the request with this (normalised) code by SMS to the
    mobile number on file, for a citizen who is locked out of tracking or lost the page.

    Limited per code (a day, by default) and per address; every request counts, whether
    or not the code exists, and the caller answers the same either way, so nothing tells
    which codes exist. The SMS itself is the status listeners' (`receipts`). Raises
    StatusSmsRateLimited with the wait.
    """
    rate_limits_enforce(
        StatusSmsRateLimited,
        ("status-sms-ip", client_ip, settings.STATUS_SMS_RATE_LIMIT_PER_IP),
        ("status-sms-code", tracking_code, settings.STATUS_SMS_RATE_LIMIT_PER_CODE),
        window_seconds=settings.STATUS_SMS_RATE_LIMIT_WINDOW,
    )
    submission = (
        Submission.objects.select_related("service").filter(tracking_code=tracking_code).first()
    )
    if submission is None:
        return
    with transaction.atomic():
        status_request_listeners.notify(submission)


class TransitionNotAllowed(Exception):
    """The status machine has no such step from the request's current status (409)."""

    def __init__(self, current: str, requested: str) -> None:
        super().__init__(f"{current} → {requested}")
        self.current, self.requested = current, requested


class TransitionForbidden(Exception):
    """This kind of actor may not make this change (e.g. a citizen completing a request)."""


def _transition_apply(locked: Submission, *, status, now, department, letter_number) -> list:
    """Set the new status (and what comes with it) on the locked row; the fields to save."""
    locked.status = status
    fields = ["status", "updated_at"]
    if status in FINAL_STATUSES:
        locked.closed_at = now
        fields.append("closed_at")
    if department is not None and department != locked.department:
        locked.department = department
        locked.assigned_to = None  # the other unit decides who handles it
        fields += ["department", "assigned_to"]
    if letter_number:
        locked.letter_number = letter_number
        fields.append("letter_number")
    return fields


def submission_transition(
    *,
    submission: Submission,
    status: str,
    actor: str,
    user=None,
    actor_name: str = "",
    public_message: str = "",
    internal_note: str = "",
    department=None,
    letter_number: str = "",
    external_id: str | None = None,
) -> SubmissionEvent:
    """Move a request to `status`, as DESIGN.md's status machine allows, in one transaction.

    Records a SubmissionEvent (the public message is shown and sent to the citizen, the
    internal note only to staff) and tells the transition listeners (the SMS of a new
    stage). `department` refers the request to another unit; `letter_number` is the
    automation system's. Raises TransitionNotAllowed or TransitionForbidden. Who may act
    on which request (their departments) is the caller's check.
    """
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        allowed = TRANSITIONS.get(locked.status, {}).get(status)
        if allowed is None:
            raise TransitionNotAllowed(locked.status, status)
        if actor not in allowed:
            raise TransitionForbidden(f"{actor} may not move a request to {status}")
        previous = locked.status
        now = timezone.now()
        fields = _transition_apply(
            locked, status=status, now=now, department=department, letter_number=letter_number
        )
        locked._history_user = user  # simple-history: who made this change
        if actor != Actor.STAFF:
            locked._change_reason = actor_name or actor
        locked.save(update_fields=fields)
        event = SubmissionEvent.objects.create(
            submission=locked,
            kind=EventKind.STATUS,
            status=status,
            previous_status=previous,
            public_message=public_message.strip(),
            internal_note=internal_note.strip(),
            actor=user,
            actor_name=actor_name,
            department=locked.department,
            external_id=external_id,
            created_at=now,
        )
        transition_listeners.notify(event)
    submission.refresh_from_db()
    return event


# The statuses from which taking a request also starts its review.
TAKE_STARTS_REVIEW = frozenset({Status.SUBMITTED, Status.REGISTERED, Status.REFERRED})


def submission_take(*, submission: Submission, user) -> Submission:
    """A staff member takes a request: it is assigned to them, and a new one goes into review."""
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        locked.assigned_to = user
        locked._history_user = user
        locked.save(update_fields=["assigned_to", "updated_at"])
        if locked.status in TAKE_STARTS_REVIEW:
            submission_transition(
                submission=locked, status=Status.IN_REVIEW, actor=Actor.STAFF, user=user
            )
    submission.refresh_from_db()
    return submission


def submission_letter_number_set(
    *, submission: Submission, user, letter_number: str
) -> SubmissionEvent | None:
    """Record or correct the office automation's letter number of an open request, which
    was registered without one (taken straight into review) or with a mistyped one.

    The change is in the request's history under the user's name, and an internal note
    in the timeline says what it was; the citizen is not sent an SMS. Unchanged: None.
    Raises TransitionNotAllowed for a closed request.
    """
    letter_number = letter_number.strip()
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status in FINAL_STATUSES:
            raise TransitionNotAllowed(locked.status, locked.status)
        previous = locked.letter_number
        if letter_number == previous:
            return None
        locked.letter_number = letter_number
        locked._history_user = user
        locked.save(update_fields=["letter_number", "updated_at"])
        if previous:
            note = _("Letter number corrected: %(old)s → %(new)s") % {
                "old": previous,
                "new": letter_number,
            }
        else:
            note = _("Letter number recorded: %(new)s") % {"new": letter_number}
        event = SubmissionEvent.objects.create(
            submission=locked,
            kind=EventKind.NOTE,
            status=locked.status,
            internal_note=note,
            actor=user,
            department=locked.department,
        )
    submission.refresh_from_db()
    return event


def submission_note_add(*, submission: Submission, user, note: str) -> SubmissionEvent:
    """An internal note on a request: staff see it in the timeline; the citizen never does."""
    return SubmissionEvent.objects.create(
        submission=submission,
        kind=EventKind.NOTE,
        status=submission.status,
        internal_note=note.strip(),
        actor=user,
    )
