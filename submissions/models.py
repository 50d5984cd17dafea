"""Requests citizens submit, their files, and the events of their life."""

import secrets

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalog.model_fields import department_field, service_field
from formbuilder.uploads import storage_alias

from .constants import (
    ACCESS_TOKEN_BYTES,
    IDEMPOTENCY_KEY_MAX_LENGTH,
    Channel,
    EventKind,
    OtpPurpose,
    Priority,
    Status,
    StepState,
)


def access_token_new() -> str:
    return secrets.token_urlsafe(ACCESS_TOKEN_BYTES)


# The STORAGES entry of sent requests' files and receipts (a local folder or S3).
PRIVATE_STORAGE = "private"


def private_storage() -> Storage:
    """Citizens' files are never served from MEDIA_URL: only through views that check access.

    settings.STORAGES["private"], looked up when first used. A callable, so migrations name it
    rather than the machine's folder or bucket.
    """
    return storage_alias(PRIVATE_STORAGE)


def submission_file_path(instance: "SubmissionFile", filename: str) -> str:
    return f"submissions/{instance.submission.created_at:%Y/%m}/{secrets.token_hex(16)}"


class Submission(models.Model):
    """One request for one service, frozen against the form version it was made with."""

    tracking_code = models.CharField(_("tracking code"), max_length=12, unique=True)
    access_token = models.CharField(
        _("access token"), max_length=64, unique=True, default=access_token_new, editable=False
    )
    service = service_field("submissions")
    form_version = models.ForeignKey(
        "formbuilder.FormVersion",
        verbose_name=_("form version"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    data = models.JSONField(_("answers"), default=dict)
    mobile = models.CharField(_("mobile number"), max_length=11, db_index=True)
    national_id = models.CharField(_("national ID"), max_length=10, blank=True, db_index=True)
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.ONLINE
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    department = department_field("submissions", null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_submissions",
    )
    letter_number = models.CharField(
        _("letter number"),
        max_length=64,
        blank=True,
        help_text=_("The number of the letter in the office automation system."),
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    due_date = models.DateField(
        _("due date"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The committed completion date, in working days from submission."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The desk clerk who registered an in-person request."),
    )
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    closed_at = models.DateTimeField(
        _("closed at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the request was completed or rejected."),
    )

    # The client's `Idempotency-Key` (API): a repeat of the same POST after a lost answer
    # gets this request back instead of a second one. Unique per service when given.
    idempotency_key = models.CharField(
        _("idempotency key"), max_length=IDEMPOTENCY_KEY_MAX_LENGTH, blank=True, editable=False
    )

    history = HistoricalRecords(excluded_fields=["access_token"])

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="submission_idempotency_key",
            )
        ]
        indexes = [
            models.Index(fields=["service", "status"], name="submission_service_status"),
            # The requests submitted in a period, with every column the statistics group
            # and count by: their figures are read from this index alone (PostgreSQL).
            models.Index(
                fields=["created_at"],
                include=["id", "service", "department", "status", "due_date", "closed_at"],
                name="submission_cohort",
            ),
            # Who sees what (`selectors.submissions_visible_exists`): whether a unit's
            # requests, or a clerk's, include one of a service or of a unit.
            models.Index(fields=["department", "service"], name="submission_department_service"),
            models.Index(fields=["assigned_to", "service"], name="submission_assigned_service"),
            models.Index(
                fields=["assigned_to", "department"], name="submission_assigned_department"
            ),
            # Open requests by due date: the overdue counts of the dashboard and cartable.
            models.Index(
                fields=["due_date"],
                name="submission_open_due",
                condition=~models.Q(status__in=["completed", "rejected"]),
            ),
            # The lists newest first (cartable, staff API) filtered by status, by service
            # or to the overdue: each page reads its first matches in date order and stops, however
            # many requests there are. Overdue ones by date with their due date in the
            # index, so that the newest open requests not yet due are passed over in it.
            models.Index(fields=["status", "created_at"], name="submission_status_created"),
            models.Index(fields=["service", "created_at"], name="submission_service_created"),
            models.Index(
                fields=["created_at", "due_date"],
                name="submission_open_created",
                condition=~models.Q(status__in=["completed", "rejected"]),
            ),
        ]
        permissions = [
            ("view_all_submissions", _("Can see the requests of every department")),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def schema(self) -> dict:
        return self.form_version.schema


class SubmissionFile(models.Model):
    """A file a citizen uploaded with a request, kept in private storage."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    field_key = models.CharField(_("question key"), max_length=64)
    file = models.FileField(_("file"), storage=private_storage, upload_to=submission_file_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")
        ordering = ["submission", "field_key", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def kind_label(self) -> str:
        """The file's type as a person names it («PDF»), not its MIME type."""
        from formbuilder.fields.files import file_kind_label

        return file_kind_label(self.content_type)


class SubmissionEvent(models.Model):
    """A stage of a request's life; public messages are shown to (and sent to) the citizen."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    previous_status = models.CharField(
        _("previous status"), max_length=16, choices=Status.choices, blank=True
    )
    public_message = models.TextField(_("message to the citizen"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(
        _("by (system)"),
        max_length=200,
        blank=True,
        help_text=_("Who acted when it was not a user: the automation endpoint, the citizen."),
    )
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    external_id = models.CharField(
        _("external event id"),
        max_length=100,
        null=True,
        blank=True,
        unique=True,
        help_text=_("The automation system's event id: a repeated callback is ignored."),
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.submission} {self.kind} {self.status}"


class PipelineStep(models.Model):
    """One step of a request's pipeline (receipt, SMS, routing…) and where it stands.

    The row is written with the submission, so the step is never lost with a broker
    message: a worker claims it (running, with a lease), and the periodic sweep wakes
    up steps that are due or whose worker died.
    """

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="pipeline_steps"
    )
    name = models.CharField(_("step"), max_length=64)
    state = models.CharField(
        _("state"), max_length=16, choices=StepState.choices, default=StepState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    lease_expires_at = models.DateTimeField(_("lease expires"), null=True, blank=True)
    # A broker message for the step is in flight until then: the sweep leaves it alone.
    dispatched_until = models.DateTimeField(_("message in flight until"), null=True, blank=True)
    # When its retries began (a step with a retry window gives up that long after).
    first_attempt_at = models.DateTimeField(_("first attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("pipeline step")
        verbose_name_plural = _("pipeline steps")
        ordering = ["submission", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "name"], name="pipeline_step_unique")
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="pipeline_step_due"),
            # The sweep counts the messages in flight.
            models.Index(
                fields=["dispatched_until"],
                condition=models.Q(dispatched_until__isnull=False),
                name="pipeline_step_in_flight",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission} {self.name} {self.state}"


class OtpChallenge(models.Model):
    """One one-time code sent by SMS to prove a mobile number (submissions/otp.py).

    The code itself is never stored: `code_hash` is an HMAC of it under the site's secret
    key and this row's random salt, so neither the database nor a backup gives it away.
    """

    mobile = models.CharField(_("mobile"), max_length=11)
    purpose = models.CharField(_("purpose"), max_length=16, choices=OtpPurpose.choices)
    code_hash = models.CharField(_("code hash"), max_length=64, editable=False)
    salt = models.CharField(_("salt"), max_length=32, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["mobile", "purpose", "-created_at"], name="otp_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.mobile} {self.purpose} {self.created_at:%Y-%m-%d %H:%M}"


class Draft(models.Model):
    """An application saved halfway ("save and continue later"), resumed on any device.

    `state` is the wizard's own state (formtools: current step, each step's posted data
    and files, the answers so far); its files' names point into STORAGES["drafts"]. The
    resume link's token is kept only as its SHA-256. `schema` is the version's schema as it
    was, so a draft whose version is gone can still say which questions it had answered.
    """

    service = service_field("drafts", on_delete=models.CASCADE)
    form_version = models.ForeignKey(
        "formbuilder.FormVersion",
        verbose_name=_("form version"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="drafts",
    )
    schema = models.JSONField(_("schema"), default=dict)
    mobile = models.CharField(_("mobile number"), max_length=11, db_index=True)
    step = models.CharField(_("current step"), max_length=100, blank=True)
    state = models.JSONField(_("wizard state"), default=dict)
    token_hash = models.CharField(_("resume token (hashed)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("saved draft")
        verbose_name_plural = _("saved drafts")
        ordering = ["-saved_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.service} ({self.saved_at:%Y-%m-%d})"

    @property
    def answers(self) -> dict:
        """The answers given so far, by question key (the wizard's per-step answers)."""
        merged: dict = {}
        for answers in (self.state.get("extra_data", {}).get("answers") or {}).values():
            merged.update(answers)
        return merged


class UndeletedFile(models.Model):
    """A file of a request that was never recorded, whose delete failed when the request
    rolled back (the store was down as well): the sweep deletes it once the store answers
    (`services.undeleted_files_delete`), so no object is left without its request."""

    storage = models.CharField(_("storage"), max_length=32, default=PRIVATE_STORAGE)
    name = models.CharField(_("name"), max_length=500)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("file left to delete")
        verbose_name_plural = _("files left to delete")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
