"""SMS backends, one module each; `sms_backend_get()` returns the configured one."""

from . import http, kavenegar, outbox  # noqa: F401  (each registers itself)
from .base import (
    OutgoingSms,
    SentSms,
    SmsBackend,
    SmsError,
    SmsPermanentError,
    SmsTemporaryError,
    sms_backend_get,
    sms_backends,
    sms_backends_reset,
)

__all__ = [
    "OutgoingSms",
    "SentSms",
    "SmsBackend",
    "SmsError",
    "SmsPermanentError",
    "SmsTemporaryError",
    "sms_backend_get",
    "sms_backends",
    "sms_backends_reset",
]
