"""Fixed-window rate limits in the cache (Redis in production), for guessable lookups."""

import hashlib
import ipaddress

from django.conf import settings
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
    """The client's address, as the proxies we trust saw it.

    Each proxy appends the address it received the request from to X-Forwarded-For, so
    only the right-hand end of that header can be believed, and only as far as our own
    proxies reach: TRUSTED_PROXY_COUNT of them in front of us, or any chain of
    TRUSTED_PROXIES (addresses or networks). What a client writes to the left of that is
    ignored. Without either setting the header is not read at all.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [hop for hop in hops if hop] + [remote]
    if settings.TRUSTED_PROXIES:
        address = _behind_trusted_networks(chain, settings.TRUSTED_PROXIES)
    elif settings.TRUSTED_PROXY_COUNT:
        address = chain[max(len(chain) - 1 - settings.TRUSTED_PROXY_COUNT, 0)]
    else:
        address = remote
    return address if _is_address(address) else remote


def _behind_trusted_networks(chain: list[str], trusted: list[str]) -> str:
    networks = [ipaddress.ip_network(item, strict=False) for item in trusted]
    position = len(chain) - 1
    while position > 0 and _within(chain[position], networks):
        position -= 1
    return chain[position]


def _within(address: str, networks) -> bool:
    if not _is_address(address):
        return False
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in networks)


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def rate_limit_reached(*, scope: str, identity: str, limit: int) -> bool:
    """Whether the identity has used up its attempts, without counting one."""
    return (cache.get(_key(scope, identity)) or 0) >= limit
