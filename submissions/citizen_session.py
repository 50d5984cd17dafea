"""A citizen signed in to "my requests" (`/my/`) with a one-time code: their verified
mobile number in the session, and nothing else in the browser but the session cookie.

The sign-in ends after CITIZEN_SESSION_IDLE_SECONDS (30 minutes) without a page that
asks for it, or when the citizen signs out; the rest of the session (a form being
filled) is kept.
"""

import time

from django.conf import settings

from formbuilder.persian.identifiers import mobile_normalise

SESSION_KEY = "citizen"


def citizen_sign_in(request, mobile: str) -> None:
    """Sign the session in as the holder of `mobile` (verified by the caller); a new
    session key, so a key planted before the sign-in is worth nothing after it."""
    normalised = mobile_normalise(mobile)
    if normalised is None:
        raise ValueError("Not a mobile number.")
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"mobile": normalised, "seen": time.time()}


def citizen_mobile(request) -> str | None:
    """The signed-in citizen's mobile, or None (never signed in, signed out, or idle
    longer than CITIZEN_SESSION_IDLE_SECONDS, which also signs out). Each call counts
    as activity."""
    session = getattr(request, "session", None)
    entry = session.get(SESSION_KEY) if session is not None else None
    if not isinstance(entry, dict):
        return None
    now = time.time()
    seen = entry.get("seen")
    if not isinstance(seen, (int, float)) or now - seen > settings.CITIZEN_SESSION_IDLE_SECONDS:
        session.pop(SESSION_KEY, None)
        return None
    session[SESSION_KEY] = {**entry, "seen": now}
    return entry.get("mobile")


def citizen_sign_out(request) -> None:
    """Forget the signed-in mobile, with a new session key."""
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()
