from django.db import models
from django.utils.translation import gettext_lazy as _

# A request comes in through one of the channels its service offers.
from catalog.constants import Channel as Channel

TRACKING_CODE_LENGTH = 12
ACCESS_TOKEN_BYTES = 32  # 256 bits; the token in receipt and confirmation links
# A saved draft's resume link (SMS): 128 random bits, 22 characters; stored only hashed.
DRAFT_TOKEN_BYTES = 16
# The entry of settings.STORAGES that keeps the files of saved drafts (private).
DRAFTS_STORAGE = "drafts"


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    REGISTERED = "registered", _("Registered")
    IN_REVIEW = "in_review", _("In review")
    REFERRED = "referred", _("Referred")
    NEEDS_INFO = "needs_info", _("More information needed")
    COMPLETED = "completed", _("Completed")
    REJECTED = "rejected", _("Rejected")


FINAL_STATUSES = frozenset({Status.COMPLETED, Status.REJECTED})


class Actor(models.TextChoices):
    """Who moves a request from one status to the next."""

    STAFF = "staff", _("Staff")
    AUTOMATION = "automation", _("Office automation system")
    CITIZEN = "citizen", _("Citizen")


# The status machine (DESIGN.md, "Statuses"): from → {to: who may make the change}.
# Referring again while referred (another unit, or a person) is no new stage: no SMS.
_STAFF_OR_SYSTEM = frozenset({Actor.STAFF, Actor.AUTOMATION})
TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    Status.SUBMITTED: {
        Status.REGISTERED: _STAFF_OR_SYSTEM,
        Status.IN_REVIEW: _STAFF_OR_SYSTEM,
    },
    Status.REGISTERED: {Status.IN_REVIEW: _STAFF_OR_SYSTEM},
    Status.IN_REVIEW: {
        Status.REFERRED: _STAFF_OR_SYSTEM,
        Status.NEEDS_INFO: _STAFF_OR_SYSTEM,
        Status.COMPLETED: _STAFF_OR_SYSTEM,
        Status.REJECTED: _STAFF_OR_SYSTEM,
    },
    Status.REFERRED: {
        Status.IN_REVIEW: _STAFF_OR_SYSTEM,
        Status.REFERRED: _STAFF_OR_SYSTEM,
    },
    Status.NEEDS_INFO: {Status.IN_REVIEW: frozenset({*_STAFF_OR_SYSTEM, Actor.CITIZEN})},
    Status.COMPLETED: {},
    Status.REJECTED: {},
}


class Priority(models.IntegerChoices):
    """The automation system's priorities (عادی / فوری / آنی)."""

    NORMAL = 0, _("Normal")
    URGENT = 1, _("Urgent")
    IMMEDIATE = 2, _("Immediate")


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


class OtpPurpose(models.TextChoices):
    """What a one-time code proves a mobile number for (submissions/otp.py)."""

    SIGNIN = "signin", _("Sign in to my requests")
    APPLY = "apply", _("Send a request")
    BOOKING = "booking", _("Book an appointment")


OTP_CODE_DIGITS = 6

# The longest `Idempotency-Key` the API takes (printable ASCII, as the IETF draft has it).
IDEMPOTENCY_KEY_MAX_LENGTH = 255
