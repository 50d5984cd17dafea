"""Abandoned wizard uploads: one service, run by beat's task or by the wizard itself."""

import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from formbuilder import tasks
from formbuilder.services import wizard_uploads_cleanup_due, wizard_uploads_delete_abandoned
from tests.storages import storages_in_folder

DAY = 24 * 60 * 60


@pytest.fixture
def wizard_storage(settings, tmp_path):
    """The wizard's storage in a folder of this test's own."""
    storages_in_folder(settings, tmp_path, "wizard_uploads")
    return storages["wizard_uploads"]


def aged(storage, name: str, seconds: int) -> str:
    name = storage.save(name, ContentFile(b"%PDF"))
    then = time.time() - seconds
    os.utime(storage.path(name), (then, then))
    return name


def test_abandoned_wizard_uploads_are_deleted(wizard_storage):
    old = aged(wizard_storage, "old", 2 * DAY)
    old_nested = aged(wizard_storage, "nested/old", 2 * DAY)
    fresh = aged(wizard_storage, "fresh", DAY - 60)

    assert wizard_uploads_delete_abandoned() == 2
    assert not wizard_storage.exists(old) and not wizard_storage.exists(old_nested)
    assert wizard_storage.exists(fresh)


def test_the_age_comes_from_settings_or_the_caller(wizard_storage, settings):
    settings.WIZARD_UPLOADS_MAX_AGE_SECONDS = 60 * 60
    two_hours = aged(wizard_storage, "two-hours", 2 * 60 * 60)
    ten_minutes = aged(wizard_storage, "ten-minutes", 10 * 60)

    assert wizard_uploads_delete_abandoned(max_age_seconds=3 * 60 * 60) == 0
    assert wizard_uploads_delete_abandoned() == 1
    assert not wizard_storage.exists(two_hours) and wizard_storage.exists(ten_minutes)


def test_beats_task_calls_the_service(wizard_storage):
    old = aged(wizard_storage, "old", 2 * DAY)
    assert tasks.wizard_uploads_cleanup() == 1
    assert not wizard_storage.exists(old)


def test_cleanup_without_uploads_folder(wizard_storage):
    assert not os.path.exists(wizard_storage.location)
    assert wizard_uploads_delete_abandoned() == 0


def test_the_cleanup_is_due_once_an_interval(settings):
    from django.core.cache import cache

    cache.clear()
    assert wizard_uploads_cleanup_due() is True
    assert wizard_uploads_cleanup_due() is False
    cache.clear()  # the interval has passed
    assert wizard_uploads_cleanup_due() is True
    cache.clear()
