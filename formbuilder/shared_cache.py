"""What the shared cache (Redis, through django-redis) raises while it is unreachable.

Kept in formbuilder, the bottom layer, so that every app that steps aside when the cache
is down (the add page's guard, the service lookups, the rate limits, the health check)
catches the same errors.
"""

from redis.exceptions import RedisError

__all__ = ["SHARED_CACHE_UNREACHABLE"]

# redis-py's own errors: django-redis wraps them in its ConnectionInterrupted inside its
# client, but its cache's methods raise the original error again (unless IGNORE_EXCEPTIONS,
# which we leave off: our fallbacks log what they skip).
SHARED_CACHE_UNREACHABLE = (RedisError,)
