from django.db import models
from django.utils.translation import gettext_lazy as _

TRACKING_CODE_LENGTH = 12
ACCESS_TOKEN_BYTES = 32  # 256 bits; the token in receipt and confirmation links


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    REGISTERED = "registered", _("Registered")
    IN_REVIEW = "in_review", _("In review")
    REFERRED = "referred", _("Referred")
    NEEDS_INFO = "needs_info", _("More information needed")
    COMPLETED = "completed", _("Completed")
    REJECTED = "rejected", _("Rejected")


FINAL_STATUSES = frozenset({Status.COMPLETED, Status.REJECTED})


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Request submitted")
    STATUS = "status", _("Status changed")
    NOTE = "note", _("Note")


class StepState(models.TextChoices):
    """Where one pipeline step of one request stands (the database is the truth)."""

    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
