"""What the citizen receives back: the PDF receipt, and every SMS with its template."""

import hashlib
import re
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel

from formbuilder.persian.text import normalize_text
from submissions.models import private_storage

from .constants import (
    OTP_PLACEHOLDERS,
    SMS_PLACEHOLDERS,
    SURVEY_TOKEN_BYTES,
    SmsErrorReason,
    SmsEvent,
    SmsStatus,
)
from .widgets import SmsBodyWidget

PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")


def receipt_path(instance: "Receipt", filename: str) -> str:
    """One name per request, derived from its secret access token (so it tells nothing):
    a later attempt at the same receipt (after a worker was killed between the upload and
    its row, or the row failed and the object store was down for the clean-up) writes at
    the same name and replaces the earlier attempt's object instead of leaving it orphaned."""
    token = instance.submission.access_token
    digest = hashlib.sha256(f"receipt:{token}".encode()).hexdigest()[:32]
    return f"receipts/{instance.submission.created_at:%Y/%m}/{digest}.pdf"


class Receipt(models.Model):
    """The stored PDF receipt of one request (one per request)."""

    submission = models.OneToOneField(
        "submissions.Submission",
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="receipt",
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to=receipt_path)
    size = models.PositiveIntegerField(_("size (bytes)"))
    due_date = models.DateField(_("committed completion date"))
    created_at = models.DateTimeField(_("rendered at"), default=timezone.now)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self) -> str:
        return str(self.submission)


def sms_placeholders_for(event: str) -> tuple[str, ...]:
    """The placeholders a template for `event` may use: the one-time code's only {code},
    which no request's template has."""
    if event == SmsEvent.OTP:
        return OTP_PLACEHOLDERS
    return tuple(name for name in SMS_PLACEHOLDERS if name not in OTP_PLACEHOLDERS)


class SmsTemplate(models.Model):
    """The text sent for one event, written by editors with placeholders."""

    event = models.CharField(_("sent when"), max_length=32, choices=SmsEvent.choices, unique=True)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Placeholders: {tracking_code}, {service}, {status}, {letter_number}, "
            "{track_url}, {survey_url} in the survey SMS, and {code} in the one-time code "
            "SMS. Keep it to one SMS (70 Persian "
            "characters) once filled; details belong on the tracking page."
        ),
    )
    provider_template = models.CharField(
        _("provider template"),
        max_length=100,
        blank=True,
        help_text=_(
            "Optional: the name of a matching template registered at the provider "
            "(Kavenegar's verify/lookup). Its tokens: token = tracking code, "
            "token2 = letter number, token10 = status, token20 = service; in the "
            "one-time code SMS, token = the code."
        ),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive templates send nothing.")
    )

    history = HistoricalRecords()

    panels = [
        FieldPanel("event"),
        FieldPanel("body", widget=SmsBodyWidget),
        FieldPanel("provider_template"),
        FieldPanel("is_active"),
    ]

    class Meta:
        verbose_name = _("SMS template")
        verbose_name_plural = _("SMS templates")
        ordering = ["event"]

    def __str__(self) -> str:
        return self.get_event_display()

    def clean(self):
        super().clean()
        # One newline is one SMS character; a browser posts it as \r\n.
        self.body = normalize_text((self.body or "").replace("\r\n", "\n")).strip()
        allowed = sms_placeholders_for(self.event)
        unknown = sorted(
            {name for name in PLACEHOLDER_RE.findall(self.body) if name not in allowed}
        )
        if unknown:
            raise ValidationError(
                {
                    "body": _("Unknown placeholder: %(names)s. Use only %(allowed)s.")
                    % {
                        "names": "، ".join(f"{{{name}}}" for name in unknown),
                        "allowed": "، ".join(f"{{{name}}}" for name in allowed),
                    }
                }
            )

    def render(self, values: dict[str, str]) -> str:
        """The body with its placeholders filled (unknown ones are left as written)."""
        return PLACEHOLDER_RE.sub(
            lambda match: str(values.get(match.group(1), match.group(0))), self.body
        )


