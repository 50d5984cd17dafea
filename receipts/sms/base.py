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
from django.core.exceptions import ImproperlyConfigured
from django.test.signals import setting_changed

from formbuilder.registry import Registry


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

    @classmethod
    def check_problems(cls) -> list[str]:
        """What is wrong with this backend's settings (empty: nothing), for the start-up
        check: the constructor reads and checks them, so this builds one."""
        try:
            cls()
        except ImproperlyConfigured as exc:
            return [str(exc)]
        return []

    def send(self, sms: OutgoingSms) -> SentSms:
        raise NotImplementedError

    def find_sent(self, local_id: str) -> SentSms | None:
        return None

    def delivery_statuses(self, provider_ids: list[str]) -> dict[str, str]:
        """Provider id → "sent", "delivered" or "failed", for the ids the provider knows."""
        return {}


class SmsBackendRegistry(Registry[type[SmsBackend]]):
    def __init__(self) -> None:
        super().__init__("SMS backend")

    def register(self, name: str) -> Callable[[type[SmsBackend]], type[SmsBackend]]:
        def decorator(cls: type[SmsBackend]) -> type[SmsBackend]:
            cls.name = name
            self.add(name, cls)
            return cls

        return decorator


sms_backends = SmsBackendRegistry()

# The backends built so far, by name: one a process, built on first use from the settings
# (a backend keeps its HTTP session, so connections are reused between messages).
_built: dict[str, SmsBackend] = {}


def sms_backend_get(name: str | None = None) -> SmsBackend:
    """The configured backend (`SMS_BACKEND`), built once a process from the settings."""
    name = name or settings.SMS_BACKEND
    if name not in _built:
        _built[name] = sms_backends.get(name)()
    return _built[name]


def sms_backends_reset(**kwargs) -> None:
    """Forget the built backends: the next message builds one from the settings as they
    are now. Connected to `setting_changed` (tests that change SMS settings)."""
    setting = kwargs.get("setting", "")
    if not setting or setting.startswith(SETTING_PREFIXES):
        _built.clear()


SETTING_PREFIXES = ("SMS_", "KAVENEGAR_")
setting_changed.connect(sms_backends_reset, dispatch_uid="receipts.sms.sms_backends_reset")
