"""A generic HTTP provider, described entirely by settings.

SMS_HTTP_URL and SMS_HTTP_METHOD (GET, POST or PUT) say where to send; SMS_HTTP_HEADERS
is a JSON object of headers (an API key goes here); SMS_HTTP_PAYLOAD is a JSON template
whose string values may hold `{recipient}`, `{body}` and `{local_id}`, sent as a JSON
body (POST, PUT) or as query parameters (GET, then a flat object); SMS_HTTP_ID_FIELD is
the dotted path to the provider's id in its JSON answer ("data.id", "messages.0.id").

A 2xx answer is success. Timeouts, network errors, 429 and 5xx are worth retrying;
any other answer is a refusal.
"""

from __future__ import annotations

import json
import logging
import re
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ..constants import SmsErrorReason, SmsStatus
from .base import (
    OutgoingSms,
    SentSms,
    SmsBackend,
    SmsPermanentError,
    SmsTemporaryError,
    sms_backends,
)

logger = logging.getLogger("receipts.sms")

METHODS = ("GET", "POST", "PUT")
# One pass over the three exact placeholders, so a body that itself contains
# "{local_id}" or other braces is sent as written (neither str.format nor a chain of
# str.replace calls would be).
PAYLOAD_PLACEHOLDER_RE = re.compile(r"\{(recipient|body|local_id)\}")
TEMPORARY_STATUSES = {408: SmsErrorReason.TIMEOUT, 429: SmsErrorReason.RATE_LIMITED}
ERROR_BODY_LENGTH = 200


@sms_backends.register("http")
class HttpSmsBackend(SmsBackend):
    """A provider that takes one message per HTTP request; no look-ups, no reports."""

    def __init__(self) -> None:
        self.url = settings.SMS_HTTP_URL
        if not self.url:
            raise ImproperlyConfigured("SMS_BACKEND is 'http' but SMS_HTTP_URL is empty.")
        self.method = str(settings.SMS_HTTP_METHOD).upper()
        if self.method not in METHODS:
            raise ImproperlyConfigured(
                f"SMS_HTTP_METHOD must be one of {', '.join(METHODS)}, "
                f"not {settings.SMS_HTTP_METHOD!r}."
            )
        self.headers = _json_setting("SMS_HTTP_HEADERS")
        if not all(isinstance(value, str) for value in self.headers.values()):
            raise ImproperlyConfigured("SMS_HTTP_HEADERS: every header value must be a string.")
        self.payload = _json_setting("SMS_HTTP_PAYLOAD")
        if self.method == "GET" and any(
            isinstance(value, dict | list) for value in self.payload.values()
        ):
            raise ImproperlyConfigured(
                "SMS_HTTP_PAYLOAD: with SMS_HTTP_METHOD GET the payload becomes query "
                "parameters, so it must be a flat JSON object."
            )
        self.id_field = settings.SMS_HTTP_ID_FIELD
        seconds = float(settings.SMS_TIMEOUT_SECONDS)
        self.timeout = (min(seconds, 5.0), seconds)

    def send(self, sms: OutgoingSms) -> SentSms:
        payload = payload_fill(
            self.payload, {"recipient": sms.recipient, "body": sms.body, "local_id": sms.local_id}
        )
        if self.method == "GET":
            options = {"params": {key: _query_value(value) for key, value in payload.items()}}
        else:
            options = {"json": payload}
        try:
            response = requests.request(
                self.method, self.url, headers=self.headers, timeout=self.timeout, **options
            )
        except requests.Timeout as exc:
            raise SmsTemporaryError(
                self._redact(f"SMS provider timed out ({exc})"), reason=SmsErrorReason.TIMEOUT
            ) from None
        except requests.RequestException as exc:
            # `from None`: the chained exception's text carries the URL with its query.
            raise SmsTemporaryError(
                self._redact(f"SMS provider unreachable ({exc})"),
                reason=SmsErrorReason.UNREACHABLE,
            ) from None

        code = response.status_code
        if 200 <= code < 300:
            provider_id = answer_field(_json_or_none(response), self.id_field)
            if provider_id in (None, ""):
                provider_id = sms.local_id
            logger.info("SMS provider took local id %s as %s", sms.local_id, provider_id)
            return SentSms(provider_id=str(provider_id), status=SmsStatus.SENT)
        error = self._redact(
            f"SMS provider answered HTTP {code}: {response.text[:ERROR_BODY_LENGTH]}".rstrip(": ")
        )
        raw_code = f"HTTP {code}"
        if code in TEMPORARY_STATUSES:
            raise SmsTemporaryError(error, reason=TEMPORARY_STATUSES[code], code=raw_code)
        if code >= 500:
            raise SmsTemporaryError(error, reason=SmsErrorReason.PROVIDER_ERROR, code=raw_code)
        raise SmsPermanentError(error, reason=SmsErrorReason.REFUSED, code=raw_code)

    def _redact(self, text: str) -> str:
        # Providers often take their key in the query string.
        query = urlsplit(self.url).query
        return text.replace(query, "<query>") if query else text


def payload_fill(template, values: dict[str, str]):
    """`template` (parsed JSON) with the placeholders in its string values filled in.

    Keys, numbers, booleans and null are kept as they are.
    """
    if isinstance(template, dict):
        return {key: payload_fill(value, values) for key, value in template.items()}
    if isinstance(template, list):
        return [payload_fill(value, values) for value in template]
    if isinstance(template, str):
        return PAYLOAD_PLACEHOLDER_RE.sub(lambda match: values[match.group(1)], template)
    return template


def answer_field(answer, path: str):
    """The value at dotted `path` in a parsed JSON answer (digits index lists), or None."""
    value = answer
    for step in path.split(".") if path else []:
        if isinstance(value, dict):
            value = value.get(step)
        elif isinstance(value, list) and step.isdigit() and int(step) < len(value):
            value = value[int(step)]
        else:
            return None
    if isinstance(value, dict | list):
        return None
    return value


def _json_setting(name: str) -> dict:
    raw = getattr(settings, name)
    if isinstance(raw, dict):
        return raw
    try:
        value = json.loads(raw or "{}")
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfigured(f"{name} is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object, not {type(value).__name__}.")
    return value


def _json_or_none(response: requests.Response):
    try:
        return response.json()
    except ValueError:
        return None


def _query_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)
