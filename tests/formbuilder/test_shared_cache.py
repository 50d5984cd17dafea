"""The housekeeping gate the citizen's pages use (formbuilder.shared_cache.once_per_interval):
once per interval while the cache answers; while Redis is down the housekeeping waits,
and the page that would have started it goes on."""

import logging

import pytest
from django.core.cache import cache
from django.test import override_settings

from cms_site.settings.cache import redis_caches
from formbuilder.services import wizard_uploads_cleanup_due
from formbuilder.shared_cache import once_per_interval
from submissions.drafts import drafts_cleanup_due

REDIS_DOWN = redis_caches("redis://127.0.0.1:1/0")  # nothing listens there: refused


def test_the_gate_opens_once_per_interval():
    cache.clear()
    assert once_per_interval("test:gate", 60) is True
    assert once_per_interval("test:gate", 60) is False
    assert once_per_interval("test:other-gate", 60) is True
    cache.clear()


@override_settings(CACHES=REDIS_DOWN)
@pytest.mark.parametrize("due", [wizard_uploads_cleanup_due, drafts_cleanup_due])
def test_with_redis_down_the_housekeeping_waits_and_says_so(due, caplog):
    caplog.set_level(logging.WARNING, logger="formbuilder.shared_cache")
    assert due() is False
    assert "the cache is unreachable" in caplog.text
