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


# The alias the cached_db sessions use (base.py's SESSION_CACHE_ALIAS).
SESSIONS_CACHE = "sessions"


def redis_caches(url: str) -> dict:
    """CACHES with the `default` cache on the Redis at `url`, and the sessions' cache on
    the same Redis, whose errors django-redis logs and ignores: Django's cached_db store
    catches a failed read but not the write that follows its database read, so with Redis
    down every citizen with a session would get a 500; ignored, the store reads and
    writes the database alone until Redis is back."""
    options = {
        "SOCKET_CONNECT_TIMEOUT": REDIS_CONNECT_TIMEOUT,
        "SOCKET_TIMEOUT": REDIS_ANSWER_TIMEOUT,
    }
    return {
        "default": {"BACKEND": REDIS_BACKEND, "LOCATION": url, "OPTIONS": options},
        SESSIONS_CACHE: {
            "BACKEND": REDIS_BACKEND,
            "LOCATION": url,
            "OPTIONS": {**options, "IGNORE_EXCEPTIONS": True},
        },
    }
