"""Kavenegar (kavenegar.com) through its REST API.

Plain texts go to `sms/send` with our local id (as a number, `kavenegar_localid`), so
a retry after a lost answer finds the message (`sms/statuslocalmessageid`) instead of
sending it twice. A message with a provider template goes to `verify/lookup`,
Kavenegar's template route, which reaches numbers that block advertising; that route
takes no local id, so a lookup whose answer was lost may be sent again. Delivery
reports come from `sms/status`.

Every answer is JSON: `{"return": {"status": 200, "message": …}, "entries": […]}`; on
an error Kavenegar also sets the HTTP status to `return.status`. The API key is part of
every URL path, so it is removed from every error text this module raises.
"""

from __future__ import annotations

import hashlib
import logging
from urllib.parse import quote

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

# Kavenegar's message statuses (its official MessageStatus) in our terms. Codes not
# listed (none are documented) are left out of delivery reports.
MESSAGE_STATUSES = {
    1: SmsStatus.SENT,  # queued
    2: SmsStatus.SENT,  # scheduled
    4: SmsStatus.SENT,  # sent to the telecommunication centre
    5: SmsStatus.SENT,  # sent to the operator
    10: SmsStatus.DELIVERED,
    6: SmsStatus.FAILED,  # failed to send
    11: SmsStatus.FAILED,  # undelivered
    13: SmsStatus.FAILED,  # cancelled
    14: SmsStatus.FAILED,  # blocked by the recipient
    100: SmsStatus.FAILED,  # unknown message id
}
STATUS_UNKNOWN_ID = 100
# Kavenegar's return statuses (its REST documentation's list) in our terms: why, and
# whether trying again later may help. 409 is "the server cannot answer now, try later",
# 451 "too many calls in a short time"; 429 is HTTP's "too many requests" (Kavenegar's
# list calls it a restricted IP): both retried with back-off, within SMS_MAX_ATTEMPTS.
# 418 (out of credit) is not retried: nothing changes until someone charges the account,
# then staff send the failed messages again. Any other 5xx is retried; any other 4xx is
# about this request and fails it.
RETURN_STATUSES: dict[int, tuple[str, bool]] = {
    400: (SmsErrorReason.REFUSED, False),  # parameters incomplete
    401: (SmsErrorReason.ACCOUNT, False),  # account disabled
    402: (SmsErrorReason.REFUSED, False),  # operation failed
    403: (SmsErrorReason.ACCOUNT, False),  # invalid API key
    404: (SmsErrorReason.REFUSED, False),  # unknown method
    405: (SmsErrorReason.REFUSED, False),  # wrong HTTP method
    406: (SmsErrorReason.REFUSED, False),  # a required parameter is empty
    407: (SmsErrorReason.NOT_ALLOWED, False),  # no access to this information
    409: (SmsErrorReason.BUSY, True),  # the server cannot answer now, try later
    411: (SmsErrorReason.INVALID_RECIPIENT, False),
    412: (SmsErrorReason.INVALID_SENDER, False),
    413: (SmsErrorReason.TEXT_REFUSED, False),  # empty or too long
    414: (SmsErrorReason.REFUSED, False),  # request too large
    415: (SmsErrorReason.REFUSED, False),  # start index out of range
    416: (SmsErrorReason.NOT_ALLOWED, False),  # the calling server's IP is not the configured one
    417: (SmsErrorReason.REFUSED, False),  # invalid send date
    418: (SmsErrorReason.NO_CREDIT, False),
    419: (SmsErrorReason.REFUSED, False),  # arrays of different lengths
    420: (SmsErrorReason.TEXT_REFUSED, False),  # links in the text are restricted for the account
    422: (SmsErrorReason.TEXT_REFUSED, False),  # a character it cannot process
    424: (SmsErrorReason.TEMPLATE, False),  # template not found
    426: (SmsErrorReason.NOT_ALLOWED, False),  # needs the advanced service
    427: (SmsErrorReason.NOT_ALLOWED, False),  # this line needs a permission
    428: (SmsErrorReason.NOT_ALLOWED, False),  # a code cannot be sent as a voice call
    429: (SmsErrorReason.RATE_LIMITED, True),
    431: (SmsErrorReason.TEMPLATE, False),  # a token's structure is invalid
    432: (SmsErrorReason.TEMPLATE, False),  # the template's token is missing
    451: (SmsErrorReason.RATE_LIMITED, True),  # too many calls in a short time
    501: (SmsErrorReason.NOT_ALLOWED, False),  # a test account sends only to its owner's number
}
STATUS_IDS_PER_CALL = 500
# verify/lookup refuses spaces in token, token2 and token3; token10 takes up to 5 and
# token20 up to 8. Extra spaces become dashes (`lookup_tokens`), as do underscores.
LOOKUP_TOKEN_SPACES = {"token": 0, "token2": 0, "token3": 0, "token10": 5, "token20": 8}
ERROR_BODY_LENGTH = 200
LOCALID_DIGITS = 18  # fits a signed 64-bit integer


