"""The real text of an SMS whose log shows it masked (a one-time code).

Staff read the SMS log, and anyone with the database reads its rows; neither may see a
code that still signs someone in. So such a message's row keeps the text and the
provider template's values masked («******») for the log, and beside them the real ones
sealed for the sending worker (`receipts.outbox.sms_outgoing`), which alone opens them.

Sealed with Fernet (`cryptography`: AES-128-CBC and an HMAC-SHA256 over it) under a key
derived from SECRET_KEY; SECRET_KEY_FALLBACKS open what was sealed before a key change,
so a rotation loses no message in flight. Without the secret key a row says nothing.
"""

from __future__ import annotations

import base64
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac

_KEY_SALT = "khedmat.receipts.sealing"
# What the SMS log shows in place of a one-time code.
SECRET_MASK = "******"  # noqa: S105 (not a password: the mask)


class SealBroken(Exception):
    """A sealed text that no current or fallback secret key opens."""


def _fernet(secret: str) -> Fernet:
    key = salted_hmac(_KEY_SALT, "sms-text", secret=secret, algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(key))


def _keys() -> MultiFernet:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(secret) for secret in secrets])


def sms_seal(*, body: str, tokens: dict[str, str]) -> str:
    """The real text and template values of a message, sealed (ASCII)."""
    payload = json.dumps({"body": body, "tokens": tokens}, ensure_ascii=False)
    return _keys().encrypt(payload.encode("utf-8")).decode("ascii")


def sms_unseal(sealed: str) -> tuple[str, dict[str, str]]:
    """The (text, template values) `sms_seal` sealed; SealBroken when no key opens it."""
    try:
        payload = json.loads(_keys().decrypt(sealed.encode("ascii")))
    except (InvalidToken, ValueError, UnicodeError):
        raise SealBroken("The sealed SMS text cannot be opened with the secret keys.") from None
    return str(payload["body"]), dict(payload["tokens"])
