from django.db import models
from django.utils.translation import gettext_lazy as _

# Placeholders an SMS template may use, with a typical value used to measure its length.
SMS_PLACEHOLDERS = (
    "tracking_code",
    "service",
    "status",
    "letter_number",
    "track_url",
    "survey_url",
)


class SmsStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class SmsEvent(models.TextChoices):
    """What an SMS template is for: the request received, or entering a status."""

    RECEIVED = "received", _("Request received")
    REGISTERED = "registered", _("Registered in the automation system")
    IN_REVIEW = "in_review", _("In review")
    REFERRED = "referred", _("Referred")
    NEEDS_INFO = "needs_info", _("More information needed")
    COMPLETED = "completed", _("Completed")
    REJECTED = "rejected", _("Rejected")
    SURVEY = "survey", _("Satisfaction survey")


# The survey's questions (the instruction's axes), each answered 1 (very poor) to 5.
SURVEY_SCORES = ("overall", "transparency", "responsiveness", "timeliness", "staff_conduct")
