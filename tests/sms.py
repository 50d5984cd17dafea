"""The one-time code a test types: the SMS log shows it masked (receipts/sealing.py), so
it is read from the message as the provider is handed it (`sms_outgoing`, what the
sending worker sends)."""

from receipts.constants import SmsEvent
from receipts.models import SmsMessage
from receipts.outbox import sms_outgoing


def otp_code_sent(mobile: str) -> str:
    """The code (ASCII digits) in the latest one-time code SMS to `mobile`."""
    message = SmsMessage.objects.filter(recipient=mobile, event=SmsEvent.OTP).latest("pk")
    return sms_outgoing(message).tokens["token"]
