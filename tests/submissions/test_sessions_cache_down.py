"""Sessions (the wizard's answers) while Redis is down: Django's cached_db store, on the
sessions' own cache alias (cms_site/settings/cache.py), reads and writes the database
alone, so a citizen's session survives the outage instead of answering 500."""

import logging
import time

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore
from django.contrib.sessions.models import Session
from django.test import override_settings

from cms_site.settings.cache import SESSIONS_CACHE, redis_caches
from submissions import citizen_session

pytestmark = pytest.mark.django_db

REDIS_DOWN = override_settings(
    CACHES=redis_caches("redis://127.0.0.1:1/0"),  # nothing listens there: refused
    SESSION_ENGINE="django.contrib.sessions.backends.cached_db",
    SESSION_CACHE_ALIAS=SESSIONS_CACHE,
)


@REDIS_DOWN
def test_a_session_is_saved_and_read_back_from_the_database_while_redis_is_down(caplog):
    caplog.set_level(logging.ERROR, logger="django_redis.cache")
    written = SessionStore()
    written["answers"] = {"mobile": "09121234567"}
    written.save()
    assert Session.objects.filter(session_key=written.session_key).exists()

    # A later request: the cache read fails, the database answers, and the cache write
    # that follows it fails too, logged rather than raised.
    read = SessionStore(session_key=written.session_key)
    assert read["answers"] == {"mobile": "09121234567"}
    assert "Exception ignored" in caplog.text


@REDIS_DOWN
def test_a_signed_in_citizen_keeps_their_page_while_redis_is_down(client):
    stored = SessionStore()
    stored[citizen_session.SESSION_KEY] = {"mobile": "09121234567", "seen": time.time()}
    stored.save()
    client.cookies["sessionid"] = stored.session_key
    response = client.get("/my/")
    assert response.status_code == 200  # signed in: not sent to the sign-in page
    assert "۰۹۱۲***۴۵۶۷" in response.content.decode()  # the session's mobile, masked
