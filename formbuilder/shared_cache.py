"""What the shared cache (Redis, through django-redis) raises while it is unreachable.

Kept in formbuilder, the bottom layer, so that every app that steps aside when the cache
is down (the add page's guard, the service lookups, the rate limits, the health check)
catches the same errors.
"""

import logging

from django.core.cache import cache
from redis.exceptions import RedisError

__all__ = ["SHARED_CACHE_UNREACHABLE", "once_per_interval"]

logger = logging.getLogger(__name__)

# redis-py's own errors: django-redis wraps them in its ConnectionInterrupted inside its
# client, but its cache's methods raise the original error again (unless IGNORE_EXCEPTIONS,
# which we leave off: our fallbacks log what they skip).
SHARED_CACHE_UNREACHABLE = (RedisError,)


def once_per_interval(key: str, seconds: int) -> bool:
    """True at most once per `seconds` for `key` (once for all processes sharing the
    cache): the gate of the housekeeping a citizen's page starts where no beat runs it.
    While the cache is unreachable the housekeeping waits (False, logged): it must never
    cost the citizen their page."""
    try:
        return bool(cache.add(key, True, timeout=seconds))
    except SHARED_CACHE_UNREACHABLE as error:
        logger.warning("Housekeeping %s not started, the cache is unreachable: %s", key, error)
        return False
