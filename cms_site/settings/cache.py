"""The shared cache on Redis (base.py's CACHES), also for tests that point it elsewhere.

django-redis keeps one client (and its connection pool) per process, where Django's own
Redis backend builds a client for every call. A Redis that does not answer fails the call
within a second or two, instead of holding the request: our code then steps aside and
logs (formbuilder/shared_cache.py names what it catches).
"""

REDIS_BACKEND = "django_redis.cache.RedisCache"
# Seconds: to connect, and to wait for an answer once connected.
REDIS_CONNECT_TIMEOUT = 1
REDIS_ANSWER_TIMEOUT = 2


def redis_caches(url: str) -> dict:
    """CACHES with the `default` cache on the Redis at `url`."""
    return {
        "default": {
            "BACKEND": REDIS_BACKEND,
            "LOCATION": url,
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": REDIS_CONNECT_TIMEOUT,
                "SOCKET_TIMEOUT": REDIS_ANSWER_TIMEOUT,
            },
        }
    }
