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
    "code",
)
# The one-time code's SMS has only its code (receipts.models.sms_placeholders_for).
OTP_PLACEHOLDERS = ("code",)


class SmsStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class SmsErrorReason(models.TextChoices):
    """Why the provider did not take a message, in words staff read in the SMS log.

    Each backend maps its provider's codes to one of these (the raw code is kept beside
    it); the first six are worth retrying, the others need someone to act. NOT_TAKEN is
    for a backend that does not say why.
    """

    BUSY = "busy", _("The SMS provider was busy and asked to try later.")
    RATE_LIMITED = "rate_limited", _("Too many requests to the SMS provider.")
    PROVIDER_ERROR = "provider_error", _("The SMS provider had an internal error.")
    TIMEOUT = "timeout", _("The SMS provider did not answer in time.")
    UNREACHABLE = "unreachable", _("The SMS provider could not be reached.")
    UNREADABLE = "unreadable", _("The SMS provider's answer could not be read.")
    INVALID_RECIPIENT = "invalid_recipient", _("The recipient's mobile number is not valid.")
    INVALID_SENDER = "invalid_sender", _("The sender line is not valid for this account.")
    NO_CREDIT = "no_credit", _("The SMS account is out of credit; charge it, then send again.")
    ACCOUNT = "account", _("The SMS account's API key is wrong or the account is disabled.")
    NOT_ALLOWED = (
        "not_allowed",
        _("The SMS account may not do this (server IP, line or service not allowed)."),
    )
    TEMPLATE = "template", _("The provider's template was not found or its values were refused.")
    TEXT_REFUSED = (
        "text_refused",
        _("The provider refused the text (empty, too long, a link or a character it refuses)."),
    )
    REFUSED = "refused", _("The SMS provider refused the message.")
    UNDELIVERED = "undelivered", _("The provider reports it undelivered.")
    NOT_TAKEN = "not_taken", _("The SMS provider did not take the message.")
    SEALED = (
        "sealed",
        _("The message's text could not be opened: the secret key changed since it was written."),
    )


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
    OTP = "otp", _("One-time code")


# A survey link's token: 96 random bits, unguessable (a survey is answered once, and the
# link is its only key), and 16 characters, so the link fits in a one-part Persian SMS
# with a 40-character site address: 40 + "/s/" + 16 + "/" = 60 of its 70 characters.
SURVEY_TOKEN_BYTES = 12

# The survey's questions (the instruction's axes), each answered 1 (very poor) to 5.
SURVEY_SCORES = ("overall", "transparency", "responsiveness", "timeliness", "staff_conduct")
