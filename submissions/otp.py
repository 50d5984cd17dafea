"""One-time codes by SMS: proving a citizen holds a mobile number.

`otp_send` issues a six-digit code (valid OTP_VALID_SECONDS, two minutes by default) and
hands it to `otp_listeners`, which `receipts` fills with the SMS (a provider template
where the provider has one); `otp_verify` checks a code typed in any digit script, at
most OTP_MAX_ATTEMPTS (5) tries a code, each code once. A mobile gets another code only
after OTP_RESEND_SECONDS (60), and at most a few an hour, per mobile and per client
address, through the project's rate limits (submissions/ratelimit.py).

Why a small model and not django-otp's devices (django-otp is installed, for the admin's
two-factor sign-in): its devices belong to a user account (`Device.user`), and citizens
have none; its side-channel device (`SideChannelDevice`) keeps the token in clear, and
its throttling backs off exponentially instead of counting tries per code. Here a code
is stored only as an HMAC under the secret key and a per-code salt, and the rules above
are a few lines each.

Only the latest code of a mobile and purpose counts: a new code replaces the earlier one.
A verified mobile for the API is a signed, short-lived token
(`verification_token_issue`, OTP_TOKEN_SECONDS), checked without a database row.
"""

import hmac
import secrets
import unicodedata
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from formbuilder.fields.text import local_digits
from formbuilder.persian.identifiers import mobile_normalise
from formbuilder.schema import schema_fields

from .constants import OTP_CODE_DIGITS, OtpPurpose
from .events import OtpMessage, otp_listeners
from .models import OtpChallenge
from .ratelimit import RateLimited, rate_limits_enforce

PURPOSES = frozenset(OtpPurpose.values)
_HMAC_SALT = "khedmat.submissions.otp"
_TOKEN_SALT = "khedmat.submissions.otp.verified-mobile"  # noqa: S105 (a namespace)


class OtpLimited(RateLimited):
    """A code refused for now; `wait` (= `wait_seconds`) and `wait_text` say how long."""

    @property
    def wait(self) -> int:
        return self.wait_seconds


class OtpRateLimited(OtpLimited):
    """Too many codes this hour for this mobile or from this client address."""


class OtpResendTooSoon(OtpLimited):
    """A code was sent to this mobile less than OTP_RESEND_SECONDS ago."""


