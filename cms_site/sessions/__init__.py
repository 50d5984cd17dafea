"""Session stores: Django's database store (and its cached variant) without the round
trips a write does not need.

Django's database store checks that a new random key is unused (one query) before it
inserts it, and wraps every write in a transaction (BEGIN and COMMIT around one
statement). Both are redundant outside a transaction: the session key is the primary
key, so an insert of a key in use fails on its own (`CreateError`, and `create()` draws
another key), and a single INSERT or UPDATE is atomic by itself. A citizen's step POST
creates the session that carries their answers, and every later step updates it: three
round trips fewer for the first, two for each other. Inside a transaction the writes
are Django's own (with their savepoint).

SESSION_ENGINE names `cms_site.sessions.db`, or `cms_site.sessions.cached_db` when
there is a shared cache.
"""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS, CreateError, UpdateError
from django.db import DatabaseError, IntegrityError, connections, router
from django.utils.crypto import get_random_string


class LeanWritesMixin:
    """For a subclass of Django's `db.SessionStore`."""

    def _get_new_session_key(self) -> str:
        # 32 characters of 36: a key in use is found by the insert's unique key instead.
        return get_random_string(32, VALID_KEY_CHARS)

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:
            return self.create()
        using = router.db_for_write(self.model)
        if connections[using].in_atomic_block:
            return super().save(must_create=must_create)
        data = self._get_session(no_load=must_create)
        obj = self.create_model_instance(data)
        try:
            obj.save(force_insert=must_create, force_update=not must_create, using=using)
        except IntegrityError as error:
            if must_create:
                raise CreateError from error
            raise
        except DatabaseError as error:
            if not must_create:
                raise UpdateError from error
            raise
        return None
