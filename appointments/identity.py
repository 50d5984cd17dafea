"""Who the citizen is: the mobile verified by a one-time code (the citizen identity of
`submissions`: its session for pages, its verification token for the API)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse


def verified_mobile(request) -> str | None:
    """The mobile the visitor proved with a one-time code in this session, if any."""
    from submissions.citizen_session import citizen_mobile

    return citizen_mobile(request)


def token_mobile(token: str) -> str | None:
    """The mobile a verification token (`POST /api/v1/otp/verify/`) stands for."""
    from submissions.otp import verification_token_mobile

    return verification_token_mobile(token or "")


def signin_url(next_path: str) -> str:
    """The citizen's sign-in (mobile, then code), coming back to `next_path`."""
    return f"{reverse('submissions:my_signin')}?{urlencode({'next': next_path})}"
