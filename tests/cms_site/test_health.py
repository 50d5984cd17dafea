"""The health endpoint (cms_site/health.py) against the real PostgreSQL and Redis."""

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.utils import timezone

from cms_site import health
from cms_site.settings.cache import redis_caches as redis_cache

pytestmark = pytest.mark.django_db

REDIS = "redis://127.0.0.1:6379/14"
# Nothing listens on port 1: a Redis that is down.
DEAD_REDIS = "redis://127.0.0.1:1/0"


def health_json(client):
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    return response.status_code, response.json()


def failing(body):
    return {name for name, status in body.items() if status != "OK"}


@override_settings(CACHES=redis_cache(REDIS), CELERY_BROKER_URL="")
def test_healthy_is_200_with_every_component(client):
    status, body = health_json(client)
    assert status == 200
    assert failing(body) == set()
    names = " ".join(body)
    for component in ("Database", "Cache", "Storage", "Broker", "WorkerHeartbeat"):
        assert component in names


@override_settings(CACHES=redis_cache(DEAD_REDIS), CELERY_BROKER_URL="")
def test_dead_redis_fails_and_names_the_cache(client):
    status, body = health_json(client)
    assert status in (500, 503)
    assert failing(body) == {"Cache(alias='default')"}
    assert "Connection Error" in body["Cache(alias='default')"]


@override_settings(CACHES=redis_cache(REDIS), CELERY_BROKER_URL=REDIS, WORKER_HEARTBEAT_MAX_AGE=60)
def test_broker_and_a_fresh_heartbeat_are_ok(client):
    health.heartbeat_write()
    status, body = health_json(client)
    assert (status, failing(body)) == (200, set())


@override_settings(CACHES=redis_cache(REDIS), CELERY_BROKER_URL=REDIS, WORKER_HEARTBEAT_MAX_AGE=60)
def test_an_old_heartbeat_fails(client):
    caches["default"].set(health.HEARTBEAT_KEY, timezone.now().timestamp() - 120)
    status, body = health_json(client)
    assert status == 500
    assert failing(body) == {"WorkerHeartbeat()"}


@override_settings(CACHES=redis_cache(REDIS), CELERY_BROKER_URL=REDIS)
def test_a_missing_heartbeat_fails(client):
    caches["default"].delete(health.HEARTBEAT_KEY)
    status, body = health_json(client)
    assert status == 500
    assert failing(body) == {"WorkerHeartbeat()"}


@override_settings(CACHES=redis_cache(REDIS), CELERY_BROKER_URL=DEAD_REDIS)
def test_a_dead_broker_fails_without_its_url(client):
    health.heartbeat_write()
    status, body = health_json(client)
    assert status == 500
    assert failing(body) == {"Broker()"}
    assert "127.0.0.1:1" not in str(body)


@override_settings(CACHES=redis_cache(REDIS), CELERY_BROKER_URL="")
def test_the_heartbeat_task_writes_the_time(client):
    from cms_site.tasks import worker_heartbeat

    caches["default"].delete(health.HEARTBEAT_KEY)
    worker_heartbeat.apply()
    assert caches["default"].get(health.HEARTBEAT_KEY) >= timezone.now().timestamp() - 5


@override_settings(CACHES=redis_cache(REDIS), CELERY_BROKER_URL="")
def test_the_text_and_html_answers(client):
    text = client.get("/health/?format=text")
    assert text.status_code == 200
    assert "Database(alias='default'): OK" in text.content.decode()
    page = client.get("/health/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]


def test_a_malformed_accept_header_is_a_406_in_persian(client):
    response = client.get("/health/", HTTP_ACCEPT="not a media type")
    assert response.status_code == 406
    assert response.content.decode() == "سرآیند Accept خوانا نیست."
