"""Fixed-window rate limits in the cache (Redis in production), for guessable lookups."""

import hashlib

from django.core.cache import cache


def _key(scope: str, identity: str) -> str:
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def rate_limit_hit(*, scope: str, identity: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt; True while the identity is within `limit` per window."""
    key = _key(scope, identity)
    if cache.add(key, 1, timeout=window_seconds):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        return True
    return count <= limit


def client_ip(request) -> str:
    """The client's address. Behind a proxy, set it to overwrite REMOTE_ADDR."""
    return request.META.get("REMOTE_ADDR", "")


def rate_limit_reached(*, scope: str, identity: str, limit: int) -> bool:
    """Whether the identity has used up its attempts, without counting one."""
    return (cache.get(_key(scope, identity)) or 0) >= limit
