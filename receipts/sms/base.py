"""What an SMS backend must do, and the registry `SMS_BACKEND` picks one from.

A backend sends one message and says what the provider answered; it never touches
the database (`receipts.services` records every attempt on the `SmsMessage` row).
Errors tell the caller what to do next: `SmsTemporaryError` (network trouble, a
timeout, a 5xx, throttling) is retried later; `SmsPermanentError` (a bad number, an
invalid key, a message the provider refuses) fails the message at once. Both say why in
our words (`reason`) and keep the provider's code, so the log reads in Persian.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings


class SmsError(Exception):
    """The provider did not take the message.

    The text (in English, for the logs) may quote the provider. `reason` is one of
    receipts.constants.SmsErrorReason, what staff read in the SMS log; `code` is the
    provider's own code as it answered ("409", "HTTP 503"), kept beside it.
    """

    def __init__(self, text: str = "", *, reason: str = "", code: str = "") -> None:
        super().__init__(text)
        self.reason = reason
        self.code = code


class SmsTemporaryError(SmsError):
    """Worth trying again later."""


class SmsPermanentError(SmsError):
    """Trying again will not help."""


@dataclass(frozen=True)
class OutgoingSms:
    """One message as a backend sees it."""

    recipient: str  # 09xxxxxxxxx
    body: str  # the filled text, sent as is unless the provider template is used
    local_id: str  # our unique id for the message: providers that support it dedupe on it
    provider_template: str = ""  # a template registered at the provider (Kavenegar lookup)
    tokens: dict[str, str] = field(default_factory=dict)  # that template's values


@dataclass(frozen=True)
class SentSms:
    """The provider's answer: its id for the message, and its status in our terms."""

    provider_id: str
    status: str = "sent"  # one of receipts.constants.SmsStatus: sent or delivered


class SmsBackend:
    """Base class. Subclasses set `name` and implement `send`.

    Override `find_sent` when the provider can look a message up by our `local_id`:
    then a retry after an attempt whose answer was lost (a worker killed mid-request,
    a read timeout) finds the message instead of sending it twice. Override
    `delivery_statuses` when the provider reports delivery.
    """

    name: str = ""

    def send(self, sms: OutgoingSms) -> SentSms:
        raise NotImplementedError

    def find_sent(self, local_id: str) -> SentSms | None:
        return None

    def delivery_statuses(self, provider_ids: list[str]) -> dict[str, str]:
        """Provider id → "sent", "delivered" or "failed", for the ids the provider knows."""
        return {}


class SmsBackendRegistry:
    def __init__(self) -> None:
        self._backends: dict[str, type[SmsBackend]] = {}

    def register(self, name: str) -> Callable[[type[SmsBackend]], type[SmsBackend]]:
        def decorator(cls: type[SmsBackend]) -> type[SmsBackend]:
            cls.name = name
            self._backends[name] = cls
            return cls

        return decorator

    def names(self) -> list[str]:
        return sorted(self._backends)

    def get(self, name: str) -> type[SmsBackend]:
        try:
            return self._backends[name]
        except KeyError:
            raise LookupError(
                f"Unknown SMS_BACKEND {name!r}; choose one of {', '.join(self.names())}."
            ) from None


sms_backends = SmsBackendRegistry()


def sms_backend_get(name: str | None = None) -> SmsBackend:
    """The configured backend (`SMS_BACKEND`), built from the settings."""
    return sms_backends.get(name or settings.SMS_BACKEND)()
