"""The development backend: sends nothing, logs each message (logger `receipts.sms`).

The `SmsMessage` rows stay the outbox to read; nothing leaves the machine.
"""

from __future__ import annotations

import logging

from ..constants import SmsStatus
from .base import OutgoingSms, SentSms, SmsBackend, sms_backends

logger = logging.getLogger("receipts.sms")


@sms_backends.register("outbox")
class OutboxBackend(SmsBackend):
    """Every message is "sent" at once; there are no delivery reports to ask for."""

    def send(self, sms: OutgoingSms) -> SentSms:
        if sms.provider_template:
            logger.info(
                "SMS to %s (local id %s), template %s %s; text: %s",
                sms.recipient,
                sms.local_id,
                sms.provider_template,
                sms.tokens,
                sms.body,
            )
        else:
            logger.info("SMS to %s (local id %s): %s", sms.recipient, sms.local_id, sms.body)
        return SentSms(provider_id=f"outbox-{sms.local_id}", status=SmsStatus.SENT)