@sms_backends.register("kavenegar")
class KavenegarBackend(SmsBackend):
    """Kavenegar's REST API, configured by KAVENEGAR_API_KEY, KAVENEGAR_BASE_URL,
    KAVENEGAR_SENDER (empty: the account's default line) and SMS_TIMEOUT_SECONDS."""

    def __init__(self) -> None:
        self.api_key = settings.KAVENEGAR_API_KEY
        if not self.api_key:
            raise ImproperlyConfigured("SMS_BACKEND is 'kavenegar' but KAVENEGAR_API_KEY is empty.")
        self.base_url = settings.KAVENEGAR_BASE_URL.rstrip("/")
        self.sender = settings.KAVENEGAR_SENDER
        seconds = float(settings.SMS_TIMEOUT_SECONDS)
        # A refused or slow connection means nothing was sent, so it may fail sooner.
        self.timeout = (min(seconds, 5.0), seconds)
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"

    def send(self, sms: OutgoingSms) -> SentSms:
        if sms.provider_template:
            action = "verify/lookup"
            params = {
                "receptor": sms.recipient,
                "template": sms.provider_template,
                **lookup_tokens(sms.tokens),
            }
        else:
            action = "sms/send"
            params = {
                "receptor": sms.recipient,
                "message": sms.body,
                "localid": kavenegar_localid(sms.local_id),
            }
            if self.sender:
                params["sender"] = self.sender
        entries = self._call(action, params)
        entry = next((entry for entry in entries if entry.get("messageid")), None)
        if entry is None:
            # Accepted without an id: whether it went out is unknown, so retry; a plain
            # text is then found by its local id.
            raise SmsTemporaryError(
                f"Kavenegar {action}: the answer names no message id.",
                reason=SmsErrorReason.UNREADABLE,
            )
        logger.info("Kavenegar %s took local id %s as %s", action, sms.local_id, entry["messageid"])
        return SentSms(
            provider_id=str(entry["messageid"]),
            status=SmsStatus.DELIVERED if _status_code(entry) == 10 else SmsStatus.SENT,
        )

    def find_sent(self, local_id: str) -> SentSms | None:
        localid = kavenegar_localid(local_id)
        entries = self._call("sms/statuslocalmessageid", {"localid": localid})
        for entry in entries:
            if str(entry.get("localid", localid)) != localid:
                continue
            status = _status_code(entry)
            if not entry.get("messageid") or status == STATUS_UNKNOWN_ID:
                continue
            # A message Kavenegar already failed is still reported as sent: sending it
            # again would not help, and the delivery refresh records the failure.
            return SentSms(
                provider_id=str(entry["messageid"]),
                status=SmsStatus.DELIVERED if status == 10 else SmsStatus.SENT,
            )
        return None

    def delivery_statuses(self, provider_ids: list[str]) -> dict[str, str]:
        # Kavenegar's ids are numbers; others (another backend's) would spoil the batch.
        ids = [provider_id for provider_id in dict.fromkeys(provider_ids) if provider_id.isdigit()]
        statuses: dict[str, str] = {}
        for start in range(0, len(ids), STATUS_IDS_PER_CALL):
            batch = ids[start : start + STATUS_IDS_PER_CALL]
            entries = self._call("sms/status", {"messageid": ",".join(batch)})
            asked = set(batch)
            for entry in entries:
                provider_id = str(entry.get("messageid", ""))
                status = MESSAGE_STATUSES.get(_status_code(entry))
                if provider_id in asked and status is not None:
                    statuses[provider_id] = status
        return statuses

    def _call(self, action: str, params: dict[str, str]) -> list[dict]:
        """POST `params` to `action` ("sms/send"…); the answer's entries, or an SmsError."""
        url = f"{self.base_url}/{quote(self.api_key, safe='')}/{action}.json"
        try:
            response = self.session.post(url, data=params, timeout=self.timeout)
        except requests.Timeout as exc:
            # The read may time out after Kavenegar took the message: a retry looks first.
            raise SmsTemporaryError(
                self._redact(f"Kavenegar {action}: timed out ({exc})"),
                reason=SmsErrorReason.TIMEOUT,
            ) from None
        except requests.RequestException as exc:
            # `from None`: the chained exception's text would carry the URL, and the key.
            raise SmsTemporaryError(
                self._redact(f"Kavenegar {action}: {exc}"), reason=SmsErrorReason.UNREACHABLE
            ) from None

        try:
            answer = response.json()
        except ValueError:
            answer = None
        returned = answer.get("return") if isinstance(answer, dict) else None
        if isinstance(returned, dict):
            code = _as_int(returned.get("status"), default=response.status_code)
            message = str(returned.get("message") or "")
            raw_code = str(code)
        else:
            code = response.status_code
            message = response.text[:ERROR_BODY_LENGTH]
            raw_code = f"HTTP {code}"
        if code == 200 and response.status_code < 400 and returned is not None:
            entries = answer.get("entries") or []
            if isinstance(entries, dict):  # a single entry, as some actions answer
                entries = [entries]
            return [entry for entry in entries if isinstance(entry, dict)]

        error = self._redact(f"Kavenegar {action} [{raw_code}]: {message}".rstrip(": "))
        if code == 200:  # an HTTP error around a 200, or no readable answer at all
            code = response.status_code
        reason, temporary = kavenegar_error(code)
        if reason is None:
            raise SmsTemporaryError(
                self._redact(f"Kavenegar {action}: unreadable answer."),
                reason=SmsErrorReason.UNREADABLE,
                code=raw_code,
            )
        raise (SmsTemporaryError if temporary else SmsPermanentError)(
            error, reason=reason, code=raw_code
        )

    def _redact(self, text: str) -> str:
        for form in {self.api_key, quote(self.api_key, safe="")}:
            text = text.replace(form, "<api-key>")
        return text


