"""HMAC-SHA256 signatures of request bodies, both ways (DESIGN.md, "HTTP").

`X-Khedmat-Signature: sha256=<hex>` where <hex> is the HMAC-SHA256 of the exact body
bytes under the endpoint's shared secret. We sign what we send to an automation system
and check what it sends back to `/api/v1/automation/events/`.
"""

import hashlib
import hmac

SIGNATURE_SCHEME = "sha256="


def signature_for(secret: str, body: bytes) -> str:
    """The header value for `body`: "sha256=<hex HMAC-SHA256>"."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return SIGNATURE_SCHEME + digest


def signature_valid(secret: str, body: bytes, header: str | None) -> bool:
    """Whether `header` is the signature of `body` under `secret`, compared in constant time.

    The hex digest is compared case-insensitively; a missing header, another scheme or
    an empty secret is never valid.
    """
    if not secret or not header or not isinstance(header, str):
        return False
    scheme, _, digest = header.strip().partition("=")
    if f"{scheme.lower()}=" != SIGNATURE_SCHEME or not digest:
        return False
    expected = signature_for(secret, body).removeprefix(SIGNATURE_SCHEME)
    return hmac.compare_digest(expected.encode("ascii"), digest.lower().encode("utf-8"))
