"""The test suite: PostgreSQL (TEST_DATABASE_URL), fast hashing, files in a temp folder."""

import os
import tempfile

import dj_database_url

from . import storage
from .base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/khedmat")
    )
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The integration tests' Celery worker is given the test process's folders.
MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or tempfile.mkdtemp(prefix="khedmat-test-media-")
PRIVATE_MEDIA_ROOT = os.environ.get("PRIVATE_MEDIA_ROOT") or tempfile.mkdtemp(
    prefix="khedmat-test-private-"
)
STORAGES = storage.local_storages(PRIVATE_MEDIA_ROOT)
# AWS_STORAGE_BUCKET_NAME runs the suite with its files in that bucket, as production would.
STORAGES = storage.storages_configure(STORAGES, max_memory_size=FILE_UPLOAD_MAX_MEMORY_SIZE)
WAGTAILADMIN_BASE_URL = "http://testserver"
SITE_BASE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False}
# The pipeline runs in place after commit, where a test can see it (the embedded default's
# background thread is tested on its own).
PIPELINE_EMBEDDED_BACKGROUND = False
