"""Sessions in the database: `SESSION_ENGINE = "cms_site.sessions.db"`."""

from django.contrib.sessions.backends import db

from . import LeanWritesMixin


class SessionStore(LeanWritesMixin, db.SessionStore):
    pass