class SmsMessage(models.Model):
    """Every SMS the desk sends, written before it is sent (an outbox row)."""

    recipient = models.CharField(_("recipient"), max_length=11, db_index=True)
    body = models.TextField(_("text"))
    parts = models.PositiveSmallIntegerField(_("parts"), default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=SmsStatus.choices, default=SmsStatus.QUEUED
    )
    provider_id = models.CharField(_("provider's id"), max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)  # for the logs, may quote the provider
    # The last error as staff read it: why (in our words), and the provider's own code.
    error_reason = models.CharField(
        _("last error's reason"), max_length=32, choices=SmsErrorReason.choices, blank=True
    )
    error_code = models.CharField(_("provider's error code"), max_length=32, blank=True)
    # What it is about, and the key that makes sending it again a no-op.
    submission = models.ForeignKey(
        "submissions.Submission",
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sms_messages",
    )
    event = models.CharField(_("event"), max_length=32, choices=SmsEvent.choices, blank=True)
    dedupe_key = models.CharField(_("key"), max_length=100, unique=True)
    local_id = models.UUIDField(_("local id"), default=uuid.uuid4, unique=True, editable=False)
    provider_template = models.CharField(_("provider template"), max_length=100, blank=True)
    tokens = models.JSONField(_("template tokens"), default=dict, blank=True)
    # A text that holds a secret (a one-time code) is masked in `body` and `tokens`, and
    # kept here sealed under the secret key for the sending worker (receipts/sealing.py).
    sealed = models.TextField(_("sealed text"), blank=True, editable=False)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    lease_expires_at = models.DateTimeField(_("lease expires"), null=True, blank=True)
    # A broker message for it is in flight until then: the sweep leaves it alone.
    dispatched_until = models.DateTimeField(_("message in flight until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("SMS message")
        verbose_name_plural = _("SMS messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="sms_message_due"),
            # The sweep counts the messages in flight.
            models.Index(
                fields=["dispatched_until"],
                condition=models.Q(dispatched_until__isnull=False),
                name="sms_message_in_flight",
            ),
            # The statistics' delivery rate: a period's messages, read from the index alone.
            models.Index(
                fields=["created_at"], include=["status", "submission"], name="sms_message_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.body[:30]}"


def survey_token_new() -> str:
    """A survey link's key: SURVEY_TOKEN_BYTES random bytes, base64url (16 characters)."""
    return secrets.token_urlsafe(SURVEY_TOKEN_BYTES)


class SurveyResponse(models.Model):
    """The satisfaction survey of one finished request: invited by SMS, answered once."""

    submission = models.OneToOneField(
        "submissions.Submission",
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="survey",
    )
    token = models.CharField(
        _("token"), max_length=64, unique=True, default=survey_token_new, editable=False
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, db_index=True)
    overall = models.PositiveSmallIntegerField(_("overall satisfaction"), null=True, blank=True)
    transparency = models.PositiveSmallIntegerField(
        _("transparency of the process"), null=True, blank=True
    )
    responsiveness = models.PositiveSmallIntegerField(
        _("responsiveness and accountability"), null=True, blank=True
    )
    timeliness = models.PositiveSmallIntegerField(_("timeliness"), null=True, blank=True)
    staff_conduct = models.PositiveSmallIntegerField(_("staff conduct"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-invited_at"]
        indexes = [
            # The statistics' satisfaction: a period's surveys, read from the index alone.
            models.Index(
                fields=["invited_at"],
                include=[
                    "submission",
                    "answered_at",
                    "overall",
                    "transparency",
                    "responsiveness",
                    "timeliness",
                    "staff_conduct",
                ],
                name="survey_period",
            ),
        ]

    def __str__(self) -> str:
        return str(self.submission)