def kavenegar_error(code: int) -> tuple[str | None, bool]:
    """What a Kavenegar status (or an HTTP status around it) means: (reason, temporary).

    (None, True) for a status that is no error code (a 2xx or 3xx with no usable answer).
    """
    if code in RETURN_STATUSES:
        return RETURN_STATUSES[code]
    if code >= 500:
        return SmsErrorReason.PROVIDER_ERROR, True
    if code >= 400:
        return SmsErrorReason.REFUSED, False
    return None, True


def kavenegar_localid(local_id: str) -> str:
    """Our local id as Kavenegar's `localid`: a number, as its SDKs type it (a long).

    Short digit strings are kept; anything else (our UUIDs) becomes 18 digits of its
    SHA-256, the same every time, so `find_sent` asks for what `send` sent.
    """
    if local_id.isdigit() and len(local_id) <= LOCALID_DIGITS:
        return local_id
    digest = hashlib.sha256(local_id.encode("utf-8")).digest()
    return str(int.from_bytes(digest[:8], "big") % 10**LOCALID_DIGITS)


def lookup_tokens(tokens: dict[str, str]) -> dict[str, str]:
    """verify/lookup's token parameters, written the way Kavenegar accepts them.

    Kavenegar refuses (431) a token with an underscore, and spaces beyond a token's
    allowance (none for token, token2 and token3): underscores become dashes, runs of
    white space (newlines too) one space, and spaces past the allowance dashes:
    "در حال بررسی" → "در-حال-بررسی" as a token. Empty tokens are left out; names other
    than Kavenegar's five are ignored. No length limit is documented, so none is applied.
    """
    params = {}
    for name, allowed in LOOKUP_TOKEN_SPACES.items():
        words = str(tokens.get(name) or "").replace("_", "-").split()
        if not words:
            continue
        if len(words) > allowed + 1:
            words = [*words[:allowed], "-".join(words[allowed:])]
        params[name] = " ".join(words)
    return params


def _status_code(entry: dict) -> int | None:
    return _as_int(entry.get("status"), default=None)


def _as_int(value, *, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
