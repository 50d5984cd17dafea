"""Sessions read from the shared cache, written through to the database:
`SESSION_ENGINE = "cms_site.sessions.cached_db"`."""

from django.contrib.sessions.backends import cached_db

from . import db


class SessionStore(cached_db.SessionStore, db.SessionStore):
    """`cached_db.SessionStore.save` writes the database through `super()`, which is
    the lean write (the class order puts it before Django's), then the cache."""