class OtpInvalid(Exception):
    """The code was not accepted; the text is the Persian message for the citizen and
    `reason` one of "wrong", "expired", "used", "too_many", "none"."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def otp_code_clean(raw: str) -> str | None:
    """The code as six ASCII digits, from digits of any script (Persian, Arabic-Indic,
    …) with spaces around or between them; None when it is not six digits."""
    digits = []
    for character in str(raw or ""):
        if character.isspace():
            continue
        value = unicodedata.decimal(character, None)
        if value is None:
            return None
        digits.append(str(value))
    code = "".join(digits)
    return code if len(code) == OTP_CODE_DIGITS else None


def _code_hash(challenge: OtpChallenge, code: str) -> str:
    message = f"{challenge.mobile}:{challenge.purpose}:{challenge.salt}:{code}"
    return salted_hmac(_HMAC_SALT, message, algorithm="sha256").hexdigest()


def _purpose_check(purpose: str) -> None:
    if purpose not in PURPOSES:
        raise ValueError(f"Unknown one-time code purpose: {purpose!r}")


def _mobile(mobile: str) -> str:
    normalised = mobile_normalise(mobile)
    if normalised is None:
        raise ValueError("Not a mobile number; validate it before asking for a code.")
    return normalised


def _latest(mobile: str, purpose: str):
    return OtpChallenge.objects.filter(mobile=mobile, purpose=purpose).order_by(
        "-created_at", "-pk"
    )


def otp_send(*, mobile: str, client_ip: str, purpose: str) -> OtpChallenge:
    """Issue a code for `mobile` (validated by the caller) and have it texted.

    Raises OtpResendTooSoon within OTP_RESEND_SECONDS of the last code for this mobile
    and purpose (not counted), then OtpRateLimited over the hourly limits per mobile or
    per client address (each code sent counts against both).
    """
    _purpose_check(purpose)
    mobile = _mobile(mobile)
    now = timezone.now()
    last = _latest(mobile, purpose).first()
    if last is not None:
        ready_at = last.created_at + timedelta(seconds=settings.OTP_RESEND_SECONDS)
        if ready_at > now:
            raise OtpResendTooSoon(max(1, int((ready_at - now).total_seconds() + 0.999)))
    rate_limits_enforce(
        OtpRateLimited,
        ("otp-mobile", mobile, settings.OTP_RATE_LIMIT_PER_MOBILE),
        ("otp-ip", client_ip or None, settings.OTP_RATE_LIMIT_PER_IP),
        window_seconds=settings.OTP_RATE_LIMIT_WINDOW,
    )
    code = f"{secrets.randbelow(10**OTP_CODE_DIGITS):0{OTP_CODE_DIGITS}d}"
    with transaction.atomic():
        challenge = OtpChallenge(
            mobile=mobile,
            purpose=purpose,
            salt=secrets.token_hex(16),
            created_at=now,
            expires_at=now + timedelta(seconds=settings.OTP_VALID_SECONDS),
        )
        challenge.code_hash = _code_hash(challenge, code)
        challenge.save()
        otp_listeners.notify(
            OtpMessage(
                challenge_id=challenge.pk,
                mobile=mobile,
                code=code,
                purpose=purpose,
                valid_minutes=max(1, settings.OTP_VALID_SECONDS // 60),
            )
        )
    return challenge


def _refusal(challenge: OtpChallenge | None, now: datetime) -> OtpInvalid | None:
    """Why the challenge takes no more tries, or None while it does."""
    if challenge is None:
        return OtpInvalid("none", _("No code has been sent to this mobile number. Ask for one."))
    if challenge.used_at is not None:
        return OtpInvalid("used", _("This code has already been used. Ask for a new one."))
    if challenge.expires_at <= now:
        return OtpInvalid("expired", _("This code has expired. Ask for a new one."))
    if challenge.attempts >= settings.OTP_MAX_ATTEMPTS:
        return OtpInvalid("too_many", _("Too many wrong tries for this code. Ask for a new one."))
    return None


def otp_verify(*, mobile: str, code: str, purpose: str) -> None:
    """Accept the latest code sent to `mobile` for `purpose`, once; else raise OtpInvalid.

    Each try of a well-formed code counts (at most OTP_MAX_ATTEMPTS); a code of another
    length or with other characters is refused without counting, as a typo.
    """
    _purpose_check(purpose)
    normalised = mobile_normalise(mobile)
    clean = otp_code_clean(code)
    if clean is None:
        raise OtpInvalid("wrong", _("Enter the six-digit code sent to you by SMS."))
    now = timezone.now()
    with transaction.atomic():
        challenge = _latest(normalised, purpose).select_for_update().first() if normalised else None
        refusal = _refusal(challenge, now)
        if refusal is None:
            challenge.attempts += 1
            if hmac.compare_digest(challenge.code_hash, _code_hash(challenge, clean)):
                challenge.used_at = now
                challenge.save(update_fields=["attempts", "used_at"])
                return
            challenge.save(update_fields=["attempts"])
            left = settings.OTP_MAX_ATTEMPTS - challenge.attempts
            refusal = OtpInvalid(
                "wrong",
                _("The code is wrong. %(left)s tries left.") % {"left": local_digits(left)}
                if left
                else _("The code is wrong, and it takes no more tries. Ask for a new one."),
            )
    raise refusal


def verification_token_issue(mobile: str) -> tuple[str, datetime]:
    """A signed token saying `mobile` was verified now, and when it stops being accepted."""
    token = signing.dumps({"m": _mobile(mobile)}, salt=_TOKEN_SALT, compress=True)
    return token, timezone.now() + timedelta(seconds=settings.OTP_TOKEN_SECONDS)


def verification_token_mobile(token: str) -> str | None:
    """The mobile a token from `verification_token_issue` verified, while it is valid;
    None for an expired, altered or foreign token."""
    if not isinstance(token, str) or not token or len(token) > 500:
        return None
    try:
        payload = signing.loads(token, salt=_TOKEN_SALT, max_age=settings.OTP_TOKEN_SECONDS)
    except signing.BadSignature:
        return None
    mobile = payload.get("m") if isinstance(payload, dict) else None
    return mobile if isinstance(mobile, str) and mobile_normalise(mobile) == mobile else None


def verified_mobile_keys(form_version) -> list[str]:
    """The mobile questions a verified number fills, when the form asks for a verified
    mobile (`ServiceForm.verify_mobile`) and has one; else [] (nothing to verify)."""
    if not form_version.form.verify_mobile:
        return []
    return [spec["key"] for spec in schema_fields(form_version.schema) if spec["type"] == "mobile"]
